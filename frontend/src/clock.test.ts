import { afterEach, describe, expect, it } from 'vitest';
import { followServerClock, now, resetClock } from './clock';

afterEach(() => resetClock());

describe('the page clock', () => {
  it('follows the server once told its time', () => {
    const received = Date.now();
    followServerClock('2028-02-29T23:58:00Z', received);
    const offset = now().getTime() - Date.parse('2028-02-29T23:58:00Z');
    expect(offset).toBeGreaterThanOrEqual(0);
    expect(offset).toBeLessThan(5_000);
  });

  it('ignores a time it cannot read', () => {
    followServerClock('2027-01-01T00:05:00Z', Date.now());
    followServerClock('not a time');
    expect(now().toISOString().startsWith('2027-01-01T00:0')).toBe(true);
  });
});
