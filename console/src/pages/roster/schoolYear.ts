// ROC school years (學年度): 1 August to 31 July, numbered from 1912 (115 = Aug 2026 – Jul 2027).
// Days are Taipei calendar days as YYYY-MM-DD strings, the form of <input type=date> and
// of the API's `Date`.
import { taipeiDay } from '../../i18n/format';

const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;

/** The school year a Taipei day belongs to. */
export function schoolYearOf(day: string): number {
  const m = DAY.exec(day);
  if (!m) throw new Error(`not a day: ${day}`);
  const year = Number(m[1]);
  const month = Number(m[2]);
  return month >= 8 ? year - 1911 : year - 1912;
}

/** The current school year in Taipei. */
export function currentSchoolYear(now: Date = new Date()): number {
  return schoolYearOf(taipeiDay(now));
}

/** The first and last day of a school year. */
export function schoolYearRange(schoolYear: number): { first: string; last: string } {
  return { first: `${1911 + schoolYear}-08-01`, last: `${1912 + schoolYear}-07-31` };
}

/** `day` plus `days` calendar days. */
export function addDays(day: string, days: number): string {
  const m = DAY.exec(day);
  if (!m) return day;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]) + days));
  return d.toISOString().slice(0, 10);
}

/** Whole days from `from` to `to` (negative when `to` is earlier). */
export function daysBetween(from: string, to: string): number {
  const a = Date.parse(`${from}T00:00:00Z`);
  const b = Date.parse(`${to}T00:00:00Z`);
  return Math.round((b - a) / 86_400_000);
}

/**
 * A deadline to suggest when opening a campaign: 30 days from today, but within the
 * school year (never after 31 July, never before 1 August).
 */
export function suggestedDeadline(schoolYear: number, today: string = taipeiDay()): string {
  const { first, last } = schoolYearRange(schoolYear);
  const start = today > first ? today : first;
  const day = addDays(start, 30);
  return day > last ? last : day;
}

/** A school year from a route parameter, or null when it is not one (100–200, as the API accepts). */
export function parseSchoolYear(value: string | undefined): number | null {
  if (!value || !/^\d{3}$/.test(value)) return null;
  const n = Number(value);
  return n >= 100 && n <= 200 ? n : null;
}
