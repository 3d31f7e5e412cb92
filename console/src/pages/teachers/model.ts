// Pure helpers of the teacher roster: personal codes shown in groups, national IDs
// checked and masked in the browser the way the server does (docs/design.md §4), and the
// wording of the roster's errors. Nothing here keeps or logs a national ID.
import { LOCAL_ERROR, type InputErrorLike } from '../../api/inputErrors';
import type { Locale, Translate } from '../../i18n/translate';

/** Symbols of a personal code per group: `7KQ2-M9XA-4B`. */
const CODE_GROUPS = [4, 4, 2] as const;

/** A code as typed or stored, without hyphens and spaces, upper case. */
export function normalizePersonalCode(code: string): string {
  return code.replace(/[\s\u3000-]/g, '').toUpperCase();
}

/**
 * The groups a personal code is shown in (4, 4, 2 symbols); a code of another length
 * (which the server does not issue) is cut into fours, so nothing is dropped.
 */
export function personalCodeGroups(code: string): string[] {
  const plain = normalizePersonalCode(code);
  const groups: string[] = [];
  let at = 0;
  if (plain.length === 10) {
    for (const size of CODE_GROUPS) {
      groups.push(plain.slice(at, at + size));
      at += size;
    }
    return groups;
  }
  for (; at < plain.length; at += 4) groups.push(plain.slice(at, at + 4));
  return groups;
}

/** `7KQ2M9XA4B` → `7KQ2-M9XA-4B`. */
export function formatPersonalCode(code: string): string {
  return personalCodeGroups(code).join('-');
}

/** A national ID as the server reads it: no spaces or hyphens, upper case. */
export function normalizeNationalId(input: string): string {
  return input.replace(/[\s\u3000-]/g, '').toUpperCase();
}

// The Ministry of the Interior's order of the leading letters (A=10 … Z=33, I=34, O=35).
const LETTERS = 'ABCDEFGHJKLMNPQRSTUVXYWZIO';
const letterValue = (c: string): number | null => {
  const i = LETTERS.indexOf(c);
  return i < 0 ? null : i + 10;
};

/**
 * What is wrong with a national ID (身分證統一編號 or resident certificate number), as
 * the server would find it: `format` (not a letter, then 1/2/8/9 or an older resident
 * certificate's A–D, then 8 digits), `checksum` (a mistyped character), or null.
 */
export function nationalIdProblem(input: string): 'format' | 'checksum' | null {
  const s = normalizeNationalId(input);
  if (!/^[A-Z][0-9A-Z][0-9]{8}$/.test(s)) return 'format';
  const first = letterValue(s.charAt(0));
  if (first === null) return 'format';
  const c1 = s.charAt(1);
  let second: number;
  if ('1289'.includes(c1)) second = Number(c1);
  else if ('ABCD'.includes(c1)) second = (letterValue(c1) ?? 0) % 10;
  else return 'format';
  const digits = s.slice(2).split('').map(Number);
  let sum = Math.floor(first / 10) + (first % 10) * 9 + second * 8;
  for (let i = 0; i < 7; i++) sum += (digits[i] ?? 0) * (7 - i);
  sum += digits[7] ?? 0;
  return sum % 10 === 0 ? null : 'checksum';
}

/** The masked form the server shows (`A12****789`), or null when the ID is malformed. */
export function maskNationalId(input: string): string | null {
  const s = normalizeNationalId(input);
  if (nationalIdProblem(s) === 'format') return null;
  return `${s.slice(0, 3)}****${s.slice(7)}`;
}

/**
 * Editing means re-entering the teacher's national ID (the server matches by it). An ID
 * whose masked form differs from the teacher's belongs to someone else: caught here, as
 * sending it would add or move that other person instead.
 */
export function otherPersonsId(input: string, masked: string): boolean {
  const mine = maskNationalId(input);
  return mine !== null && mine !== masked;
}

/**
 * The upsert's errors for the form. zh-TW says which national-ID problem it is (the
 * server answers both with INVALID_FORMAT; the still-typed value tells them apart);
 * English keeps the server's sentence, which says it already. The ID itself is never
 * put into a message.
 */
export function teacherErrors(
  errors: readonly InputErrorLike[],
  submittedNationalId: string,
  t: Translate,
  locale: Locale,
): InputErrorLike[] {
  return errors.map((e) => {
    if (locale !== 'zh-TW' || e.field !== 'nationalId' || e.code !== 'INVALID_FORMAT') return e;
    const problem = nationalIdProblem(submittedNationalId);
    return {
      field: e.field,
      code: LOCAL_ERROR,
      message: problem === 'checksum' ? t('teachers.nationalId.checksum') : t('teachers.nationalId.format'),
    };
  });
}
