import { zhTW, type MessageKey } from './zh-TW';

export type Locale = 'zh-TW' | 'en';
export const LOCALES: readonly Locale[] = ['zh-TW', 'en'];
export const DEFAULT_LOCALE: Locale = 'zh-TW';
export const LOCALE_STORAGE_KEY = 'inservice.locale';

type Catalog = Partial<Record<MessageKey, string>>;

/**
 * The messages loaded so far. zh-TW, the default and the fallback, starts with what the
 * shell and the first page say (zh-TW.ts); the pages' messages (zh-TW.pages.ts) come
 * with the first page that needs them (`loadPageMessages`, routes.tsx), and English when
 * it is chosen (`loadCatalog`). So the first page carries neither.
 */
const catalogs: Partial<Record<Locale, Catalog>> = { 'zh-TW': zhTW };
let pageMessages = false;

export function addCatalog(locale: Locale, catalog: Catalog): void {
  catalogs[locale] = { ...catalogs[locale], ...catalog };
}

export function hasCatalog(locale: Locale): boolean {
  return catalogs[locale] !== undefined;
}

/** Loads a locale's catalog (once); until then its messages fall back to zh-TW. */
export async function loadCatalog(locale: Locale): Promise<void> {
  if (hasCatalog(locale)) return;
  if (locale === 'en') addCatalog('en', (await import('./en')).en);
}

/** Loads the zh-TW messages of the pages (once), before a page that needs them renders. */
export async function loadPageMessages(): Promise<void> {
  if (pageMessages) return;
  addCatalog('zh-TW', (await import('./zh-TW.pages')).zhTWPages);
  pageMessages = true;
}

export type Params = Record<string, string | number>;

/** Fills `{name}` placeholders; unknown placeholders are left as they are. */
export function interpolate(template: string, params?: Params): string {
  if (!params) return template;
  return template.replace(/\{(\w+)\}/g, (whole, name: string) =>
    Object.prototype.hasOwnProperty.call(params, name) ? String(params[name]) : whole,
  );
}

export function hasMessage(key: string): key is MessageKey {
  return Object.prototype.hasOwnProperty.call(catalogs['zh-TW'], key);
}

export function translate(locale: Locale, key: MessageKey, params?: Params): string {
  // A message of a page not loaded yet shows as its key rather than failing.
  return interpolate(catalogs[locale]?.[key] ?? catalogs['zh-TW']?.[key] ?? key, params);
}

export type Translate = (key: MessageKey, params?: Params) => string;

export function translator(locale: Locale): Translate {
  return (key, params) => translate(locale, key, params);
}

/** The stored choice, if valid; otherwise the default (zh-TW). */
export function parseLocale(value: string | null | undefined): Locale {
  return value === 'en' || value === 'zh-TW' ? value : DEFAULT_LOCALE;
}
