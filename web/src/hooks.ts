// Data loading for pages: one request's state, with a reload.
import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import { ApiProblem } from './api';

export interface Loaded<T> {
  data?: T;
  error?: ApiProblem;
  loading: boolean;
  reload: () => void;
  set: (value: T) => void;
}

export function useLoad<T>(load: () => Promise<T>, deps: unknown[]): Loaded<T> {
  const [state, setState] = useState<{ data?: T; error?: ApiProblem; loading: boolean }>({ loading: true });
  const [tick, setTick] = useState(0);
  const latest = useRef(0);
  useEffect(() => {
    const mine = ++latest.current;
    setState((s) => ({ ...s, loading: true }));
    load().then(
      (data) => mine === latest.current && setState({ data, loading: false }),
      (e: unknown) => mine === latest.current && setState({ error: asProblem(e), loading: false }),
    );
    // Callers pass the inputs of `load` as deps.
  }, [...deps, tick]);
  const reload = useCallback(() => setTick((t) => t + 1), []);
  const set = useCallback((data: T) => setState({ data, loading: false }), []);
  return { ...state, reload, set };
}

export function asProblem(e: unknown): ApiProblem {
  if (e instanceof ApiProblem) return e;
  return new ApiProblem(0, 'client_error', e instanceof Error ? e.message : String(e));
}

/** Runs `fn` every `ms` while the page is visible. */
export function useInterval(fn: () => void, ms: number | null): void {
  const saved = useRef(fn);
  saved.current = fn;
  useEffect(() => {
    if (ms === null) return;
    const id = setInterval(() => document.visibilityState === 'visible' && saved.current(), ms);
    return () => clearInterval(id);
  }, [ms]);
}
