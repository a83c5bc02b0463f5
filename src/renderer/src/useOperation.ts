// Runs one contract operation and tracks its state for a page: loading, its value, or its error.
import { useCallback, useEffect, useState } from 'react';
import type { KeelError, Result } from '../../shared/types';

export type OperationState<T> =
  | { status: 'loading' }
  | { status: 'ok'; value: T }
  | { status: 'error'; error: KeelError };

export function useOperation<T>(run: () => Promise<Result<T>>): OperationState<T> & { reload: () => void } {
  const [state, setState] = useState<OperationState<T>>({ status: 'loading' });
  const [generation, setGeneration] = useState(0);
  const reload = useCallback(() => {
    // Retrying after an error shows the loading state; refreshing a shown value keeps it on screen.
    setState((s) => (s.status === 'error' ? { status: 'loading' } : s));
    setGeneration((g) => g + 1);
  }, []);

  useEffect(() => {
    let live = true;
    run().then(
      (r) => {
        if (live) setState(r.ok ? { status: 'ok', value: r.value } : { status: 'error', error: r.error });
      },
      (e: unknown) => {
        if (live) setState({ status: 'error', error: { code: 'INTERNAL', message: String(e) } });
      },
    );
    return () => {
      live = false;
    };
    // `run` is a fixed contract call; reloads go through `generation`.
  }, [generation]);

  return { ...state, reload };
}

/** A user action that calls the contract (Load / Remove demo): whether it is running and its last error. */
export function useAction<T>(run: () => Promise<Result<T>>, onDone: (value: T) => void) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<KeelError | null>(null);
  const start = useCallback(async () => {
    setBusy(true);
    setError(null);
    try {
      const r = await run();
      if (r.ok) onDone(r.value);
      else setError(r.error);
    } catch (e) {
      setError({ code: 'INTERNAL', message: String(e) });
    } finally {
      setBusy(false);
    }
  }, [run, onDone]);
  return { busy, error, start };
}
