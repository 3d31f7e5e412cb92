// Pure helpers of hours (研習時數; unit-tested in hours.test.ts): the template file, hours
// as typed (in halves), outcome and ledger labels, which grants are in force, what one grant
// request can carry and how many 全部核發 means, where each error of a grant goes, the errors
// in words, and the teacher's period (school year or calendar year).
import { HOURS_OUTCOMES, paths } from '../../api/domain';
import { errorParam, inputErrorText, LOCAL_ERROR, type InputErrorLike } from '../../api/inputErrors';
import { spreadsheetErrorText } from '../../api/spreadsheetErrors';
import { GrantHoursDocument, type HourEntryFieldsFragment, type HourEntryKind, type HoursEntryInput, type HoursOutcome, type HoursPayloadFieldsFragment } from '../../gql/graphql';
import { taipeiDay } from '../../i18n/format';
import type { Locale, Translate } from '../../i18n/translate';
import { formatHours } from '../courses/model';
import { currentSchoolYear } from '../roster/schoolYear';
import { normalizePersonalCode } from '../teachers/model';

export type HoursPayload = HoursPayloadFieldsFragment;
export type HoursRow = HoursPayload['rows'][number];
export type HourEntry = HourEntryFieldsFragment;

/* ---------- The template file ---------- */

/** The template's columns, in order (the server also reads an optional 理由). */
export const HOURS_TEMPLATE_COLUMNS = ['個人專用識別碼', '姓名', '時數'] as const;

/** The template's file name, with the course code when it has one. */
export function hoursTemplateFileName(courseCode: string | null | undefined): string {
  return courseCode ? `時數核發-${courseCode}.csv` : '時數核發.csv';
}

/**
 * One CSV cell: quoted when it holds a comma, quote or line break, and a leading =, +, -,
 * @ or tab neutralized with an apostrophe so a spreadsheet never runs it as a formula (the
 * server ignores 姓名, the only free text here).
 */
export function csvCell(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/**
 * The template CSV, made in the browser from the admitted registrations: UTF-8 with a BOM
 * (so Excel reads it as UTF-8), the header row, then one row per teacher with a personal
 * code (10 symbols, no hyphens), the name and the course's hours; CRLF line ends.
 */
export function hoursTemplateCsv(rows: readonly { personalCode: string | null; teacherName: string }[], hours: number): string {
  const lines = [HOURS_TEMPLATE_COLUMNS.join(',')];
  for (const r of rows) {
    if (!r.personalCode) continue;
    lines.push([normalizePersonalCode(r.personalCode), csvCell(r.teacherName), formatHours(hours)].join(','));
  }
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}

/* ---------- Hours as typed ---------- */

/** What is wrong with hours as typed: nothing typed, not a number, not in halves, not above 0, more than the course's. */
export type HoursProblem = 'required' | 'number' | 'halves' | 'range' | 'max';

const FULL_WIDTH = /[０-９．]/g;

/**
 * Hours as typed in a grant row: `3`, `3.5`, `3.0`, full-width digits too. They must be a
 * positive number of halves, and at most `max` (the course's hours) when given; the server
 * checks the same.
 */
export function parseHours(input: string, max?: number): { hours: number; problem: null } | { hours: null; problem: HoursProblem } {
  const text = input.replace(FULL_WIDTH, (c) => (c === '．' ? '.' : String.fromCharCode(c.charCodeAt(0) - 0xfee0))).trim();
  if (text === '') return { hours: null, problem: 'required' };
  if (!/^(\d+(\.\d*)?|\.\d+)$/.test(text)) return { hours: null, problem: 'number' };
  const hours = Number(text);
  if (!Number.isInteger(hours * 2)) return { hours: null, problem: 'halves' };
  if (hours <= 0) return { hours: null, problem: 'range' };
  if (max !== undefined && hours > max) return { hours: null, problem: 'max' };
  return { hours, problem: null };
}

/** A problem with typed hours in words. */
export function hoursProblemText(problem: HoursProblem, t: Translate, max?: number): string {
  switch (problem) {
    case 'required':
      return t('hours.error.hoursRequired');
    case 'number':
      return t('hours.error.notNumber');
    case 'halves':
      return t('hours.error.halves');
    case 'range':
      return t('hours.error.positive');
    case 'max':
      return t('hours.error.max', { max: formatHours(max ?? 0) });
  }
}

/** +3, −2.5: a ledger entry's hours with their sign. */
export function signedHours(hours: number): string {
  return hours < 0 ? `−${formatHours(-hours)}` : `+${formatHours(hours)}`;
}

/* ---------- Outcomes and the ledger ---------- */

/** The message key of an outcome's label (新增 / 更正 / 不變 / 錯誤). */
export function outcomeKey(outcome: HoursOutcome): `hours.outcome.${HoursOutcome}` {
  return `hours.outcome.${outcome}`;
}

export const OUTCOME_BADGE: Record<HoursOutcome, string> = {
  NEW: 'badge-success',
  CORRECTED: 'badge-warning',
  UNCHANGED: 'badge-muted',
  ERROR: 'badge-danger',
};

/** The number of rows with an outcome, from the payload's counts. */
export function outcomeCount(payload: HoursPayload, outcome: HoursOutcome): number {
  switch (outcome) {
    case 'NEW':
      return payload.newCount;
    case 'CORRECTED':
      return payload.correctedCount;
    case 'UNCHANGED':
      return payload.unchangedCount;
    case 'ERROR':
      return payload.errorCount;
  }
}

/** The counts as a sentence's values: rows and every outcome. */
export function outcomeValues(payload: HoursPayload): Record<string, number> {
  const values: Record<string, number> = { rows: payload.rows.length };
  for (const o of HOURS_OUTCOMES) values[o.toLowerCase()] = outcomeCount(payload, o);
  return values;
}

/** The message key of a ledger entry's kind (核發 / 撤銷). */
export function entryKindKey(kind: HourEntryKind): `hours.kind.${HourEntryKind}` {
  return `hours.kind.${kind}`;
}

/**
 * The grants in force among ledger entries, by personal code: grants no later entry
 * revoked (a correction revokes the grant before it and grants anew). Computed from the
 * entries loaded; the server decides with the whole ledger.
 */
export function grantsInForce(entries: readonly HourEntry[]): Map<string, { id: string; hours: number }> {
  const revoked = new Set(entries.filter((e) => e.kind === 'REVOCATION' && e.revokesId).map((e) => e.revokesId));
  const out = new Map<string, { id: string; hours: number }>();
  for (const e of entries) {
    if (e.kind !== 'GRANT' || e.revoked || revoked.has(e.id)) continue;
    out.set(normalizePersonalCode(e.personalCode), { id: e.id, hours: e.hours });
  }
  return out;
}

/** Rows in error first, then in file order. */
export function orderRows(rows: readonly HoursRow[], errorsOnly = false): HoursRow[] {
  const bad = (r: HoursRow) => r.outcome === 'ERROR' || r.errors.length > 0;
  return rows.filter((r) => !errorsOnly || bad(r)).sort((a, b) => Number(bad(b)) - Number(bad(a)) || a.line - b.line);
}

/** Whether 確認核發 may be offered: a dry run with rows, none in error, not yet applied. */
export function canConfirm(payload: HoursPayload | null): boolean {
  return payload !== null && !payload.committed && payload.errorCount === 0 && payload.errors.length === 0 && payload.rows.length > 0;
}

/* ---------- One grant request ---------- */

/**
 * Most entries one `grantHours` takes: the server's limit (MAX_ROWS, as for a file), which it
 * answers with BAD_REQUEST ("upload a file for more"); schema.graphql does not document it.
 */
export const GRANT_MAX_ENTRIES = 20_000;
/**
 * The largest request body the server takes by default (INSERVICE_MAX_BODY_BYTES, 256 KiB;
 * uploads have their own 5 MB): in practice a few thousand entries, fewer with long reasons.
 */
export const GRANT_MAX_BODY_BYTES = 256 * 1024;

/** The size in bytes of the body `request` sends for a grant of these entries. */
export function grantBodyBytes(courseId: string, entries: readonly HoursEntryInput[]): number {
  return new TextEncoder().encode(JSON.stringify({ query: GrantHoursDocument.toString(), variables: { courseId, entries } })).length;
}

/** Whether one `grantHours` can carry these entries (if not, the file upload can). */
export function fitsOneGrant(courseId: string, entries: readonly HoursEntryInput[]): boolean {
  return entries.length <= GRANT_MAX_ENTRIES && grantBodyBytes(courseId, entries) <= GRANT_MAX_BODY_BYTES;
}

/**
 * Whether `count` entries could fit one grant at all, each at its smallest (a code and the
 * course's hours, no reason): to tell before loading every page of a large course.
 */
export function countMayFitOneGrant(courseId: string, count: number, hours: number): boolean {
  if (count > GRANT_MAX_ENTRIES) return false;
  return fitsOneGrant(courseId, Array.from({ length: count }, () => ({ personalCode: '0000000000', hours, reason: null })));
}

/**
 * How many 全部核發 covers: every admitted registration, the server's total while pages are
 * still to load (or more if more are loaded already), else exactly the rows loaded.
 */
export function grantAllCount(loaded: number, total: number, hasNextPage: boolean): number {
  return hasNextPage ? Math.max(total, loaded) : loaded;
}

/* ---------- Where errors go ---------- */

/** `entries[2].hours` → entry 2, field `hours`; null for fields of the whole request. */
export function splitEntryField(field: string | null | undefined): { index: number; field: string } | null {
  const m = /^entries\[(\d+)\]\.(\w+)$/.exec(field ?? '');
  return m ? { index: Number(m[1]), field: m[2] ?? '' } : null;
}

/**
 * The errors of a `grantHours` answer by entry index, each with its plain field
 * (`personalCode`, `hours`, `reason`), so a row shows its own beside its inputs.
 */
export function errorsByEntry(payload: Pick<HoursPayload, 'rows'>): Map<number, InputErrorLike[]> {
  const out = new Map<number, InputErrorLike[]>();
  for (const row of payload.rows) {
    for (const e of row.errors) {
      const at = splitEntryField(e.field);
      const index = at?.index ?? row.line;
      const list = out.get(index) ?? [];
      list.push({ field: at?.field ?? e.field ?? null, code: e.code, message: e.message, params: e.params });
      out.set(index, list);
    }
  }
  return out;
}

/** The column a row error is about (upload rows name `personalCode`, `hours`, `reason`). */
export function errorColumnKey(field: string | null | undefined): 'hours.column.personalCode' | 'hours.column.hours' | 'hours.column.reason' | 'hours.column.name' | null {
  const plain = splitEntryField(field)?.field ?? field;
  switch (plain) {
    case 'personalCode':
    case 'hours':
    case 'reason':
    case 'name':
      return `hours.column.${plain}`;
    default:
      return null;
  }
}

/* ---------- Errors in words ---------- */

/**
 * An error of granting, uploading or revoking in the user's language. zh-TW words it from
 * field and code with the facts of the server's sentence (who is not admitted, the hours
 * granted before, the course's hours, the line repeated); English keeps the server's
 * sentence. Unknown cases fall back to the code's general wording, then to the message.
 */
export function hoursErrorText(error: InputErrorLike, t: Translate, locale: Locale): string {
  if (error.code === LOCAL_ERROR) return error.message;
  if (locale === 'en' && error.message) return error.message;
  const field = splitEntryField(error.field)?.field ?? error.field ?? '';
  const problem = errorParam(error, 'problem');
  if (problem === 'formula') return t('import.cell.formula');
  switch (field) {
    case 'personalCode':
      if (error.code === 'NOT_FOUND') return t('registration.error.codeUnknown');
      if (error.code === 'CONFLICT') {
        const code = errorParam(error, 'personalCode');
        if (code) return t('hours.error.notAdmitted', { code });
      }
      if (error.code === 'INVALID_FORMAT') return problem === 'checksum' ? t('registration.error.codeCheck') : t('registration.error.codeFormat');
      if (error.code === 'REQUIRED') return t('hours.error.codeRequired');
      if (error.code === 'ALREADY_EXISTS') {
        const line = errorParam(error, 'line');
        return line ? t('hours.error.duplicateLine', { line }) : t('hours.error.duplicate');
      }
      break;
    case 'hours':
      if (error.code === 'REQUIRED') return t('hours.error.hoursRequired');
      if (error.code === 'OUT_OF_RANGE') {
        const max = errorParam(error, 'max');
        if (max) return t('hours.error.moreThanCourse', { hours: errorParam(error, 'hours') ?? '', max });
        if (problem === 'halves') return t('hours.error.halves');
        if (problem === 'notNumber') return t('hours.error.notNumber');
        return t('hours.error.positive');
      }
      break;
    case 'reason':
      if (error.code === 'REQUIRED') {
        const granted = errorParam(error, 'hours');
        if (granted) return t('hours.error.reasonForCorrection', { hours: granted });
        return t('hours.error.reasonRequired');
      }
      if (error.code === 'TOO_LONG') return t('hours.error.reasonTooLong');
      break;
    case 'courseId':
      if (error.code === 'CONFLICT' && errorParam(error, 'from')) return t('hours.error.notStarted', { at: errorParam(error, 'from') ?? '' });
      if (error.code === 'CONFLICT') return t('hours.error.notApproved');
      if (error.code === 'NOT_FOUND') return t('registration.error.noCourse');
      break;
    case 'grantId':
      if (error.code === 'CONFLICT') return t('hours.error.alreadyRevoked');
      if (error.code === 'NOT_FOUND') return t('hours.error.noGrant');
      break;
    case 'file':
      return hoursFileErrorText(error, t, locale);
    default:
      break;
  }
  return inputErrorText(error, t, locale);
}

/** A problem with the whole uploaded file (field `file`) in the user's language. */
export function hoursFileErrorText(error: InputErrorLike, t: Translate, locale: Locale): string {
  return spreadsheetErrorText(error, t, locale, {
    headers: t('hours.file.headers'),
    tooManyRows: (max) => t('hours.file.tooManyRows', { max }),
  });
}

/** Errors worded for hours, as already-translated errors that fields show as they are. */
export function localizeHoursErrors(errors: readonly InputErrorLike[], t: Translate, locale: Locale): InputErrorLike[] {
  return errors.map((e) => ({ field: e.field ?? null, code: LOCAL_ERROR, message: hoursErrorText(e, t, locale) }));
}

/* ---------- The teacher's period ---------- */

export type Period = { kind: 'schoolYear'; year: number } | { kind: 'calendarYear'; year: number };

/** The calendar year in Taipei. */
export function currentCalendarYear(now: Date = new Date()): number {
  return Number(taipeiDay(now).slice(0, 4));
}

/**
 * The period of `/my/hours?schoolYear=115` or `?calendarYear=2026` (the ranges the API
 * accepts); anything else is the current school year.
 */
export function parsePeriod(search: string, now: Date = new Date()): Period {
  const params = new URLSearchParams(search);
  const school = params.get('schoolYear');
  if (school && /^\d{2,3}$/.test(school) && Number(school) >= 50 && Number(school) <= 300) return { kind: 'schoolYear', year: Number(school) };
  const calendar = params.get('calendarYear');
  if (calendar && /^\d{4}$/.test(calendar) && Number(calendar) >= 1961 && Number(calendar) <= 2211) return { kind: 'calendarYear', year: Number(calendar) };
  return { kind: 'schoolYear', year: currentSchoolYear(now) };
}

/** The current period of a kind: this school year, or this calendar year. */
export function currentPeriod(kind: Period['kind'], now: Date = new Date()): Period {
  return kind === 'schoolYear' ? { kind, year: currentSchoolYear(now) } : { kind, year: currentCalendarYear(now) };
}

/** The query's variables: exactly one of the two years. */
export function periodVariables(period: Period): { schoolYear: number | null; calendarYear: number | null } {
  return period.kind === 'schoolYear' ? { schoolYear: period.year, calendarYear: null } : { schoolYear: null, calendarYear: period.year };
}

/** The page's path for a period. */
export function periodPath(period: Period): string {
  return paths.myHours(period.kind === 'schoolYear' ? { schoolYear: period.year } : { calendarYear: period.year });
}

/** The years to choose from: the current one and the nine before, and the chosen one if older. */
export function yearOptions(period: Period, now: Date = new Date()): number[] {
  const current = currentPeriod(period.kind, now).year;
  const years = Array.from({ length: 10 }, (_, i) => current - i);
  if (!years.includes(period.year)) years.push(period.year);
  return years.sort((a, b) => b - a);
}

/** 115 學年度, 2026 年 (School year 115, 2026). */
export function periodLabel(period: Period, t: Translate): string {
  return t(period.kind === 'schoolYear' ? 'myHours.schoolYearValue' : 'myHours.calendarYearValue', { year: period.year });
}
