// Dates and times are always shown in Asia/Taipei, whatever the browser's zone
// (Intl.DateTimeFormat with timeZone 'Asia/Taipei'; zh-TW dates as 2026/11/28).
import type { Locale } from './translate';

export const TIME_ZONE = 'Asia/Taipei';

const cache = new Map<string, Intl.DateTimeFormat>();

function formatter(key: string, locale: string, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  let f = cache.get(key);
  if (!f) {
    f = new Intl.DateTimeFormat(locale, { timeZone: TIME_ZONE, ...options });
    cache.set(key, f);
  }
  return f;
}

function dateFormatter(locale: Locale): Intl.DateTimeFormat {
  return locale === 'zh-TW'
    ? formatter('zh-TW:date', 'zh-TW', { year: 'numeric', month: '2-digit', day: '2-digit' })
    : formatter('en:date', 'en-GB', { year: 'numeric', month: 'short', day: 'numeric' });
}

/** HH:mm on a 24-hour clock, the same in every language. */
function timeFormatter(): Intl.DateTimeFormat {
  return formatter('time', 'en-GB', { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
}

function parse(value: string | Date): Date | null {
  const d = value instanceof Date ? value : new Date(value);
  return Number.isNaN(d.getTime()) ? null : d;
}

/** 2026/11/28 (zh-TW) or 28 Nov 2026 (en), in Taipei. */
export function formatDate(value: string | Date, locale: Locale): string {
  const d = parse(value);
  return d ? dateFormatter(locale).format(d) : String(value);
}

/** 19:05 in Taipei, the same in every language. */
export function formatTime(value: string | Date): string {
  const d = parse(value);
  return d ? timeFormatter().format(d) : String(value);
}

/** 2026/11/28 19:05 (zh-TW) or 28 Nov 2026, 19:05 (en), in Taipei. */
export function formatDateTime(value: string | Date, locale: Locale): string {
  const d = parse(value);
  if (!d) return String(value);
  const separator = locale === 'zh-TW' ? ' ' : ', ';
  return `${dateFormatter(locale).format(d)}${separator}${timeFormatter().format(d)}`;
}

/** The calendar day (YYYY-MM-DD) in Taipei at the given instant. */
export function taipeiDay(value: string | Date = new Date()): string {
  const d = parse(value) ?? new Date();
  const parts = new Intl.DateTimeFormat('en-CA', {
    timeZone: TIME_ZONE,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).formatToParts(d);
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  return `${get('year')}-${get('month')}-${get('day')}`;
}

const DAY = /^\d{4}-\d{2}-\d{2}$/;

/** The first instant of a Taipei calendar day (input type=date value), as RFC 3339. */
export function startOfTaipeiDay(day: string): string | null {
  return DAY.test(day) ? `${day}T00:00:00+08:00` : null;
}

/** The last instant of a Taipei calendar day, as RFC 3339 (for inclusive ranges). */
export function endOfTaipeiDay(day: string): string | null {
  return DAY.test(day) ? `${day}T23:59:59.999+08:00` : null;
}

/** Whole days from `value` to `now` (Taiwan has no daylight saving time). */
export function daysSince(value: string | Date, now: Date = new Date()): number | null {
  const d = parse(value);
  if (!d) return null;
  return Math.floor((now.getTime() - d.getTime()) / 86_400_000);
}

/** Taiwan has kept UTC+8 all year since 1980: no daylight saving time to allow for. */
const TAIPEI_OFFSET_MS = 8 * 60 * 60 * 1000;
const LOCAL = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?$/;

/**
 * A `datetime-local` value read as a time in Taipei, whatever the browser's zone, as
 * RFC 3339 with the +08:00 offset ("2026-12-01T09:30" → "2026-12-01T09:30:00+08:00").
 * Null for an empty or impossible value (2026-02-30T10:00).
 */
export function taipeiLocalToIso(local: string): string | null {
  const m = LOCAL.exec(local.trim());
  if (!m) return null;
  const [, y, mo, d, h, mi, s = '00'] = m;
  const utc = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s));
  const check = new Date(utc);
  // Date.UTC rolls 30 February over to March: refuse instead.
  if (
    check.getUTCFullYear() !== Number(y) ||
    check.getUTCMonth() !== Number(mo) - 1 ||
    check.getUTCDate() !== Number(d) ||
    check.getUTCHours() !== Number(h) ||
    check.getUTCMinutes() !== Number(mi) ||
    check.getUTCSeconds() !== Number(s)
  ) {
    return null;
  }
  return `${y}-${mo}-${d}T${h}:${mi}:${s}+08:00`;
}

/** An instant as a `datetime-local` value in Taipei, to the minute ("" when unreadable). */
export function isoToTaipeiLocal(value: string | Date | null | undefined): string {
  if (value == null || value === '') return '';
  const d = value instanceof Date ? value : new Date(value);
  if (Number.isNaN(d.getTime())) return '';
  return new Date(d.getTime() + TAIPEI_OFFSET_MS).toISOString().slice(0, 16);
}
