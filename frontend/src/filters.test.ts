import { describe, expect, it } from 'vitest';
import {
  analyticsFiltersToApiQuery, analyticsFiltersToSearch, billingPeriodOf, csvFileName, daysOfPeriod, hasLogFilters,
  logFiltersToApiQuery, logFiltersToCsvQuery, logFiltersToSearch, NO_LOG_FILTERS, parseAnalyticsFilters,
  parseLogFilters, recentBillingPeriods, type LogFilters,
} from './filters';

describe('log filters in the query string', () => {
  it('round-trips every filter', () => {
    const filters: LogFilters = { provider: 'wavespeed', status: 'failed', billingPeriod: '2026-11', page: 3 };
    const search = logFiltersToSearch(filters);
    expect(search).toBe('?provider=wavespeed&status=failed&billing_period=2026-11&page=3');
    expect(parseLogFilters(search)).toEqual(filters);
  });

  it('leaves out what is not set', () => {
    expect(logFiltersToSearch(NO_LOG_FILTERS)).toBe('');
    expect(logFiltersToSearch({ ...NO_LOG_FILTERS, provider: 'google' })).toBe('?provider=google');
  });

  it('reads an empty address as no filter', () => {
    expect(parseLogFilters('')).toEqual(NO_LOG_FILTERS);
  });

  it.each([
    ['?status=maybe', 'status'],
    ['?billing_period=2026-13', 'billing period'],
    ['?billing_period=26-11', 'billing period'],
    ['?page=0', 'page'],
    ['?page=-2', 'page'],
    ['?page=1.5', 'page'],
    ['?provider=%3Cscript%3E', 'provider'],
  ])('drops a malformed %s (%s)', (search) => {
    expect(parseLogFilters(search)).toEqual(NO_LOG_FILTERS);
  });

  it('lower-cases provider ids', () => {
    expect(parseLogFilters('?provider=WaveSpeed').provider).toBe('wavespeed');
  });

  it('says whether any filter is set, ignoring the page', () => {
    expect(hasLogFilters({ ...NO_LOG_FILTERS, page: 4 })).toBe(false);
    expect(hasLogFilters({ ...NO_LOG_FILTERS, status: 'success' })).toBe(true);
  });
});

describe('log filters to the API', () => {
  it('pages by offset', () => {
    expect(logFiltersToApiQuery({ provider: 'openai', status: '', billingPeriod: '', page: 3 }))
      .toEqual({ provider: 'openai', limit: 50, offset: 100 });
  });

  it('exports the same filter as CSV, without paging', () => {
    expect(logFiltersToCsvQuery({ provider: 'google', status: 'success', billingPeriod: '2026-10', page: 7 }))
      .toEqual({ provider: 'google', status: 'success', billing_period: '2026-10' });
  });

  it('names the CSV after its filter', () => {
    expect(csvFileName(NO_LOG_FILTERS)).toBe('usage-logs.csv');
    expect(csvFileName({ provider: 'wavespeed', status: 'failed', billingPeriod: '2026-11', page: 1 }))
      .toBe('usage-logs-wavespeed-failed-2026-11.csv');
  });
});

describe('billing periods', () => {
  it('cuts periods in UTC', () => {
    expect(billingPeriodOf(new Date('2026-11-30T23:59:59Z'))).toBe('2026-11');
    expect(billingPeriodOf(new Date('2026-12-01T00:00:00Z'))).toBe('2026-12');
  });

  it('offers this month and the eleven before it, across a year end', () => {
    const periods = recentBillingPeriods(new Date('2026-02-10T00:00:00Z'));
    expect(periods).toHaveLength(12);
    expect(periods.slice(0, 3)).toEqual(['2026-02', '2026-01', '2025-12']);
    expect(periods[11]).toBe('2025-03');
  });

  it('lists the days of a period', () => {
    expect(daysOfPeriod('2028-02')).toHaveLength(29);
    expect(daysOfPeriod('2026-11')[29]).toBe('2026-11-30');
    expect(daysOfPeriod('nope')).toEqual([]);
  });
});

describe('analytics filters', () => {
  const now = new Date('2026-11-28T12:00:00Z');

  it('default to the current month', () => {
    expect(parseAnalyticsFilters('', now)).toEqual({ billingPeriod: '2026-11' });
    expect(parseAnalyticsFilters('?billing_period=garbage', now)).toEqual({ billingPeriod: '2026-11' });
  });

  it('round-trip through the query string and go to the API', () => {
    const search = analyticsFiltersToSearch({ billingPeriod: '2026-09' });
    expect(parseAnalyticsFilters(search, now)).toEqual({ billingPeriod: '2026-09' });
    expect(analyticsFiltersToApiQuery({ billingPeriod: '2026-09' })).toEqual({ billing_period: '2026-09' });
  });
});
