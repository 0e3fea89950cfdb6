// Formatting of money, percentages, durations, counts and times. Money is formatted from its decimal
// text, never through floating-point arithmetic: the API sends exact decimals, and a JavaScript number
// prints back the same decimal it was parsed from (up to 15 significant digits), so String(n) is exact.

/** A number or its decimal text, as the API sends money. */
export type Decimal = number | string;

const DASH = '—';

/** The plain decimal text of a value: "0.00004" rather than "4e-5". Throws on text that is not a number. */
export function decimalText(value: Decimal): string {
  let text = typeof value === 'number' ? String(value) : value.trim();
  if (typeof value === 'number' && !Number.isFinite(value)) throw new RangeError(`not a finite number: ${value}`);
  const match = /^([+-]?)(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/.exec(text);
  if (!match || (match[2] === '' && (match[3] ?? '') === '')) throw new RangeError(`not a decimal number: ${text}`);
  const sign = match[1] === '-' ? '-' : '';
  let digits = (match[2] || '0') + (match[3] ?? '');
  let point = (match[2] || '0').length + Number(match[4] ?? 0);
  if (point <= 0) {
    digits = '0'.repeat(1 - point) + digits;
    point = 1;
  }
  if (point > digits.length) digits += '0'.repeat(point - digits.length);
  const integer = digits.slice(0, point).replace(/^0+(?=\d)/, '');
  const fraction = digits.slice(point).replace(/0+$/, '');
  text = fraction ? `${integer}.${fraction}` : integer;
  return text === '0' ? '0' : sign + text;
}

/** Rounds decimal text to `places` decimals, half away from zero, as text with exactly that many decimals. */
export function roundDecimal(value: Decimal, places: number): string {
  const text = decimalText(value);
  const negative = text.startsWith('-');
  const [integerPart, fractionPart = ''] = (negative ? text.slice(1) : text).split('.');
  const padded = fractionPart.padEnd(places + 1, '0');
  const kept = integerPart + padded.slice(0, places);
  let rounded = BigInt(kept);
  if (Number(padded[places]) >= 5) rounded += 1n;
  let digits = rounded.toString().padStart(places + 1, '0');
  const integer = digits.slice(0, digits.length - places);
  const fraction = digits.slice(digits.length - places);
  digits = places > 0 ? `${integer}.${fraction}` : integer;
  const isZero = rounded === 0n;
  return negative && !isZero ? `-${digits}` : digits;
}

/** 1234567 → "1,234,567" on the integer part of decimal text. */
export function groupThousands(text: string): string {
  const negative = text.startsWith('-');
  const [integer, fraction] = (negative ? text.slice(1) : text).split('.');
  const grouped = integer.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return (negative ? '-' : '') + grouped + (fraction !== undefined ? `.${fraction}` : '');
}

/**
 * US dollars: cents from $1 up ("$1,234.57"); below $1 up to four decimals so small per-call prices
 * stay visible ("$0.025", "$0.0004"); below $0.0001 "<$0.0001". Null is "—".
 */
export function formatMoney(value: Decimal | null | undefined): string {
  if (value === null || value === undefined) return DASH;
  const text = decimalText(value);
  const negative = text.startsWith('-');
  const magnitude = negative ? text.slice(1) : text;
  const sign = negative ? '-' : '';
  if (magnitude === '0') return '$0.00';
  const [integer] = magnitude.split('.');
  if (integer !== '0') return `${sign}$${groupThousands(roundDecimal(magnitude, 2))}`;
  const four = roundDecimal(magnitude, 4);
  if (four === '0.0000') return `${negative ? '>-' : '<'}$0.0001`;
  // keep at least cents, drop zeros past them: 0.5000 → 0.50, 0.0250 → 0.025
  const trimmed = four.replace(/(\.\d\d\d*?)0+$/, '$1');
  return `${sign}$${trimmed}`;
}

/** Money for chart axes and tiles: whole dollars past $1,000, else cents. */
export function formatMoneyShort(value: Decimal): string {
  const text = decimalText(value);
  const magnitude = text.replace('-', '');
  const integer = magnitude.split('.')[0];
  if (integer.length > 3) return `${text.startsWith('-') ? '-' : ''}$${groupThousands(roundDecimal(magnitude, 0))}`;
  return formatMoney(value);
}

/** A ratio (0.975) as a percentage with one decimal ("97.5%"); null is "—". */
export function formatPercent(ratio: Decimal | null | undefined, places = 1): string {
  if (ratio === null || ratio === undefined) return DASH;
  const text = decimalText(ratio);
  const negative = text.startsWith('-');
  const [integer, fraction = ''] = (negative ? text.slice(1) : text).split('.');
  const shifted = `${integer}${fraction.padEnd(2, '0').slice(0, 2)}.${fraction.slice(2) || '0'}`;
  return `${negative ? '-' : ''}${roundDecimal(shifted, places)}%`;
}

/**
 * Seconds as a duration a person reads: "850 ms", "4.2 s", "1 min 15 s", "2 h 5 min"; null is "—".
 */
export function formatDuration(seconds: number | null | undefined): string {
  if (seconds === null || seconds === undefined || !Number.isFinite(seconds)) return DASH;
  if (seconds < 0) return `-${formatDuration(-seconds)}`;
  if (seconds < 1) {
    const ms = Math.round(seconds * 1000);
    return ms >= 1000 ? '1.0 s' : `${ms} ms`;
  }
  if (seconds < 60) {
    const tenths = Math.round(seconds * 10) / 10;
    return tenths >= 60 ? '1 min 0 s' : `${tenths.toFixed(1)} s`;
  }
  const total = Math.round(seconds);
  if (total < 3600) return `${Math.floor(total / 60)} min ${total % 60} s`;
  const minutes = Math.round(seconds / 60);
  return `${Math.floor(minutes / 60)} h ${minutes % 60} min`;
}

/** A count with thousands separators; null is "—". */
export function formatCount(value: number | null | undefined): string {
  if (value === null || value === undefined) return DASH;
  return groupThousands(String(Math.trunc(value)));
}

/** An instant as "2026-11-28 10:15:30" in UTC, the zone billing periods are cut in. */
export function formatTimestamp(iso: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return date.toISOString().slice(0, 19).replace('T', ' ');
}

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September',
  'October', 'November', 'December'];

/** "2026-11" → "November 2026". */
export function formatBillingPeriod(period: string): string {
  const match = /^(\d{4})-(\d{2})$/.exec(period);
  if (!match) return period;
  const month = Number(match[2]);
  return month >= 1 && month <= 12 ? `${MONTHS[month - 1]} ${match[1]}` : period;
}

/** "2026-11-05" → "Nov 5". */
export function formatDay(date: string): string {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  if (!match) return date;
  return `${MONTHS[Number(match[2]) - 1]?.slice(0, 3) ?? match[2]} ${Number(match[3])}`;
}

/** Decimal text times 10^places (places may be negative), exactly: "0.00000059" shifted by 6 is "0.59". */
export function shiftDecimal(value: Decimal, places: number): string {
  const text = decimalText(value);
  const negative = text.startsWith('-');
  const [integer, fraction = ''] = (negative ? text.slice(1) : text).split('.');
  let digits = integer + fraction;
  let point = integer.length + places;
  if (point <= 0) {
    digits = '0'.repeat(1 - point) + digits;
    point = 1;
  }
  if (point > digits.length) digits += '0'.repeat(point - digits.length);
  return decimalText(`${negative ? '-' : ''}${digits.slice(0, point)}.${digits.slice(point) || '0'}`);
}

/** The exact sum of decimals, as decimal text (integer arithmetic at the largest scale among them). */
export function sumDecimals(values: readonly Decimal[]): string {
  const texts = values.map(decimalText);
  const scale = Math.max(0, ...texts.map((t) => (t.split('.')[1] ?? '').length));
  let total = 0n;
  for (const t of texts) {
    const negative = t.startsWith('-');
    const [integer, fraction = ''] = (negative ? t.slice(1) : t).split('.');
    const units = BigInt(integer + fraction.padEnd(scale, '0'));
    total += negative ? -units : units;
  }
  const negative = total < 0n;
  const digits = (negative ? -total : total).toString().padStart(scale + 1, '0');
  const text = scale > 0 ? `${digits.slice(0, digits.length - scale)}.${digits.slice(digits.length - scale)}` : digits;
  return decimalText(negative ? `-${text}` : text);
}
