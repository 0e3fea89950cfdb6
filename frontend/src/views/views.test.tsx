import { afterEach, describe, expect, it, vi } from 'vitest';
import { fireEvent, render, screen, waitFor } from '@testing-library/react';
import { storeToken } from '../api/client';
import { analytics, videoOnWaveSpeed } from '../testing/fixtures';
import { AnalyticsView } from './AnalyticsView';
import { LogsView } from './LogsView';

function json(status: number, body: unknown): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } });
}

function page(logs = [videoOnWaveSpeed()], total = logs.length) {
  return { logs, total_count: total, limit: 50, offset: 0, has_more: total > logs.length, next_cursor: null };
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
  it('asks for the period in the address and shows its totals', async () => {
    storeToken('tok');
    const fetchMock = vi.fn().mockResolvedValue(json(200, analytics()));
    vi.stubGlobal('fetch', fetchMock);
    render(<AnalyticsView search="?billing_period=2026-11" onUnauthorized={() => undefined} />);
    expect((await screen.findByTestId('total-cost')).textContent).toBe('$12.50');
    expect(fetchMock.mock.calls[0][0]).toBe('/api/subscription/provider-analytics?billing_period=2026-11');
    expect(screen.getByTestId('total-calls').textContent).toBe('30');
    expect(screen.getAllByTestId('provider-row').map((r) => r.getAttribute('data-provider'))).toEqual(['wavespeed', 'google']);
  });

  it('says what to do for a period without calls', async () => {
    storeToken('tok');
    const empty = { ...analytics(), totals: { ...analytics().totals, calls: 0 }, providers: [], daily: [], category_comparison: [] };
    vi.stubGlobal('fetch', vi.fn().mockResolvedValue(json(200, empty)));
    render(<AnalyticsView search="?billing_period=2026-01" onUnauthorized={() => undefined} />);
    expect((await screen.findByText('No calls in January 2026.')).parentElement?.textContent).toContain('Choose another billing period');
  });
});
