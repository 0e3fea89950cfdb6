import type { UsageLog } from '../api/types';
import { useCatalog } from '../catalog';
import { formatMoney } from '../format';
import { Tooltip } from './Tooltip';

const SOURCE_NAMES: Record<string, string> = {
  CATEGORY: 'the category',
  ENDPOINT: 'the endpoint',
  MODEL: 'the model',
  DEFAULT: "the category's default provider",
  HINT: "the provider name its OpenTelemetry instrumentation reported (a guess; endpoint and model said nothing)",
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

const UNPRICED_REASONS: Record<string, string> = {
  unknown_model: 'the call names no model',
  no_price: 'the price list has no price for this provider and model at the call\'s time',
  no_units: 'the call reports no quantity the price list prices',
  partial: 'the call reports a quantity the price list has no price for',
  unknown_quantity: 'a quantity the price list prices was not reported',
};

/** The sentence behind the "why" tooltip about the cost: where it came from, and what the price list says. */
export function costExplanation(log: Pick<UsageLog, 'cost_source' | 'cost_total' | 'unpriced_reason' | 'price_version'
  | 'catalog_cost_total'>): string {
  const list = log.price_version ? ` (price list ${log.price_version})` : '';
  switch (log.cost_source) {
    case 'catalog':
      return `Cost ${formatMoney(log.cost_total)} priced from the price list at the call's time${list}; the client sent none.`;
    case 'unpriced':
      return `No cost: ${UNPRICED_REASONS[log.unpriced_reason ?? ''] ?? log.unpriced_reason ?? 'unknown'}${list}. Unknown, not $0.`;
    case 'client': {
      const check = log.catalog_cost_total === null ? '' : `; the price list says ${formatMoney(log.catalog_cost_total)}${list}`;
      return `Cost ${formatMoney(log.cost_total)} as the client reported it${check}.`;
    }
    default:
      return `Cost ${formatMoney(log.cost_total)} as its writer stored it, before costs had a provenance.`;
  }
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
        {detectionExplanation(log)} {costExplanation(log)}
      </Tooltip>
      {log.detection.computed_on_read && (
        <span className="badge on-read" title="Detected on read: the stored row has no provider yet">on read</span>
      )}
    </div>
  );
}
