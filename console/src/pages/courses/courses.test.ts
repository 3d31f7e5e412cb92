import { describe, expect, it } from 'vitest';
import { LOCAL_ERROR } from '../../api/inputErrors';
import { translator } from '../../i18n/translate';
import {
  changeValue,
  courseErrorText,
  courseFieldKey,
  courseInput,
  dateRangeOk,
  delegationPeriod,
  draftOf,
  emptyDraft,
  firstErrorKey,
  formatCourseDates,
  formatHours,
  lastDelegatedDay,
  newSession,
  placeCourseErrors,
  type CodeLookups,
  type CourseDraft,
} from './model';

const zh = translator('zh-TW');
const en = translator('en');
const messages = { required: 'R', invalidDateTime: 'DT', invalidNumber: 'N', invalidWholeNumber: 'W', halfHours: 'H' };

function filled(over: Partial<CourseDraft> = {}): CourseDraft {
  return {
    ...emptyDraft(),
    title: '特教知能研習',
    nature: 'lecture',
    category: 'curriculum',
    tags: ['special_education'],
    stages: ['ELEMENTARY'],
    venue: '禮堂',
    sessions: [newSession('2026-12-10T09:00', '2026-12-10T12:00')],
    hours: '3',
    capacity: '40',
    registrationOpensAt: '2026-12-01T00:00',
    registrationClosesAt: '2026-12-08T17:30',
    ...over,
  };
}

describe('the course editor input', () => {
  it('reads every time typed as Taipei wall clock, whatever the browser zone', () => {
    const built = courseInput(filled(), messages);
    expect(built.errors).toBeUndefined();
    expect(built.input?.sessions).toEqual([{ startsAt: '2026-12-10T09:00:00+08:00', endsAt: '2026-12-10T12:00:00+08:00' }]);
    expect(built.input?.registrationClosesAt).toBe('2026-12-08T17:30:00+08:00');
    expect(new Date(built.input?.registrationOpensAt ?? '').toISOString()).toBe('2026-11-30T16:00:00.000Z');
    expect(built.input?.hours).toBe(3);
    expect(built.input?.capacity).toBe(40);
    expect(built.input?.audience).toEqual({ stages: ['ELEMENTARY'], countyCodes: [], roles: [] });
    expect(built.input?.url).toBeNull();
  });

  it('names each unreadable or missing value beside its own field and row', () => {
    const built = courseInput(
      filled({ sessions: [newSession('2026-12-10T09:00', '2026-12-10T12:00'), newSession('', '2026-02-30T10:00')], hours: '2.25', capacity: '4.5', registrationOpensAt: '' }),
      messages,
    );
    expect(built.errors?.map((e) => [e.field, e.message])).toEqual([
      ['sessions[1].startsAt', 'R'],
      ['sessions[1].endsAt', 'DT'],
      ['hours', 'H'],
      ['capacity', 'W'],
      ['registrationOpensAt', 'R'],
    ]);
    expect(built.errors?.every((e) => e.code === LOCAL_ERROR)).toBe(true);
  });

  it('takes half hours', () => {
    expect(courseInput(filled({ hours: '3.5' }), messages).input?.hours).toBe(3.5);
    expect(courseInput(filled({ hours: 'abc' }), messages).errors?.[0]?.message).toBe('N');
  });

  it('turns a course back into what the editor shows, in Taipei time', () => {
    const draft = draftOf({
      title: 'T',
      description: '',
      nature: { code: 'lecture', name: '講座研習', nameEn: 'Lecture' },
      category: null,
      tags: [{ code: 'bilingual', name: '雙語教育', nameEn: 'Bilingual' }],
      audience: { stages: ['PRESCHOOL'], countyCodes: ['63000'], roles: [] },
      mode: 'ONLINE',
      venue: null,
      url: 'https://meet.example/x',
      sessions: [{ startsAt: '2026-12-12T01:00:00Z', endsAt: '2026-12-12T04:00:00Z' }],
      hours: 3,
      capacity: 120,
      registrationOpensAt: '2026-11-24T16:00:00Z',
      registrationClosesAt: '2026-12-11T01:00:00Z',
      onsiteRegistration: true,
    });
    expect(draft.sessions.map((s) => [s.startsAt, s.endsAt])).toEqual([['2026-12-12T09:00', '2026-12-12T12:00']]);
    expect(draft.registrationOpensAt).toBe('2026-11-25T00:00');
    expect(draft.category).toBe('');
    expect(draft.tags).toEqual(['bilingual']);
    expect(draft.hours).toBe('3');
  });
});

describe('where a course error is shown', () => {
  it('puts row errors on their row, list entries on their group, the rest above the form', () => {
    expect(courseFieldKey('sessions[0].endsAt')).toBe('sessions[0].endsAt');
    expect(courseFieldKey('tags[1]')).toBe('tags');
    expect(courseFieldKey('audienceRoles[0]')).toBe('audienceRoles');
    expect(courseFieldKey('hours')).toBe('hours');
    expect(courseFieldKey('organizerId')).toBeNull();
    expect(courseFieldKey(null)).toBeNull();
    const placed = placeCourseErrors(
      [
        { field: 'sessions[3].endsAt', code: 'OUT_OF_RANGE', message: 'x' },
        { field: 'registrationClosesAt', code: 'OUT_OF_RANGE', message: 'y' },
        { field: 'sessions[0].endsAt', code: 'OUT_OF_RANGE', message: 'z' },
        { field: null, code: 'CONFLICT', message: 'w' },
      ],
      2,
    );
    expect(Object.keys(placed.byField)).toEqual(['registrationClosesAt', 'sessions[0].endsAt']);
    expect(placed.general.map((e) => e.message)).toEqual(['x', 'w']);
    expect(firstErrorKey(placed, 2)).toBe('sessions[0].endsAt');
  });

  it('words the server’s course checks in Chinese, and keeps its English sentence', () => {
    const end = { field: 'sessions[0].endsAt', code: 'OUT_OF_RANGE', message: 'Session 1 ends (2026/12/10 08:00) before it starts (2026/12/10 09:00).' };
    expect(courseErrorText(end, zh, 'zh-TW')).toBe('結束時間須晚於開始時間');
    expect(courseErrorText(end, en, 'en')).toBe(end.message);
    const hours = {
      field: 'hours',
      code: 'OUT_OF_RANGE',
      message: '3.5 hours are more than the 3 scheduled in the sessions.',
      params: [
        { name: 'hours', value: '3.5' },
        { name: 'scheduled', value: '3' },
      ],
    };
    expect(courseErrorText(hours, zh, 'zh-TW')).toBe('研習時數 3.5 小時，超過場次安排的 3 小時');
    const closes = {
      field: 'registrationClosesAt',
      code: 'OUT_OF_RANGE',
      message: 'Registration closes (x) after the course starts (y); …',
      params: [{ name: 'problem', value: 'afterStart' }],
    };
    expect(courseErrorText(closes, zh, 'zh-TW')).toContain('不能晚於第一場研習開始');
    expect(courseErrorText({ ...closes, params: [] }, zh, 'zh-TW')).not.toContain('不能晚於第一場研習開始');
    expect(courseErrorText({ field: 'reason', code: 'REQUIRED', message: 'needs a reason' }, zh, 'zh-TW')).toBe('退回修正或不予核准時，請填寫理由');
    expect(courseErrorText({ field: 'tags[1]', code: 'NOT_FOUND', message: 'x' }, zh, 'zh-TW')).toBe('沒有這個研習屬性，請重新勾選');
    // Unknown to the course wording: the console's general wording.
    expect(courseErrorText({ field: 'title', code: 'TOO_LONG', message: 'at most 200' }, zh, 'zh-TW')).toBe('研習名稱過長，最多 200 個字');
    expect(courseErrorText({ field: 'x', code: 'WHATEVER', message: 'server says' }, zh, 'zh-TW')).toBe('server says');
  });
});

describe('course dates in Taipei', () => {
  it('shows one day with its times, or a span of days', () => {
    expect(formatCourseDates('2026-12-12T01:00:00Z', '2026-12-12T04:00:00Z', 'zh-TW')).toBe('2026/12/12 09:00–12:00');
    expect(formatCourseDates('2026-12-28T01:00:00Z', '2026-12-29T04:00:00Z', 'zh-TW')).toBe('2026/12/28 09:00 – 2026/12/29 12:00');
    // 23:30 UTC is already the next day in Taipei.
    expect(formatCourseDates('2026-12-11T23:30:00Z', '2026-12-12T02:00:00Z', 'en')).toBe('12 Dec 2026, 07:30–10:00');
  });

  it('writes hours in halves', () => {
    expect(formatHours(3)).toBe('3');
    expect(formatHours(3.5)).toBe('3.5');
  });

  it('refuses a search range ending before it starts', () => {
    expect(dateRangeOk('2026-12-01', '2026-11-30')).toBe(false);
    expect(dateRangeOk('2026-12-01', '2026-12-01')).toBe(true);
    expect(dateRangeOk('', '2026-12-01')).toBe(true);
  });
});

describe('what changed since the last review, in words', () => {
  const codes: CodeLookups = {
    natures: [{ code: 'lecture', name: '講座研習', nameEn: 'Lecture' }],
    categories: [],
    tags: [
      { code: 'special_education', name: '特殊教育', nameEn: 'Special education' },
      { code: 'bilingual', name: '雙語教育', nameEn: 'Bilingual education' },
    ],
    audienceRoles: [],
  };

  it('names codes, stages, counties, modes and yes/no', () => {
    expect(changeValue('nature', 'lecture', codes, zh, 'zh-TW')).toBe('講座研習');
    expect(changeValue('tags', 'special_education, bilingual', codes, zh, 'zh-TW')).toBe('特殊教育、雙語教育');
    expect(changeValue('tags', 'special_education, bilingual', codes, en, 'en')).toBe('Special education, Bilingual education');
    expect(changeValue('audienceStages', 'elementary, junior_high', codes, zh, 'zh-TW')).toBe('國民小學、國民中學');
    expect(changeValue('audienceCounties', '63000, 67000', codes, zh, 'zh-TW')).toBe('臺北市、臺南市');
    expect(changeValue('mode', 'in_person', codes, zh, 'zh-TW')).toBe('實體');
    expect(changeValue('onsiteRegistration', 'true', codes, zh, 'zh-TW')).toBe('是');
    expect(changeValue('hours', '3.5', codes, zh, 'zh-TW')).toBe('3.5');
    expect(changeValue('venue', null, codes, zh, 'zh-TW')).toBe('—');
    expect(changeValue('nature', 'unknown_code', null, zh, 'zh-TW')).toBe('unknown_code');
  });
});

describe('a delegation period from Taipei days', () => {
  const m = { invalidDate: 'bad', pastStart: 'past', endBeforeStart: 'order' };

  it('starts now for today or blank (a midnight start would overlap the delegation just ended)', () => {
    expect(delegationPeriod('', '', '2026-11-28', m).input).toEqual({ validFrom: null, validTo: null });
    expect(delegationPeriod('2026-11-28', '', '2026-11-28', m).input).toEqual({ validFrom: null, validTo: null });
  });

  it('starts at a later day’s midnight and runs through the whole last day', () => {
    expect(delegationPeriod('2026-12-01', '2026-12-31', '2026-11-28', m).input).toEqual({
      validFrom: '2026-12-01T00:00:00+08:00',
      validTo: '2027-01-01T00:00:00+08:00',
    });
    expect(lastDelegatedDay('2026-12-31T16:00:00Z')).toBe('2026-12-31');
  });

  it('refuses a start in the past and an end before the start', () => {
    expect(delegationPeriod('2026-11-27', '', '2026-11-28', m).errors?.map((e) => [e.field, e.message])).toEqual([['validFrom', 'past']]);
    expect(delegationPeriod('2026-12-10', '2026-12-09', '2026-11-28', m).errors?.map((e) => [e.field, e.message])).toEqual([['validTo', 'order']]);
    expect(delegationPeriod('', '2026-11-27', '2026-11-28', m).errors?.map((e) => e.field)).toEqual(['validTo']);
  });
});
