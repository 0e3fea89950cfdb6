import { useMemo } from 'react';
import { fetchTrends } from '../api/client';
import { MonthlyCostChart } from '../charts/MonthlyCostChart';
import { TrendsTable } from '../components/TrendsTable';
import { formatBillingPeriod, formatCount, formatMoney } from '../format';
import { navigate } from '../router';
import { useApi } from '../useApi';

const PERIOD = /^\d{4}-(0[1-9]|1[0-2])$/;

/** The month the table compares (`?month=YYYY-MM`), the latest month by default. */
export function parseTrendsMonth(search: string): string | null {
  const month = new URLSearchParams(search).get('month') ?? '';
  return PERIOD.test(month) ? month : null;
}

/** Cost and calls per actual provider over the last 12 months: one stacked chart, and month over month per provider. */
export function TrendsView({ search, onUnauthorized }: { search: string; onUnauthorized: (message: string) => void }) {
  const chosen = useMemo(() => parseTrendsMonth(search), [search]);
  const { load, retry } = useApi('trends-12', (signal) => fetchTrends({ months: 12 }, signal), onUnauthorized);
  const data = load.state === 'ready' ? load.data : load.state === 'loading' ? load.previous : null;
  const index = data ? Math.max(0, chosen ? data.months.indexOf(chosen) : data.months.length - 1) : 0;
  const anyCalls = data ? data.totals.some((m) => m.calls > 0) : false;
  return (
    <section aria-labelledby="trends-heading">
      <div className="view-head">
        <h1 id="trends-heading">Monthly trends</h1>
        {data && (
          <form className="filters" onSubmit={(e) => e.preventDefault()}>
            <div className="field">
              <label htmlFor="trends-month">Compare month</label>
              <select id="trends-month" name="month" value={data.months[index]}
                onChange={(e) => navigate(`/trends?month=${e.target.value}`, { replace: true })}>
                {[...data.months].reverse().map((m) => <option key={m} value={m}>{formatBillingPeriod(m)}</option>)}
              </select>
            </div>
          </form>
        )}
      </div>
      {load.state === 'error' && (
        <div className="notice error" role="alert">
          <p><strong>The trends could not be loaded.</strong> {load.message}</p>
          <button type="button" onClick={retry}>Retry</button>
        </div>
      )}
      {load.state === 'loading' && !data && <p className="notice" role="status" aria-busy="true">Loading monthly trends…</p>}
      {data && !anyCalls && (
        <div className="notice" role="status">
          <p><strong>No calls from {formatBillingPeriod(data.months[0])} to {formatBillingPeriod(data.months[data.months.length - 1])}.</strong>{' '}
            Look at the <a href="/" onClick={(e) => { e.preventDefault(); navigate('/'); }}>usage logs</a>.</p>
        </div>
      )}
      {data && anyCalls && (
        <div>
          <dl className="tiles" aria-label="Totals over the months">
            <div><dt>Cost, 12 months</dt><dd data-testid="trend-total-cost">{formatMoney(data.totals.reduce((s, m) => s + m.cost, 0))}</dd></div>
            <div><dt>Calls, 12 months</dt><dd data-testid="trend-total-calls">{formatCount(data.totals.reduce((s, m) => s + m.calls, 0))}</dd></div>
            <div><dt>Providers</dt><dd>{formatCount(data.providers.length)}</dd></div>
          </dl>
          <MonthlyCostChart months={data.months} providers={data.providers} />
          <TrendsTable providers={data.providers} totals={data.totals} index={index} />
        </div>
      )}
    </section>
  );
}
