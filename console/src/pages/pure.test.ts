import { describe, expect, it } from 'vitest';
import { parseChanges } from './audit/changes';
import { moveItem } from './contacts/reorder';
import { telHref } from '../components/ContactCard';
import { formatDateTime } from '../i18n/format';
import { translator } from '../i18n/translate';
import { lastEmailText } from './contacts/EmailStatus';
import { retryErrorText } from './outbox/OutboxPage';
import { percentOf, rosterErrorText } from './roster/RosterPage';
import { addDays, currentSchoolYear, daysBetween, parseSchoolYear, schoolYearOf, schoolYearRange, suggestedDeadline } from './roster/schoolYear';

describe('reordering contacts', () => {
  it('moves an item up or down by one place', () => {
    expect(moveItem(['a', 'b', 'c'], 1, -1)).toEqual(['b', 'a', 'c']);
    expect(moveItem(['a', 'b', 'c'], 1, 1)).toEqual(['a', 'c', 'b']);
  });

  it('does nothing past either end, and never mutates its input', () => {
    const list = ['a', 'b'];
    expect(moveItem(list, 0, -1)).toEqual(['a', 'b']);
    expect(moveItem(list, 1, 1)).toEqual(['a', 'b']);
    expect(list).toEqual(['a', 'b']);
  });
});

describe('audit changes', () => {
  it('reads {field: {from, to}}', () => {
    expect(parseChanges({ email: { from: 'a@x.tw', to: null }, isPublic: { from: true, to: false } })).toEqual([
      { field: 'email', from: 'a@x.tw', to: '∅' },
      { field: 'isPublic', from: 'true', to: 'false' },
    ]);
  });

  it('reads plain values and nothing', () => {
    expect(parseChanges({ login: 'new-user' })).toEqual([{ field: 'login', from: '', to: 'new-user' }]);
    expect(parseChanges(null)).toEqual([]);
  });
});

describe('telephone links', () => {
  it('dials the number, then the extension', () => {
    expect(telHref('02-2720-8889', '1234')).toBe('tel:0227208889,1234');
    expect(telHref('+886 2 2720 8889')).toBe('tel:+886227208889');
  });
});

describe('ROC school years, in Taipei', () => {
  it('runs from August to July', () => {
    expect(schoolYearOf('2026-08-01')).toBe(115);
    expect(schoolYearOf('2027-07-31')).toBe(115);
    expect(schoolYearOf('2026-07-31')).toBe(114);
    expect(schoolYearRange(115)).toEqual({ first: '2026-08-01', last: '2027-07-31' });
  });

  it('takes the current year from the Taipei calendar, whatever the machine zone', () => {
    // 31 July 17:00 UTC is already 1 August in Taipei.
    expect(currentSchoolYear(new Date('2026-07-31T17:00:00Z'))).toBe(115);
    expect(currentSchoolYear(new Date('2026-07-31T15:59:00Z'))).toBe(114);
    expect(currentSchoolYear(new Date('2026-11-28T11:45:00Z'))).toBe(115);
  });

  it('suggests a deadline 30 days ahead, within the school year', () => {
    expect(suggestedDeadline(115, '2026-11-28')).toBe('2026-12-28');
    expect(suggestedDeadline(115, '2027-07-15')).toBe('2027-07-31');
    // Opened ahead of its year: 30 days after 1 August.
    expect(suggestedDeadline(116, '2027-05-01')).toBe('2027-08-31');
    expect(addDays('2027-02-27', 2)).toBe('2027-03-01');
    expect(daysBetween('2026-11-28', '2026-12-28')).toBe(30);
    expect(daysBetween('2026-11-28', '2026-11-27')).toBe(-1);
  });

  it('reads a school year from a route', () => {
    expect(parseSchoolYear('115')).toBe(115);
    expect(parseSchoolYear('99')).toBeNull();
    expect(parseSchoolYear('2026')).toBeNull();
    expect(parseSchoolYear('11a')).toBeNull();
    expect(parseSchoolYear(undefined)).toBeNull();
  });
});

describe('roster campaign and outbox wording', () => {
  const zh = translator('zh-TW');
  const en = translator('en');
  it('says what to do about a reminder that cannot be sent', () => {
    const none = { field: 'unitId', code: 'NOT_FOUND', message: 'No contact of X receives email; add one on its contact page.' };
    expect(rosterErrorText(none, zh, 'zh-TW')).toContain('沒有設定「接收電子郵件」的聯絡人');
    expect(rosterErrorText(none, en, 'en')).toBe(none.message);
    expect(rosterErrorText({ field: 'unitId', code: 'CONFLICT', message: '' }, zh, 'zh-TW')).toBe('此校已確認，不需提醒。');
    expect(rosterErrorText({ field: 'schoolYear', code: 'NOT_FOUND', message: '' }, zh, 'zh-TW')).toBe('此學年度的教師資料維護尚未開始。');
    expect(rosterErrorText({ field: 'deadline', code: 'OUT_OF_RANGE', message: '' }, zh, 'zh-TW')).toContain('截止日須為今天或之後');
  });

  it('never rounds progress up to 100 % early', () => {
    expect(percentOf({ total: 3, confirmed: 1, ratio: 1 / 3 })).toBe(33);
    expect(percentOf({ total: 1000, confirmed: 999, ratio: 0.999 })).toBe(99);
    expect(percentOf({ total: 2, confirmed: 2, ratio: 1 })).toBe(100);
    expect(percentOf({ total: 0, confirmed: 0, ratio: 0 })).toBe(0);
  });

  it('words retry errors', () => {
    expect(retryErrorText({ field: 'id', code: 'CONFLICT', message: 'The message is sent.' }, zh, 'zh-TW')).toContain('已寄出或正在寄送');
    expect(retryErrorText({ field: 'id', code: 'NOT_FOUND', message: '' }, zh, 'zh-TW')).toBe('找不到這封郵件。');
    expect(retryErrorText({ field: 'id', code: 'CONFLICT', message: 'The message is sent.' }, en, 'en')).toBe('The message is sent.');
  });

  it('sums up the latest email to a contact', () => {
    const base = { id: 'm', subject: 's', attempts: 0, createdAt: '2026-11-28T06:00:00Z', sentAt: null, lastError: null };
    const dt = (v: string) => formatDateTime(v, 'zh-TW');
    expect(lastEmailText({ ...base, status: 'SENT', sentAt: '2026-11-28T06:03:00Z' }, zh, dt)).toBe('已寄出 2026/11/28 14:03');
    expect(lastEmailText({ ...base, status: 'SENDING' }, zh, dt)).toBe('寄送中');
    expect(lastEmailText({ ...base, status: 'PENDING' }, zh, dt)).toBe('待寄送');
    expect(lastEmailText({ ...base, status: 'PENDING', attempts: 1, lastError: '451 try later' }, zh, dt)).toBe('待重試：451 try later');
    expect(lastEmailText({ ...base, status: 'DEAD' }, zh, dt)).toBe('無法寄送');
  });
});
