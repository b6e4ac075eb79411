// The ffmpeg/ffprobe runner: one call, one value or one JobFailure. It owns everything around
// the argv: the proxy in the environment (never in argv), the process hook and deadline of
// the caller's scope, progress, removing a partial output, and the verdict on the run:
//
// - cancelled / timeout from the scope;
// - url_not_allowed when the egress proxy refused a connection of this run (ffmpeg itself says
//   only "403 Forbidden", or nothing when it skips a segment);
// - upstream_error when a network read skipped a segment it could not fetch (exit 0 or not);
// - media_error for a source that ends before its index says, or any other failure.
//
// Every argv must open its inputs through input.ts (assertGuardedInputs): the runner refuses
// to start one that does not. A run that reads the network takes a slot of its source host
// (VC_SOURCE_HOST_CONCURRENCY) and, for a job with cookies, hands them to the egress proxy:
// ffmpeg could take them only as options (-cookies, -headers), which `ps` shows to everyone.
import { rm } from 'node:fs/promises';
import { jobFailure, type JobFailure } from '../../errors.js';
import { engineEnv } from '../process/env.js';
import { refusedDetail, runRoutes, type EgressRoute } from '../process/egress.js';
import { runProcess, type RunResult } from '../process/run.js';
import { HostSlots, sourceHost } from '../process/host-slots.js';
import { commandLog, type RunScope } from '../process/scope.js';
import { assertGuardedInputs, isContainer, type MediaInput } from './input.js';
import { oversizedFrame } from './limits.js';
import { toMediaInfo, type MediaInfo } from './media-info.js';
import { InputDumpReader, lastLines, parseProgressLine, readProblem, withoutPaths, type DeclaredInput, type ReadProblem } from './stderr.js';

export interface FfmpegPaths {
  ffmpeg: string;
  ffprobe: string;
}

export interface FfmpegRunOptions {
  /** Seconds of output expected, for percentages; null: only 100 at the end. */
  durationSeconds: number | null;
  onProgress?: (pct: number) => void;
  /** Removed on any failure, so no partial file outlives the job. */
  output?: string;
  /** Default: whatever the scope has left. */
  timeoutMs?: number;
  /** stderr lines the caller reads (showinfo, metadata=print); at most 100,000 are kept. */
  keepLine?: (line: string) => boolean;
}

export interface FfmpegRun {
  /** The stderr lines keepLine asked for. */
  lines: string[];
  /** Input dumps (only when the run logs at info level): declared durations and streams. */
  inputs: DeclaredInput[];
}

export interface ProbeOptions {
  /** Default 30 s: probing reads headers only, so longer means a stalled or hostile input. */
  timeoutMs?: number;
}

export interface Ffmpeg {
  run(args: string[], scope: RunScope, opts: FfmpegRunOptions): Promise<FfmpegRun | JobFailure>;
  probe(input: MediaInput, scope: RunScope, opts?: ProbeOptions): Promise<MediaInfo | JobFailure>;
  /** Times (s) of the first video stream's keyframes in a local file (chapter cuts). */
  keyframes(input: MediaInput, scope: RunScope): Promise<number[] | JobFailure>;
}

const PROBE_TIMEOUT_MS = 30_000;
const TRUNCATED = 'the source is truncated';

/** A failure no other way of reading the same source would avoid (the bytes are missing). */
export function isTruncation(f: JobFailure): boolean {
  return f.code === 'media_error' && f.detail.startsWith(TRUNCATED);
}
/** Real files give a few KiB of JSON; thousands of streams or huge tags are an attack. */
const PROBE_STDOUT_LIMIT = 8 * 1024 * 1024;
const MAX_KEPT_LINES = 100_000;

export function createFfmpeg(paths: FfmpegPaths, egress?: EgressRoute, hostSlots: HostSlots = new HostSlots(0)): Ffmpeg {
  const ffmpegRoute = runRoutes(egress, 'f');
  const probeRoute = runRoutes(egress, 'p');

  /** The slot of the first network input's host (none for local runs). */
  async function slotFor(args: string[], scope: RunScope, timeoutMs: number): Promise<(() => void) | JobFailure> {
    const host = networkInputs(args).map(sourceHost)[0];
    if (!host) return () => undefined;
    const slot = await hostSlots.take(host, scope.signal, timeoutMs);
    if (slot.ok) return slot.release;
    return slot.why === 'cancelled' ? jobFailure('cancelled', 'cancelled while processing media') : jobFailure('timeout', `no turn to read from ${host} came in time (VC_SOURCE_HOST_CONCURRENCY)`);
  }

  async function run(args: string[], scope: RunScope, opts: FfmpegRunOptions): Promise<FfmpegRun | JobFailure> {
    assertGuardedInputs(args);
    const argv = networkLogLevel(args);
    const release = await slotFor(args, scope, opts.timeoutMs ?? scope.remainingMs());
    if (typeof release !== 'function') return release;
    try {
      return await runNow(argv, scope, opts);
    } finally {
      release();
    }
  }

  async function runNow(argv: string[], scope: RunScope, opts: FfmpegRunOptions): Promise<FfmpegRun | JobFailure> {
    const route = ffmpegRoute(networkInputs(argv).length > 0 ? scope.cookies : null);
    const lines: string[] = [];
    const dump = new InputDumpReader();
    let problem: ReadProblem | null = null;
    let last = -1;
    const report = (pct: number): void => {
      // Monotonic for the caller, and only whole-percent changes are worth a callback.
      const rounded = Math.floor(pct);
      if (rounded <= last) return;
      last = rounded;
      opts.onProgress?.(rounded);
    };
    const timeoutMs = opts.timeoutMs ?? scope.remainingMs();
    const r = await runProcess(paths.ffmpeg, argv, {
      env: engineEnv(route.proxy),
      timeoutMs,
      signal: scope.signal,
      onSpawn: (pid) => scope.onProcess(pid),
      log: commandLog(scope),
      // Progress blocks arrive twice a second for hours; only their lines matter.
      keepStdout: false,
      onStdoutLine: (line) => {
        const pct = parseProgressLine(line, opts.durationSeconds);
        if (pct !== null) report(pct);
      },
      onStderrLine: (line) => {
        dump.push(line);
        problem ??= readProblem(line);
        if (opts.keepLine?.(line) && lines.length < MAX_KEPT_LINES) lines.push(line);
      },
    });
    scope.onProcess(null);
    const failure = verdict(r, route.refusals(), problem, 'ffmpeg', timeoutMs, argv);
    if (failure) {
      if (opts.output) await rm(opts.output, { force: true });
      return failure;
    }
    report(100);
    return { lines, inputs: dump.inputs };
  }

  async function probe(input: MediaInput, scope: RunScope, opts: ProbeOptions = {}): Promise<MediaInfo | JobFailure> {
    const args = ['-v', 'error', '-print_format', 'json', '-show_format', '-show_streams', '-show_chapters', ...input.args()];
    const timeoutMs = Math.min(opts.timeoutMs ?? PROBE_TIMEOUT_MS, scope.remainingMs());
    const release = await slotFor(args, scope, timeoutMs);
    if (typeof release !== 'function') return release;
    const route = probeRoute(input.network ? scope.cookies : null);
    const r = await runProcess(paths.ffprobe, networkLogLevel(args), {
      env: engineEnv(route.proxy),
      timeoutMs,
      signal: scope.signal,
      stdoutLimitBytes: PROBE_STDOUT_LIMIT,
      log: commandLog(scope),
    }).finally(release);
    if (r.stdoutOverflow) return jobFailure('media_error', 'ffprobe output too large: hostile or broken media');
    const failure = verdict(r, route.refusals(), null, 'ffprobe', timeoutMs, args) ?? oversizedFrame(r.stderr);
    if (failure) return failure;
    let raw: unknown;
    try {
      raw = JSON.parse(r.stdout);
    } catch {
      return jobFailure('media_error', 'ffprobe returned unreadable output');
    }
    const info = toMediaInfo(raw);
    // Unreachable while the format whitelist holds; kept so that it cannot silently stop holding.
    if (!('code' in info) && !input.network && !isContainer(info.formatName)) {
      return jobFailure('media_error', `the source is not a media file: ffprobe read it as "${info.formatName}"`);
    }
    return info;
  }

  async function keyframes(input: MediaInput, scope: RunScope): Promise<number[] | JobFailure> {
    if (input.network) throw new Error('keyframes reads local files only');
    // -skip_frame nokey: only keyframes are decoded, so this is a quick pass even on long files.
    const args = ['-v', 'error', '-select_streams', 'v:0', '-skip_frame', 'nokey', '-show_entries', 'frame=pts_time', '-of', 'csv=p=0', ...input.args()];
    const timeoutMs = Math.min(PROBE_TIMEOUT_MS * 4, scope.remainingMs());
    const r = await runProcess(paths.ffprobe, args, { timeoutMs, signal: scope.signal, stdoutLimitBytes: PROBE_STDOUT_LIMIT, log: commandLog(scope) });
    const failure = verdict(r, [], null, 'ffprobe', timeoutMs, args);
    if (failure) return failure;
    // "N/A" for frames without a timestamp; negative times precede the start.
    const times = r.stdout.split('\n').map((l) => l.trim().replace(/,$/, '')).filter((l) => /^-?\d/.test(l));
    return times.map(Number).filter((n) => Number.isFinite(n) && n >= 0);
  }

  return { run, probe, keyframes };
}

function verdict(r: RunResult, refusals: string[], problem: ReadProblem | null, engine: string, timeoutMs: number, args: string[]): JobFailure | null {
  if (r.aborted) return jobFailure('cancelled', 'cancelled while processing media');
  if (r.timedOut) return jobFailure('timeout', `${engine} did not finish within ${Math.round(timeoutMs / 1000)} s`);
  // A refused connection is the cause whatever else went wrong after it.
  if (refusals.length > 0) return jobFailure('url_not_allowed', refusedDetail(refusals));
  if (problem === 'segment') return jobFailure('upstream_error', `a segment of the source could not be fetched: ${detail(r, args)}`);
  if (problem === 'truncated') return jobFailure('media_error', `${TRUNCATED} (it ends before its index says): ${detail(r, args)}`);
  if (r.code === 0) return null;
  const refusedFormat = /\[(\w+) @ [^\]]+\] Format not on whitelist/.exec(r.stderr);
  if (refusedFormat) {
    return jobFailure('media_error', `the source is not a media file: ffmpeg recognised "${refusedFormat[1]}", a format that is not accepted here (playlists and manifests are read from their URL, never from a file)`);
  }
  return jobFailure('media_error', `${engine === 'ffprobe' ? 'cannot read media' : 'ffmpeg failed'}: ${detail(r, args) || `exit ${r.code ?? r.signal}`}`);
}

/** The error's last lines, without the local paths of the run (they are ours, not the caller's). */
function detail(r: RunResult, args: string[]): string {
  return withoutPaths(lastLines(r.stderr), args.filter((a) => a.startsWith('/')));
}

/** The http(s) URLs an argv opens as inputs. */
function networkInputs(args: string[]): string[] {
  return args.filter((a, i) => args[i - 1] === '-i' && /^https?:\/\//i.test(a));
}

/**
 * ffmpeg reports a skipped segment as a warning; a run that reads the network must log at
 * least that much, or the skip would go unseen.
 */
function networkLogLevel(args: string[]): string[] {
  if (networkInputs(args).length === 0) return args;
  return args.map((a, i) => ((args[i - 1] === '-v' || args[i - 1] === '-loglevel') && /^(quiet|panic|fatal|error)$/.test(a) ? 'warning' : a));
}
