// The ffmpeg runner: runProcess plus progress parsing and outcome -> JobFailure mapping.
import { rm } from 'node:fs/promises';
import type { Config } from '../../config.js';
import { jobFailure, type JobFailure } from '../../errors.js';
import { runProcess } from '../process/run.js';
import { lastLines } from './probe.js';
import { proxyEnv } from './proxy-args.js';

export interface RunFfmpegOptions {
  /** Seconds of output expected (see outputDuration); null = no percentages, only 100 at the end. */
  durationSeconds: number | null;
  signal?: AbortSignal;
  timeoutMs: number;
  onProgress?: (pct: number) => void;
  onSpawn?: (pid: number) => void;
  /** Removed on any failure, so no partial file outlives the job. */
  outputPath?: string;
  log?: (msg: string) => void;
  /** The service's egress proxy (Engines.egressProxyUrl): set as http_proxy, see proxyEnv. */
  proxy?: string;
}

/**
 * Runs ffmpeg with `args` (expected to include `-progress pipe:1`). Resolves null on success
 * and a JobFailure on an expected failure; rejects only when ffmpeg cannot be started.
 */
export async function runFfmpeg(config: Config, args: string[], opts: RunFfmpegOptions): Promise<JobFailure | null> {
  let last = -1;
  const report = (pct: number): void => {
    // Progress is monotonic for the caller and only whole-percent changes are worth a callback.
    const rounded = Math.floor(pct);
    if (rounded <= last) return;
    last = rounded;
    opts.onProgress?.(rounded);
  };
  const r = await runProcess(config.ffmpegPath, args, {
    env: proxyEnv(args, opts.proxy),
    timeoutMs: opts.timeoutMs,
    signal: opts.signal,
    onSpawn: opts.onSpawn,
    log: opts.log,
    // Progress blocks arrive twice a second for hours; we only need them as lines.
    keepStdout: false,
    onStdoutLine: (line) => {
      const pct = parseProgressLine(line, opts.durationSeconds);
      if (pct !== null) report(pct);
    },
  });

  const failure = r.aborted
    ? jobFailure('cancelled', 'cancelled while processing media')
    : r.timedOut
      ? jobFailure('timeout', `ffmpeg did not finish within ${Math.round(opts.timeoutMs / 1000)} s`)
      : r.code !== 0
        ? jobFailure('media_error', `ffmpeg failed: ${lastLines(r.stderr) || `exit ${r.code ?? r.signal}`}`)
        : null;
  if (failure) {
    if (opts.outputPath) await rm(opts.outputPath, { force: true });
    return failure;
  }
  report(100);
  return null;
}

/**
 * One line of `-progress` output -> percent (0–100, clamped), or null when the line carries
 * no position. out_time_ms is, despite its name, microseconds too (a long-standing ffmpeg
 * quirk), so both keys are read the same way.
 */
export function parseProgressLine(line: string, durationSeconds: number | null): number | null {
  if (line.trim() === 'progress=end') return 100;
  const m = /^out_time_(?:us|ms)=(-?\d+)\s*$/.exec(line);
  if (!m || durationSeconds === null || !(durationSeconds > 0)) return null;
  const pct = (Number(m[1]) / 1e6 / durationSeconds) * 100;
  return Math.min(100, Math.max(0, pct));
}
