import type { Metrics, ProviderAnalytics } from '../api/types';
import { useCatalog } from '../catalog';
import { formatCount, formatDuration, formatMoney, formatPercent } from '../format';

/**
 * One row per provider: calls, success rate, latency p50/p95, tokens, cost, share and cost per call; totals last.
 * Latencies estimated from the rollups' sketches say so, with their bound ({@code latencyRelativeError} > 0).
 */
export function ProviderTable({ providers, totals, latencyRelativeError = 0 }: {
  providers: readonly ProviderAnalytics[]; totals: Metrics; latencyRelativeError?: number;
}) {
  const { colours } = useCatalog();
  const cells = (m: Metrics) => (
    <>
      <td className="num" data-label="Calls">{formatCount(m.calls)}</td>
      <td className="num" data-label="Success rate">{formatPercent(m.success_rate)}</td>
      <td className="num" data-label="p50 latency">{formatDuration(m.latency_p50)}</td>
      <td className="num" data-label="p95 latency">{formatDuration(m.latency_p95)}</td>
      <td className="num" data-label="Tokens">{formatCount(m.tokens_input + m.tokens_output)}</td>
      <td className="num" data-label="Cost" data-value={String(m.cost)}>{formatMoney(m.cost)}</td>
      <td className="num" data-label="Share">{formatPercent(m.cost_share)}</td>
      <td className="num" data-label="Cost per call">{formatMoney(m.cost_per_call)}</td>
      <td className="num" data-label="Unpriced calls">{formatCount(m.unpriced_calls)}</td>
    </>
  );
  return (
    <div className="table-scroll" tabIndex={0} role="region" aria-label="Providers table">
      <table className="provider-table">
        <caption>
          By provider
          {latencyRelativeError > 0 && (
            <span className="caption-note" data-testid="latency-error">
              {' · '}latencies within ±{formatPercent(latencyRelativeError)}
            </span>
          )}
        </caption>
        <thead>
          <tr>
            <th scope="col">Provider</th>
            <th scope="col" className="num">Calls</th>
            <th scope="col" className="num">Success rate</th>
            <th scope="col" className="num">p50 latency</th>
            <th scope="col" className="num">p95 latency</th>
            <th scope="col" className="num">Tokens</th>
            <th scope="col" className="num">Cost</th>
            <th scope="col" className="num">Share</th>
            <th scope="col" className="num">Cost per call</th>
            <th scope="col" className="num">Unpriced</th>
          </tr>
        </thead>
        <tbody>
          {providers.map((p) => (
            <tr key={p.provider} data-testid="provider-row" data-provider={p.provider}>
              <th scope="row" data-label="Provider">
                <span><span className="swatch" style={{ background: colours(p.provider) }} aria-hidden="true" />{p.provider_display_name}</span>
              </th>
              {cells(p.metrics)}
            </tr>
          ))}
        </tbody>
        <tfoot>
          <tr data-testid="provider-totals">
            <th scope="row" data-label="Provider">All providers</th>
            {cells(totals)}
          </tr>
        </tfoot>
      </table>
    </div>
  );
}
