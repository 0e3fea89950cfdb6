import { describe, expect, it } from 'vitest';
import { render, screen } from '@testing-library/react';
import { ProviderCell } from './ProviderCell';
import type { UsageLog } from './api';

const log = (overrides: Partial<UsageLog>): UsageLog => ({
  id: 1, timestamp: '2026-11-01T00:00:00Z', provider: 'wavespeed', actual_provider_name: 'wavespeed',
  category: 'video', provider_display_name: 'WaveSpeed', model_used: 'alibaba/wan-2.5/text-to-video',
  endpoint: '/video-generation/wavespeed', method: 'POST', tokens_input: 0, tokens_output: 0, tokens_total: 0,
  cost_input: 0, cost_output: 0.5, cost_total: 0.5, response_time: 40, status_code: 200, status: 'success',
  error_message: null, billing_period: '2026-11', retry_count: 0,
  detection: { source: 'ENDPOINT', rule_id: 'endpoint.wavespeed', rules_version: 'r-1', computed_on_read: false },
  ...overrides,
});

describe('ProviderCell', () => {
  it('shows the actual provider in bold and the category below it when they differ', () => {
    render(<ProviderCell log={log({})} />);
    expect(screen.getByText('WaveSpeed').tagName).toBe('STRONG');
    expect(screen.getByText('(video)')).toBeTruthy();
  });

  it('hides the category when it names the provider itself', () => {
    const { container } = render(
      <ProviderCell log={log({ provider: 'openai', category: 'openai', provider_display_name: 'OpenAI' })} />,
    );
    expect(container.querySelector('.category')).toBeNull();
  });
});
