// Data loading for pages: one request's state, with a reload.
import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import { Unreachable, VideoConduitError } from './api';

export interface Loaded<T> {
  data?: T;
  error?: VideoConduitError;
  loading: boolean;
  reload: () => void;
  set: (value: T) => void;
}

export function useLoad<T>(load: () => Promise<T>, deps: unknown[]): Loaded<T> {
  const [state, setState] = useState<{ data?: T; error?: VideoConduitError; loading: boolean }>({ loading: true });
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

/** Any failure as the SDK's error, so pages show one shape: API answers keep their code. */
export function asProblem(e: unknown): VideoConduitError {
  if (e instanceof VideoConduitError) return e;
  const detail = e instanceof Error ? e.message : String(e);
  return new VideoConduitError(0, { code: e instanceof Unreachable ? 'network_error' : 'client_error', detail });
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
