import { useEffect, useMemo, useState } from 'react';
import { fetchAnalytics, fetchUsageLogs } from '../api/client';
import { useCatalog } from '../catalog';
import { now } from '../clock';
import { CostDonut } from '../charts/CostDonut';
import { DailyCostChart } from '../charts/DailyCostChart';
import { CategoryComparisonTable } from '../components/CategoryComparisonTable';
import { ProviderTable } from '../components/ProviderTable';
import { RecommendationsPanel } from '../components/RecommendationsPanel';
import { WindowPicker } from '../components/WindowPicker';
import {
  analyticsFiltersToSearch, billingPeriodOf, dayOf, DEFAULT_ANALYTICS, parseAnalyticsFilters, recentBillingPeriods,
  resolveWindow, type AnalyticsFilters, type AnalyticsWindow,
} from '../filters';
import { formatBillingPeriod, formatCount, formatDuration, formatMoney, formatPercent, formatTimestamp } from '../format';
import { navigate } from '../router';
import { useApi } from '../useApi';

/** Where the nearest calls to an empty window are: the newest one before it, or, failing that, any after it. */
type Nearest = { state: 'looking' } | { state: 'before'; timestamp: string } | { state: 'after' } | { state: 'none' };

function useNearestCalls(span: AnalyticsWindow, empty: boolean): Nearest {
  const [nearest, setNearest] = useState<Nearest>({ state: 'looking' });
  useEffect(() => {
    if (!empty) return undefined;
    const controller = new AbortController();
    setNearest({ state: 'looking' });
    (async () => {
      const before = await fetchUsageLogs({ to: span.from, limit: 1 }, controller.signal);
      if (before.logs.length > 0) return setNearest({ state: 'before', timestamp: before.logs[0].timestamp });
      const after = await fetchUsageLogs({ from: span.to, limit: 1 }, controller.signal);
      return setNearest(after.logs.length > 0 ? { state: 'after' } : { state: 'none' });
    })().catch(() => { if (!controller.signal.aborted) setNearest({ state: 'none' }); });
    return () => controller.abort();
  }, [span.from, span.to, empty]);
  return nearest;
}

function EmptyWindow({ span, nearest, show }: {
  span: AnalyticsWindow; nearest: Nearest; show: (filters: AnalyticsFilters) => void;
}) {
  return (
    <div className="notice" role="status" data-testid="empty-window">
      <p><strong>No calls in {span.label}.</strong></p>
      {nearest.state === 'before' && (
        <p>The latest call before it was on {formatTimestamp(nearest.timestamp)} UTC.{' '}
          <button type="button" onClick={() => show({ kind: 'period', billingPeriod: billingPeriodOf(new Date(nearest.timestamp)) })}>
            Show {formatBillingPeriod(billingPeriodOf(new Date(nearest.timestamp)))}
          </button>
        </p>
      )}
      {nearest.state === 'after' && (
        <p>There are calls after it.{' '}
          <button type="button" onClick={() => show(DEFAULT_ANALYTICS)}>Show the last 30 days</button>
        </p>
      )}
      {nearest.state === 'none' && (
        <p>No calls are logged at all yet: send your application's AI calls to <code>POST /api/usage-events</code>, or look at the{' '}
          <a href="/" onClick={(e) => { e.preventDefault(); navigate('/'); }}>usage logs</a>.</p>
      )}
    </div>
  );
}

/** Provider analytics for a window: totals, cost by provider, daily cost, cheaper providers for the same calls, tables. */
export function AnalyticsView({ search, onUnauthorized }: { search: string; onUnauthorized: (message: string) => void }) {
  const { colours } = useCatalog();
  const filters = useMemo(() => parseAnalyticsFilters(search), [search]);
  // The window is resolved when the address changes, not on every render: a view open across midnight keeps its days.
  const at = useMemo(() => now(), [search]); // eslint-disable-line react-hooks/exhaustive-deps
  const span = useMemo(() => resolveWindow(filters, at), [filters, at]);
  const periods = useMemo(() => recentBillingPeriods(at), [at]);
  const { load, retry } = useApi(JSON.stringify(span.query), (signal) => fetchAnalytics(span.query, signal), onUnauthorized);
  const data = load.state === 'ready' ? load.data : load.state === 'loading' ? load.previous : null;
  const empty = load.state === 'ready' && load.data.totals.calls === 0;
  const nearest = useNearestCalls(span, empty);
  const show = (next: AnalyticsFilters) => navigate('/analytics' + analyticsFiltersToSearch(next));
  const recommendationsQuery = useMemo(() => ({
    billing_period: span.query.billing_period, from: span.query.from, to: span.query.to,
  }), [span]);

  const providers = useMemo(() => (data ? [...data.providers].sort((a, b) => b.metrics.cost - a.metrics.cost) : []), [data]);
  const names = useMemo(() => new Map(providers.map((p) => [p.provider, p.provider_display_name])), [providers]);

  return (
    <section aria-labelledby="analytics-heading">
      <div className="view-head">
        <h1 id="analytics-heading">Provider analytics</h1>
        <WindowPicker filters={filters} periods={periods} today={dayOf(at)} onChange={(s) => navigate('/analytics' + s)} />
      </div>
      <p className="window-label" data-testid="window" data-from={span.from} data-to={span.to}>{span.label}</p>

      {load.state === 'error' && (
        <div className="notice error" role="alert">
          <p><strong>The analytics could not be loaded.</strong> {load.message}</p>
          <button type="button" onClick={retry}>Retry</button>
        </div>
      )}
      {load.state === 'loading' && !data && <p className="notice" role="status" aria-busy="true">Loading provider analytics…</p>}
      {empty && <EmptyWindow span={span} nearest={nearest} show={show} />}
      {data && data.totals.calls > 0 && (
        <div className={load.state === 'loading' ? 'stale' : undefined} aria-busy={load.state === 'loading'}>
          <dl className="tiles" aria-label={`Totals for ${span.label}`}>
            <div><dt>Total cost</dt><dd data-testid="total-cost" data-value={String(data.totals.cost)}>{formatMoney(data.totals.cost)}</dd></div>
            <div><dt>Calls</dt><dd data-testid="total-calls" data-value={String(data.totals.calls)}>{formatCount(data.totals.calls)}</dd></div>
            <div><dt>Success rate</dt><dd data-testid="total-success-rate">{formatPercent(data.totals.success_rate)}</dd></div>
            <div><dt>Cost per call</dt><dd>{formatMoney(data.totals.cost_per_call)}</dd></div>
            <div><dt>p95 latency</dt><dd>{formatDuration(data.totals.latency_p95)}</dd></div>
            <div><dt>Unpriced calls</dt><dd data-testid="unpriced-calls" title="Calls without a cost: unknown, not $0">{formatCount(data.totals.unpriced_calls)}</dd></div>
            <div>
              <dt>Logged vs price list</dt>
              <dd data-testid="catalog-gap" data-value={String(data.totals.catalog_gap)}
                title={`${formatCount(data.totals.catalog_priced_calls)} calls the price list prices: logged ${formatMoney(data.totals.catalog_recorded_cost)}, price list ${formatMoney(data.totals.catalog_cost)}`}>
                {data.totals.catalog_gap > 0 ? '+' : ''}{formatMoney(data.totals.catalog_gap)}
              </dd>
            </div>
          </dl>
          <div className="charts">
            <CostDonut providers={providers} totalCost={data.totals.cost} />
            <div className="daily">
              <DailyCostChart daily={data.daily} days={span.days}
                providerOrder={providers.map((p) => p.provider)} names={names} />
              <ul className="legend legend-inline" aria-label="Providers in the daily chart">
                {providers.filter((p) => p.metrics.cost > 0).map((p) => (
                  <li key={p.provider}><span className="swatch" style={{ background: colours(p.provider) }} aria-hidden="true" />{p.provider_display_name}</li>
                ))}
              </ul>
            </div>
          </div>
          <RecommendationsPanel query={recommendationsQuery} label={span.label} onUnauthorized={onUnauthorized} />
          <ProviderTable providers={providers} totals={data.totals} latencyRelativeError={data.latency_relative_error} />
          <CategoryComparisonTable comparison={data.category_comparison} />
        </div>
      )}
    </section>
  );
}
