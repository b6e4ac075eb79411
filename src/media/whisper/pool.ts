// The Whisper worker pool: VC_WHISPER_WORKERS long-lived Python processes (worker.py) that keep
// their models loaded, started lazily on the first transcription so services that never
// transcribe never pay for them. One request per worker at a time; more wait in FIFO order.
// Cancel or timeout kills that worker's whole process group (the simplest thing that always
// stops CTranslate2 mid-decode) and the next request starts a fresh one.
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import readline from 'node:readline';
import { fileURLToPath } from 'node:url';
import { jobFailure, type JobFailure } from '../../errors.js';
import { killProcessGroup } from '../process/run.js';
import { ModelCatalogCache, type ModelCatalog } from './catalog.js';
import { chooseDevice, probeDevice, type DeviceChoice } from './device.js';
import { parseWorkerLine, requestLine, type WhisperRequest, type WhisperTranscript, type WorkerMessage } from './protocol.js';
import { SpeedLog } from './speed.js';

const WORKER = fileURLToPath(new URL('./worker.py', import.meta.url));
/** First start after install compiles bytecode and imports CTranslate2: seconds on a busy box. */
const START_TIMEOUT_MS = 60_000;

export interface WhisperPoolOptions {
  python: string;
  workers: number;
  device: 'auto' | 'cpu' | 'cuda';
  /** CTranslate2 compute type; null = the device's default (device.ts). */
  computeType: string | null;
  /** CTranslate2 threads per worker; 0 = its default. */
  cpuThreads: number;
  /** VC_WHISPER_MODELS_DIR: operator-provided and pulled model folders. */
  modelsDir: string;
  log?: (msg: string) => void;
}

export interface WhisperRunOptions {
  signal?: AbortSignal;
  timeoutMs: number;
  onProgress?: (position: number, duration: number) => void;
  onInfo?: (language: string, probability: number, duration: number) => void;
  /** The worker's pid (its process group) while it runs this request. */
  onSpawn?: (pid: number) => void;
}

export type WhisperOutcome = { ok: true; transcript: WhisperTranscript } | { ok: false; failure: JobFailure };

interface Worker {
  proc: ChildProcessWithoutNullStreams;
  pid: number;
  ready: Promise<void>;
  onMessage: ((m: WorkerMessage) => void) | null;
  onExit: (() => void) | null;
  dead: boolean;
  stderr: string;
}

export class WhisperPool {
  private readonly idle: Worker[] = [];
  private readonly all = new Set<Worker>();
  private readonly waiting: ((w: Worker | null) => void)[] = [];
  private readonly catalog: ModelCatalogCache;
  private choice: Promise<DeviceChoice> | null = null;
  private chosen: DeviceChoice | null = null;
  /** Real-time factors of recent requests, per model size, on this host. */
  readonly speed = new SpeedLog();
  private seq = 0;
  private closed = false;

  constructor(private readonly opts: WhisperPoolOptions) {
    this.catalog = new ModelCatalogCache({ python: opts.python, modelsDir: opts.modelsDir });
  }

  /** The venv interpreter (other Python engines, e.g. Bergamot, run with it too). */
  get python(): string {
    return this.opts.python;
  }

  /** Installed model sizes; a size pulled or copied into the models folder shows up at once. */
  models(): Promise<ModelCatalog> {
    return this.catalog.get();
  }

  /** The device and compute type the workers use (asks CTranslate2 once). */
  device(): Promise<DeviceChoice> {
    this.choice ??= probeDevice(this.opts.python).then((probe) => {
      this.chosen = chooseDevice(this.opts.device, this.opts.computeType, probe);
      return this.chosen;
    });
    return this.choice;
  }

  get size(): number {
    return this.all.size;
  }

  async transcribe(req: WhisperRequest, opts: WhisperRunOptions): Promise<WhisperOutcome> {
    if (opts.signal?.aborted) return { ok: false, failure: jobFailure('cancelled', 'The job was cancelled.') };
    const deadline = Date.now() + opts.timeoutMs;
    await this.device();
    const worker = await this.acquire(opts.signal, opts.timeoutMs);
    if (!worker) {
      if (opts.signal?.aborted) return { ok: false, failure: jobFailure('cancelled', 'The job was cancelled.') };
      if (this.closed) throw new Error('whisper pool is closed');
      return { ok: false, failure: jobFailure('timeout', 'No speech worker became free within the job time limit.') };
    }
    try {
      await worker.ready;
    } catch (err) {
      this.discard(worker);
      throw err;
    }
    const id = String(++this.seq);
    return new Promise<WhisperOutcome>((resolve) => {
      let settled = false;
      const finish = (outcome: WhisperOutcome, reusable: boolean): void => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        opts.signal?.removeEventListener('abort', onAbort);
        worker.onMessage = null;
        worker.onExit = null;
        if (reusable) this.release(worker);
        else this.discard(worker);
        resolve(outcome);
      };
      const timer = setTimeout(() => finish({ ok: false, failure: jobFailure('timeout', 'Transcription did not finish within the job time limit.') }, false), Math.max(0, deadline - Date.now()));
      const onAbort = (): void => finish({ ok: false, failure: jobFailure('cancelled', 'The job was cancelled.') }, false);
      opts.signal?.addEventListener('abort', onAbort, { once: true });
      worker.onExit = () => finish({ ok: false, failure: jobFailure('server_error', `The speech worker died: ${lastLine(worker.stderr)}`) }, false);
      worker.onMessage = (m) => {
        if ('id' in m && m.id !== id) return;
        if (m.type === 'progress') opts.onProgress?.(m.position, m.duration);
        else if (m.type === 'info') opts.onInfo?.(m.language, m.languageProbability, m.duration);
        else if (m.type === 'result') {
          this.speed.record(req.modelSize, m.elapsed, m.transcript.duration);
          finish({ ok: true, transcript: m.transcript }, true);
        }
        else if (m.type === 'error') finish({ ok: false, failure: jobFailure(m.code === 'model_missing' ? 'server_error' : 'media_error', m.detail) }, true);
      };
      worker.proc.stdin.write(requestLine(id, req));
      opts.onSpawn?.(worker.pid);
      // Aborted before or while the worker was being acquired: the listener came too late.
      if (opts.signal?.aborted) onAbort();
    });
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const wake of this.waiting.splice(0)) wake(null);
    for (const w of [...this.all]) this.discard(w);
  }

  private acquire(signal: AbortSignal | undefined, timeoutMs: number): Promise<Worker | null> {
    if (this.closed) return Promise.resolve(null);
    const free = this.idle.pop();
    if (free) return Promise.resolve(free);
    if (this.all.size < this.opts.workers) return Promise.resolve(this.spawnWorker());
    return new Promise((resolve) => {
      const wake = (w: Worker | null): void => {
        clearTimeout(timer);
        signal?.removeEventListener('abort', onAbort);
        resolve(w);
      };
      const drop = (): void => {
        const i = this.waiting.indexOf(wake);
        if (i !== -1) this.waiting.splice(i, 1);
        wake(null);
      };
      const timer = setTimeout(drop, timeoutMs);
      const onAbort = drop;
      signal?.addEventListener('abort', onAbort, { once: true });
      this.waiting.push(wake);
    });
  }

  private release(w: Worker): void {
    const next = this.waiting.shift();
    if (next) next(w);
    else this.idle.push(w);
  }

  /** Kills a worker; a waiting request gets a fresh one in its place. */
  private discard(w: Worker): void {
    if (!w.dead) {
      w.dead = true;
      if (w.pid > 1) killProcessGroup(w.pid, 'SIGKILL'); // -1: spawn itself failed
    }
    this.all.delete(w);
    const i = this.idle.indexOf(w);
    if (i !== -1) this.idle.splice(i, 1);
    if (!this.closed && this.waiting.length > 0 && this.all.size < this.opts.workers) this.waiting.shift()?.(this.spawnWorker());
  }

  private spawnWorker(): Worker {
    const env = {
      ...process.env,
      PYTHONIOENCODING: 'utf-8',
      PYTHONUNBUFFERED: '1',
      HF_HUB_OFFLINE: '1',
      VC_WHISPER_MODELS_DIR: this.opts.modelsDir,
      VC_WHISPER_DEVICE: this.chosen?.device ?? 'cpu',
      VC_WHISPER_COMPUTE_TYPE: this.chosen?.computeType ?? 'int8',
      VC_WHISPER_CPU_THREADS: String(this.opts.cpuThreads),
    };
    // Own process group (detached) so a kill reaches anything the worker started.
    const proc = spawn(this.opts.python, [WORKER], { env, detached: true, stdio: ['pipe', 'pipe', 'pipe'] });
    const w: Worker = { proc, pid: proc.pid ?? -1, ready: Promise.resolve(), onMessage: null, onExit: null, dead: false, stderr: '' };
    this.all.add(w);
    proc.stderr.setEncoding('utf8');
    proc.stderr.on('data', (d: string) => {
      w.stderr = (w.stderr + d).slice(-8192);
    });
    proc.stdin.on('error', () => {}); // EPIPE after a kill; the exit handler reports it
    w.ready = new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`whisper worker did not start within ${START_TIMEOUT_MS / 1000} s: ${lastLine(w.stderr)}`)), START_TIMEOUT_MS);
      const lines = readline.createInterface({ input: proc.stdout });
      lines.on('line', (line) => {
        const m = parseWorkerLine(line);
        if (!m) return;
        if (m.type === 'ready') {
          clearTimeout(timer);
          this.opts.log?.(`whisper worker ${w.pid} ready (${m.device}, ${m.computeType})`);
          resolve();
        } else w.onMessage?.(m);
      });
      proc.once('error', (err) => {
        clearTimeout(timer);
        reject(new Error(`Cannot run whisper worker with ${this.opts.python}: ${err.message}`));
      });
      proc.once('close', () => {
        clearTimeout(timer);
        reject(new Error(`whisper worker exited before it was ready: ${lastLine(w.stderr)}`));
        w.dead = true;
        this.all.delete(w);
        const i = this.idle.indexOf(w);
        if (i !== -1) this.idle.splice(i, 1);
        w.onExit?.();
      });
    });
    w.ready.catch(() => {}); // observed by transcribe(); avoid an unhandled rejection here
    return w;
  }
}

function lastLine(s: string): string {
  return s.trim().split('\n').pop()?.slice(0, 500) || '(no stderr)';
}
