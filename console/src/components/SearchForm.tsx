import type { ReactNode } from 'react';
import type { UrlSearch } from '../api/useUrlSearch';
import { useI18n } from '../i18n';
import { TextField } from './Field';

/** A list's search form: the search text (`?q=` once sent), the page's own filters, then 搜尋. */
export function SearchForm({ search, label, hint, children }: { search: UrlSearch; label: string; hint?: string; children: ReactNode }) {
  const { t } = useI18n();
  return (
    <form className="filters card" role="search" aria-label={t('common.search')} onSubmit={search.submitSearch}>
      <TextField className="filter-grow" label={label} hint={hint} type="search" name="q" value={search.draft} onChange={(e) => search.setDraft(e.target.value)} />
      {children}
      <div className="filter-actions">
        <button type="submit" className="button button-primary">
          {t('common.search')}
        </button>
      </div>
    </form>
  );
}
