import { useCallback, useRef, useState } from 'react';
import { groupInputErrors, type GroupedErrors, type InputErrorLike } from './inputErrors';

/** What every mutation payload carries (docs/api.md, the error model). */
export interface PayloadLike {
  errors: readonly InputErrorLike[];
}

export interface MutationState<K extends string = string> {
  /**
   * Runs `send` (which sends the mutation and returns its payload): `busy` while it runs,
   * then `errors` from the payload or `failure` from a top-level error. Resolves with the
   * payload (look at its `errors`), or with null when the request failed (`failure` says
   * why) or another run was still under way (one at a time, so a double click sends
   * nothing twice); it never rejects. `key` names what the run changes (a row's id), so
   * a list marks that row busy.
   */
  run: <P extends PayloadLike>(send: () => Promise<P>, key?: K) => Promise<P | null>;
  busy: boolean;
  /** The `key` of the run under way, or null. */
  busyKey: K | null;
  /** The last top-level failure (authorization, network, fault), or null. */
  failure: unknown;
  /** The payload errors of the last run, or errors the page found itself (`setErrors`). */
  errors: readonly InputErrorLike[];
  /** `errors` by the form's fields (the `fields` option); the rest are general. */
  grouped: GroupedErrors;
  /** Shows errors found before asking the server (and clears them with `[]`). */
  setErrors: (errors: readonly InputErrorLike[]) => void;
  /** Forgets errors and failure, e.g. when a dialog closes. */
  reset: () => void;
}

/**
 * The console's one way to run a mutation and keep its state: busy, top-level failure
 * and payload errors (grouped by the form's `fields`). Every run clears the previous
 * errors and failure first.
 */
export function useMutation<K extends string = string>(options: { fields?: readonly string[] } = {}): MutationState<K> {
  const [busyKey, setBusyKey] = useState<K | null>(null);
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<unknown>(null);
  const [errors, setErrors] = useState<readonly InputErrorLike[]>([]);
  // State updates show only at the next render: two clicks in one frame both see `busy`
  // false, so the run under way is also kept here.
  const inFlight = useRef(false);

  const run = useCallback(async <P extends PayloadLike>(send: () => Promise<P>, key?: K): Promise<P | null> => {
    if (inFlight.current) return null;
    inFlight.current = true;
    setBusy(true);
    setBusyKey(key ?? null);
    setFailure(null);
    setErrors([]);
    try {
      const payload = await send();
      setErrors(payload.errors);
      return payload;
    } catch (e) {
      setFailure(e);
      return null;
    } finally {
      inFlight.current = false;
      setBusy(false);
      setBusyKey(null);
    }
  }, []);

  const reset = useCallback(() => {
    setFailure(null);
    setErrors([]);
  }, []);

  return {
    run,
    busy,
    busyKey,
    failure,
    errors,
    grouped: groupInputErrors(errors, options.fields ?? []),
    setErrors,
    reset,
  };
}
