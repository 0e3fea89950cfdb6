import { useCallback, useEffect, useState } from 'react';
import { UnauthorizedError } from './api/client';

export type Load<T> =
  | { state: 'loading'; previous: T | null }
  | { state: 'ready'; data: T }
  | { state: 'error'; message: string };

/**
 * Loads `fetcher` whenever `key` changes, cancelling the previous load; a 401 goes to `onUnauthorized`
 * (the app then asks for a sign-in). `retry` loads again.
 */
export function useApi<T>(key: string, fetcher: (signal: AbortSignal) => Promise<T>,
                          onUnauthorized: (message: string) => void): { load: Load<T>; retry: () => void } {
  const [load, setLoad] = useState<Load<T>>({ state: 'loading', previous: null });
  const [attempt, setAttempt] = useState(0);
  useEffect(() => {
    const controller = new AbortController();
    setLoad((current) => ({ state: 'loading', previous: current.state === 'ready' ? current.data : null }));
    fetcher(controller.signal).then(
      (data) => { if (!controller.signal.aborted) setLoad({ state: 'ready', data }); },
      (e: Error) => {
        if (controller.signal.aborted) return;
        if (e instanceof UnauthorizedError) onUnauthorized(e.message);
        else setLoad({ state: 'error', message: e.message });
      },
    );
    return () => controller.abort();
    // fetcher and onUnauthorized are recreated each render; key says when the request changes
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [key, attempt]);
  const retry = useCallback(() => setAttempt((n) => n + 1), []);
  return { load, retry };
}
