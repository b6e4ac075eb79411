// The one runner for yt-dlp. Two ways to run the same argv with the same result:
// - YtdlpForkServer: a warm Python process (forkserver.py) forks one child per run. The raw
//   CLI spends most of its ~0.7-1.1 s per call importing yt-dlp and compiling extractor
//   regexes; a forked child starts with all of that done (see forkserver.py for timings).
// - runYtdlpCli: spawns <venv>/bin/yt-dlp; the fallback when the server cannot start, and
//   the "raw" baseline of the benchmark.
// Both kill the run's whole process group (yt-dlp starts ffmpeg) on timeout or abort.
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { promises as fs } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Config } from '../../config.js';
import { formatCommand, isProcessAlive, killProcessGroup, runProcess } from '../process/run.js';
import { RunDecoder } from './protocol.js';

export interface YtdlpRunOptions {
  cwd?: string;
  /**
   * Variables set in the run's environment, after every *_proxy variable of ours is removed
   * (see process/env.ts): how the egress proxy reaches a run without entering its argv.
   */
  env?: Record<string, string>;
  signal?: AbortSignal;
  timeoutMs: number;
  /** Complete stdout lines as they arrive (empty lines dropped, like runProcess). */
  onStdoutLine?: (line: string) => void;
  /** The pid of the run, which is also its process group id. */
  onSpawn?: (pid: number) => void;
  /** Receives the full command line (debug level). */
  log?: (msg: string) => void;
}

export interface YtdlpRunResult {
  /** Exit status; null when the run was killed before it could report one. */
  code: number | null;
  stdout: string;
  /** The last 64 KiB only. */
  stderr: string;
  timedOut: boolean;
  aborted: boolean;
}

/** What extractInfo and the job handlers need: the fork server and the CLI both fit. */
export interface YtdlpRunner {
  run(argv: string[], opts: YtdlpRunOptions): Promise<YtdlpRunResult>;
}

export interface ForkServerOptions {
  python: string;
  /** Unix socket path. Its directory is created private (0700); paths over 100 bytes (the
   * sun_path limit is 108) fall back to a fresh private temp directory. Default: temp dir. */
  socketPath?: string;
  /** Passed to the warm-up so runs with the same --ffmpeg-location skip the version probe. */
  ffmpegLocation?: string;
  /** yt-dlp plugin folders (VC_YTDLP_PLUGIN_DIRS) the warm-up loads, so that runs passing
   * the same `--plugin-dirs` find them (see plugin_args in forkserver.py for why). */
  pluginDirs?: string[];
  /** The first start after installing yt-dlp compiles its bytecode: ~20 s on a busy box. */
  startTimeoutMs?: number;
  /** Server-level diagnostics (start, restart, its stderr). */
  log?: (msg: string) => void;
}

const KILL_GRACE_MS = 2_000;
/** After SIGKILL, or after the trailer, how long a grandchild may hold the socket open. */
const LINGER_MS = 2_000;
const STDERR_KEEP_BYTES = 64 * 1024;
const SCRIPT = fileURLToPath(new URL('./forkserver.py', import.meta.url));

/** The one place that knows where the venv keeps its programs. */
export function ytdlpPaths(config: Pick<Config, 'venvDir'>): { python: string; ytdlp: string } {
  return { python: path.join(config.venvDir, 'bin', 'python'), ytdlp: path.join(config.venvDir, 'bin', 'yt-dlp') };
}

/** UTF-8 output whatever the locale, identical for the CLI and the fork server. */
function ytdlpEnv(): NodeJS.ProcessEnv {
  return { ...process.env, PYTHONIOENCODING: 'utf-8' };
}

/** The CLI's environment for a run: ours, minus *_proxy when the run brings its own. */
function cliEnv(extra: Record<string, string> | undefined): NodeJS.ProcessEnv {
  const env = ytdlpEnv();
  if (extra && Object.keys(extra).some((k) => /_proxy$/i.test(k))) for (const k of Object.keys(env)) if (/_proxy$/i.test(k)) delete env[k];
  return { ...env, ...extra };
}

/** Runs the yt-dlp CLI once; rejects only when it cannot be started at all. */
export async function runYtdlpCli(ytdlp: string, argv: string[], opts: YtdlpRunOptions): Promise<YtdlpRunResult> {
  const r = await runProcess(ytdlp, argv, { ...opts, env: cliEnv(opts.env) });
  return { code: r.code, stdout: r.stdout, stderr: r.stderr, timedOut: r.timedOut, aborted: r.aborted };
}

export class YtdlpForkServer implements YtdlpRunner {
  private proc: ChildProcessWithoutNullStreams | null = null;
  private starting: Promise<void> | null = null;
  private closed = false;
  private seq = 0;
  /** stop() of every run in flight, for close(). */
  private readonly active = new Set<{ stop: () => void }>();
  private readonly idle = new Set<() => void>();

  private constructor(
    private readonly opts: ForkServerOptions,
    /** Private directory for the socket (unless given) and the runs' stderr files. */
    private readonly dir: string,
    private readonly socketPath: string,
  ) {}

  static async start(opts: ForkServerOptions): Promise<YtdlpForkServer> {
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'vc-ytdlp-'));
    let socketPath = path.join(dir, 'server.sock');
    if (opts.socketPath && Buffer.byteLength(opts.socketPath) <= 100) {
      await fs.mkdir(path.dirname(opts.socketPath), { recursive: true, mode: 0o700 });
      socketPath = opts.socketPath;
    }
    const server = new YtdlpForkServer(opts, dir, socketPath);
    try {
      await server.ensureRunning();
    } catch (err) {
      await fs.rm(dir, { recursive: true, force: true });
      throw err;
    }
    return server;
  }

  /** The server process (diagnostics); null before the first start. */
  get pid(): number | null {
    return this.proc?.pid ?? null;
  }

  /** Runs yt-dlp with `argv` in a forked child; same result as runYtdlpCli with the same argv. */
  async run(argv: string[], opts: YtdlpRunOptions): Promise<YtdlpRunResult> {
    const result: YtdlpRunResult = { code: null, stdout: '', stderr: '', timedOut: false, aborted: false };
    if (opts.signal?.aborted) return { ...result, aborted: true };
    opts.log?.(`exec (fork server): ${formatCommand('yt-dlp', argv)}`);
    const sock = await this.connect();
    if (this.closed) {
      sock.destroy(); // close() began while we connected; it is not waiting for this run
      throw new Error('yt-dlp fork server is closed');
    }
    const stderrPath = path.join(this.dir, `run-${++this.seq}.stderr`);
    const handle = { stop: () => sock.destroy() };
    this.active.add(handle);
    try {
      sock.write(`${JSON.stringify({ argv, cwd: opts.cwd ?? null, stderr: stderrPath, env: opts.env ?? {} })}\n`);
      const { code, stdout } = await this.collect(sock, opts, result, handle);
      result.code = code;
      result.stdout = stdout;
      result.stderr = await readTail(stderrPath, STDERR_KEEP_BYTES);
      await fs.rm(stderrPath, { force: true });
      return result;
    } finally {
      this.active.delete(handle);
      for (const wake of this.idle) wake();
      this.idle.clear();
    }
  }

  /** Stops running children (their whole groups), then the server; idempotent. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    for (const run of this.active) run.stop();
    while (this.active.size > 0) await new Promise<void>((resolve) => this.idle.add(resolve));
    await this.starting?.catch(() => undefined);
    const proc = this.proc;
    if (proc && proc.exitCode === null && proc.signalCode === null) {
      const exited = new Promise((resolve) => proc.once('exit', resolve));
      proc.stdin.end(); // the server exits on stdin EOF
      const timer = setTimeout(() => proc.kill('SIGKILL'), KILL_GRACE_MS);
      await exited;
      clearTimeout(timer);
    }
    await fs.rm(this.dir, { recursive: true, force: true });
  }

  /** Reads one run's output until the socket closes, killing the run on timeout/abort. */
  private collect(
    sock: net.Socket,
    opts: YtdlpRunOptions,
    result: YtdlpRunResult,
    handle: { stop: () => void },
  ): Promise<{ code: number | null; stdout: string }> {
    return new Promise((resolve) => {
      let killRequested = false;
      let sweep = false; // SIGKILL what is left of the group once the socket closes
      const timers: NodeJS.Timeout[] = [];
      let lingerTimer: NodeJS.Timeout | undefined;
      const killGroup = (): void => {
        const pid = decoder.pid;
        if (pid <= 1) return; // not known yet: the pid callback below comes back here
        signalGroup(pid, 'SIGTERM');
        timers.push(setTimeout(() => signalGroup(pid, 'SIGKILL'), KILL_GRACE_MS));
      };
      const decoder = new RunDecoder({
        pid: (pid) => {
          opts.onSpawn?.(pid);
          if (killRequested) killGroup();
        },
        line: opts.onStdoutLine,
      });
      const stop = (why: 'timeout' | 'abort'): void => {
        if (why === 'timeout') result.timedOut = true;
        else result.aborted = true;
        if (killRequested) return;
        killRequested = sweep = true;
        killGroup();
        // Should a grandchild outside the group keep the socket open, stop waiting for it.
        timers.push(setTimeout(() => sock.destroy(), KILL_GRACE_MS + LINGER_MS));
      };

      timers.push(setTimeout(() => stop('timeout'), opts.timeoutMs));
      const onAbort = (): void => stop('abort');
      opts.signal?.addEventListener('abort', onAbort, { once: true });
      handle.stop = onAbort; // close() stops a run like an abort

      sock.on('data', (chunk: Buffer) => {
        decoder.push(chunk);
        clearTimeout(lingerTimer);
        // yt-dlp has finished; if the socket stays open, a leftover grandchild holds it.
        if (decoder.exited) {
          lingerTimer = setTimeout(() => {
            sweep = true;
            sock.destroy();
          }, LINGER_MS);
        }
      });
      sock.on('error', () => undefined); // 'close' follows and settles the run
      sock.once('close', () => {
        for (const t of timers) clearTimeout(t);
        clearTimeout(lingerTimer);
        opts.signal?.removeEventListener('abort', onAbort);
        // Leftovers of a killed run (the group id cannot be reused while members live).
        if (sweep) signalGroup(decoder.pid, 'SIGKILL');
        resolve(decoder.finish());
      });
    });
  }

  /** A connected socket; restarts the server once if it has died. */
  private async connect(): Promise<net.Socket> {
    await this.ensureRunning();
    try {
      return await connectUnix(this.socketPath);
    } catch (err) {
      if (this.isAlive()) throw err;
      await this.ensureRunning();
      return connectUnix(this.socketPath);
    }
  }

  private isAlive(): boolean {
    // The process table, not only Node's 'exit' event: right after a kill the event may not
    // have been delivered yet, and a connect refused by a dead server must restart it.
    const pid = this.proc?.pid;
    return this.proc !== null && this.proc.exitCode === null && this.proc.signalCode === null && pid !== undefined && isProcessAlive(pid);
  }

  private async ensureRunning(): Promise<void> {
    if (this.closed) throw new Error('yt-dlp fork server is closed');
    if (this.isAlive() && !this.starting) return;
    this.starting ??= this.spawnServer().finally(() => {
      this.starting = null;
    });
    await this.starting;
  }

  private spawnServer(): Promise<void> {
    const { python, ffmpegLocation, log } = this.opts;
    const args = [SCRIPT, this.socketPath, ...(ffmpegLocation ? [ffmpegLocation] : [])];
    log?.(`${this.proc ? 'restarting' : 'starting'} yt-dlp fork server: ${formatCommand(python, args)}`);
    // Own process group: a terminal's Ctrl-C goes to Node, which then closes stdin.
    const env = { ...ytdlpEnv(), VC_FORKSERVER_PLUGIN_DIRS: JSON.stringify(this.opts.pluginDirs ?? []) };
    const proc = spawn(python, args, { stdio: ['pipe', 'pipe', 'pipe'], env, detached: true });
    this.proc = proc;
    // A forgotten close() must not keep Node alive; the server follows on stdin EOF.
    proc.unref();
    for (const s of [proc.stdin, proc.stdout, proc.stderr]) (s as unknown as net.Socket).unref?.();
    let stderrTail = '';
    proc.stderr.setEncoding('utf8');
    proc.stderr.on('data', (s: string) => {
      stderrTail = (stderrTail + s).slice(-4096);
      if (log) for (const line of s.split('\n')) if (line.trim()) log(`yt-dlp fork server: ${line}`);
    });
    return new Promise<void>((resolve, reject) => {
      let stdout = '';
      const onExit = (code: number | null, signal: string | null): void => fail(`exited (${signal ?? code})`);
      const onError = (err: Error): void => fail(err.message);
      const onStdout = (s: string): void => {
        stdout += s;
        const m = /^READY (\d+)\n/.exec(stdout);
        if (!m) return;
        settle();
        proc.on('error', () => undefined); // a late error must not crash Node; isAlive() notices
        proc.stdout.resume(); // nothing more is expected there; keep the pipe drained
        log?.(`yt-dlp fork server ready (pid ${proc.pid}, warm-up ${m[1]} ms)`);
        resolve();
      };
      const settle = (): void => {
        clearTimeout(timer);
        proc.off('exit', onExit).off('error', onError);
        proc.stdout.off('data', onStdout);
      };
      const fail = (why: string): void => {
        settle();
        proc.kill('SIGKILL');
        reject(new Error(`yt-dlp fork server did not start: ${why}${stderrTail ? `\n${stderrTail.trim()}` : ''}`));
      };
      const timer = setTimeout(() => fail('no READY in time'), this.opts.startTimeoutMs ?? 120_000);
      proc.on('exit', onExit).on('error', onError);
      proc.stdout.setEncoding('utf8');
      proc.stdout.on('data', onStdout);
    });
  }
}

function signalGroup(pid: number, signal: NodeJS.Signals): void {
  if (pid <= 1) return;
  try {
    killProcessGroup(pid, signal);
  } catch {
    // nothing sensible to do mid-kill; the socket's close still settles the run
  }
}

function connectUnix(socketPath: string): Promise<net.Socket> {
  return new Promise((resolve, reject) => {
    const sock = net.createConnection(socketPath);
    sock.once('connect', () => {
      sock.removeListener('error', reject);
      resolve(sock);
    });
    sock.once('error', reject);
  });
}

/** The last `max` bytes of a file, decoded from its first full line when cut. */
async function readTail(file: string, max: number): Promise<string> {
  let fh: fs.FileHandle;
  try {
    fh = await fs.open(file, 'r');
  } catch {
    return ''; // the child died before it opened its stderr file
  }
  try {
    const { size } = await fh.stat();
    const start = Math.max(0, size - max);
    const buf = Buffer.alloc(size - start);
    await fh.read(buf, 0, buf.length, start);
    const text = buf.toString('utf8');
    return start === 0 ? text : text.slice(text.indexOf('\n') + 1);
  } finally {
    await fh.close();
  }
}
