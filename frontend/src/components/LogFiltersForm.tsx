import { useId } from 'react';
import type { Provider } from '../api/types';
import { formatBillingPeriod } from '../format';
import { hasLogFilters, NO_LOG_FILTERS, type LogFilters } from '../filters';

/**
 * The usage-log filters: provider (from the catalog), status and billing period, each with its label.
 * A change starts again at page 1.
 */
export function LogFiltersForm({ filters, providers, periods, onChange }: {
  filters: LogFilters;
  providers: readonly Provider[];
  periods: readonly string[];
  onChange: (filters: LogFilters) => void;
}) {
  const id = useId();
  const set = (change: Partial<LogFilters>) => onChange({ ...filters, ...change, page: 1 });
  const knownProvider = !filters.provider || providers.some((p) => p.id === filters.provider);
  const knownPeriod = !filters.billingPeriod || periods.includes(filters.billingPeriod);
  return (
    <form className="filters" role="search" aria-label="Filter usage logs" onSubmit={(e) => e.preventDefault()}>
      <div className="field">
        <label htmlFor={`${id}-provider`}>Provider</label>
        <select id={`${id}-provider`} name="provider" value={filters.provider} onChange={(e) => set({ provider: e.target.value })}>
          <option value="">All providers</option>
          {!knownProvider && <option value={filters.provider}>{filters.provider}</option>}
          {providers.map((p) => <option key={p.id} value={p.id}>{p.display_name}</option>)}
        </select>
      </div>
      <div className="field">
        <label htmlFor={`${id}-status`}>Status</label>
        <select id={`${id}-status`} name="status" value={filters.status}
          onChange={(e) => set({ status: e.target.value as LogFilters['status'] })}>
          <option value="">Any status</option>
          <option value="success">Success</option>
          <option value="failed">Failed</option>
        </select>
      </div>
      <div className="field">
        <label htmlFor={`${id}-billing_period`}>Billing period</label>
        <select id={`${id}-billing_period`} name="billing_period" value={filters.billingPeriod} onChange={(e) => set({ billingPeriod: e.target.value })}>
          <option value="">All periods</option>
          {!knownPeriod && <option value={filters.billingPeriod}>{formatBillingPeriod(filters.billingPeriod)}</option>}
          {periods.map((p) => <option key={p} value={p}>{formatBillingPeriod(p)}</option>)}
        </select>
      </div>
      {hasLogFilters(filters) && (
        <button type="button" className="link-button" onClick={() => onChange(NO_LOG_FILTERS)}>Clear filters</button>
      )}
    </form>
  );
}
