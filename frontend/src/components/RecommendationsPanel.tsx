import { useMemo } from 'react';
import { fetchRecommendations } from '../api/client';
import type { Price, Recommendation, RecommendationObservation, RecommendationsQuery, RecommendationsResponse } from '../api/types';
import { useCatalog } from '../catalog';
import { formatCount, formatDuration, formatMoney, formatPercent, shiftDecimal, sumDecimals, type Decimal } from '../format';
import { useApi } from '../useApi';
import { Tooltip } from './Tooltip';

const VERDICTS: Record<Recommendation['verdict'], string> = {
  recommended: 'Recommended',
  untested: 'Untested',
  flagged: 'Flagged',
};

const FLAGS: Record<Recommendation['flags'][number], string> = {
  lower_success_rate: 'its calls fail more often',
  slower: 'its calls take longer',
};

const REASONS: Record<RecommendationsResponse['coverage']['not_compared'][number]['reason'], string> = {
  no_provider: 'stored without a provider',
  no_model: 'that name no model',
  not_in_catalog: 'of a model the price list has no price for on their provider',
  quantities_unknown: 'that did not report every quantity their price needs (so no other price applies either)',
  no_alternative: 'of a model no other provider prices in the same units',
};

/** A price per one unit as a person reads it: per million tokens, per thousand characters, else per unit. */
export function formatUnitPrice(unit: Price['unit'], usdPerUnit: Decimal): string {
  switch (unit) {
    case 'input_token': return `${formatMoney(shiftDecimal(usdPerUnit, 6))} per 1M input tokens`;
    case 'output_token': return `${formatMoney(shiftDecimal(usdPerUnit, 6))} per 1M output tokens`;
    case 'cached_input_token': return `${formatMoney(shiftDecimal(usdPerUnit, 6))} per 1M cached input tokens`;
    case 'character': return `${formatMoney(shiftDecimal(usdPerUnit, 3))} per 1K characters`;
    case 'video_second': return `${formatMoney(usdPerUnit)} per video second`;
    case 'audio_second': return `${formatMoney(usdPerUnit)} per audio second`;
    default: return `${formatMoney(usdPerUnit)} per ${unit}`;
  }
}

function formatRate(rateUnit: string, costPerUnit: Decimal | null | undefined): string {
  if (costPerUnit === null || costPerUnit === undefined) return '—';
  if (rateUnit === 'token') return `${formatMoney(shiftDecimal(costPerUnit, 6))} per 1M tokens`;
  if (rateUnit === 'character') return `${formatMoney(shiftDecimal(costPerUnit, 3))} per 1K characters`;
  return `${formatMoney(costPerUnit)} per ${rateUnit.replace('_', ' ')}`;
}

function priceLines(prices: readonly Price[]) {
  return prices.map((p) => (
    <li key={`${p.provider}|${p.provider_model}|${p.unit}|${p.effective_from}`}>
      {formatUnitPrice(p.unit, p.usd_per_unit)}
      {p.effective_to ? ` (${p.effective_from} to ${p.effective_to})` : ` (from ${p.effective_from})`}
    </li>
  ));
}

function observed(name: string, o: RecommendationObservation | null | undefined, rateUnit: string | null | undefined) {
  if (!o) return <li>{name}: none of your calls yet</li>;
  return (
    <li>
      {name}: {formatCount(o.calls)} calls, {formatPercent(o.success_rate)} successful, p50 {formatDuration(o.latency_p50)},
      p95 {formatDuration(o.latency_p95)}{rateUnit ? `, ${formatRate(rateUnit, o.cost_per_unit)}` : ''}
    </li>
  );
}

/** What a switch rests on: the prices it used and how each provider served the user's own calls. */
function Evidence({ r }: { r: Recommendation }) {
  const e = r.evidence;
  return (
    <span className="evidence" data-testid="evidence">
      {r.verdict === 'flagged' && (
        <span className="evidence-flag">Flagged: {r.flags.map((f) => FLAGS[f]).join(' and ')}.</span>
      )}
      {r.basis === 'catalog' ? (
        <>
          <span className="evidence-title">{r.to_provider_display_name} ({r.to_models.join(', ')}), the price list:</span>
          <ul>{priceLines(e.alternative_prices)}</ul>
          <span className="evidence-title">{r.from_provider_display_name} ({r.from_models.join(', ')}):</span>
          <ul>{priceLines(e.current_prices)}</ul>
        </>
      ) : (
        <span className="evidence-title">From your own calls: what each provider cost per unit.</span>
      )}
      <span className="evidence-title">Your calls in this window:</span>
      <ul>
        {observed(r.from_provider_display_name, e.from, e.rate_unit)}
        {observed(r.to_provider_display_name, e.to, e.rate_unit)}
      </ul>
      {r.calls_not_priced_there > 0 && (
        <span>{formatCount(r.calls_not_priced_there)} calls left out: {r.to_provider_display_name} had no price for them on their day.</span>
      )}
    </span>
  );
}

/** The most a window could have saved: per model and current provider, its best switch that is not flagged. */
export function bestSavings(recommendations: readonly Recommendation[]): string {
  const best = new Map<string, Decimal>();
  for (const r of recommendations) {
    if (r.verdict === 'flagged') continue;
    const key = `${r.model}\u0000${r.from_provider}`;
    // Sorted by savings, largest first: the first switch of a key is its best.
    if (!best.has(key)) best.set(key, r.estimated_savings);
  }
  return sumDecimals([...best.values()]);
}

/**
 * Provider recommendations for the window the analytics show: each switch that would have made the same calls
 * cheaper, largest saving first, with its evidence on hover and focus; what could not be compared, and why, below.
 */
export function RecommendationsPanel({ query, label, onUnauthorized }: {
  query: RecommendationsQuery; label: string; onUnauthorized: (message: string) => void;
}) {
  const { colours } = useCatalog();
  // "Last 30 days (…)" reads as "in last 30 days (…)"; a month's name keeps its capital.
  const window = /^(Last|This|Custom) /.test(label) ? label[0].toLowerCase() + label.slice(1) : label;
  const { load, retry } = useApi(`recommendations ${JSON.stringify(query)}`,
    (signal) => fetchRecommendations(query, signal), onUnauthorized);
  const data = load.state === 'ready' ? load.data : load.state === 'loading' ? load.previous : null;
  const best = useMemo(() => (data ? bestSavings(data.recommendations) : '0'), [data]);

  return (
    <section className="recommendations" aria-labelledby="recommendations-heading" data-testid="recommendations">
      <h2 id="recommendations-heading">Cheaper elsewhere</h2>
      {load.state === 'error' && (
        <div className="notice error" role="alert">
          <p><strong>The recommendations could not be loaded.</strong> {load.message}</p>
          <button type="button" onClick={retry}>Retry</button>
        </div>
      )}
      {load.state === 'loading' && !data && <p className="notice" role="status" aria-busy="true">Looking for the same work cheaper elsewhere…</p>}
      {data && (
        <div className={load.state === 'loading' ? 'stale' : undefined} aria-busy={load.state === 'loading'}>
          {data.recommendations.length === 0 ? (
            <p className="notice" role="status" data-testid="no-recommendations">
              No switch of provider would have saved at least {formatMoney(data.min_savings)} in {window}.
            </p>
          ) : (
            <>
              {data.recommendations.some((r) => r.verdict !== 'flagged') ? (
                <p className="recommendations-total">
                  Up to <strong data-testid="best-savings" data-value={best}>{formatMoney(best)}</strong> less in {window},
                  {' '}switching without a flagged provider.
                </p>
              ) : (
                <p className="recommendations-total" data-testid="only-flagged">
                  Every switch that would have saved at least {formatMoney(data.min_savings)} in {window} is flagged:
                  {' '}the cheaper provider served your calls worse. See the evidence before switching.
                </p>
              )}
              <div className="table-scroll" tabIndex={0} role="region" aria-label="Recommendations table">
                <table className="recommendations-table">
                  <caption>The same calls, cheaper elsewhere</caption>
                  <thead>
                    <tr>
                      <th scope="col">Model</th>
                      <th scope="col">Switch</th>
                      <th scope="col" className="num">Calls</th>
                      <th scope="col" className="num">Cost now</th>
                      <th scope="col" className="num">Elsewhere</th>
                      <th scope="col" className="num">Savings</th>
                      <th scope="col">Evidence</th>
                    </tr>
                  </thead>
                  <tbody>
                    {data.recommendations.map((r) => (
                      <tr key={`${r.basis}|${r.model}|${r.from_provider}|${r.to_provider}`} data-testid="recommendation-row"
                        data-model={r.model} data-from={r.from_provider} data-to={r.to_provider} data-verdict={r.verdict}>
                        <th scope="row" data-label="Model">{r.model}</th>
                        <td data-label="Switch">
                          <span className="switch">
                            <span><span className="swatch" style={{ background: colours(r.from_provider) }} aria-hidden="true" />{r.from_provider_display_name}</span>
                            <span aria-hidden="true"> → </span><span className="visually-hidden"> to </span>
                            <span><span className="swatch" style={{ background: colours(r.to_provider) }} aria-hidden="true" />{r.to_provider_display_name}</span>
                          </span>
                        </td>
                        <td className="num" data-label="Calls">{formatCount(r.calls)}</td>
                        <td className="num" data-label="Cost now" data-value={String(r.current_cost)}>{formatMoney(r.current_cost)}</td>
                        <td className="num" data-label="Elsewhere" data-value={String(r.estimated_cost)}>{formatMoney(r.estimated_cost)}</td>
                        <td className="num savings" data-label="Savings" data-value={String(r.estimated_savings)}>
                          {formatMoney(r.estimated_savings)}
                          {r.savings_ratio !== null && <span className="savings-share"> ({formatPercent(r.savings_ratio)})</span>}
                        </td>
                        <td data-label="Evidence">
                          <Tooltip className="evidence-tip" label={`Evidence: ${VERDICTS[r.verdict]}`}
                            trigger={<span className={`chip chip-${r.verdict}`}>{VERDICTS[r.verdict]}{r.basis === 'observed' ? ' · observed' : ''}</span>}>
                            <Evidence r={r} />
                          </Tooltip>
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            </>
          )}
          <p className="hint" data-testid="recommendations-coverage">
            {formatCount(data.coverage.compared_calls)} of {formatCount(data.coverage.calls)} calls compared with other
            providers' prices.
            {data.coverage.not_compared.length > 0 && ' Not compared: '}
            {data.coverage.not_compared.map((n, i) => (
              <span key={n.reason} data-reason={n.reason}>{i > 0 ? '; ' : ''}{formatCount(n.calls)} calls {REASONS[n.reason]}</span>
            ))}
            {data.coverage.not_compared.length > 0 && '.'}
            {data.recommendations.some((r) => r.verdict === 'untested')
              && ` Untested: fewer than ${data.thresholds.min_observed_calls} of your calls on that provider to judge it by.`}
          </p>
        </div>
      )}
    </section>
  );
}
