import { useId } from 'react';
import type { ProviderTrend } from '../api/types';
import { useCatalog } from '../catalog';
import { formatBillingPeriod, formatMoney, formatMoneyShort } from '../format';
import { niceCeiling, ticks } from './scale';

const W = 720;
const H = 260;
const M = { top: 12, right: 12, bottom: 40, left: 64 };
const SHORT_MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** "2026-11" → "Nov 26". */
export function shortMonth(period: string): string {
  const [year, month] = period.split('-');
  return `${SHORT_MONTHS[Number(month) - 1] ?? month} ${year.slice(2)}`;
}

/** Cost per billing period stacked by provider (providers in the given order, the dearest at the bottom). */
export function MonthlyCostChart({ months, providers }: { months: readonly string[]; providers: readonly ProviderTrend[] }) {
  const { colours } = useCatalog();
  const titleId = useId();
  const totals = months.map((_, i) => providers.reduce((sum, p) => sum + p.months[i].cost, 0));
  const max = niceCeiling(Math.max(0, ...totals));
  const plotW = W - M.left - M.right;
  const plotH = H - M.top - M.bottom;
  const slot = plotW / Math.max(1, months.length);
  const barW = Math.max(4, slot * 0.66);
  const y = (v: number) => M.top + plotH - (v / max) * plotH;
  const busiest = totals.reduce((best, t, i) => (t > totals[best] ? i : best), 0);
  return (
    <figure className="chart daily-chart monthly-chart">
      <figcaption id={titleId}>Monthly cost by provider</figcaption>
      <svg viewBox={`0 0 ${W} ${H}`} role="img" aria-labelledby={titleId} aria-describedby={`${titleId}-desc`} preserveAspectRatio="xMidYMid meet">
        <desc id={`${titleId}-desc`}>
          {totals[busiest] > 0
            ? `Cost per month, stacked by provider. Highest: ${formatBillingPeriod(months[busiest])}, ${formatMoney(totals[busiest])}.`
            : 'No cost in these months.'}
        </desc>
        {ticks(max).map((t) => (
          <g key={t} className="grid">
            <line x1={M.left} x2={W - M.right} y1={y(t)} y2={y(t)} />
            <text x={M.left - 6} y={y(t) + 4} textAnchor="end">{formatMoneyShort(Number(t.toPrecision(12)))}</text>
          </g>
        ))}
        {months.map((month, i) => {
          let base = 0;
          const x = M.left + i * slot + (slot - barW) / 2;
          return (
            <g key={month} data-month={month}>
              {providers.map((p) => {
                const cost = p.months[i].cost;
                if (!(cost > 0)) return null;
                const top = y(base + cost);
                const height = y(base) - top;
                base += cost;
                return (
                  <rect key={p.provider} data-provider={p.provider} x={x} y={top} width={barW} height={Math.max(0, height)}
                    fill={colours(p.provider)}>
                    <title>{`${formatBillingPeriod(month)} · ${p.provider_display_name}: ${formatMoney(cost)}, ${p.months[i].calls} calls`}</title>
                  </rect>
                );
              })}
              <text x={x + barW / 2} y={H - M.bottom + 16} textAnchor="middle" className="axis-tick">{shortMonth(month)}</text>
            </g>
          );
        })}
        <line className="axis" x1={M.left} x2={W - M.right} y1={y(0)} y2={y(0)} />
        <text className="axis-title" x={M.left + plotW / 2} y={H - 4} textAnchor="middle">Billing period (UTC)</text>
        <text className="axis-title" transform={`translate(14 ${M.top + plotH / 2}) rotate(-90)`} textAnchor="middle">Cost (USD)</text>
      </svg>
    </figure>
  );
}
