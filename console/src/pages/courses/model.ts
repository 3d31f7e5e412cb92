// Pure helpers of the course pages (unit-tested in courses.test.ts): the editor's draft
// and the input built from it, where each error goes, Taipei date ranges, what changed
// since the last review in words, and a delegation's period.
import { COUNTIES } from '../../api/domain';
import { errorParam, inputErrorText, LOCAL_ERROR, type InputErrorLike } from '../../api/inputErrors';
import type { CourseDetailFieldsFragment, CourseInput, CourseMode, CourseStatus, EducationStage } from '../../gql/graphql';
import { formatDate, formatDateTime, formatTime, isoToTaipeiLocal, taipeiDay, taipeiLocalToIso } from '../../i18n/format';
import { hasMessage, type Locale, type Translate } from '../../i18n/translate';

/** One row of the sessions table, as typed (`datetime-local` values, Taipei wall clock). */
export interface SessionDraft {
  /** Stable React key: rows are added and removed. */
  key: number;
  startsAt: string;
  endsAt: string;
}

/** The editor's fields as typed. */
export interface CourseDraft {
  title: string;
  description: string;
  nature: string;
  category: string;
  tags: string[];
  stages: EducationStage[];
  countyCodes: string[];
  roles: string[];
  mode: CourseMode;
  venue: string;
  url: string;
  sessions: SessionDraft[];
  hours: string;
  capacity: string;
  registrationOpensAt: string;
  registrationClosesAt: string;
  onsiteRegistration: boolean;
}

let nextKey = 1;
export function newSession(startsAt = '', endsAt = ''): SessionDraft {
  return { key: nextKey++, startsAt, endsAt };
}

export function emptyDraft(): CourseDraft {
  return {
    title: '',
    description: '',
    nature: '',
    category: '',
    tags: [],
    stages: [],
    countyCodes: [],
    roles: [],
    mode: 'IN_PERSON',
    venue: '',
    url: '',
    sessions: [newSession()],
    hours: '',
    capacity: '',
    registrationOpensAt: '',
    registrationClosesAt: '',
    onsiteRegistration: false,
  };
}

type EditableCourse = Pick<
  CourseDetailFieldsFragment,
  | 'title'
  | 'description'
  | 'nature'
  | 'category'
  | 'tags'
  | 'audience'
  | 'mode'
  | 'venue'
  | 'url'
  | 'sessions'
  | 'hours'
  | 'capacity'
  | 'registrationOpensAt'
  | 'registrationClosesAt'
  | 'onsiteRegistration'
>;

export function draftOf(c: EditableCourse): CourseDraft {
  return {
    title: c.title,
    description: c.description,
    nature: c.nature?.code ?? '',
    category: c.category?.code ?? '',
    tags: c.tags.map((t) => t.code),
    stages: [...c.audience.stages],
    countyCodes: [...c.audience.countyCodes],
    roles: c.audience.roles.map((r) => r.code),
    mode: c.mode,
    venue: c.venue ?? '',
    url: c.url ?? '',
    sessions: c.sessions.length > 0 ? c.sessions.map((s) => newSession(isoToTaipeiLocal(s.startsAt), isoToTaipeiLocal(s.endsAt))) : [newSession()],
    hours: String(c.hours),
    capacity: String(c.capacity),
    registrationOpensAt: isoToTaipeiLocal(c.registrationOpensAt),
    registrationClosesAt: isoToTaipeiLocal(c.registrationClosesAt),
    onsiteRegistration: c.onsiteRegistration,
  };
}

/** Sentences for what the browser itself finds wrong, already in the user's language. */
export interface DraftMessages {
  required: string;
  invalidDateTime: string;
  invalidNumber: string;
  invalidWholeNumber: string;
  halfHours: string;
}

export type Built<I> = { input: I; errors?: undefined } | { input?: undefined; errors: InputErrorLike[] };

const local = (field: string, message: string): InputErrorLike => ({ field, code: LOCAL_ERROR, message });

/** Modes that need a venue, and an address on the web. */
export const needsVenue = (mode: CourseMode) => mode === 'IN_PERSON' || mode === 'HYBRID';
export const needsUrl = (mode: CourseMode) => mode === 'ONLINE' || mode === 'HYBRID';

/**
 * createCourse's and updateCourse's input (an update replaces every field). What only the
 * browser can tell — a time or number that cannot be read — is reported here, beside its
 * field; everything else (order of times, hours against the schedule, codes) the server
 * checks and names.
 */
export function courseInput(d: CourseDraft, m: DraftMessages): Built<CourseInput> {
  const errors: InputErrorLike[] = [];
  const time = (field: string, value: string): string => {
    if (value.trim() === '') {
      errors.push(local(field, m.required));
      return '';
    }
    const iso = taipeiLocalToIso(value);
    if (!iso) errors.push(local(field, m.invalidDateTime));
    return iso ?? '';
  };
  const sessions = d.sessions.map((s, i) => ({
    startsAt: time(`sessions[${i}].startsAt`, s.startsAt),
    endsAt: time(`sessions[${i}].endsAt`, s.endsAt),
  }));
  let hours = Number.NaN;
  if (d.hours.trim() === '') errors.push(local('hours', m.required));
  else {
    hours = Number(d.hours);
    if (!Number.isFinite(hours)) errors.push(local('hours', m.invalidNumber));
    else if (hours <= 0 || !Number.isInteger(hours * 2)) errors.push(local('hours', m.halfHours));
  }
  let capacity = Number.NaN;
  if (d.capacity.trim() === '') errors.push(local('capacity', m.required));
  else {
    capacity = Number(d.capacity);
    if (!Number.isInteger(capacity)) errors.push(local('capacity', m.invalidWholeNumber));
  }
  const registrationOpensAt = time('registrationOpensAt', d.registrationOpensAt);
  const registrationClosesAt = time('registrationClosesAt', d.registrationClosesAt);
  if (errors.length > 0) return { errors };
  const text = (v: string) => (v.trim() === '' ? null : v.trim());
  return {
    input: {
      title: d.title,
      description: d.description,
      nature: d.nature,
      category: d.category,
      tags: d.tags,
      audience: { stages: d.stages, countyCodes: d.countyCodes, roles: d.roles },
      mode: d.mode,
      venue: text(d.venue),
      url: text(d.url),
      sessions,
      hours,
      capacity,
      registrationOpensAt,
      registrationClosesAt,
      onsiteRegistration: d.onsiteRegistration,
    },
  };
}

/** The editor's fields, by the names errors use; an error for any other field is shown above the form. */
export const COURSE_FIELDS = [
  'title',
  'description',
  'nature',
  'category',
  'tags',
  'audienceStages',
  'audienceCounties',
  'audienceRoles',
  'mode',
  'venue',
  'url',
  'sessions',
  'hours',
  'capacity',
  'registrationOpensAt',
  'registrationClosesAt',
  'onsiteRegistration',
] as const;

const ROW = /^sessions\[(\d+)\]\.(startsAt|endsAt)$/;

/**
 * Where an error is shown: a session's own field (`sessions[0].endsAt`), a list's
 * checkbox group for one of its entries (`tags[1]` → `tags`), or the field itself.
 * Null for errors about the whole request or fields the editor does not show.
 */
export function courseFieldKey(field: string | null | undefined): string | null {
  if (!field) return null;
  if (ROW.test(field)) return field;
  const base = field.replace(/\[\d+\].*$/, '');
  return (COURSE_FIELDS as readonly string[]).includes(base) ? base : null;
}

export interface PlacedErrors {
  byField: Partial<Record<string, InputErrorLike[]>>;
  general: InputErrorLike[];
}

export function placeCourseErrors(errors: readonly InputErrorLike[], sessionCount: number): PlacedErrors {
  const byField: Partial<Record<string, InputErrorLike[]>> = {};
  const general: InputErrorLike[] = [];
  for (const e of errors) {
    const key = courseFieldKey(e.field);
    const row = key ? ROW.exec(key) : null;
    if (!key || (row && Number(row[1]) >= sessionCount)) general.push(e);
    else (byField[key] ??= []).push(e);
  }
  return { byField, general };
}

/** The first field in error, in the order of the form (for focus). */
export function firstErrorKey(placed: PlacedErrors, sessionCount: number): string | null {
  const order: string[] = [];
  for (const f of COURSE_FIELDS) {
    if (f === 'sessions') {
      order.push('sessions');
      for (let i = 0; i < sessionCount; i += 1) order.push(`sessions[${i}].startsAt`, `sessions[${i}].endsAt`);
    } else order.push(f);
  }
  return order.find((k) => placed.byField[k]) ?? null;
}

/**
 * A course mutation's error in the user's language: zh-TW words the course's own checks
 * (end before start, hours beyond the schedule, …) from field and code; English keeps the
 * server's sentence, which names the values.
 */
export function courseErrorText(error: InputErrorLike, t: Translate, locale: Locale): string {
  if (error.code === LOCAL_ERROR) return error.message;
  if (locale === 'en' && error.message) return error.message;
  const group = (error.field ?? '').replace(/\[\d+\]/g, '');
  if (group === 'hours' && error.code === 'OUT_OF_RANGE') {
    const hours = errorParam(error, 'hours');
    const scheduled = errorParam(error, 'scheduled');
    if (hours && scheduled) return t('code.course.hours.schedule', { hours, scheduled });
  }
  if (group === 'registrationClosesAt' && error.code === 'OUT_OF_RANGE' && errorParam(error, 'problem') === 'afterStart') {
    return t('code.course.registrationClosesAt.start');
  }
  const key = `code.course.${group}.${error.code}`;
  if (group && hasMessage(key)) return t(key);
  return inputErrorText(error, t, locale);
}

/** "2026/12/12 09:00–12:00" on one Taipei day, else "2026/12/28 09:00 – 2026/12/29 12:00". */
export function formatCourseDates(startsAt: string, endsAt: string, locale: Locale): string {
  if (taipeiDay(startsAt) === taipeiDay(endsAt)) {
    const sep = locale === 'zh-TW' ? ' ' : ', ';
    return `${formatDate(startsAt, locale)}${sep}${formatTime(startsAt)}–${formatTime(endsAt)}`;
  }
  return `${formatDateTime(startsAt, locale)} – ${formatDateTime(endsAt, locale)}`;
}

/** Hours as people write them: 3, 3.5. */
export function formatHours(hours: number): string {
  return Number.isInteger(hours) ? String(hours) : hours.toFixed(1);
}

export const STATUS_BADGE: Record<CourseStatus, string> = {
  DRAFT: '',
  SUBMITTED: 'badge-warning',
  APPROVED: 'badge-success',
  RETURNED: 'badge-danger',
  REJECTED: 'badge-danger',
  CANCELLED: 'badge-muted',
  COMPLETED: 'badge-muted',
};

export interface CodeName {
  code: string;
  name: string;
  nameEn: string;
}

/** The code lists, for naming codes in "what changed". */
export interface CodeLookups {
  natures: readonly CodeName[];
  categories: readonly CodeName[];
  tags: readonly CodeName[];
  audienceRoles: readonly CodeName[];
}

export function codeName(list: readonly CodeName[], code: string, locale: Locale): string {
  const c = list.find((x) => x.code === code);
  return c ? (locale === 'zh-TW' ? c.name : c.nameEn) : code;
}

export function countyName(code: string, locale: Locale): string {
  const c = COUNTIES.find((x) => x.code === code);
  return c ? (locale === 'zh-TW' ? c.zh : c.en) : code;
}

/** The label of a field named in "what changed" (`hours` → 時數). */
export function changeFieldLabel(field: string, t: Translate): string {
  const key = `course.field.${field}`;
  return hasMessage(key) ? t(key) : field;
}

/**
 * A value of "what changed since the last review" as people read it. The server keeps
 * codes (`lecture`, `in_person`, `elementary, junior_high`, `true`); the console names them.
 */
export function changeValue(field: string, value: string | null | undefined, lookups: CodeLookups | null, t: Translate, locale: Locale): string {
  if (value == null || value === '') return t('common.none');
  const list = (v: string) => v.split(/,\s*/).filter((x) => x !== '');
  const join = (names: string[]) => names.join(locale === 'zh-TW' ? '、' : ', ');
  const stage = (s: string) => {
    const key = `stage.${s.toUpperCase()}`;
    return hasMessage(key) ? t(key) : s;
  };
  switch (field) {
    case 'nature':
      return lookups ? codeName(lookups.natures, value, locale) : value;
    case 'category':
      return lookups ? codeName(lookups.categories, value, locale) : value;
    case 'tags':
      return join(list(value).map((c) => (lookups ? codeName(lookups.tags, c, locale) : c)));
    case 'audienceRoles':
      return join(list(value).map((c) => (lookups ? codeName(lookups.audienceRoles, c, locale) : c)));
    case 'audienceStages':
      return join(list(value).map(stage));
    case 'audienceCounties':
      return join(list(value).map((c) => countyName(c, locale)));
    case 'mode': {
      const key = `course.mode.${value.toUpperCase()}`;
      return hasMessage(key) ? t(key) : value;
    }
    case 'onsiteRegistration':
      return value === 'true' ? t('common.yes') : value === 'false' ? t('common.no') : value;
    default:
      return value;
  }
}

const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;

function nextDay(day: string): string {
  const m = DAY.exec(day);
  if (!m) return day;
  return new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]) + 1)).toISOString().slice(0, 10);
}

/**
 * A delegation's period from two Taipei calendar days (<input type=date>): it starts at
 * once when the first day is today or blank (a start at midnight would overlap the
 * delegation just ended), otherwise at that day's midnight; it runs through the whole
 * last day (the API's end is exclusive: the next midnight), or with no end.
 */
export function delegationPeriod(
  fromDay: string,
  toDay: string,
  today: string,
  m: { invalidDate: string; pastStart: string; endBeforeStart: string },
): Built<{ validFrom: string | null; validTo: string | null }> {
  const errors: InputErrorLike[] = [];
  const from = fromDay.trim();
  const to = toDay.trim();
  if (from !== '' && !DAY.test(from)) errors.push(local('validFrom', m.invalidDate));
  else if (from !== '' && from < today) errors.push(local('validFrom', m.pastStart));
  if (to !== '' && !DAY.test(to)) errors.push(local('validTo', m.invalidDate));
  else if (to !== '' && to < (from !== '' && from > today ? from : today)) errors.push(local('validTo', m.endBeforeStart));
  if (errors.length > 0) return { errors };
  return {
    input: {
      validFrom: from === '' || from <= today ? null : `${from}T00:00:00+08:00`,
      validTo: to === '' ? null : `${nextDay(to)}T00:00:00+08:00`,
    },
  };
}

/** The last day a delegation covers (its end is exclusive), as a Taipei day. */
export function lastDelegatedDay(validTo: string): string {
  return taipeiDay(new Date(new Date(validTo).getTime() - 1));
}

/** The search form's date range: the last day may not come before the first. */
export function dateRangeOk(from: string, to: string): boolean {
  return from === '' || to === '' || from <= to;
}
