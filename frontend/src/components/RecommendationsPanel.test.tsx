import { afterEach, describe, expect, it, vi } from 'vitest';
import { fireEvent, render, screen, within } from '@testing-library/react';
import { storeToken } from '../api/client';
import { recommendations } from '../testing/fixtures';
import { bestSavings, formatUnitPrice, RecommendationsPanel } from './RecommendationsPanel';

function json(status: number, body: unknown): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } });
}

const LABEL = 'Last 30 days (Oct 20 – Nov 18, 2026)';

afterEach(() => vi.unstubAllGlobals());

describe('the recommendations panel', () => {
  it('asks for the window shown and lists each switch, largest saving first, with its verdict', async () => {
    storeToken('tok');
    const fetchMock = vi.fn((_url: string) => Promise.resolve(json(200, recommendations())));
    vi.stubGlobal('fetch', fetchMock);
    render(<RecommendationsPanel query={{ from: '2026-10-20', to: '2026-11-19' }} label={LABEL} onUnauthorized={() => undefined} />);
    expect(screen.getByText('Looking for the same work cheaper elsewhere…')).toBeTruthy();
    const rows = await screen.findAllByTestId('recommendation-row');
    expect(fetchMock.mock.calls[0][0]).toBe('/api/subscription/provider-recommendations?from=2026-10-20&to=2026-11-19');
    expect(rows.map((r) => `${r.getAttribute('data-from')}>${r.getAttribute('data-to')}:${r.getAttribute('data-verdict')}`))
      .toEqual(['together>groq:flagged', 'together>bedrock:untested', 'together>groq:recommended']);
    const cells = [...rows[0].querySelectorAll('td')].slice(0, 5).map((c) => c.textContent);
    expect(rows[0].querySelector('th')?.textContent).toBe('llama-3.3-70b-instruct');
    expect(cells).toEqual(['Together AI →  to Groq', '30', '$31.68', '$22.44', '$9.24 (29.2%)']);
    expect(rows[0].querySelector('.chip')?.textContent).toBe('Flagged');
    expect(within(rows[2]).getByText('Recommended · observed')).toBeTruthy();
    // the best switch of each model that is not flagged: Bedrock's $5.76 and the observed $2.025
    expect(screen.getByTestId('best-savings').textContent).toBe('$7.79');
    expect(screen.getByTestId('best-savings').getAttribute('data-value')).toBe('7.785');
    expect(screen.getByTestId('recommendations-coverage').textContent).toBe(
      '30 of 2,100 calls compared with other providers\' prices. Not compared: 2,050 calls of a model the price list has no '
      + 'price for on their provider; 20 calls that did not report every quantity their price needs (so no other price '
      + 'applies either). Untested: fewer than 20 of your calls on that provider to judge it by.');
  });

  it('shows the evidence on hover and focus: the prices used and how each provider served the calls', async () => {
    storeToken('tok');
    vi.stubGlobal('fetch', vi.fn(() => Promise.resolve(json(200, recommendations()))));
    render(<RecommendationsPanel query={{ billing_period: '2026-11' }} label="November 2026" onUnauthorized={() => undefined} />);
    const [flagged, untested, observed] = await screen.findAllByTestId('recommendation-row');
    const trigger = within(flagged).getByRole('button', { name: 'Evidence: Flagged' });
    const tip = document.getElementById(trigger.getAttribute('aria-describedby') ?? '') as HTMLElement;
    expect(tip.getAttribute('role')).toBe('tooltip');
    expect(tip.textContent).toContain('Flagged: its calls fail more often.');
    expect(tip.textContent).toContain('Groq (llama-3.3-70b-versatile), the price list:');
    expect(tip.textContent).toContain('$0.59 per 1M input tokens (from 2024-12-06)');
    expect(tip.textContent).toContain('$0.88 per 1M output tokens (from 2024-12-06)');
    expect(tip.textContent).toContain('Together AI: 30 calls, 100.0% successful, p50 1.2 s');
    expect(tip.textContent).toContain('Groq: 30 calls, 50.0% successful, p50 800 ms');
    const second = within(untested).getByTestId('evidence').textContent;
    expect(second).toContain('$0.72 per 1M input tokens (2024-12-19 to 2026-11-10)');
    expect(second).toContain('AWS Bedrock: none of your calls yet');
    expect(second).toContain('4 calls left out: AWS Bedrock had no price for them on their day.');
    const third = within(observed).getByTestId('evidence').textContent;
    expect(third).toContain('From your own calls');
    expect(third).toContain('$2.00 per 1M tokens');
    expect(third).toContain('$1.00 per 1M tokens');
  });

  it('says so when no switch saves enough, naming the threshold and the window', async () => {
    storeToken('tok');
    const none = { ...recommendations(), recommendations: [], coverage: { calls: 12, compared_calls: 12, not_compared: [] } };
    vi.stubGlobal('fetch', vi.fn(() => Promise.resolve(json(200, none))));
    render(<RecommendationsPanel query={{ billing_period: '2026-11' }} label={LABEL} onUnauthorized={() => undefined} />);
    expect((await screen.findByTestId('no-recommendations')).textContent)
      .toBe('No switch of provider would have saved at least $1.00 in last 30 days (Oct 20 – Nov 18, 2026).');
    expect(screen.getByTestId('recommendations-coverage').textContent).toBe('12 of 12 calls compared with other providers\' prices.');
    expect(screen.queryByTestId('best-savings')).toBeNull();
  });

  it('claims no saving when every switch is flagged, and still lists them with their evidence', async () => {
    storeToken('tok');
    const all = recommendations();
    const flagged = { ...all, recommendations: all.recommendations.filter((r) => r.verdict === 'flagged') };
    vi.stubGlobal('fetch', vi.fn(() => Promise.resolve(json(200, flagged))));
    render(<RecommendationsPanel query={{ billing_period: '2026-11' }} label="November 2026" onUnauthorized={() => undefined} />);
    expect((await screen.findByTestId('only-flagged')).textContent).toBe('Every switch that would have saved at least $1.00 '
      + 'in November 2026 is flagged: the cheaper provider served your calls worse. See the evidence before switching.');
    expect(screen.queryByTestId('best-savings')).toBeNull();
    const [row] = screen.getAllByTestId('recommendation-row');
    expect(within(row).getByTestId('evidence').textContent).toContain('Flagged: its calls fail more often.');
  });

  it('shows the server error with a retry', async () => {
    storeToken('tok');
    const fetchMock = vi.fn()
      .mockResolvedValueOnce(json(400, { status: 400, error: 'Bad Request', message: 'min_savings must be US dollars', field: 'min_savings' }))
      .mockResolvedValueOnce(json(200, recommendations()));
    vi.stubGlobal('fetch', fetchMock);
    render(<RecommendationsPanel query={{ billing_period: '2026-11' }} label="November 2026" onUnauthorized={() => undefined} />);
    expect((await screen.findByRole('alert')).textContent).toContain('min_savings must be US dollars');
    fireEvent.click(screen.getByRole('button', { name: 'Retry' }));
    expect(await screen.findAllByTestId('recommendation-row')).toHaveLength(3);
  });
});

describe('recommendation figures', () => {
  it('prices per million tokens and per thousand characters, exactly', () => {
    expect(formatUnitPrice('input_token', 5.9e-7)).toBe('$0.59 per 1M input tokens');
    expect(formatUnitPrice('character', 0.00005)).toBe('$0.05 per 1K characters');
    expect(formatUnitPrice('image', 0.025)).toBe('$0.025 per image');
    expect(formatUnitPrice('video_second', 0.1)).toBe('$0.10 per video second');
  });

  it('adds the best switch per model and provider, leaving flagged ones out', () => {
    const r = recommendations().recommendations;
    expect(bestSavings(r)).toBe('7.785');
    expect(bestSavings(r.filter((x) => x.verdict === 'flagged'))).toBe('0');
  });
});
