import { afterEach, describe, expect, it, vi } from 'vitest';
import { fireEvent, render, screen, waitFor } from '@testing-library/react';
import { storeToken } from '../api/client';
import { analytics, recommendations, videoOnWaveSpeed } from '../testing/fixtures';
import { followServerClock, resetClock } from '../clock';
import { AnalyticsView } from './AnalyticsView';
import { LogsView } from './LogsView';
import { TrendsView } from './TrendsView';

function json(status: number, body: unknown): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } });
}

function page(logs = [videoOnWaveSpeed()], total = logs.length) {
  return { logs, total_count: total, limit: 50, offset: 0, has_more: total > logs.length, next_cursor: null };
}

/** The analytics and the recommendations the view asks for, a fresh response for every call. */
function analyticsApi(body = analytics()) {
  return vi.fn((url: string) => Promise.resolve(json(200, url.includes('provider-recommendations') ? recommendations() : body)));
}

afterEach(() => {
  vi.unstubAllGlobals();
  window.history.replaceState(null, '', '/');
});

describe('the usage logs view', () => {
  it('says it is loading, then shows the rows of the filter from the address', async () => {
    storeToken('tok');
    const fetchMock = vi.fn().mockResolvedValue(json(200, page()));
    vi.stubGlobal('fetch', fetchMock);
    render(<LogsView search="?provider=wavespeed&page=2" onUnauthorized={() => undefined} />);
    expect(screen.getByText('Loading usage logs…')).toBeTruthy();
    await screen.findByTestId('usage-log-row');
    expect(fetchMock.mock.calls[0][0]).toBe('/api/subscription/usage-logs?provider=wavespeed&limit=50&offset=50');
    expect(screen.getByText('$0.50')).toBeTruthy();
    expect(screen.getByText('41.2 s')).toBeTruthy();
  });

  it('says what to do when no call matches the filters', async () => {
    storeToken('tok');
    vi.stubGlobal('fetch', vi.fn().mockResolvedValue(json(200, page([], 0))));
    render(<LogsView search="?status=failed" onUnauthorized={() => undefined} />);
    expect((await screen.findByText(/No calls match failed calls/)).textContent).toContain('No calls match failed calls.');
    expect(screen.getAllByRole('button', { name: 'Clear filters' }).length).toBeGreaterThan(0);
  });

  it('says how to get data when nothing is logged yet', async () => {
    storeToken('tok');
    vi.stubGlobal('fetch', vi.fn().mockResolvedValue(json(200, page([], 0))));
    render(<LogsView search="" onUnauthorized={() => undefined} />);
    expect((await screen.findByText('No usage logged yet.')).parentElement?.textContent).toContain('POST /api/usage-events');
  });

  it('shows the server error with a retry that loads again', async () => {
    storeToken('tok');
    const fetchMock = vi.fn()
      .mockResolvedValueOnce(json(503, { status: 503, error: 'Service Unavailable', message: 'the database is unavailable' }))
      .mockResolvedValueOnce(json(200, page()));
    vi.stubGlobal('fetch', fetchMock);
    render(<LogsView search="" onUnauthorized={() => undefined} />);
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('the database is unavailable');
    expect(alert.textContent).toContain('try again');
    fireEvent.click(screen.getByRole('button', { name: 'Retry' }));
    await screen.findByTestId('usage-log-row');
  });

  it('hands a 401 to the app, which asks for a sign-in', async () => {
    storeToken('expired');
    vi.stubGlobal('fetch', vi.fn().mockResolvedValue(json(401, { status: 401, error: 'Unauthorized', message: 'token expired' })));
    const onUnauthorized = vi.fn();
    render(<LogsView search="" onUnauthorized={onUnauthorized} />);
    await waitFor(() => expect(onUnauthorized).toHaveBeenCalled());
    expect(onUnauthorized.mock.calls[0][0]).toContain('401');
  });

  it('puts a filter change into the address', async () => {
    storeToken('tok');
    vi.stubGlobal('fetch', vi.fn().mockResolvedValue(json(200, page())));
    render(<LogsView search="" onUnauthorized={() => undefined} />);
    await screen.findByTestId('usage-log-row');
    fireEvent.change(screen.getByLabelText('Status'), { target: { value: 'failed' } });
    expect(window.location.search).toBe('?status=failed');
  });
});

describe('the provider analytics view', () => {
  afterEach(() => resetClock());

  it('asks for the period in the address and shows its totals and the recommendations of the same period', async () => {
    storeToken('tok');
    const fetchMock = analyticsApi();
    vi.stubGlobal('fetch', fetchMock);
    render(<AnalyticsView search="?billing_period=2026-11" onUnauthorized={() => undefined} />);
    expect((await screen.findByTestId('total-cost')).textContent).toBe('$12.50');
    expect(fetchMock.mock.calls[0][0]).toBe('/api/subscription/provider-analytics?billing_period=2026-11');
    expect(screen.getByTestId('total-calls').textContent).toBe('30');
    expect(screen.getAllByTestId('provider-row').map((r) => r.getAttribute('data-provider'))).toEqual(['wavespeed', 'google']);
    expect(await screen.findAllByTestId('recommendation-row')).toHaveLength(3);
    expect(fetchMock.mock.calls[1][0]).toBe('/api/subscription/provider-recommendations?billing_period=2026-11');
  });

  it.each([
    ['2027-01-01T00:05:00Z', 'from=2026-12-03&to=2027-01-02', 'Last 30 days (Dec 3, 2026 – Jan 1, 2027)'],
    ['2028-02-29T23:58:00Z', 'from=2028-01-31&to=2028-03-01', 'Last 30 days (Jan 31 – Feb 29, 2028)'],
  ])('opens at %s on the 30 days that end today, by the server clock', async (instant, query, label) => {
    followServerClock(instant);
    storeToken('tok');
    const fetchMock = analyticsApi();
    vi.stubGlobal('fetch', fetchMock);
    render(<AnalyticsView search="" onUnauthorized={() => undefined} />);
    await screen.findByTestId('total-cost');
    expect(fetchMock.mock.calls[0][0]).toBe(`/api/subscription/provider-analytics?${query}`);
    expect(screen.getByTestId('window').textContent).toBe(label);
    await screen.findAllByTestId('recommendation-row');
    expect(fetchMock.mock.calls[1][0]).toBe(`/api/subscription/provider-recommendations?${query}`);
  });

  it('names an empty window and offers the month of the latest call before it', async () => {
    followServerClock('2027-03-01T00:00:30Z');
    storeToken('tok');
    const empty = { ...analytics(), totals: { ...analytics().totals, calls: 0 }, providers: [], daily: [], category_comparison: [] };
    const fetchMock = vi.fn((url: string) => Promise.resolve(url.includes('provider-analytics') ? json(200, empty)
      : json(200, page([videoOnWaveSpeed({ timestamp: '2027-01-20T08:00:00Z' })]))));
    vi.stubGlobal('fetch', fetchMock);
    render(<AnalyticsView search="?range=7d" onUnauthorized={() => undefined} />);
    const notice = await screen.findByTestId('empty-window');
    expect(notice.textContent).toContain('No calls in Last 7 days (Feb 23 – Mar 1, 2027).');
    const offer = await screen.findByRole('button', { name: 'Show January 2027' });
    expect(fetchMock.mock.calls[1][0]).toBe('/api/subscription/usage-logs?to=2027-02-23T00%3A00%3A00.000Z&limit=1');
    fireEvent.click(offer);
    expect(window.location.pathname + window.location.search).toBe('/analytics?billing_period=2027-01');
  });

  it('says when nothing was ever logged', async () => {
    storeToken('tok');
    const empty = { ...analytics(), totals: { ...analytics().totals, calls: 0 }, providers: [], daily: [], category_comparison: [] };
    vi.stubGlobal('fetch', vi.fn((url: string) => Promise.resolve(url.includes('provider-analytics') ? json(200, empty) : json(200, page([], 0)))));
    render(<AnalyticsView search="?billing_period=2026-01" onUnauthorized={() => undefined} />);
    expect((await screen.findByText(/No calls are logged at all yet/)).textContent).toContain('POST /api/usage-events');
    expect(screen.getByTestId('empty-window').textContent).toContain('No calls in January 2026.');
  });

  it('keeps a chosen preset in the address', async () => {
    followServerClock('2026-11-18T10:00:00Z');
    storeToken('tok');
    vi.stubGlobal('fetch', analyticsApi());
    window.history.replaceState(null, '', '/analytics');
    render(<AnalyticsView search="" onUnauthorized={() => undefined} />);
    await screen.findByTestId('total-cost');
    fireEvent.change(screen.getByLabelText('Period'), { target: { value: 'range:this-month' } });
    expect(window.location.search).toBe('?range=this-month');
    fireEvent.change(screen.getByLabelText('Period'), { target: { value: 'period:2026-10' } });
    expect(window.location.search).toBe('?billing_period=2026-10');
  });
});

describe('the monthly trends view', () => {
  it('draws the months stacked by provider and compares the latest month with the one before', async () => {
    storeToken('tok');
    const fetchMock = vi.fn().mockResolvedValue(json(200, trends()));
    vi.stubGlobal('fetch', fetchMock);
    render(<TrendsView search="" onUnauthorized={() => undefined} />);
    await screen.findAllByTestId('trend-row');
    expect(fetchMock.mock.calls[0][0]).toBe('/api/subscription/provider-trends?months=12');
    expect(screen.getByRole('img', { name: 'Monthly cost by provider' })).toBeTruthy();
    const rows = screen.getAllByTestId('trend-row');
    expect(rows.map((r) => r.getAttribute('data-provider'))).toEqual(['wavespeed', 'google']);
    expect(rows[0].querySelector('[data-testid="change"]')?.textContent).toBe('+$2.00 (+50.0%)');
    expect(rows[1].querySelector('[data-testid="change"]')?.textContent).toBe('new');
    expect(screen.getByTestId('trend-total-cost').textContent).toBe('$11.00');
  });
});

function trends() {
  const month = (billing_period: string, calls: number, cost: number, before: { calls: number; cost: number } | null) => ({
    billing_period, calls, cost, calls_change: calls - (before?.calls ?? 0), cost_change: cost - (before?.cost ?? 0),
    calls_change_ratio: before && before.calls > 0 ? (calls - before.calls) / before.calls : null,
    cost_change_ratio: before && before.cost > 0 ? (cost - before.cost) / before.cost : null,
  });
  return {
    user_id: 'demo-user', months: ['2026-11', '2026-12'],
    totals: [month('2026-11', 4, 4, null), month('2026-12', 7, 7, { calls: 4, cost: 4 })],
    providers: [
      { provider: 'wavespeed', provider_display_name: 'WaveSpeed', calls: 10, cost: 10,
        months: [month('2026-11', 4, 4, null), month('2026-12', 6, 6, { calls: 4, cost: 4 })] },
      { provider: 'google', provider_display_name: 'Google', calls: 1, cost: 1,
        months: [month('2026-11', 0, 0, null), month('2026-12', 1, 1, { calls: 0, cost: 0 })] },
    ],
  };
}
