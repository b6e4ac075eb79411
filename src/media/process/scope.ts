// What every engine call needs from whoever asked for it: the job's abort signal, its deadline,
// where to record the running process (crash recovery kills it) and its log. A JobContext is
// one; plainScope makes one for calls outside a job (GET /v1/info, benches, tests).
import type { SourceCookies } from './egress.js';

export type { SourceCookies };

export interface RunScope {
  signal: AbortSignal;
  /** Milliseconds left before the caller's deadline; an engine run never outlives it. */
  remainingMs(): number;
  /** The running engine's process group (null once it has exited). */
  onProcess(pid: number | null): void;
  /** Informational lines; `extra.level: 'debug'` marks detail such as full command lines. */
  log(msg: string, extra?: Record<string, unknown>): void;
  /**
   * The caller's cookies for the source (a job's `cookies`): yt-dlp reads the file, the egress
   * proxy adds them to ffmpeg's plain-HTTP requests. Absent or null: none.
   */
  cookies?: SourceCookies | null;
}

/**
 * Where a runner sends the command lines it executes: the scope's log at debug level, since
 * a command line quotes the caller's URL (the service redacts, but it is detail, not news).
 */
export function commandLog(scope: RunScope): (line: string) => void {
  return (line) => scope.log(line, { level: 'debug' });
}

export function plainScope(opts: { timeoutMs: number; signal?: AbortSignal; log?: (msg: string) => void; cookies?: SourceCookies | null }): RunScope {
  const deadline = Date.now() + opts.timeoutMs;
  return {
    signal: opts.signal ?? new AbortController().signal,
    remainingMs: () => Math.max(0, deadline - Date.now()),
    onProcess: () => undefined,
    log: (msg) => opts.log?.(msg),
    cookies: opts.cookies ?? null,
  };
}

/** At most `capMs`, and never past the scope's deadline. */
export function within(scope: RunScope, capMs: number): number {
  return Math.min(capMs, scope.remainingMs());
}

/**
 * Scopes for engine runs that overlap (a probe beside a render), each with its own signal.
 * The parent records one process at a time: the first started that is still running, so an
 * engine that exits first does not clear the record of one still running (crash recovery
 * kills the recorded group), and a second start or exit beside it writes nothing (each record
 * is a database write).
 */
export function overlapping<S extends RunScope>(scope: S): (signal: AbortSignal) => S {
  const live: number[] = [];
  let recorded: number | null = null;
  return (signal) => {
    let mine: number | null = null;
    const onProcess = (pid: number | null): void => {
      if (mine !== null) live.splice(live.indexOf(mine), 1);
      mine = pid;
      if (pid !== null) live.push(pid);
      const now = live[0] ?? null;
      if (now === recorded) return;
      recorded = now;
      scope.onProcess(now);
    };
    return { ...scope, signal, onProcess };
  };
}
