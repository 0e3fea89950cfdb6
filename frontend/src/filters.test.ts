import { describe, expect, it } from 'vitest';
import {
  addDays, analyticsFiltersToSearch, billingPeriodOf, csvFileName, daysBetween, daysOfPeriod, formatDayRange,
  hasLogFilters, isDay, logFiltersToApiQuery, logFiltersToCsvQuery, logFiltersToSearch, NO_LOG_FILTERS,
  parseAnalyticsFilters, parseLogFilters, recentBillingPeriods, resolveWindow, type AnalyticsFilters, type LogFilters,
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
  it('default to the last 30 days, with a clean address', () => {
    expect(parseAnalyticsFilters('')).toEqual({ kind: 'range', range: '30d' });
    expect(parseAnalyticsFilters('?billing_period=garbage')).toEqual({ kind: 'range', range: '30d' });
    expect(parseAnalyticsFilters('?range=13d')).toEqual({ kind: 'range', range: '30d' });
    expect(analyticsFiltersToSearch({ kind: 'range', range: '30d' })).toBe('');
  });

  it.each([
    [{ kind: 'range', range: '7d' } as AnalyticsFilters, '?range=7d'],
    [{ kind: 'range', range: 'last-month' } as AnalyticsFilters, '?range=last-month'],
    [{ kind: 'period', billingPeriod: '2026-09' } as AnalyticsFilters, '?billing_period=2026-09'],
    [{ kind: 'custom', from: '2026-11-03', to: '2026-11-20' } as AnalyticsFilters, '?from=2026-11-03&to=2026-11-20'],
  ])('round-trip %j through the address', (filters, search) => {
    expect(analyticsFiltersToSearch(filters)).toBe(search);
    expect(parseAnalyticsFilters(search)).toEqual(filters);
  });

  it('refuse custom ranges that are not real days, backwards, or too long', () => {
    expect(parseAnalyticsFilters('?from=2026-02-29&to=2026-03-02').kind).toBe('range'); // 2026 is no leap year
    expect(parseAnalyticsFilters('?from=2028-02-29&to=2028-03-02')).toEqual({ kind: 'custom', from: '2028-02-29', to: '2028-03-02' });
    expect(parseAnalyticsFilters('?from=2026-11-20&to=2026-11-03').kind).toBe('range');
    expect(parseAnalyticsFilters('?from=2020-01-01&to=2026-01-01').kind).toBe('range');
  });

  // The edges of time: each case is an instant and what "last 7 days", "this month" and "last month" mean then.
  it.each([
    ['the first minute of a month', '2027-03-01T00:00:30Z', '2027-02-23', '2027-03-01', '2027-03', '2027-02'],
    ['the last minute of a month', '2027-04-30T23:59:30Z', '2027-04-24', '2027-04-30', '2027-04', '2027-03'],
    ['31 December, 23:59', '2026-12-31T23:59:00Z', '2026-12-25', '2026-12-31', '2026-12', '2026-11'],
    ['1 January, 00:00', '2027-01-01T00:00:00Z', '2026-12-26', '2027-01-01', '2027-01', '2026-12'],
    ['29 February', '2028-02-29T12:00:00Z', '2028-02-23', '2028-02-29', '2028-02', '2028-01'],
    ['1 March after a leap day', '2028-03-01T00:00:01Z', '2028-02-24', '2028-03-01', '2028-03', '2028-02'],
  ])('at %s (%s) the windows end today, in UTC', (_, instant, weekStart, today, thisMonth, lastMonth) => {
    const now = new Date(instant);
    const week = resolveWindow({ kind: 'range', range: '7d' }, now);
    expect(week.query).toEqual({ from: weekStart, to: addDays(today, 1) });
    expect(week.days).toHaveLength(7);
    expect(week.days[0]).toBe(weekStart);
    expect(week.days[6]).toBe(today);
    expect(new Date(week.to).getTime()).toBeGreaterThan(now.getTime());
    expect(new Date(week.from).getTime()).toBeLessThanOrEqual(now.getTime());
    const month = resolveWindow({ kind: 'range', range: 'this-month' }, now);
    expect(month.query).toEqual({ billing_period: thisMonth });
    expect(month.days[0]).toBe(`${thisMonth}-01`);
    expect(resolveWindow({ kind: 'range', range: 'last-month' }, now).query).toEqual({ billing_period: lastMonth });
    expect(resolveWindow({ kind: 'range', range: '30d' }, now).days).toHaveLength(30);
    expect(resolveWindow({ kind: 'range', range: '90d' }, now).days).toHaveLength(90);
  });

  it('label windows with their days, across a year end', () => {
    const w = resolveWindow({ kind: 'range', range: '7d' }, new Date('2027-01-02T08:00:00Z'));
    expect(w.label).toBe('Last 7 days (Dec 27, 2026 – Jan 2, 2027)');
    expect(resolveWindow({ kind: 'period', billingPeriod: '2028-02' }, new Date('2028-03-10T00:00:00Z')).days).toHaveLength(29);
    expect(formatDayRange('2026-11-02', '2026-12-01')).toBe('Nov 2 – Dec 1, 2026');
  });

  it('tell real days from look-alikes and count days across months', () => {
    expect(isDay('2028-02-29')).toBe(true);
    expect(isDay('2027-02-29')).toBe(false);
    expect(isDay('2026-13-01')).toBe(false);
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
    expect(addDays('2028-03-01', -1)).toBe('2028-02-29');
    expect(daysBetween('2026-12-30', '2027-01-02')).toEqual(['2026-12-30', '2026-12-31', '2027-01-01', '2027-01-02']);
  });
});
