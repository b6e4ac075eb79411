// The one generic child-process runner every engine (ffmpeg, ffprobe, yt-dlp, …) goes through.
//
// Why it looks like this:
// - argv array, never a shell: URLs and titles from strangers are data, not shell code.
// - `detached: true` makes the child the leader of its own process group, so a kill aimed at
//   `-pid` also reaches grandchildren (yt-dlp starts ffmpeg; a shell wrapper starts the real
//   binary). Killing only the pid would orphan them.
// - Timeout and abort share one path: SIGTERM to the group (ffmpeg then finalises its output),
//   SIGKILL to the group 2 s later, and once more when the leader has gone in case a
//   grandchild ignored SIGTERM.
// - Expected outcomes (non-zero exit, timeout, abort) resolve; only "could not start" rejects,
//   because that is an installation fault, not something a job did.
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';

export interface RunOptions {
  cwd?: string;
  /** The complete environment of the child (not merged); the parent's when omitted. */
  env?: NodeJS.ProcessEnv;
  signal?: AbortSignal;
  timeoutMs: number;
  onStdoutLine?: (line: string) => void;
  onStderrLine?: (line: string) => void;
  onSpawn?: (pid: number) => void;
  /** Stdout beyond this many bytes kills the process and sets `stdoutOverflow`. Unlimited when omitted. */
  stdoutLimitBytes?: number;
  /** false: stdout is only streamed to onStdoutLine, not kept (long ffmpeg progress output). */
  keepStdout?: boolean;
  /** Receives the full command line (debug level). */
  log?: (msg: string) => void;
}

export interface RunResult {
  code: number | null;
  signal: string | null;
  stdout: string;
  /** The last STDERR_KEEP_CHARS characters only. */
  stderr: string;
  timedOut: boolean;
  aborted: boolean;
  stdoutOverflow: boolean;
}

const KILL_GRACE_MS = 2_000;
const STDERR_KEEP_CHARS = 64 * 1024;

/** Runs `cmd` with `args` and resolves when it has exited and its pipes have closed. */
export function runProcess(cmd: string, args: string[], opts: RunOptions): Promise<RunResult> {
  opts.log?.(`exec: ${formatCommand(cmd, args)}`);
  const result: RunResult = {
    code: null,
    signal: null,
    stdout: '',
    stderr: '',
    timedOut: false,
    aborted: false,
    stdoutOverflow: false,
  };
  if (opts.signal?.aborted) return Promise.resolve({ ...result, aborted: true });

  return new Promise<RunResult>((resolve, reject) => {
    const child = spawn(cmd, args, {
      cwd: opts.cwd,
      env: opts.env,
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
      windowsHide: true,
    });
    const pid = child.pid;
    let killRequested = false;
    let killTimer: NodeJS.Timeout | undefined;
    let stdoutBytes = 0;

    const stop = (why: 'timeout' | 'abort' | 'overflow'): void => {
      if (why === 'timeout') result.timedOut = true;
      if (why === 'abort') result.aborted = true;
      if (why === 'overflow') result.stdoutOverflow = true;
      if (killRequested || pid === undefined) return;
      killRequested = true;
      signalGroup(pid, 'SIGTERM');
      killTimer = setTimeout(() => signalGroup(pid, 'SIGKILL'), KILL_GRACE_MS);
    };

    const timeoutTimer = setTimeout(() => stop('timeout'), opts.timeoutMs);
    const onAbort = (): void => stop('abort');
    opts.signal?.addEventListener('abort', onAbort, { once: true });
    const cleanup = (): void => {
      clearTimeout(timeoutTimer);
      if (killTimer) clearTimeout(killTimer);
      opts.signal?.removeEventListener('abort', onAbort);
    };

    child.once('error', (err: NodeJS.ErrnoException) => {
      cleanup();
      if (err.code === 'ENOENT') {
        const where = opts.cwd ? ` (or the working directory ${opts.cwd} does not exist)` : '';
        reject(new Error(`Cannot run "${cmd}": executable not found${where}`, { cause: err }));
      } else {
        reject(new Error(`Cannot run "${cmd}": ${err.message}`, { cause: err }));
      }
    });

    if (pid === undefined) return; // spawn failed; 'error' follows
    opts.onSpawn?.(pid);

    const keepStdout = opts.keepStdout !== false;
    child.stdout.setEncoding('utf8');
    const stdoutLines = lineSplitter((chunk) => {
      stdoutBytes += Buffer.byteLength(chunk);
      if (opts.stdoutLimitBytes !== undefined && stdoutBytes > opts.stdoutLimitBytes) {
        stop('overflow');
        return false;
      }
      if (keepStdout) result.stdout += chunk;
      return true;
    }, opts.onStdoutLine);
    child.stdout.on('data', stdoutLines.push);
    child.stdout.once('end', stdoutLines.flush);
    child.stderr.setEncoding('utf8');
    const stderrLines = lineSplitter((chunk) => {
      result.stderr += chunk;
      // Trim in batches so a chatty process does not cost a copy per chunk.
      if (result.stderr.length > 2 * STDERR_KEEP_CHARS) result.stderr = result.stderr.slice(-STDERR_KEEP_CHARS);
      return true;
    }, opts.onStderrLine);
    child.stderr.on('data', stderrLines.push);
    child.stderr.once('end', stderrLines.flush);

    child.once('close', (code, signal) => {
      cleanup();
      // A grandchild that ignored SIGTERM outlives the leader; the group id cannot be reused
      // while any member lives, so this reaches only our leftovers (ESRCH when there are none).
      if (killRequested) signalGroup(pid, 'SIGKILL');
      if (result.stderr.length > STDERR_KEEP_CHARS) result.stderr = result.stderr.slice(-STDERR_KEEP_CHARS);
      result.code = code;
      result.signal = signal;
      resolve(result);
    });
  });
}

/**
 * Kills a whole process group by its leader's pid (startup sweep of a crashed run's children).
 * Returns false when nothing was signalled: ESRCH (already gone) or EPERM (the id now belongs
 * to another user's process, so it is not ours).
 */
export function killProcessGroup(pid: number, signal: NodeJS.Signals = 'SIGKILL'): boolean {
  // -0 and -1 would mean "our own group" and "every process we may signal".
  if (!Number.isInteger(pid) || pid <= 1) throw new RangeError(`killProcessGroup: invalid pid ${pid}`);
  try {
    process.kill(-pid, signal);
    return true;
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ESRCH' || code === 'EPERM') return false;
    throw err;
  }
}

/**
 * True while `pid` runs. A zombie counts as gone: in containers whose PID 1 does not reap,
 * killed orphans linger as zombies although they hold no resources.
 */
export function isProcessAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2)[0] !== 'Z';
  } catch {
    // Gone in between, or no procfs at all (macOS), where kill(0) is all we know.
    return !existsSync('/proc/self/stat');
  }
}

function signalGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    killProcessGroup(pid, signal);
  } catch {
    // Nothing sensible to do mid-kill; the close handler still resolves the run.
  }
}

/**
 * Feeds whole chunks to `keep` (false = ignore the rest of the stream) and complete lines
 * (split on \n, \r\n or \r, empty ones dropped) to `onLine`; `flush` delivers the last,
 * unterminated line at end of stream.
 */
function lineSplitter(
  keep: (chunk: string) => boolean,
  onLine?: (line: string) => void,
): { push: (chunk: string) => void; flush: () => void } {
  let partial = '';
  let open = true;
  return {
    push(chunk) {
      if (!open) return;
      if (!keep(chunk)) {
        open = false;
        return;
      }
      if (!onLine) return;
      const parts = (partial + chunk).split(/\r\n|\r|\n/);
      partial = parts.pop() ?? '';
      // A line with no newline in sight is not allowed to grow without bound.
      if (partial.length > STDERR_KEEP_CHARS) partial = partial.slice(-STDERR_KEEP_CHARS);
      for (const line of parts) if (line !== '') onLine(line);
    },
    flush() {
      if (open && onLine && partial !== '') onLine(partial);
      partial = '';
    },
  };
}

/** Shell-style quoting, for logs only (nothing is ever run through a shell). */
export function formatCommand(cmd: string, args: string[]): string {
  const quote = (s: string): string => (/^[\w@%+=:,./-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`);
  return [cmd, ...args].map(quote).join(' ');
}
