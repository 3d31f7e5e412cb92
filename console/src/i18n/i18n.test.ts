import { describe, expect, it } from 'vitest';
import { en } from './en';
import { interpolate, parseLocale, translate } from './translate';
import { zhTW as shell } from './zh-TW';
import { zhTWPages } from './zh-TW.pages';

const zhTW = { ...shell, ...zhTWPages };

describe('i18n', () => {
  it('defaults to zh-TW and accepts only known locales', () => {
    expect(parseLocale(null)).toBe('zh-TW');
    expect(parseLocale('fr')).toBe('zh-TW');
    expect(parseLocale('en')).toBe('en');
    expect(parseLocale('zh-TW')).toBe('zh-TW');
  });

  it('translates with placeholders in both languages', () => {
    expect(translate('zh-TW', 'contacts.moved', { name: '王美玲', position: 2 })).toBe('已將「王美玲」移至第 2 位。');
    expect(translate('en', 'contacts.moved', { name: 'Wang', position: 2 })).toBe('Moved Wang to position 2.');
  });

  it('leaves unknown placeholders alone', () => {
    expect(interpolate('{a} and {b}', { a: 1 })).toBe('1 and {b}');
  });

  it('has the same keys and placeholders in every language', () => {
    expect(Object.keys(en).sort()).toEqual(Object.keys(zhTW).sort());
    const placeholders = (s: string) => (s.match(/\{\w+\}/g) ?? []).sort();
    for (const key of Object.keys(zhTW) as (keyof typeof zhTW)[]) {
      expect(placeholders(en[key]), key).toEqual(placeholders(zhTW[key]));
      expect(en[key].trim(), key).not.toBe('');
    }
  });

  it('names the roles as the network does', () => {
    expect(translate('zh-TW', 'role.OPERATOR')).toBe('營運團隊');
    expect(translate('zh-TW', 'role.COMMISSIONER')).toBe('委辦單位');
    expect(translate('zh-TW', 'role.DIVISION_ADMIN')).toBe('司處/組承辦人');
    expect(translate('zh-TW', 'role.COUNTY_ADMIN')).toBe('縣市區管中心');
    expect(translate('zh-TW', 'role.SCHOOL_ADMIN')).toBe('學校承辦人');
    expect(translate('zh-TW', 'role.ORGANIZER')).toBe('研習辦理單位');
    expect(translate('zh-TW', 'role.TEACHER')).toBe('教師');
  });
});
