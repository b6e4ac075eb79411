// Chromaprint's `fpcalc` at the edge: a pure argv builder, the runner, and the parse into our
// own small type. fpcalc exits 3 ("Error decoding audio frame (End of file)") at the end of
// many streams even though it printed a complete fingerprint, so the exit code alone says
// nothing: a parsable fingerprint is success, whatever the code.
//
// fpcalc opens files with libavformat and no whitelists (it has no options for them), so it
// never reads a source: it reads raw PCM that ffmpeg decoded under input.ts's guards
// (extract.ts), in a format it is told (-format s16le), so nothing is probed or followed.
import { jobFailure, type JobFailure } from '../../errors.js';
import { runProcess } from '../process/run.js';
import { commandLog, type RunScope } from '../process/scope.js';

/** Seconds of audio one Chromaprint item covers the start of (algorithm 2: 4096/3 samples at 11025 Hz). */
export const CHROMAPRINT_ITEM_SECONDS = 4096 / 3 / 11025;

export interface AudioFingerprint {
  /** Chromaprint's raw 32-bit items, unsigned. */
  items: Uint32Array;
  duration: number;
}

/** What fpcalc reads: mono signed 16-bit little-endian PCM at Chromaprint's own rate. */
export const PCM = { format: 's16le', rate: 11025, channels: 1 } as const;

/** `-length` covers the whole input (the default stops at 120 s); `pcm` is raw PCM as above. */
export function fpcalcArgs(pcm: string, maxSeconds: number): string[] {
  return [
    '-format', PCM.format, '-rate', String(PCM.rate), '-channels', String(PCM.channels),
    '-raw', '-json', '-length', String(Math.max(0, Math.ceil(maxSeconds))), pcm,
  ];
}

/** fpcalc's JSON -> our type; null when it holds no fingerprint. */
export function parseFpcalc(stdout: string): AudioFingerprint | null {
  let raw: unknown;
  try {
    raw = JSON.parse(stdout.trim().split(/\r?\n/).pop() ?? '');
  } catch {
    return null;
  }
  const o = raw as { fingerprint?: unknown; duration?: unknown };
  if (!Array.isArray(o.fingerprint) || o.fingerprint.length === 0) return null;
  const items = new Uint32Array(o.fingerprint.length);
  for (let i = 0; i < items.length; i++) {
    const v = o.fingerprint[i] as unknown;
    if (typeof v !== 'number' || !Number.isInteger(v)) return null;
    items[i] = v >>> 0;
  }
  return { items, duration: typeof o.duration === 'number' ? o.duration : 0 };
}

export interface Fpcalc {
  /**
   * The audio fingerprint of raw PCM (PCM above). Silence or too little audio is null, not a
   * failure: the visual fingerprint stands on its own. Rejects when fpcalc cannot start.
   */
  run(pcm: string, scope: RunScope, opts: { maxSeconds: number }): Promise<AudioFingerprint | null | JobFailure>;
}

export function createFpcalc(fpcalcPath: string): Fpcalc {
  return {
    async run(pcm, scope, opts) {
      const r = await runProcess(fpcalcPath, fpcalcArgs(pcm, opts.maxSeconds), {
        timeoutMs: scope.remainingMs(),
        signal: scope.signal,
        onSpawn: (pid) => scope.onProcess(pid),
        log: commandLog(scope),
        // ~8 items per second, ~11 bytes each: 64 MiB is days of audio.
        stdoutLimitBytes: 64 * 1024 * 1024,
      });
      scope.onProcess(null);
      if (r.aborted) return jobFailure('cancelled', 'cancelled while fingerprinting audio');
      if (r.timedOut) return jobFailure('timeout', 'fpcalc did not finish within the job time limit');
      return r.code === 0 || r.code === 3 ? parseFpcalc(r.stdout) : null;
    },
  };
}
