import { useId } from 'react';
import type { DailyPoint } from '../api/types';
import { useCatalog } from '../catalog';
import { formatDay, formatMoney, formatMoneyShort } from '../format';
import { niceCeiling, ticks } from './scale';

export interface DaySeries {
  date: string;
  total: number;
  parts: { provider: string; cost: number; calls: number }[];
}

/** Daily points grouped by day over every day given, each day's parts in `providerOrder`. */
export function stackByDay(daily: readonly DailyPoint[], days: readonly string[], providerOrder: readonly string[]): DaySeries[] {
  const rank = new Map(providerOrder.map((id, i) => [id, i]));
  const byDay = new Map<string, DaySeries>(days.map((d) => [d, { date: d, total: 0, parts: [] }]));
  for (const point of daily) {
    let day = byDay.get(point.date);
    if (!day) {
      day = { date: point.date, total: 0, parts: [] };
      byDay.set(point.date, day);
    }
    day.parts.push({ provider: point.provider, cost: point.cost, calls: point.calls });
    day.total += point.cost;
  }
  for (const day of byDay.values()) {
    day.parts.sort((a, b) => (rank.get(a.provider) ?? 1e9) - (rank.get(b.provider) ?? 1e9) || a.provider.localeCompare(b.provider));
  }
  return [...byDay.values()].sort((a, b) => a.date.localeCompare(b.date));
}

const W = 720;
const H = 260;
const M = { top: 12, right: 12, bottom: 40, left: 64 };

/** Daily cost stacked by provider, one bar per day of the period, with labelled axes. */
export function DailyCostChart({ daily, days, providerOrder, names }: {
  daily: readonly DailyPoint[]; days: readonly string[]; providerOrder: readonly string[]; names: ReadonlyMap<string, string>;
}) {
  const { colours } = useCatalog();
  const titleId = useId();
  const series = stackByDay(daily, days, providerOrder);
  const max = niceCeiling(Math.max(0, ...series.map((d) => d.total)));
  const plotW = W - M.left - M.right;
  const plotH = H - M.top - M.bottom;
  const slot = plotW / Math.max(1, series.length);
  const barW = Math.max(2, slot * 0.72);
  const y = (v: number) => M.top + plotH - (v / max) * plotH;
  const labelEvery = Math.max(1, Math.ceil(series.length / 10));
  const busiest = series.reduce<DaySeries | null>((best, d) => (!best || d.total > best.total ? d : best), null);
  return (
    <figure className="chart daily-chart">
      <figcaption id={titleId}>Daily cost by provider</figcaption>
      <svg viewBox={`0 0 ${W} ${H}`} role="img" aria-labelledby={titleId} aria-describedby={`${titleId}-desc`} preserveAspectRatio="xMidYMid meet">
        <desc id={`${titleId}-desc`}>
          {busiest && busiest.total > 0
            ? `Cost per day, stacked by provider. Highest: ${formatDay(busiest.date)}, ${formatMoney(busiest.total)}.`
            : 'No cost in this period.'}
        </desc>
        {ticks(max).map((t) => (
          <g key={t} className="grid">
            <line x1={M.left} x2={W - M.right} y1={y(t)} y2={y(t)} />
            <text x={M.left - 6} y={y(t) + 4} textAnchor="end">{formatMoneyShort(Number(t.toPrecision(12)))}</text>
          </g>
        ))}
        {series.map((day, i) => {
          let base = 0;
          const x = M.left + i * slot + (slot - barW) / 2;
          return (
            <g key={day.date} data-date={day.date}>
              {day.parts.map((part) => {
                const top = y(base + part.cost);
                const height = y(base) - top;
                base += part.cost;
                return (
                  <rect key={part.provider} x={x} y={top} width={barW} height={Math.max(0, height)} fill={colours(part.provider)}>
                    <title>{`${formatDay(day.date)} · ${names.get(part.provider) ?? part.provider}: ${formatMoney(part.cost)}, ${part.calls} calls`}</title>
                  </rect>
                );
              })}
              {i % labelEvery === 0 && (
                <text x={x + barW / 2} y={H - M.bottom + 16} textAnchor="middle" className="axis-tick">{formatDay(day.date)}</text>
              )}
            </g>
          );
        })}
        <line className="axis" x1={M.left} x2={W - M.right} y1={y(0)} y2={y(0)} />
        <text className="axis-title" x={M.left + plotW / 2} y={H - 4} textAnchor="middle">Day (UTC)</text>
        <text className="axis-title" transform={`translate(14 ${M.top + plotH / 2}) rotate(-90)`} textAnchor="middle">Cost (USD)</text>
      </svg>
    </figure>
  );
}
