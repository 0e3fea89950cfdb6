import { describe, expect, it } from 'vitest';
import {
  decimalText, formatBillingPeriod, formatCount, formatDay, formatDuration, formatMoney, formatMoneyShort,
  formatPercent, formatTimestamp, groupThousands, roundDecimal, shiftDecimal, sumDecimals,
} from './format';

describe('decimalText', () => {
  it.each([
    [0.1, '0.1'],
    [4e-5, '0.00004'],
    [1.5e21, '1500000000000000000000'],
    ['0.5000', '0.5'],
    ['-0.000', '0'],
    ['007.250', '7.25'],
    ['1E+3', '1000'],
    [-2.5e-7, '-0.00000025'],
  ])('%s is %s', (input, expected) => {
    expect(decimalText(input)).toBe(expected);
  });

  it('refuses text that is not a number', () => {
    expect(() => decimalText('12abc')).toThrow(RangeError);
    expect(() => decimalText(Number.NaN)).toThrow(RangeError);
  });
});

describe('roundDecimal', () => {
  it.each([
    ['1.005', 2, '1.01'], // 1.005 is 1.00499999... as a double: decimal rounding gets it right
    ['1.004', 2, '1.00'],
    ['0.125', 2, '0.13'],
    ['-0.125', 2, '-0.13'],
    ['-0.001', 2, '0.00'],
    ['999.995', 2, '1000.00'],
    ['2.5', 0, '3'],
    ['0.0000375', 4, '0.0000'],
  ] as const)('%s to %i places is %s', (input, places, expected) => {
    expect(roundDecimal(input, places)).toBe(expected);
  });

  it('keeps precision a double would lose', () => {
    expect(roundDecimal('12345678901234567.895', 2)).toBe('12345678901234567.90');
  });
});

describe('formatMoney', () => {
  it.each([
    [0, '$0.00'],
    ['0', '$0.00'],
    [0.5, '$0.50'],
    [1.005, '$1.01'],
    ['1234567.891', '$1,234,567.89'],
    [0.025, '$0.025'],
    [0.000375, '$0.0004'],
    ['0.00125', '$0.0013'],
    [0.00004, '<$0.0001'],
    [-12.345, '-$12.35'],
    [3.2, '$3.20'],
    [0.1 + 0.2, '$0.30'],
  ])('%s is %s', (input, expected) => {
    expect(formatMoney(input)).toBe(expected);
  });

  it('shows a dash for an unknown cost', () => {
    expect(formatMoney(null)).toBe('—');
    expect(formatMoney(undefined)).toBe('—');
  });

  it('rounds whole dollars past a thousand on chart axes', () => {
    expect(formatMoneyShort(12500)).toBe('$12,500');
    expect(formatMoneyShort(2.5)).toBe('$2.50');
  });
});

describe('formatPercent', () => {
  it.each([
    [0.975, '97.5%'],
    [1, '100.0%'],
    [0, '0.0%'],
    [0.33333333, '33.3%'],
    [0.0005, '0.1%'],
    ['0.12345', '12.3%'],
  ])('%s is %s', (input, expected) => {
    expect(formatPercent(input)).toBe(expected);
  });

  it('shows a dash without calls', () => {
    expect(formatPercent(null)).toBe('—');
  });

  it('takes the number of decimals', () => {
    expect(formatPercent(0.5, 0)).toBe('50%');
  });
});

describe('formatDuration', () => {
  it.each([
    [0.85, '850 ms'],
    [0.0004, '0 ms'],
    [0.9996, '1.0 s'],
    [4.24, '4.2 s'],
    [59.97, '1 min 0 s'],
    [75, '1 min 15 s'],
    [3599.6, '1 h 0 min'],
    [7500, '2 h 5 min'],
  ])('%s s is %s', (input, expected) => {
    expect(formatDuration(input)).toBe(expected);
  });

  it('shows a dash for no value', () => {
    expect(formatDuration(null)).toBe('—');
    expect(formatDuration(Number.NaN)).toBe('—');
  });
});

describe('counts, times and periods', () => {
  it('groups thousands', () => {
    expect(formatCount(1234567)).toBe('1,234,567');
    expect(formatCount(999)).toBe('999');
    expect(formatCount(null)).toBe('—');
    expect(groupThousands('-1234.5678')).toBe('-1,234.5678');
  });

  it('shows instants in UTC', () => {
    expect(formatTimestamp('2026-11-28T10:15:30.123Z')).toBe('2026-11-28 10:15:30');
    expect(formatTimestamp('2026-11-28T23:30:00-02:00')).toBe('2026-11-29 01:30:00');
    expect(formatTimestamp('not a time')).toBe('not a time');
  });

  it('names billing periods and days', () => {
    expect(formatBillingPeriod('2026-11')).toBe('November 2026');
    expect(formatBillingPeriod('2026-13')).toBe('2026-13');
    expect(formatDay('2026-02-05')).toBe('Feb 5');
  });
});

describe('exact decimal arithmetic', () => {
  it.each([
    ['0.00000059', 6, '0.59'],
    [5.9e-7, 6, '0.59'],
    ['0.00005', 3, '0.05'],
    ['12.5', -3, '0.0125'],
    ['-1.5', 2, '-150'],
    ['0', 6, '0'],
  ])('%s shifted by %s is %s', (value, places, expected) => {
    expect(shiftDecimal(value, places)).toBe(expected);
  });

  it('sums money without a float in sight', () => {
    expect(sumDecimals([0.1, 0.2])).toBe('0.3');
    expect(sumDecimals(['3.08', '1.92', '0.0000000001'])).toBe('5.0000000001');
    expect(sumDecimals(['1', '-1.5'])).toBe('-0.5');
    expect(sumDecimals([])).toBe('0');
  });
});
