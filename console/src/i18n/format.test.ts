import { describe, expect, it } from 'vitest';
import { daysSince, endOfTaipeiDay, formatDate, formatDateTime, startOfTaipeiDay, taipeiDay } from './format';

describe('dates in Asia/Taipei', () => {
  // 16:30 UTC is 00:30 the next day in Taipei (UTC+8, no daylight saving time).
  const lateUtc = '2026-11-27T16:30:00Z';

  it('formats the Taipei calendar day, whatever the machine zone', () => {
    expect(formatDate(lateUtc, 'zh-TW')).toBe('2026/11/28');
    expect(formatDate(lateUtc, 'en')).toBe('28 Nov 2026');
  });

  it('formats Taipei wall-clock time on a 24-hour clock', () => {
    expect(formatDateTime(lateUtc, 'zh-TW')).toBe('2026/11/28 00:30');
    expect(formatDateTime('2026-11-28T11:05:00.349731Z', 'zh-TW')).toBe('2026/11/28 19:05');
    expect(formatDateTime(lateUtc, 'en')).toBe('28 Nov 2026, 00:30');
  });

  it('accepts offsets other than Z', () => {
    expect(formatDateTime('2026-11-28T09:00:00+09:00', 'zh-TW')).toBe('2026/11/28 08:00');
  });

  it('shows unparseable input as it is', () => {
    expect(formatDate('not a date', 'zh-TW')).toBe('not a date');
  });

  it('knows the Taipei day of an instant', () => {
    expect(taipeiDay(lateUtc)).toBe('2026-11-28');
    expect(taipeiDay('2026-11-27T15:59:59Z')).toBe('2026-11-27');
  });

  it('turns date-input values into Taipei day bounds', () => {
    expect(startOfTaipeiDay('2026-11-28')).toBe('2026-11-28T00:00:00+08:00');
    expect(endOfTaipeiDay('2026-11-28')).toBe('2026-11-28T23:59:59.999+08:00');
    expect(startOfTaipeiDay('')).toBeNull();
    expect(endOfTaipeiDay('28/11/2026')).toBeNull();
    expect(new Date(startOfTaipeiDay('2026-11-28') ?? '').toISOString()).toBe('2026-11-27T16:00:00.000Z');
  });

  it('counts whole days since an instant', () => {
    expect(daysSince('2026-11-01T00:00:00Z', new Date('2026-11-28T00:00:00Z'))).toBe(27);
    expect(daysSince('bad')).toBeNull();
  });
});
