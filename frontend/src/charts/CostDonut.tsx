import { useId } from 'react';
import type { ProviderAnalytics } from '../api/types';
import { useCatalog } from '../catalog';
import { formatMoney, formatPercent } from '../format';
import { arcPath } from './scale';

/** Cost by provider as a donut, with a legend of cost and share; the total in the middle. */
export function CostDonut({ providers, totalCost }: { providers: readonly ProviderAnalytics[]; totalCost: number }) {
  const { colours } = useCatalog();
  const titleId = useId();
  const paying = providers.filter((p) => p.metrics.cost > 0);
  const sum = paying.reduce((s, p) => s + p.metrics.cost, 0);
  let angle = 0;
  const slices = paying.map((p) => {
    const start = angle;
    angle += (p.metrics.cost / sum) * Math.PI * 2;
    return { p, start, end: angle };
  });
  const summary = paying.map((p) => `${p.provider_display_name} ${formatMoney(p.metrics.cost)} (${formatPercent(p.metrics.cost_share)})`).join(', ');
  return (
    <figure className="chart donut-chart">
      <figcaption id={titleId}>Cost by provider</figcaption>
      <div className="donut-body">
        <svg viewBox="0 0 200 200" role="img" aria-labelledby={titleId} aria-describedby={`${titleId}-desc`} width="200" height="200">
          <desc id={`${titleId}-desc`}>{summary || 'No cost in this period.'}</desc>
          {slices.length === 0 && <circle cx="100" cy="100" r="70" fill="none" stroke="#e5e7eb" strokeWidth="40" />}
          {slices.map(({ p, start, end }) => (
            <path key={p.provider} d={arcPath(100, 100, 90, 52, start, end)} fill={colours(p.provider)}
              data-provider={p.provider}>
              <title>{`${p.provider_display_name}: ${formatMoney(p.metrics.cost)} (${formatPercent(p.metrics.cost_share)})`}</title>
            </path>
          ))}
          <text x="100" y="96" textAnchor="middle" className="donut-total">{formatMoney(totalCost)}</text>
          <text x="100" y="116" textAnchor="middle" className="donut-label">total</text>
        </svg>
        <ul className="legend">
          {paying.map((p) => (
            <li key={p.provider}>
              <span className="swatch" style={{ background: colours(p.provider) }} aria-hidden="true" />
              <span className="legend-name">{p.provider_display_name}</span>
              <span className="legend-value">{formatMoney(p.metrics.cost)}</span>
              <span className="legend-share">{formatPercent(p.metrics.cost_share)}</span>
            </li>
          ))}
        </ul>
      </div>
    </figure>
  );
}
