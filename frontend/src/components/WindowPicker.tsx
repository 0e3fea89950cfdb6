import { useEffect, useState } from 'react';
import {
  analyticsFiltersToSearch, isDay, MAX_CUSTOM_DAYS, presetLabel, RANGE_PRESETS, daysBetween, type AnalyticsFilters,
} from '../filters';
import { formatBillingPeriod } from '../format';

function valueOf(filters: AnalyticsFilters): string {
  switch (filters.kind) {
    case 'range': return `range:${filters.range}`;
    case 'period': return `period:${filters.billingPeriod}`;
    case 'custom': return 'custom';
  }
}

/**
 * The analytics view's window: a relative one (last 7/30/90 days, this month, last month), a billing period, or a
 * custom range of days. `onChange` gets the address of the chosen window.
 */
export function WindowPicker({ filters, periods, today, onChange }: {
  filters: AnalyticsFilters; periods: readonly string[]; today: string; onChange: (search: string) => void;
}) {
  const [custom, setCustom] = useState(filters.kind === 'custom');
  const [from, setFrom] = useState(filters.kind === 'custom' ? filters.from : '');
  const [to, setTo] = useState(filters.kind === 'custom' ? filters.to : today);
  useEffect(() => {
    setCustom(filters.kind === 'custom');
    if (filters.kind === 'custom') {
      setFrom(filters.from);
      setTo(filters.to);
    }
  }, [filters]);

  const choose = (value: string) => {
    if (value === 'custom') {
      setCustom(true);
      return;
    }
    setCustom(false);
    const [kind, arg] = value.split(':');
    onChange(analyticsFiltersToSearch(kind === 'period' ? { kind: 'period', billingPeriod: arg }
      : { kind: 'range', range: arg as (typeof RANGE_PRESETS)[number] }));
  };
  const problem = !isDay(from) || !isDay(to) ? 'Enter both days.'
    : from > to ? 'The first day must not be after the last.'
      : daysBetween(from, to).length > MAX_CUSTOM_DAYS ? `At most ${MAX_CUSTOM_DAYS} days; pick billing periods for longer spans.` : null;
  const selected = custom ? 'custom' : valueOf(filters);
  return (
    <form className="filters" onSubmit={(e) => {
      e.preventDefault();
      if (!problem) onChange(analyticsFiltersToSearch({ kind: 'custom', from, to }));
    }}>
      <div className="field">
        <label htmlFor="analytics-window">Period</label>
        <select id="analytics-window" name="window" value={selected} onChange={(e) => choose(e.target.value)}>
          <optgroup label="Recent">
            {RANGE_PRESETS.map((r) => <option key={r} value={`range:${r}`}>{presetLabel(r)}</option>)}
          </optgroup>
          <optgroup label="Billing period">
            {filters.kind === 'period' && !periods.includes(filters.billingPeriod) && (
              <option value={`period:${filters.billingPeriod}`}>{formatBillingPeriod(filters.billingPeriod)}</option>
            )}
            {periods.map((p) => <option key={p} value={`period:${p}`}>{formatBillingPeriod(p)}</option>)}
          </optgroup>
          <option value="custom">Custom range…</option>
        </select>
      </div>
      {custom && (
        <>
          <div className="field">
            <label htmlFor="analytics-from">From (UTC)</label>
            <input id="analytics-from" type="date" name="from" value={from} max={today} onChange={(e) => setFrom(e.target.value)} />
          </div>
          <div className="field">
            <label htmlFor="analytics-to">To (UTC)</label>
            <input id="analytics-to" type="date" name="to" value={to} max={today} onChange={(e) => setTo(e.target.value)} />
          </div>
          <div className="field">
            <button type="submit" disabled={problem !== null}>Show</button>
            {problem && from !== '' && <span className="hint" role="status">{problem}</span>}
          </div>
        </>
      )}
    </form>
  );
}
