import { useEffect, useState, type FormEvent } from 'react';
import { useLocation, useSearch } from 'wouter';

/**
 * A list page's filters kept in the URL's query: `params` to read them, `setParams` to change
 * some (an empty value drops it; the history entry is replaced, so Back leaves the page), and
 * the search text `q` as typed (`draft`) until `submitSearch` puts it, trimmed, in the URL.
 */
export type UrlSearch = ReturnType<typeof useUrlSearch>;

export function useUrlSearch() {
  const [location, navigate] = useLocation();
  const params = new URLSearchParams(useSearch());
  const q = params.get('q') ?? '';
  const [draft, setDraft] = useState(q);
  useEffect(() => setDraft(q), [q]);

  const setParams = (changes: Record<string, string>) => {
    const next = new URLSearchParams(params);
    for (const [k, v] of Object.entries(changes)) {
      if (v) next.set(k, v);
      else next.delete(k);
    }
    const s = next.toString();
    navigate(s ? `${location}?${s}` : location, { replace: true });
  };

  const submitSearch = (e: FormEvent) => {
    e.preventDefault();
    setParams({ q: draft.trim() });
  };

  return { params, setParams, q, draft, setDraft, submitSearch };
}
