import type { AnalyticsResponse, Metrics, Price, RecommendationsResponse, UsageLog } from '../api/types';

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

/** Two switches of one model's calls (one flagged) and one from observed data, as the API sends them. */
export function recommendations(): RecommendationsResponse {
  const price = (provider: string, providerModel: string, unit: Price['unit'], usd: number, from: string, to: string | null = null): Price => ({
    model: 'llama-3.3-70b-instruct', provider, provider_model: providerModel, unit, usd_per_unit: usd, effective_from: from,
    effective_to: to, source: null,
  });
  const together = {
    provider: 'together', models: ['meta-llama/Llama-3.3-70B-Instruct-Turbo'], calls: 30, successful_calls: 30, success_rate: 1,
    latency_p50: 1.2, latency_p95: 2.5, cost_per_unit: null,
  };
  return {
    user_id: 'demo-user',
    period: { billing_period: '2026-11', from: '2026-11-01T00:00:00Z', to: '2026-12-01T00:00:00Z' },
    price_version: 'p0123456789ab', min_savings: 1, latency_relative_error: 0.01,
    thresholds: { min_observed_calls: 20, success_rate_margin: 0.01, latency_margin: 0.2, observed_cost_margin: 0.1 },
    recommendations: [
      {
        basis: 'catalog', verdict: 'flagged', flags: ['lower_success_rate'], model: 'llama-3.3-70b-instruct',
        from_provider: 'together', from_provider_display_name: 'Together AI', from_models: together.models,
        to_provider: 'groq', to_provider_display_name: 'Groq', to_models: ['llama-3.3-70b-versatile'], calls: 30,
        units: { input_token: 30000000, output_token: 6000000 }, current_cost: 31.68, estimated_cost: 22.44,
        estimated_savings: 9.24, savings_ratio: 0.2916666667, calls_not_priced_there: 0,
        evidence: {
          alternative_prices: [price('groq', 'llama-3.3-70b-versatile', 'input_token', 5.9e-7, '2024-12-06'),
            price('groq', 'llama-3.3-70b-versatile', 'output_token', 7.9e-7, '2024-12-06')],
          current_prices: [price('together', 'meta-llama/Llama-3.3-70B-Instruct-Turbo', 'input_token', 8.8e-7, '2024-12-06'),
            price('together', 'meta-llama/Llama-3.3-70B-Instruct-Turbo', 'output_token', 8.8e-7, '2024-12-06')],
          from: together,
          to: { provider: 'groq', models: ['llama-3.3-70b-versatile'], calls: 30, successful_calls: 15, success_rate: 0.5,
            latency_p50: 0.8, latency_p95: 0.9, cost_per_unit: null },
          rate_unit: null,
        },
      },
      {
        basis: 'catalog', verdict: 'untested', flags: [], model: 'llama-3.3-70b-instruct',
        from_provider: 'together', from_provider_display_name: 'Together AI', from_models: together.models,
        to_provider: 'bedrock', to_provider_display_name: 'AWS Bedrock', to_models: ['meta.llama3-3-70b-instruct-v1:0'], calls: 30,
        units: { input_token: 30000000, output_token: 6000000 }, current_cost: 31.68, estimated_cost: 25.92,
        estimated_savings: 5.76, savings_ratio: 0.1818181818, calls_not_priced_there: 4,
        evidence: {
          alternative_prices: [price('bedrock', 'meta.llama3-3-70b-instruct-v1:0', 'input_token', 7.2e-7, '2024-12-19', '2026-11-10'),
            price('bedrock', 'meta.llama3-3-70b-instruct-v1:0', 'output_token', 7.2e-7, '2024-12-19')],
          current_prices: [], from: together, to: null, rate_unit: null,
        },
      },
      {
        basis: 'observed', verdict: 'recommended', flags: [], model: 'acme/house-model', from_provider: 'together',
        from_provider_display_name: 'Together AI', from_models: ['acme/house-model'], to_provider: 'groq',
        to_provider_display_name: 'Groq', to_models: ['acme/house-model'], calls: 2025, units: { input_token: 1620000, output_token: 405000 },
        current_cost: 4.05, estimated_cost: 2.025, estimated_savings: 2.025, savings_ratio: 0.5, calls_not_priced_there: 0,
        evidence: {
          alternative_prices: [], current_prices: [],
          from: { ...together, models: ['acme/house-model'], calls: 2025, successful_calls: 2025, cost_per_unit: 0.000002 },
          to: { provider: 'groq', models: ['acme/house-model'], calls: 25, successful_calls: 25, success_rate: 1, latency_p50: 1,
            latency_p95: 1, cost_per_unit: 0.000001 },
          rate_unit: 'token',
        },
      },
    ],
    coverage: { calls: 2100, compared_calls: 30, not_compared: [{ reason: 'not_in_catalog', calls: 2050 }, { reason: 'quantities_unknown', calls: 20 }] },
  };
}
