import { describe, expect, it } from 'vitest';
import { LOCAL_ERROR } from '../../api/inputErrors';
import { translator } from '../../i18n/translate';
import {
  formatPersonalCode,
  maskNationalId,
  nationalIdProblem,
  normalizeNationalId,
  normalizePersonalCode,
  otherPersonsId,
  personalCodeGroups,
  teacherErrors,
} from './model';

const zh = translator('zh-TW');
const en = translator('en');

describe('personal codes in groups', () => {
  it('shows a code as 4, 4 and 2 symbols', () => {
    expect(personalCodeGroups('7KQ2M9XA4B')).toEqual(['7KQ2', 'M9XA', '4B']);
    expect(formatPersonalCode('7KQ2M9XA4B')).toBe('7KQ2-M9XA-4B');
  });

  it('reads codes as typed: lower case, hyphens and spaces', () => {
    expect(normalizePersonalCode(' 7kq2-m9xa 4b ')).toBe('7KQ2M9XA4B');
    expect(formatPersonalCode('7kq2 m9xa-4b')).toBe('7KQ2-M9XA-4B');
    expect(formatPersonalCode('7KQ2-M9XA-4B')).toBe('7KQ2-M9XA-4B');
    expect(normalizePersonalCode('7KQ2\u3000M9XA4B')).toBe('7KQ2M9XA4B');
  });

  it('drops nothing from a code of another length', () => {
    expect(formatPersonalCode('ABCDEFG')).toBe('ABCD-EFG');
    expect(formatPersonalCode('ABCDEFGHJKMN')).toBe('ABCD-EFGH-JKMN');
    expect(formatPersonalCode('')).toBe('');
  });
});

describe('national IDs checked and masked as the server does', () => {
  it('accepts valid IDs of every kind', () => {
    expect(nationalIdProblem('A123456789')).toBeNull(); // the Ministry's textbook example
    expect(nationalIdProblem('E120005006')).toBeNull();
    expect(nationalIdProblem('E220005008')).toBeNull();
    expect(nationalIdProblem('A800000014')).toBeNull(); // resident certificate since 2021
    expect(nationalIdProblem('AC01234567')).toBeNull(); // older resident certificate
    expect(nationalIdProblem('a123-456 789')).toBeNull();
    // The demo teachers' made-up IDs (src/seed/demo.toml).
    for (const id of ['A220001006', 'F120002006', 'A220003000', 'D220004000']) expect(nationalIdProblem(id), id).toBeNull();
  });

  it('tells a mistyped digit from a malformed ID', () => {
    expect(nationalIdProblem('E120005007')).toBe('checksum');
    expect(nationalIdProblem('A123456788')).toBe('checksum');
    expect(nationalIdProblem('A323456789')).toBe('format');
    expect(nationalIdProblem('A12345678')).toBe('format');
    expect(nationalIdProblem('1234567890')).toBe('format');
    expect(nationalIdProblem('AE23456789')).toBe('format');
    expect(nationalIdProblem('')).toBe('format');
  });

  it('masks an ID as A12****789, and not a malformed one', () => {
    expect(normalizeNationalId('a123-456 789')).toBe('A123456789');
    expect(maskNationalId('a123-456 789')).toBe('A12****789');
    expect(maskNationalId('E120005007')).toBe('E12****007');
    expect(maskNationalId('A12')).toBeNull();
  });

  it('notices an ID that belongs to someone else when editing', () => {
    expect(otherPersonsId('E120005006', 'E12****006')).toBe(false);
    expect(otherPersonsId('e120-005-006', 'E12****006')).toBe(false);
    expect(otherPersonsId('A123456789', 'E12****006')).toBe(true);
    // Malformed input is left to the server's answer.
    expect(otherPersonsId('E12', 'E12****006')).toBe(false);
  });
});

describe('the roster’s errors', () => {
  const invalid = { field: 'nationalId', code: 'INVALID_FORMAT', message: 'The national ID’s check digit does not match; check for a mistyped character.' };

  it('words a national-ID error in zh-TW by what is wrong, never repeating the ID', () => {
    const [checksum] = teacherErrors([invalid], 'E120005007', zh, 'zh-TW');
    expect(checksum).toEqual({ field: 'nationalId', code: LOCAL_ERROR, message: zh('teachers.nationalId.checksum') });
    const [format] = teacherErrors([{ ...invalid, message: 'A national ID has a letter…' }], 'E12', zh, 'zh-TW');
    expect(format?.message).toBe(zh('teachers.nationalId.format'));
    expect(checksum?.message).not.toContain('E120005007');
  });

  it('keeps the server’s sentence in English and leaves other errors alone', () => {
    expect(teacherErrors([invalid], 'E120005007', en, 'en')).toEqual([invalid]);
    const name = { field: 'name', code: 'REQUIRED', message: 'Name is required.' };
    expect(teacherErrors([name], 'E120005006', zh, 'zh-TW')).toEqual([name]);
  });

  it('names every outcome, status and source in both languages', () => {
    for (const o of ['CREATED', 'JOINED', 'PENDING_TRANSFER', 'UPDATED', 'UNCHANGED'] as const) {
      expect(zh(`teachers.outcome.${o}`)).not.toBe('');
      expect(en(`teachers.outcomeText.${o}`, { name: 'N', masked: 'M' })).toContain('(M)');
    }
    expect(['ACTIVE', 'LEFT', 'MOVED'].map((s) => zh(`teacher.status.${s as 'ACTIVE' | 'LEFT' | 'MOVED'}`))).toEqual(['在職', '已離校', '已調出']);
    expect(['SCHOOL_ADMIN', 'IMPORT', 'TEACHER', 'SIGN_IN_SERVICE'].map((s) => zh(`teacher.source.${s as 'IMPORT'}`))).toEqual([
      '學校承辦人',
      '名冊匯入',
      '教師本人',
      '登入服務',
    ]);
    expect(['CREATED', 'JOINED', 'PENDING_TRANSFER', 'UPDATED', 'UNCHANGED'].map((o) => zh(`teachers.outcome.${o as 'CREATED'}`))).toEqual(['新增', '重回本校', '待轉入確認', '已更新', '無變更']);
  });
});
