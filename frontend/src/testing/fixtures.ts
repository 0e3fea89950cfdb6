import type { AnalyticsResponse, Metrics, UsageLog } from '../api/types';

/** A video call on WaveSpeed, as the API sends it; override what a test is about. */
export function videoOnWaveSpeed(overrides: Partial<UsageLog> = {}): UsageLog {
  return {
    id: 1, timestamp: '2026-11-01T10:15:30Z', provider: 'wavespeed', actual_provider_name: 'wavespeed',
    category: 'video', provider_display_name: 'WaveSpeed', model_used: 'alibaba/wan-2.5/text-to-video',
    endpoint: '/video-generation/wavespeed', method: 'POST', tokens_input: 0, tokens_output: 0, tokens_total: 0,
    cost_input: 0, cost_output: 0.5, cost_total: 0.5, response_time: 41.2, status_code: 200, status: 'success',
    error_message: null, billing_period: '2026-11', retry_count: 0,
    is_aggregated: false, aggregated_calls: null, aggregated_successful_calls: null, aggregated_failed_calls: null, not_reported: [],
    cost_source: 'client', unpriced_reason: null, price_version: 'p0123456789ab', catalog_cost_total: 0.5, units: {},
    detection: { source: 'ENDPOINT', rule_id: 'endpoint.wavespeed', rules_version: 'r-1', computed_on_read: false },
    ...overrides,
  };
}

export function metrics(overrides: Partial<Metrics> = {}): Metrics {
  return {
    calls: 10, successful_calls: 9, failed_calls: 1, success_rate: 0.9, tokens_input: 100, tokens_output: 50,
    cost: 5, cost_share: 1, cost_per_call: 0.5, cost_per_1k_tokens: null, latency_p50: 2, latency_p95: 40,
    unpriced_calls: 0, catalog_priced_calls: 10, catalog_cost: 5, catalog_recorded_cost: 5, catalog_gap: 0,
    ...overrides,
  };
}

export function analytics(): AnalyticsResponse {
  return {
    user_id: 'demo-user',
    period: { billing_period: '2026-11', from: null, to: null },
    rules_version: 'r-1',
    latency_relative_error: 0.01,
    totals: metrics({ calls: 30, cost: 12.5, cost_share: null, cost_per_call: 0.4166666667 }),
    providers: [
      { provider: 'google', provider_display_name: 'Google', metrics: metrics({ calls: 20, cost: 2.5, cost_share: 0.2 }), categories: [] },
      { provider: 'wavespeed', provider_display_name: 'WaveSpeed', metrics: metrics({ calls: 10, cost: 10, cost_share: 0.8, cost_per_call: 1 }), categories: [] },
    ],
    daily: [
      { date: '2026-11-02', provider: 'google', calls: 20, cost: 2.5 },
      { date: '2026-11-02', provider: 'wavespeed', calls: 4, cost: 4 },
      { date: '2026-11-05', provider: 'wavespeed', calls: 6, cost: 6 },
    ],
    category_comparison: [
      { category: 'video', providers: [
        { provider: 'wavespeed', provider_display_name: 'WaveSpeed', calls: 10, cost: 10, cost_per_call: 1 },
        { provider: 'huggingface', provider_display_name: 'HuggingFace', calls: 2, cost: 0.8, cost_per_call: 0.4 },
      ] },
    ],
  };
}
