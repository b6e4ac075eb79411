// Chromaprint's `fpcalc` at the edge: a pure argv builder, the runner, and the parse into our
// own small type. fpcalc exits 3 ("Error decoding audio frame (End of file)") at the end of
// many streams even though it printed a complete fingerprint, so the exit code alone says
// nothing: a parsable fingerprint is success, whatever the code.
import { runProcess } from '../process/run.js';

/** Seconds of audio one Chromaprint item covers the start of (algorithm 2: 4096/3 samples at 11025 Hz). */
export const CHROMAPRINT_ITEM_SECONDS = 4096 / 3 / 11025;

export interface AudioFingerprint {
  /** Chromaprint's raw 32-bit items, unsigned. */
  items: Uint32Array;
  duration: number;
}

/** `-length 0` fingerprints the whole input (the default stops at 120 s). */
export function fpcalcArgs(file: string, maxSeconds: number): string[] {
  return ['-raw', '-json', '-length', String(Math.max(0, Math.ceil(maxSeconds))), file];
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

export type FpcalcOutcome = { ok: true; audio: AudioFingerprint | null } | { ok: false; reason: 'cancelled' | 'timeout' };

/**
 * Fingerprints the audio of a local file. No audio stream (or silence fpcalc cannot decode)
 * is `audio: null`, not a failure: the visual fingerprint still stands on its own.
 */
export async function runFpcalc(
  fpcalcPath: string,
  file: string,
  opts: { maxSeconds: number; timeoutMs: number; signal?: AbortSignal; onSpawn?: (pid: number) => void; log?: (msg: string) => void },
): Promise<FpcalcOutcome> {
  const r = await runProcess(fpcalcPath, fpcalcArgs(file, opts.maxSeconds), {
    timeoutMs: opts.timeoutMs,
    signal: opts.signal,
    onSpawn: opts.onSpawn,
    log: opts.log,
    // ~8 items per second, ~11 bytes each: 64 MiB is days of audio.
    stdoutLimitBytes: 64 * 1024 * 1024,
  });
  if (r.aborted) return { ok: false, reason: 'cancelled' };
  if (r.timedOut) return { ok: false, reason: 'timeout' };
  return { ok: true, audio: r.code === 0 || r.code === 3 ? parseFpcalc(r.stdout) : null };
}
