import { useMemo } from 'react';
import { fetchAnalytics } from '../api/client';
import { useCatalog } from '../catalog';
import { CostDonut } from '../charts/CostDonut';
import { DailyCostChart } from '../charts/DailyCostChart';
import { CategoryComparisonTable } from '../components/CategoryComparisonTable';
import { ProviderTable } from '../components/ProviderTable';
import {
  analyticsFiltersToApiQuery, analyticsFiltersToSearch, daysOfPeriod, parseAnalyticsFilters, recentBillingPeriods,
} from '../filters';
import { formatBillingPeriod, formatCount, formatDuration, formatMoney, formatPercent } from '../format';
import { navigate } from '../router';
import { useApi } from '../useApi';

/** Provider analytics for one billing period: totals, cost by provider, daily cost, tables. */
export function AnalyticsView({ search, onUnauthorized }: { search: string; onUnauthorized: (message: string) => void }) {
  const { colours } = useCatalog();
  const now = useMemo(() => new Date(), []);
  const filters = useMemo(() => parseAnalyticsFilters(search, now), [search, now]);
  const periods = useMemo(() => recentBillingPeriods(now), [now]);
  const query = analyticsFiltersToApiQuery(filters);
  const { load, retry } = useApi(JSON.stringify(query), (signal) => fetchAnalytics(query, signal), onUnauthorized);
  const data = load.state === 'ready' ? load.data : load.state === 'loading' ? load.previous : null;

  const providers = useMemo(() => (data ? [...data.providers].sort((a, b) => b.metrics.cost - a.metrics.cost) : []), [data]);
  const names = useMemo(() => new Map(providers.map((p) => [p.provider, p.provider_display_name])), [providers]);

  return (
    <section aria-labelledby="analytics-heading">
      <div className="view-head">
        <h1 id="analytics-heading">Provider analytics</h1>
        <form className="filters" onSubmit={(e) => e.preventDefault()}>
          <div className="field">
            <label htmlFor="analytics-period">Billing period</label>
            <select id="analytics-period" name="billing_period" value={filters.billingPeriod}
              onChange={(e) => navigate('/analytics' + analyticsFiltersToSearch({ billingPeriod: e.target.value }))}>
              {!periods.includes(filters.billingPeriod) && <option value={filters.billingPeriod}>{formatBillingPeriod(filters.billingPeriod)}</option>}
              {periods.map((p) => <option key={p} value={p}>{formatBillingPeriod(p)}</option>)}
            </select>
          </div>
        </form>
      </div>

      {load.state === 'error' && (
        <div className="notice error" role="alert">
          <p><strong>The analytics could not be loaded.</strong> {load.message}</p>
          <button type="button" onClick={retry}>Retry</button>
        </div>
      )}
      {load.state === 'loading' && !data && <p className="notice" role="status" aria-busy="true">Loading provider analytics…</p>}
      {data && data.totals.calls === 0 && load.state === 'ready' && (
        <div className="notice" role="status">
          <p><strong>No calls in {formatBillingPeriod(filters.billingPeriod)}.</strong> Choose another billing period above, or look at the <a href="/" onClick={(e) => { e.preventDefault(); navigate('/'); }}>usage logs</a>.</p>
        </div>
      )}
      {data && data.totals.calls > 0 && (
        <div className={load.state === 'loading' ? 'stale' : undefined} aria-busy={load.state === 'loading'}>
          <dl className="tiles" aria-label={`Totals for ${formatBillingPeriod(filters.billingPeriod)}`}>
            <div><dt>Total cost</dt><dd data-testid="total-cost" data-value={String(data.totals.cost)}>{formatMoney(data.totals.cost)}</dd></div>
            <div><dt>Calls</dt><dd data-testid="total-calls" data-value={String(data.totals.calls)}>{formatCount(data.totals.calls)}</dd></div>
            <div><dt>Success rate</dt><dd data-testid="total-success-rate">{formatPercent(data.totals.success_rate)}</dd></div>
            <div><dt>Cost per call</dt><dd>{formatMoney(data.totals.cost_per_call)}</dd></div>
            <div><dt>p95 latency</dt><dd>{formatDuration(data.totals.latency_p95)}</dd></div>
          </dl>
          <div className="charts">
            <CostDonut providers={providers} totalCost={data.totals.cost} />
            <div className="daily">
              <DailyCostChart daily={data.daily} days={daysOfPeriod(filters.billingPeriod)}
                providerOrder={providers.map((p) => p.provider)} names={names} />
              <ul className="legend legend-inline" aria-label="Providers in the daily chart">
                {providers.filter((p) => p.metrics.cost > 0).map((p) => (
                  <li key={p.provider}><span className="swatch" style={{ background: colours(p.provider) }} aria-hidden="true" />{p.provider_display_name}</li>
                ))}
              </ul>
            </div>
          </div>
          <ProviderTable providers={providers} totals={data.totals} />
          <CategoryComparisonTable comparison={data.category_comparison} />
        </div>
      )}
    </section>
  );
}
