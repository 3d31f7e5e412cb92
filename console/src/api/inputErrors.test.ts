import { describe, expect, it } from 'vitest';
import { translator } from '../i18n/translate';
import { groupInputErrors, hasErrors, inputErrorText } from './inputErrors';

const zh = translator('zh-TW');
const en = translator('en');

describe('mutation errors beside their fields', () => {
  const errors = [
    { field: 'email', code: 'INVALID_EMAIL', message: '“x” is not a valid email address.' },
    { field: 'phone', code: 'INVALID_PHONE', message: 'bad phone' },
    { field: 'email', code: 'TOO_LONG', message: 'Email is 300 characters long; at most 254 are allowed.', params: [{ name: 'max', value: '254' }] },
    { field: 'unitId', code: 'NOT_FOUND', message: 'No unit has this id.' },
    { field: null, code: 'CONFLICT', message: 'Changed meanwhile.' },
  ];

  it('groups errors by the form’s input names; the rest are general', () => {
    const grouped = groupInputErrors(errors, ['name', 'email', 'phone']);
    expect(grouped.byField.email?.map((e) => e.code)).toEqual(['INVALID_EMAIL', 'TOO_LONG']);
    expect(grouped.byField.phone?.map((e) => e.code)).toEqual(['INVALID_PHONE']);
    expect(grouped.byField.name).toBeUndefined();
    expect(grouped.general.map((e) => e.code)).toEqual(['NOT_FOUND', 'CONFLICT']);
    expect(hasErrors(grouped)).toBe(true);
    expect(hasErrors(groupInputErrors([], ['name']))).toBe(false);
  });

  it('words errors in zh-TW from the code', () => {
    expect(inputErrorText(errors[0]!, zh, 'zh-TW')).toBe('電子郵件格式不正確');
    expect(inputErrorText({ field: 'extension', code: 'INVALID_FORMAT', message: '' }, zh, 'zh-TW')).toBe('分機只能填數字');
    expect(inputErrorText({ field: 'title', code: 'INVALID_FORMAT', message: '' }, zh, 'zh-TW')).toBe('格式不正確');
    expect(inputErrorText({ field: null, code: 'INVALID_CREDENTIALS', message: 'x' }, zh, 'zh-TW')).toBe('帳號或密碼錯誤');
  });

  const params = (values: Record<string, string>) => Object.entries(values).map(([name, value]) => ({ name, value }));

  it('keeps the numbers the server named in its params, never reading its sentence', () => {
    expect(inputErrorText(errors[2]!, zh, 'zh-TW')).toBe('內容過長，最多 254 個字');
    expect(inputErrorText({ field: 'title', code: 'TOO_LONG', message: 'at most 254 are allowed.' }, zh, 'zh-TW')).toBe(zh('code.TOO_LONG'));
    const wait = { field: null, code: 'TOO_MANY_ATTEMPTS', message: 'Too many failed sign-ins. Try again in 99 seconds.' };
    expect(inputErrorText({ ...wait, params: params({ reason: 'address', retryAfterSeconds: '30' }) }, zh, 'zh-TW')).toBe('登入失敗次數過多，請於 30 秒後再試');
    expect(inputErrorText(wait, zh, 'zh-TW')).toBe(zh('code.TOO_MANY_ATTEMPTS'));
  });

  it('says a locked account is unlocked by email, not by waiting seconds', () => {
    const locked = {
      field: null,
      code: 'TOO_MANY_ATTEMPTS',
      message: 'This account is locked after too many failed sign-ins. Try again in 86400 seconds.',
      params: params({ reason: 'locked', retryAfterSeconds: '86400' }),
    };
    expect(inputErrorText(locked, zh, 'zh-TW')).toContain('恢復登入');
    expect(inputErrorText(locked, zh, 'zh-TW')).not.toContain('86400');
  });

  it('falls back to the server’s message for unknown codes', () => {
    expect(inputErrorText({ field: 'x', code: 'SOMETHING_NEW', message: 'Server words.' }, zh, 'zh-TW')).toBe('Server words.');
  });

  it('prefers the server’s English sentence in English', () => {
    expect(inputErrorText(errors[0]!, en, 'en')).toBe('“x” is not a valid email address.');
    expect(inputErrorText({ field: 'email', code: 'INVALID_EMAIL', message: '' }, en, 'en')).toBe('Not a valid email address');
  });
});
