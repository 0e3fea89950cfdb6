import type { UsageLog } from '../api/types';
import { useCatalog } from '../catalog';
import { Tooltip } from './Tooltip';

const SOURCE_NAMES: Record<string, string> = {
  CATEGORY: 'the category',
  ENDPOINT: 'the endpoint',
  MODEL: 'the model',
  DEFAULT: "the category's default provider",
  UNKNOWN: 'nothing: no rule matched',
  CLIENT: 'the client, which named the provider itself',
};

/** Whether the logged category differs from the provider shown, so it is worth showing below it. */
export function categoryDiffers(log: Pick<UsageLog, 'category' | 'provider' | 'provider_display_name'>): boolean {
  const category = log.category.trim().toLowerCase();
  return category !== log.provider.toLowerCase() && category !== log.provider_display_name.toLowerCase();
}

/** The sentence behind the "why" tooltip: how the detection decided. */
export function detectionExplanation(log: Pick<UsageLog, 'detection' | 'provider_display_name'>): string {
  const d = log.detection;
  const source = d.source ? SOURCE_NAMES[d.source] ?? d.source : 'an unrecorded source';
  const rule = d.rule_id ? ` (rule ${d.rule_id}${d.rules_version ? `, rules ${d.rules_version}` : ''})` : '';
  const when = d.computed_on_read
    ? ' Detected on read: the original system stored no provider for this call.'
    : '';
  return `${log.provider_display_name} was decided by ${source}${rule}.${when}`;
}

/**
 * The actual provider in bold, with the logged category below it when they differ
 * (**WaveSpeed** (video)), a colour mark, and a "why" tooltip with the detection's source and rule.
 */
export function ProviderCell({ log }: { log: UsageLog }) {
  const { colours } = useCatalog();
  return (
    <div className="provider-cell">
      <span className="swatch" style={{ background: colours(log.provider) }} aria-hidden="true" />
      <div>
        <strong className="provider-name">{log.provider_display_name}</strong>
        {categoryDiffers(log) && <div className="category">({log.category})</div>}
      </div>
      <Tooltip className="why" label={`Why ${log.provider_display_name}?`} trigger="why">
        {detectionExplanation(log)}
      </Tooltip>
      {log.detection.computed_on_read && (
        <span className="badge on-read" title="Detected on read: the stored row has no provider yet">on read</span>
      )}
    </div>
  );
}
