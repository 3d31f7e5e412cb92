import { describe, expect, it } from 'vitest';
import { LOCAL_ERROR } from '../../api/inputErrors';
import { translator } from '../../i18n/translate';
import {
  admittedCount,
  hasRegistrationList,
  localizeRegistrationErrors,
  onsiteCodeProblem,
  parseStatusFilter,
  registrationErrorText,
  registrationStatusText,
} from './model';

const zh = translator('zh-TW');
const en = translator('en');

describe('registration status in words', () => {
  it('names the status, with the place on the waitlist', () => {
    expect(registrationStatusText('ADMITTED', null, zh)).toBe('錄取');
    expect(registrationStatusText('WAITLISTED', 3, zh)).toBe('備取第 3 位');
    expect(registrationStatusText('WAITLISTED', 1, en)).toBe('Waitlist #1');
    expect(registrationStatusText('CANCELLED', null, zh)).toBe('本人取消');
    expect(registrationStatusText('REMOVED', null, zh)).toBe('主辦單位取消');
  });

  it('says 備取 when the position is unknown (or not a place)', () => {
    expect(registrationStatusText('WAITLISTED', null, zh)).toBe('備取');
    expect(registrationStatusText('WAITLISTED', undefined, zh)).toBe('備取');
    expect(registrationStatusText('WAITLISTED', 0, zh)).toBe('備取');
    // A position on an admitted registration (none is sent) would not change its word.
    expect(registrationStatusText('ADMITTED', 2, zh)).toBe('錄取');
  });
});

describe('the registration list', () => {
  it('reads the status filter from the URL, ignoring unknown values', () => {
    expect(parseStatusFilter('WAITLISTED')).toBe('WAITLISTED');
    expect(parseStatusFilter('REMOVED')).toBe('REMOVED');
    expect(parseStatusFilter('waitlisted')).toBeNull();
    expect(parseStatusFilter('')).toBeNull();
    expect(parseStatusFilter(null)).toBeNull();
  });

  it('links to lists only of courses that took registrations', () => {
    expect(hasRegistrationList('APPROVED')).toBe(true);
    expect(hasRegistrationList('COMPLETED')).toBe(true);
    expect(hasRegistrationList('CANCELLED')).toBe(true);
    expect(hasRegistrationList('DRAFT')).toBe(false);
    expect(hasRegistrationList('SUBMITTED')).toBe(false);
    expect(hasRegistrationList('RETURNED')).toBe(false);
    expect(hasRegistrationList('REJECTED')).toBe(false);
  });

  it('counts admitted seats from capacity and seats left', () => {
    expect(admittedCount(30, 28)).toBe(2);
    expect(admittedCount(30, 0)).toBe(30);
    expect(admittedCount(30, 31)).toBe(0);
  });
});

describe('personal codes typed at the venue', () => {
  it('accepts any case, hyphens and spaces', () => {
    expect(onsiteCodeProblem('7KQ2-M9XA-4B')).toBeNull();
    expect(onsiteCodeProblem(' 7kq2 m9xa 4b ')).toBeNull();
  });

  it('refuses nothing typed and the wrong length before asking the server', () => {
    expect(onsiteCodeProblem('')).toBe('required');
    expect(onsiteCodeProblem(' - ')).toBe('required');
    expect(onsiteCodeProblem('7KQ2-M9XA')).toBe('format');
    expect(onsiteCodeProblem('7KQ2-M9XA-4B9')).toBe('format');
    expect(onsiteCodeProblem('7KQ2-M9XA-4#')).toBe('format');
  });
});

describe('registration errors in words', () => {
  const err = (field: string | null, code: string, message: string, params: Record<string, string> = {}) => ({
    field,
    code,
    message,
    params: Object.entries(params).map(([name, value]) => ({ name, value })),
  });

  it('words the registration window with the server’s Taipei time (its params, not its sentence)', () => {
    expect(registrationErrorText(err('courseId', 'CONFLICT', 'Registration closed.', { closedAt: '2026-12-20 09:00' }), zh, 'zh-TW')).toBe(
      '報名已於 2026-12-20 09:00 截止。',
    );
    expect(registrationErrorText(err('courseId', 'CONFLICT', 'Registration opens later.', { opensAt: '2026-12-01 00:00' }), zh, 'zh-TW')).toBe(
      '報名尚未開始，將於 2026-12-01 00:00 開放報名。',
    );
    const removed = err(
      'courseId',
      'CONFLICT',
      'The organizer removed your registration for this course (重複報名); ask the organizer to register you again.',
      { reason: '重複報名' },
    );
    expect(registrationErrorText(removed, zh, 'zh-TW')).toBe(
      '主辦單位已取消您的報名（重複報名），無法再自行報名；如需參加請洽主辦單位。',
    );
  });

  it('says which eligibility rule refused the teacher', () => {
    const stage = err('courseId', 'INVALID_PLACEMENT', 'The course is not open to your education stage (preschool).', { audience: 'stage' });
    expect(registrationErrorText(stage, zh, 'zh-TW')).toBe('您不符合報名資格：此研習不開放給您的教育階段。');
    const county = err('courseId', 'INVALID_PLACEMENT', "The course is not open to teachers of 幸安國小's county.", { audience: 'county' });
    expect(registrationErrorText(county, zh, 'zh-TW')).toContain('縣市');
    const role = err('courseId', 'INVALID_PLACEMENT', 'The course is not open to your role (校長).', { audience: 'role' });
    expect(registrationErrorText(role, zh, 'zh-TW')).toContain('身分');
    expect(registrationErrorText(err('courseId', 'INVALID_PLACEMENT', 'Something new.'), zh, 'zh-TW')).toBe('您不符合此研習的報名資格。');
  });

  it('words a full course, a duplicate and an unknown or mistyped code', () => {
    const full = err('courseId', 'CONFLICT', 'The course is full (30 of 30 seats taken); remove an admitted registration first.', { taken: '30', capacity: '30' });
    expect(registrationErrorText(full, zh, 'zh-TW')).toContain('已錄取 30 / 30 名');
    const dup = err('courseId', 'ALREADY_EXISTS', '陳冠宇 is already registered for this course (on the waitlist).', { name: '陳冠宇', status: 'WAITLISTED' });
    expect(registrationErrorText(dup, zh, 'zh-TW')).toBe('陳冠宇 已報名此研習（備取），不需重複報名。');
    expect(registrationErrorText(err('personalCode', 'NOT_FOUND', 'No teacher has the personal code 7KQ2M9XA4B.'), zh, 'zh-TW')).toBe(
      '查無使用此個人專用識別碼的教師，請核對後再輸入。',
    );
    const check = err('personalCode', 'INVALID_FORMAT', "The personal code's last symbol does not match the others; a symbol is mistyped or two are swapped.", {
      problem: 'checksum',
    });
    expect(registrationErrorText(check, zh, 'zh-TW')).toContain('最後一碼檢查不符');
    const format = err('personalCode', 'INVALID_FORMAT', 'A personal code has 10 letters and digits (without I, L, O, U), e.g. 7KQ2-M9XA-4B; hyphens and spaces are ignored.', {
      problem: 'format',
    });
    expect(registrationErrorText(format, zh, 'zh-TW')).toContain('10 個英文字母與數字');
  });

  it('words the course’s state from the problem the server names, not from its sentence', () => {
    const words = [
      ['notOpen', 'registration.error.notOpen'],
      ['started', 'registration.error.started'],
      ['noOnsite', 'registration.error.noOnsite'],
      ['ended', 'registration.error.ended'],
      ['locked', 'registration.error.locked'],
    ] as const;
    for (const [problem, key] of words) {
      expect(registrationErrorText(err('courseId', 'CONFLICT', 'Any sentence.', { problem }), zh, 'zh-TW'), problem).toBe(zh(key));
    }
    expect(registrationErrorText(err('courseId', 'NOT_FOUND', 'You are not registered for this course.', { problem: 'notRegistered' }), zh, 'zh-TW')).toBe(
      zh('registration.error.notRegistered'),
    );
    // The sentence alone is not read.
    expect(registrationErrorText(err('courseId', 'CONFLICT', 'The course has ended.'), zh, 'zh-TW')).not.toBe(zh('registration.error.ended'));
  });

  it('words account problems and the organizer’s reason', () => {
    expect(registrationErrorText(err(null, 'CONFLICT', "You are not on any school's roster; ask your school to add you first.", { problem: 'noSchool' }), zh, 'zh-TW')).toContain('在職名冊');
    expect(registrationErrorText(err(null, 'NOT_FOUND', "Your account is not linked to a teacher record; ask your school's administrator.", { problem: 'noTeacher' }), zh, 'zh-TW')).toContain(
      '尚未連結教師資料',
    );
    expect(registrationErrorText(err('reason', 'REQUIRED', 'The reason is required.'), zh, 'zh-TW')).toBe('請填寫取消報名的理由（會以電子郵件通知教師）');
    expect(registrationErrorText(err('reason', 'TOO_LONG', 'The reason is at most 500 characters.', { max: '500' }), zh, 'zh-TW')).toBe('內容過長，最多 500 個字');
  });

  it('keeps the server’s sentence in English, and unknown cases fall back', () => {
    const closed = err('courseId', 'CONFLICT', 'Registration closed at 2026-12-20 09:00 (Taipei time).', { closedAt: '2026-12-20 09:00' });
    expect(registrationErrorText(closed, en, 'en')).toBe(closed.message);
    expect(registrationErrorText(err('x', 'CONFLICT', 'Odd.'), zh, 'zh-TW')).toBe('與目前狀態衝突，請重新整理後再試');
    expect(registrationErrorText(err('x', 'NEW_CODE', 'Something new.'), zh, 'zh-TW')).toBe('Something new.');
  });

  it('localizes a list once, keeping each field', () => {
    const out = localizeRegistrationErrors([err('personalCode', 'NOT_FOUND', 'No teacher has the personal code X.')], zh, 'zh-TW');
    expect(out).toEqual([{ field: 'personalCode', code: LOCAL_ERROR, message: '查無使用此個人專用識別碼的教師，請核對後再輸入。' }]);
  });
});
