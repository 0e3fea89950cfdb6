import type { UsageLog } from '../api/types';
import { Tooltip } from './Tooltip';

/** A success or failure chip with the status code; a failure shows its error on hover and focus. */
export function StatusChip({ log }: { log: Pick<UsageLog, 'status' | 'status_code' | 'error_message'> }) {
  const label = log.status === 'success' ? 'Success' : 'Failed';
  const chip = <span className={`chip chip-${log.status}`}>{label} · {log.status_code}</span>;
  if (!log.error_message) return chip;
  return (
    <Tooltip className="error-tip" trigger={chip}>
      <span className="error-message">{log.error_message}</span>
    </Tooltip>
  );
}
