/**
 * Loads something from the API for a page: the data, the error (an ApiError with the server's
 * detail) and a reload. A newer load wins over an older one that answers late.
 */
import { useCallback, useEffect, useRef, useState, type DependencyList } from 'react';

export type Resource<T> = { status: 'loading'; data: T | undefined; error: null; reload: () => void } | { status: 'ready'; data: T; error: null; reload: () => void } | { status: 'failed'; data: T | undefined; error: unknown; reload: () => void };

export function useResource<T>(load: () => Promise<T>, deps: DependencyList): Resource<T> {
  const [state, setState] = useState<{ status: 'loading' | 'ready' | 'failed'; data: T | undefined; error: unknown }>({ status: 'loading', data: undefined, error: null });
  const generation = useRef(0);
  const [reloads, setReloads] = useState(0);
  useEffect(() => {
    generation.current += 1;
    const mine = generation.current;
    setState((previous) => ({ status: 'loading', data: previous.data, error: null }));
    load().then(
      (data) => {
        if (generation.current === mine) setState({ status: 'ready', data, error: null });
      },
      (error: unknown) => {
        if (generation.current === mine) setState((previous) => ({ status: 'failed', data: previous.data, error }));
      },
    );
    // The caller lists what the load depends on, as for useEffect; `load` itself is new every render.
  }, [...deps, reloads]);
  const reload = useCallback(() => setReloads((count) => count + 1), []);
  return { ...state, reload } as Resource<T>;
}
