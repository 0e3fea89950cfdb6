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

export interface AnalyticsFilters {
  billingPeriod: string;
}

export function parseAnalyticsFilters(search: string, now: Date): AnalyticsFilters {
  const period = new URLSearchParams(search).get('billing_period') ?? '';
  return { billingPeriod: PERIOD.test(period) ? period : billingPeriodOf(now) };
}

export function analyticsFiltersToSearch(filters: AnalyticsFilters): string {
  return `?billing_period=${filters.billingPeriod}`;
}

export function analyticsFiltersToApiQuery(filters: AnalyticsFilters): AnalyticsQuery {
  return { billing_period: filters.billingPeriod };
}

/** The days of a billing period, "YYYY-MM-DD", for the daily chart's axis. */
export function daysOfPeriod(period: string): string[] {
  if (!PERIOD.test(period)) return [];
  const [year, month] = period.split('-').map(Number);
  const count = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return Array.from({ length: count }, (_, i) => `${period}-${String(i + 1).padStart(2, '0')}`);
}
