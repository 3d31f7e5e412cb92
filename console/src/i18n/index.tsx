import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { formatDate, formatDateTime } from './format';
import {
  hasCatalog,
  loadCatalog,
  LOCALE_STORAGE_KEY,
  parseLocale,
  translator,
  type Locale,
  type Translate,
} from './translate';

export type { Locale, Translate } from './translate';
export type { MessageKey } from './zh-TW';

interface I18n {
  locale: Locale;
  setLocale: (locale: Locale) => void;
  t: Translate;
  date: (value: string | Date) => string;
  dateTime: (value: string | Date) => string;
}

const I18nContext = createContext<I18n | null>(null);

function storedLocale(): Locale {
  try {
    return parseLocale(localStorage.getItem(LOCALE_STORAGE_KEY));
  } catch {
    return parseLocale(null);
  }
}

export function I18nProvider({ children }: { children: ReactNode }) {
  const [locale, setLocaleState] = useState<Locale>(storedLocale);
  // The chosen locale's catalog is loaded (zh-TW always is).
  const [ready, setReady] = useState(() => hasCatalog(locale));

  useEffect(() => {
    document.documentElement.lang = locale;
  }, [locale]);

  useEffect(() => {
    if (ready) return;
    // Shown in zh-TW meanwhile would flash; a failed load shows zh-TW rather than nothing.
    void loadCatalog(locale).finally(() => setReady(true));
  }, [locale, ready]);

  const setLocale = useCallback((next: Locale) => {
    try {
      localStorage.setItem(LOCALE_STORAGE_KEY, next);
    } catch {
      // Private mode: the choice lasts for this page only.
    }
    // The page keeps its language until the other catalog is there.
    void loadCatalog(next)
      .catch(() => undefined)
      .then(() => setLocaleState(next));
  }, []);

  const value = useMemo<I18n>(
    () => ({
      locale,
      setLocale,
      t: translator(locale),
      date: (v) => formatDate(v, locale),
      dateTime: (v) => formatDateTime(v, locale),
    }),
    [locale, setLocale],
  );
  if (!ready) return null;
  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>;
}

export function useI18n(): I18n {
  const value = useContext(I18nContext);
  if (!value) throw new Error('useI18n outside I18nProvider');
  return value;
}
