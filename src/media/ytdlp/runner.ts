// The yt-dlp runner: one call, one value or one JobFailure. Whatever built the argv, every run
// goes through here, and here it gets:
//
// - the egress proxy in its environment (a proxy URL per run, so refusals are told to the run
//   that made them; never `--proxy` in argv, where `ps` would show the credential);
// - the operator's plugin folders (VC_YTDLP_PLUGIN_DIRS);
// - the job's cookies (`cookies`): `--cookies <file>` (a 0600 copy for this run beside the
//   attempt's file: yt-dlp rewrites its cookie file in place when it exits, so two runs of one
//   job sharing a file — a playlist's entries — could read each other's half-written jar; the
//   content never in argv), and the same cookies handed to the egress proxy for the run's
//   tag, for the ffmpeg yt-dlp starts (the fork server keeps yt-dlp from putting them in that
//   ffmpeg's argv: forkserver.py);
// - a slot of its source host (VC_SOURCE_HOST_CONCURRENCY; host-slots.ts);
// - guards for the programs yt-dlp starts itself (guards.ts): a web-only protocol whitelist
//   for the ffmpeg that downloads (--download-sections, some formats), container-only
//   whitelists for the ffmpeg post-processors that read what was downloaded, and a fragment
//   that cannot be fetched ending the run instead of being skipped;
// - the verdict: cancelled, timeout, url_not_allowed when the proxy refused a connection of
//   the run, upstream_error when yt-dlp's ffmpeg skipped a segment (it exits 0 regardless),
//   else classifyYtdlpError on yt-dlp's own message.
//
// The fork server (forkserver.ts) runs it warm; the CLI is the fallback when it cannot start.
import { randomUUID } from 'node:crypto';
import { readFile, rm, writeFile } from 'node:fs/promises';
import { jobFailure, type JobFailure } from '../../errors.js';
import { InputDumpReader, readProblem, type DeclaredInput } from '../ffmpeg/stderr.js';
import { refusedDetail, runRoutes, type EgressRoute } from '../process/egress.js';
import { proxyVariables } from '../process/env.js';
import { HostSlots, sourceHost } from '../process/host-slots.js';
import { commandLog, type RunScope } from '../process/scope.js';
import { classifyYtdlpError } from './classify.js';
import { YtdlpForkServer, runYtdlpCli, type YtdlpRunResult, type YtdlpRunner } from './forkserver.js';
import { guardArgs } from './guards.js';

export interface YtdlpCall {
  cwd?: string;
  /** Complete stdout lines as they arrive. */
  onStdoutLine?: (line: string) => void;
  /** At most this long; never past the scope's deadline. */
  timeoutMs?: number;
  /** Run-specific failures read from stderr before the general ones (e.g. the size limit). */
  classify?: (stderr: string) => JobFailure | null;
  /** Input options for the ffmpeg yt-dlp downloads with, after the guards (a live stream's start). */
  ffmpegInputArgs?: string[];
}

export interface YtdlpOutput {
  stdout: string;
  /** What the ffmpeg that yt-dlp started declared about its inputs (durations, streams). */
  ffmpegInputs: DeclaredInput[];
}

export interface Ytdlp {
  /** `argv` must end with `-- <url>`; `url` names the source in error messages. */
  run(argv: string[], url: string, scope: RunScope, call?: YtdlpCall): Promise<YtdlpOutput | JobFailure>;
  close(): Promise<void>;
}

export interface YtdlpOptions {
  python: string;
  /** The CLI, for when the fork server cannot start. */
  cli: string;
  socketPath?: string;
  ffmpegLocation?: string;
  pluginDirs: string[];
  egress?: EgressRoute;
  /** Runs per source host (VC_SOURCE_HOST_CONCURRENCY); none: unbounded. */
  hostSlots?: HostSlots;
  log?: (msg: string) => void;
}

/** Starts the fork server (or settles for the CLI) and wraps it in the runner. */
export async function startYtdlp(o: YtdlpOptions): Promise<Ytdlp> {
  let server: YtdlpForkServer | null = null;
  try {
    server = await YtdlpForkServer.start({ python: o.python, socketPath: o.socketPath, ffmpegLocation: o.ffmpegLocation, pluginDirs: o.pluginDirs, log: o.log });
  } catch (err) {
    o.log?.(`yt-dlp fork server unavailable, running the CLI per call: ${(err as Error).message}`);
  }
  const exec: YtdlpRunner = server ?? { run: (argv, opts) => runYtdlpCli(o.cli, argv, opts) };
  const ytdlp = createYtdlp(exec, o);
  return { run: ytdlp.run, close: async () => server?.close() };
}

/** The runner around an executor (the fork server, the CLI, or a test's stand-in). */
export function createYtdlp(exec: YtdlpRunner, o: Pick<YtdlpOptions, 'pluginDirs' | 'egress' | 'hostSlots'>): Ytdlp {
  const plugins = o.pluginDirs.flatMap((d) => ['--plugin-dirs', d]);
  const route = runRoutes(o.egress, 'y');
  const slots = o.hostSlots ?? new HostSlots(0);
  return {
    async run(argv, url, scope, call = {}) {
      const end = argv.lastIndexOf('--');
      if (end < 0 || end !== argv.length - 2) throw new Error('yt-dlp argv must end with `-- <url>`');
      if (argv.includes('--cookies')) throw new Error('yt-dlp argv must not carry --cookies: the runner adds the scope\'s');
      const timeoutMs = Math.min(call.timeoutMs ?? Infinity, scope.remainingMs());
      const started = Date.now();
      const slot = await slots.take(sourceHost(url) ?? '', scope.signal, timeoutMs);
      if (!slot.ok) return slot.why === 'cancelled' ? jobFailure('cancelled', 'The job was cancelled.') : jobFailure('timeout', `No turn to read from ${sourceHost(url)} came within ${Math.round(timeoutMs / 1000)} s (VC_SOURCE_HOST_CONCURRENCY).`);
      const cookieFile = scope.cookies ? await cookieCopy(scope.cookies.file) : null;
      // Ours go last among the options: a later duplicate in argv would silently win.
      const full = [...plugins, ...argv.slice(0, end), ...(cookieFile ? ['--cookies', cookieFile] : []), ...guardArgs(call.ffmpegInputArgs), ...argv.slice(end)];
      const r = route(scope.cookies);
      let result: YtdlpRunResult;
      let refused: string[] = [];
      try {
        result = await exec.run(full, {
          cwd: call.cwd,
          // The flag: yt-dlp's plain HTTP tunnels through the egress proxy (forkserver_tunnel.py).
          env: r.proxy === undefined ? undefined : { ...proxyVariables(r.proxy), VC_EGRESS_TUNNEL_HTTP: '1' },
          signal: scope.signal,
          timeoutMs: Math.max(1, timeoutMs - (Date.now() - started)),
          onStdoutLine: call.onStdoutLine,
          onSpawn: (pid) => scope.onProcess(pid),
          log: commandLog(scope),
        });
      } finally {
        scope.onProcess(null);
        slot.release();
        if (cookieFile) await rm(cookieFile, { force: true });
        // Also after a throw: the proxy forgets the run's refusals and its cookies.
        refused = r.refusals();
      }
      return ytdlpVerdict(result, refused, url, timeoutMs, call.classify);
    },
    close: async () => undefined,
  };
}

/** A private copy (0600) of a job's cookie file for one run, beside it; the caller removes it. */
async function cookieCopy(file: string): Promise<string> {
  const copy = `${file}.${randomUUID()}`;
  await writeFile(copy, await readFile(file), { mode: 0o600, flag: 'wx' });
  return copy;
}

/** A finished run -> its output or a JobFailure (exported for tests). */
export function ytdlpVerdict(r: YtdlpRunResult, refusals: string[], url: string, timeoutMs: number, classify?: YtdlpCall['classify']): YtdlpOutput | JobFailure {
  if (r.aborted) return jobFailure('cancelled', 'The job was cancelled.');
  if (r.timedOut) return jobFailure('timeout', `yt-dlp did not finish within ${Math.round(timeoutMs / 1000)} s.`);
  const dump = new InputDumpReader();
  let problem: ReturnType<typeof readProblem> = null;
  for (const line of r.stderr.split(/\r?\n|\r/)) {
    dump.push(line);
    problem ??= readProblem(line);
  }
  if (refusals.length > 0 && (r.code !== 0 || problem !== null)) return jobFailure('url_not_allowed', refusedDetail(refusals));
  if (problem === 'segment') return jobFailure('upstream_error', `A segment of ${url} could not be fetched.`);
  if (problem === 'truncated') return jobFailure('media_error', `The source is truncated: ${url} ends before its index says.`);
  if (r.code !== 0) return classify?.(r.stderr) ?? classifyYtdlpError(r.stderr, url);
  return { stdout: r.stdout, ffmpegInputs: dump.inputs };
}
