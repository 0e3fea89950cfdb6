import type { UsageLog } from '../api/types';
import { formatCount, formatDuration, formatMoney, formatTimestamp } from '../format';
import { ProviderCell } from './ProviderCell';
import { StatusChip } from './StatusChip';

/** The usage-log rows; on narrow screens each row becomes a card (labels come from data-label). */
export function UsageLogsTable({ logs, caption }: { logs: readonly UsageLog[]; caption: string }) {
  return (
    <div className="table-scroll" tabIndex={0} role="region" aria-label="Usage logs table">
      <table className="logs-table">
        <caption className="visually-hidden">{caption}</caption>
        <thead>
          <tr>
            <th scope="col">Time (UTC)</th>
            <th scope="col">Provider</th>
            <th scope="col">Model</th>
            <th scope="col">Endpoint</th>
            <th scope="col" className="num">Tokens</th>
            <th scope="col" className="num">Cost</th>
            <th scope="col" className="num">Response time</th>
            <th scope="col">Status</th>
          </tr>
        </thead>
        <tbody>
          {logs.map((log) => (
            <tr key={log.id} data-testid="usage-log-row" data-provider={log.provider} data-status={log.status}>
              <td data-label="Time"><time dateTime={log.timestamp}>{formatTimestamp(log.timestamp)}</time></td>
              <td data-label="Provider"><ProviderCell log={log} /></td>
              <td data-label="Model" className="model">{log.model_used ?? '—'}</td>
              <td data-label="Endpoint" className="endpoint">
                {log.endpoint}
                {log.is_aggregated && (
                  <> <span className="badge aggregated" title="A summary row the original system wrote for older calls">
                    {log.aggregated_calls === null ? 'summary' : `summary of ${formatCount(log.aggregated_calls)} calls`}
                  </span></>
                )}
              </td>
              <td data-label="Tokens" className="num">{log.not_reported.includes('tokens_total') ? '—' : formatCount(log.tokens_total)}</td>
              <td data-label="Cost" className="num" data-cost-source={log.cost_source}>
                {log.cost_source === 'unpriced' ? <span className="badge unpriced" title="No cost: unknown, not $0">unpriced</span>
                  : log.not_reported.includes('cost_total') ? '—' : formatMoney(log.cost_total)}
              </td>
              <td data-label="Response time" className="num">{formatDuration(log.response_time)}</td>
              <td data-label="Status"><StatusChip log={log} /></td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
