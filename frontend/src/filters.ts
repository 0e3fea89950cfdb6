// The views' filters and their query-string form, so a filtered view is a link that can be shared
// and reloaded. Anything malformed in an address is dropped rather than sent to the API.
import type { AnalyticsQuery, CsvExportQuery, LogStatus, UsageLogsQuery } from './api/types';

export const PAGE_SIZE = 50;
const MAX_PAGE = 100_000;

export interface LogFilters {
  /** Actual provider id, '' for all. */
  provider: string;
  status: LogStatus | '';
  /** YYYY-MM, '' for all. */
  billingPeriod: string;
  /** 1-based page. */
  page: number;
}

export const NO_LOG_FILTERS: LogFilters = { provider: '', status: '', billingPeriod: '', page: 1 };

const PERIOD = /^\d{4}-(0[1-9]|1[0-2])$/;
const PROVIDER_ID = /^[a-z0-9][a-z0-9._-]{0,63}$/i;

export function isBillingPeriod(value: string): boolean {
  return PERIOD.test(value);
}

export function parseLogFilters(search: string): LogFilters {
  const params = new URLSearchParams(search);
  const provider = params.get('provider') ?? '';
  const status = params.get('status') ?? '';
  const period = params.get('billing_period') ?? '';
  const page = Number(params.get('page') ?? '1');
  return {
    provider: PROVIDER_ID.test(provider) ? provider.toLowerCase() : '',
    status: status === 'success' || status === 'failed' ? status : '',
    billingPeriod: PERIOD.test(period) ? period : '',
    page: Number.isInteger(page) && page >= 1 && page <= MAX_PAGE ? page : 1,
  };
}

/** The query string of the logs view ('' when no filter is set), e.g. "?provider=wavespeed&page=2". */
export function logFiltersToSearch(filters: LogFilters): string {
  const params = new URLSearchParams();
  if (filters.provider) params.set('provider', filters.provider);
  if (filters.status) params.set('status', filters.status);
  if (filters.billingPeriod) params.set('billing_period', filters.billingPeriod);
  if (filters.page > 1) params.set('page', String(filters.page));
  const text = params.toString();
  return text ? `?${text}` : '';
}

export function hasLogFilters(filters: LogFilters): boolean {
  return Boolean(filters.provider || filters.status || filters.billingPeriod);
}

/** The filter part of the API query, shared by the page and the CSV export. */
export function logFiltersToCsvQuery(filters: LogFilters): CsvExportQuery {
  const query: CsvExportQuery = {};
  if (filters.provider) query.provider = filters.provider;
  if (filters.status) query.status = filters.status;
  if (filters.billingPeriod) query.billing_period = filters.billingPeriod;
  return query;
}

export function logFiltersToApiQuery(filters: LogFilters, pageSize = PAGE_SIZE): UsageLogsQuery {
  return { ...logFiltersToCsvQuery(filters), limit: pageSize, offset: (filters.page - 1) * pageSize };
}

/** A name for the CSV file that says what it holds: usage-logs-wavespeed-failed-2026-11.csv. */
export function csvFileName(filters: LogFilters): string {
  return ['usage-logs', filters.provider, filters.status, filters.billingPeriod].filter(Boolean).join('-') + '.csv';
}

/** The billing period of an instant, in UTC. */
export function billingPeriodOf(date: Date): string {
  return `${date.getUTCFullYear()}-${String(date.getUTCMonth() + 1).padStart(2, '0')}`;
}

/** This month and the `count - 1` before it, newest first: the periods the pickers offer. */
export function recentBillingPeriods(now: Date, count = 12): string[] {
  const periods: string[] = [];
  for (let i = 0; i < count; i++) {
    periods.push(billingPeriodOf(new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - i, 1))));
  }
  return periods;
}

/** The relative windows the analytics view offers; each ends with today (UTC) or is a calendar month. */
export const RANGE_PRESETS = ['7d', '30d', '90d', 'this-month', 'last-month'] as const;
export type RangePreset = (typeof RANGE_PRESETS)[number];
export const DEFAULT_RANGE: RangePreset = '30d';

const PRESET_LABELS: Record<RangePreset, string> = {
  '7d': 'Last 7 days', '30d': 'Last 30 days', '90d': 'Last 90 days', 'this-month': 'This month', 'last-month': 'Last month',
};

/** The longest custom range, in days: beyond it a daily chart is unreadable; pick months instead. */
export const MAX_CUSTOM_DAYS = 400;

/**
 * What the analytics view covers, as its address says: a relative window (`?range=7d`, the default being the last
 * 30 days), a billing period (`?billing_period=2026-11`) or a custom range of UTC days (`?from=2026-11-03&to=2026-11-20`,
 * both days included). Anything malformed falls back to the default window.
 */
export type AnalyticsFilters =
  | { kind: 'range'; range: RangePreset }
  | { kind: 'period'; billingPeriod: string }
  | { kind: 'custom'; from: string; to: string };

export const DEFAULT_ANALYTICS: AnalyticsFilters = { kind: 'range', range: DEFAULT_RANGE };

const DAY = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;

/** Whether text is a real calendar day "YYYY-MM-DD" (so 2026-02-30 is not). */
export function isDay(value: string): boolean {
  if (!DAY.test(value)) return false;
  return new Date(`${value}T00:00:00Z`).toISOString().slice(0, 10) === value;
}

/** "YYYY-MM-DD" of an instant's UTC day. */
export function dayOf(date: Date): string {
  return date.toISOString().slice(0, 10);
}

/** The UTC day `days` after `day` (negative: before). */
export function addDays(day: string, days: number): string {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return dayOf(d);
}

/** Days from `from` to `to`, both included, oldest first. */
export function daysBetween(from: string, to: string): string[] {
  const days: string[] = [];
  for (let d = from; d <= to && days.length <= MAX_CUSTOM_DAYS; d = addDays(d, 1)) days.push(d);
  return days;
}

export function parseAnalyticsFilters(search: string): AnalyticsFilters {
  const params = new URLSearchParams(search);
  const range = params.get('range') ?? '';
  const period = params.get('billing_period') ?? '';
  const from = params.get('from') ?? '';
  const to = params.get('to') ?? '';
  if (PERIOD.test(period)) return { kind: 'period', billingPeriod: period };
  if (isDay(from) && isDay(to) && from <= to && daysBetween(from, to).length <= MAX_CUSTOM_DAYS) {
    return { kind: 'custom', from, to };
  }
  if ((RANGE_PRESETS as readonly string[]).includes(range)) return { kind: 'range', range: range as RangePreset };
  return DEFAULT_ANALYTICS;
}

/** The view's query string; the default window has none, so `/analytics` always opens on recent calls. */
export function analyticsFiltersToSearch(filters: AnalyticsFilters): string {
  switch (filters.kind) {
    case 'range': return filters.range === DEFAULT_RANGE ? '' : `?range=${filters.range}`;
    case 'period': return `?billing_period=${filters.billingPeriod}`;
    case 'custom': return `?from=${filters.from}&to=${filters.to}`;
  }
}

/** A window resolved against the current instant: what to ask the API for and how to show it. */
export interface AnalyticsWindow {
  /** The API query: a billing period, or UTC days (`to` exclusive). */
  query: AnalyticsQuery;
  /** Every UTC day covered, oldest first: the daily chart's axis. */
  days: string[];
  /** "Last 30 days (Nov 2 – Dec 1, 2026)", "November 2026". */
  label: string;
  /** The first instant covered (inclusive) and the end (exclusive), ISO. */
  from: string;
  to: string;
}

function monthWindow(period: string, label: string): AnalyticsWindow {
  const [year, month] = period.split('-').map(Number);
  const from = new Date(Date.UTC(year, month - 1, 1));
  const to = new Date(Date.UTC(year, month, 1));
  return { query: { billing_period: period }, days: daysOfPeriod(period), label, from: from.toISOString(), to: to.toISOString() };
}

function dayWindow(first: string, last: string, label: string): AnalyticsWindow {
  const end = addDays(last, 1);
  return {
    query: { from: first, to: end }, days: daysBetween(first, last),
    label: `${label} (${formatDayRange(first, last)})`,
    from: `${first}T00:00:00.000Z`, to: `${end}T00:00:00.000Z`,
  };
}

/** "Nov 2 – Dec 1, 2026", "Dec 25, 2026 – Jan 3, 2027". */
export function formatDayRange(first: string, last: string): string {
  const short = (d: string) => `${MONTH_NAMES[Number(d.slice(5, 7)) - 1]} ${Number(d.slice(8, 10))}`;
  if (first === last) return `${short(first)}, ${first.slice(0, 4)}`;
  if (first.slice(0, 4) === last.slice(0, 4)) return `${short(first)} – ${short(last)}, ${last.slice(0, 4)}`;
  return `${short(first)}, ${first.slice(0, 4)} – ${short(last)}, ${last.slice(0, 4)}`;
}

const MONTH_NAMES = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** The window of the filters at `now`: relative windows end with today's UTC day. */
export function resolveWindow(filters: AnalyticsFilters, now: Date): AnalyticsWindow {
  const today = dayOf(now);
  switch (filters.kind) {
    case 'period': return monthWindow(filters.billingPeriod, formatMonth(filters.billingPeriod));
    case 'custom': return dayWindow(filters.from, filters.to, 'Custom range');
    case 'range':
      switch (filters.range) {
        case '7d': return dayWindow(addDays(today, -6), today, PRESET_LABELS['7d']);
        case '30d': return dayWindow(addDays(today, -29), today, PRESET_LABELS['30d']);
        case '90d': return dayWindow(addDays(today, -89), today, PRESET_LABELS['90d']);
        case 'this-month': {
          const period = billingPeriodOf(now);
          return monthWindow(period, `${PRESET_LABELS['this-month']} (${formatMonth(period)})`);
        }
        case 'last-month': {
          const period = billingPeriodOf(new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 1, 1)));
          return monthWindow(period, `${PRESET_LABELS['last-month']} (${formatMonth(period)})`);
        }
      }
  }
}

export function presetLabel(range: RangePreset): string {
  return PRESET_LABELS[range];
}

function formatMonth(period: string): string {
  const [year, month] = period.split('-').map(Number);
  return `${['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October',
    'November', 'December'][month - 1]} ${year}`;
}

/** The days of a billing period, "YYYY-MM-DD", for the daily chart's axis. */
export function daysOfPeriod(period: string): string[] {
  if (!PERIOD.test(period)) return [];
  const [year, month] = period.split('-').map(Number);
  const count = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return Array.from({ length: count }, (_, i) => `${period}-${String(i + 1).padStart(2, '0')}`);
}
