import { useCallback, useEffect, useState } from 'react';
import type { TypedDocumentString } from '../gql/graphql';
import { request } from './client';
import { useQuery } from './useQuery';

export interface Connection<N> {
  totalCount: number;
  pageInfo: { hasNextPage: boolean; endCursor?: string | null };
  nodes: N[];
}

export interface PagedState<R, N> {
  /** The first page's whole result (for fields beside the connection). */
  data: R | undefined;
  nodes: N[];
  totalCount: number;
  hasNextPage: boolean;
  loading: boolean;
  loadingMore: boolean;
  error: unknown;
  loadMoreError: unknown;
  loadMore: () => Promise<void>;
  /**
   * Loads every page not loaded yet, one after another, and resolves with all the nodes
   * (they are also appended to `nodes`); rejects, adding nothing, when a page fails.
   */
  loadAll: () => Promise<N[]>;
  refetch: () => Promise<unknown>;
}

/**
 * A Relay connection, first page by `useQuery`, further pages appended by `loadMore`
 * ("Load more" keeps the reader's place; no page numbers to lose).
 */
export function usePagedQuery<R, V extends { after?: string | null }, N>(
  document: TypedDocumentString<R, V>,
  variables: V,
  select: (data: R) => Connection<N> | null | undefined,
  options: { skip?: boolean; public?: boolean } = {},
): PagedState<R, N> {
  const first = useQuery(document, { ...variables, after: null }, options);
  const key = JSON.stringify(variables);
  const [more, setMore] = useState<{ key: string; nodes: N[]; endCursor: string | null; hasNextPage: boolean } | null>(null);
  const [loadingMore, setLoadingMore] = useState(false);
  const [loadMoreError, setLoadMoreError] = useState<unknown>(null);

  useEffect(() => {
    setMore(null);
    setLoadMoreError(null);
  }, [key, first.data]);

  const connection = first.data ? select(first.data) : null;
  const current = more && more.key === key ? more : null;
  const hasNextPage = current ? current.hasNextPage : (connection?.pageInfo.hasNextPage ?? false);
  const endCursor = current ? current.endCursor : (connection?.pageInfo.endCursor ?? null);

  const loadMore = useCallback(async () => {
    if (!endCursor) return;
    setLoadingMore(true);
    setLoadMoreError(null);
    try {
      const data = await request(document, { ...variables, after: endCursor }, { public: options.public ?? false });
      const page = select(data);
      if (!page) return;
      setMore((prev) => ({
        key,
        nodes: [...(prev && prev.key === key ? prev.nodes : []), ...page.nodes],
        endCursor: page.pageInfo.endCursor ?? null,
        hasNextPage: page.pageInfo.hasNextPage,
      }));
    } catch (e) {
      setLoadMoreError(e);
    } finally {
      setLoadingMore(false);
    }
    // `select` is expected to be a stable accessor.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [document, key, endCursor, options.public]);

  const loaded = [...(connection?.nodes ?? []), ...(current?.nodes ?? [])];
  // Made anew each render, so it starts from the nodes and cursor shown.
  const loadAll = async (): Promise<N[]> => {
    let cursor = endCursor;
    let next = hasNextPage;
    if (!next || !cursor) return loaded;
    setLoadingMore(true);
    setLoadMoreError(null);
    try {
      const added: N[] = [];
      while (next && cursor) {
        const data = await request(document, { ...variables, after: cursor }, { public: options.public ?? false });
        const page = select(data);
        if (!page) break;
        added.push(...page.nodes);
        cursor = page.pageInfo.endCursor ?? null;
        next = page.pageInfo.hasNextPage;
      }
      const end = { endCursor: cursor, hasNextPage: next };
      setMore((prev) => ({ key, nodes: [...(prev && prev.key === key ? prev.nodes : []), ...added], ...end }));
      return [...loaded, ...added];
    } finally {
      setLoadingMore(false);
    }
  };

  return {
    data: first.data,
    nodes: loaded,
    totalCount: connection?.totalCount ?? 0,
    hasNextPage,
    loading: first.loading,
    loadingMore,
    error: first.error,
    loadMoreError,
    loadMore,
    loadAll,
    refetch: first.refetch,
  };
}
