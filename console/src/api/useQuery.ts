import { useCallback, useEffect, useRef, useState } from 'react';
import type { TypedDocumentString } from '../gql/graphql';
import { request } from './client';

export interface QueryState<R> {
  data: R | undefined;
  error: unknown;
  loading: boolean;
  /** Fetches again; resolves with the new data (rejects on failure). */
  refetch: () => Promise<R>;
}

interface Options {
  skip?: boolean;
  /** Anonymous visitors may run it (see RequestOptions.public). */
  public?: boolean;
}

/**
 * Runs a query whenever its variables change. Keeps the previous data while a new
 * request is under way, so lists do not flash; aborts requests that are superseded.
 */
export function useQuery<R, V>(
  document: TypedDocumentString<R, V>,
  variables: V,
  options: Options = {},
): QueryState<R> {
  const key = JSON.stringify(variables ?? {});
  const [data, setData] = useState<R | undefined>(undefined);
  const [error, setError] = useState<unknown>(undefined);
  const [loading, setLoading] = useState(!options.skip);
  const latest = useRef({ key, isPublic: options.public ?? false, generation: 0 });
  latest.current.key = key;
  latest.current.isPublic = options.public ?? false;

  const run = useCallback(
    (signal?: AbortSignal): Promise<R> => {
      const generation = ++latest.current.generation;
      setLoading(true);
      const vars = JSON.parse(latest.current.key) as V;
      return request(document, vars, { signal, public: latest.current.isPublic }).then(
        (result) => {
          if (generation === latest.current.generation) {
            setData(result);
            setError(undefined);
            setLoading(false);
          }
          return result;
        },
        (e: unknown) => {
          if (generation === latest.current.generation && !signal?.aborted) {
            setError(e);
            setLoading(false);
          }
          throw e;
        },
      );
    },
    [document],
  );

  useEffect(() => {
    if (options.skip) {
      setLoading(false);
      return;
    }
    const controller = new AbortController();
    run(controller.signal).catch(() => {
      // The error is in state.
    });
    return () => controller.abort();
  }, [run, key, options.skip]);

  const refetch = useCallback(() => run(), [run]);
  return { data, error, loading, refetch };
}
