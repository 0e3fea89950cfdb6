import type { ProviderTrend, TrendMonth } from '../api/types';
import { useCatalog } from '../catalog';
import { formatBillingPeriod, formatCount, formatMoney, formatPercent } from '../format';

/** A change as "+$1.20 (+25.0%)", "−$0.40 (−10.0%)", or "new" when the month before had nothing. */
export function formatChange(m: TrendMonth): string {
  if (m.cost_change_ratio === null) return m.cost > 0 ? 'new' : '—';
  const sign = m.cost_change > 0 ? '+' : '';
  const ratio = formatPercent(m.cost_change_ratio);
  return `${sign}${formatMoney(m.cost_change)} (${m.cost_change_ratio > 0 ? '+' : ''}${ratio})`;
}

/** Per provider: the chosen month's calls and cost, the month before's, the change, and the total over all months. */
export function TrendsTable({ providers, totals, index }: {
  providers: readonly ProviderTrend[]; totals: readonly TrendMonth[]; index: number;
}) {
  const { colours } = useCatalog();
  const month = totals[index];
  const before = index > 0 ? totals[index - 1] : null;
  const cells = (m: TrendMonth, previous: TrendMonth | null, calls: number, cost: number) => (
    <>
      <td className="num" data-label={`Calls, ${formatBillingPeriod(m.billing_period)}`}>{formatCount(m.calls)}</td>
      <td className="num" data-label={`Cost, ${formatBillingPeriod(m.billing_period)}`} data-value={String(m.cost)}>{formatMoney(m.cost)}</td>
      <td className="num" data-label={previous ? `Cost, ${formatBillingPeriod(previous.billing_period)}` : 'Month before'}>
        {previous ? formatMoney(previous.cost) : '—'}
      </td>
      <td className="num change" data-label="Change" data-testid="change"
        data-direction={m.cost_change > 0 ? 'up' : m.cost_change < 0 ? 'down' : 'flat'}>{index > 0 ? formatChange(m) : '—'}</td>
      <td className="num" data-label="Calls, all months">{formatCount(calls)}</td>
      <td className="num" data-label="Cost, all months">{formatMoney(cost)}</td>
    </>
  );
  return (
    <div className="table-scroll" tabIndex={0} role="region" aria-label="Month over month table">
      <table className="provider-table trends-table">
        <caption>{formatBillingPeriod(month.billing_period)} against {before ? formatBillingPeriod(before.billing_period) : 'the month before'}, by provider</caption>
        <thead>
          <tr>
            <th scope="col">Provider</th>
            <th scope="col" className="num">Calls</th>
            <th scope="col" className="num">Cost</th>
            <th scope="col" className="num">Month before</th>
            <th scope="col" className="num">Change</th>
            <th scope="col" className="num">Calls, all months</th>
            <th scope="col" className="num">Cost, all months</th>
          </tr>
        </thead>
        <tbody>
          {providers.map((p) => (
            <tr key={p.provider} data-testid="trend-row" data-provider={p.provider}>
              <th scope="row" data-label="Provider">
                <span><span className="swatch" style={{ background: colours(p.provider) }} aria-hidden="true" />{p.provider_display_name}</span>
              </th>
              {cells(p.months[index], index > 0 ? p.months[index - 1] : null, p.calls, p.cost)}
            </tr>
          ))}
        </tbody>
        <tfoot>
          <tr data-testid="trend-totals">
            <th scope="row" data-label="Provider">All providers</th>
            {cells(month, before, totals.reduce((s, m) => s + m.calls, 0), totals.reduce((s, m) => s + m.cost, 0))}
          </tr>
        </tfoot>
      </table>
    </div>
  );
}
