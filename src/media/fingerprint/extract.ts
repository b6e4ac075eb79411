// Fingerprinting a local media file: the frame hashes at one timestamp, and the whole-video
// fingerprint (one ffmpeg pass for the visual samples, fpcalc for the audio, concurrently).
import { readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import { jobFailure, type JobFailure } from '../../errors.js';
import { localInput } from '../ffmpeg/probe.js';
import { runFfmpeg } from '../ffmpeg/run-ffmpeg.js';
import { runFpcalc } from './fpcalc.js';
import { frameHashes, rgbToGrey, type FrameHashes } from './imagehash.js';
import type { VideoPrint } from './match.js';
import { SAMPLE_FPS, samplerArgs, visualHashes } from './visual.js';

export interface ExtractEnv {
  ffmpegPath: string;
  fpcalcPath: string;
  workDir: string;
  signal?: AbortSignal;
  timeoutMs: number;
  onSpawn?: (pid: number) => void;
  log?: (msg: string) => void;
}

/** One frame at `timestamp` as a binary PPM (its header carries the size after autorotation). */
export function frameArgs(input: string, timestamp: number, output: string): string[] {
  return [
    '-v', 'error', '-nostdin', '-y',
    '-protocol_whitelist', 'file,pipe',
    '-ss', timestamp.toFixed(3), '-i', localInput(input),
    '-map', '0:v:0', '-frames:v', '1',
    '-f', 'image2', '-c:v', 'ppm', '-pix_fmt', 'rgb24',
    output,
  ];
}

/** Binary PPM (P6, maxval 255) -> width, height, RGB bytes; null when it is not one. */
export function parsePpm(buf: Buffer): { width: number; height: number; rgb: Uint8Array } | null {
  const head = /^P6\s+(?:#[^\n]*\s+)*(\d+)\s+(?:#[^\n]*\s+)*(\d+)\s+(?:#[^\n]*\s+)*255\s/.exec(buf.subarray(0, 200).toString('latin1'));
  if (!head) return null;
  const width = Number(head[1]), height = Number(head[2]);
  const start = head[0].length;
  if (!(width > 0 && height > 0) || buf.length < start + width * height * 3) return null;
  return { width, height, rgb: new Uint8Array(buf.buffer, buf.byteOffset + start, width * height * 3) };
}

const ffEnv = (env: ExtractEnv) => ({ ffmpegPath: env.ffmpegPath }) as Parameters<typeof runFfmpeg>[0];

/** The three imagehash hashes of the frame at `timestamp`. */
export async function hashFrameAt(input: string, timestamp: number, hashSize: number, env: ExtractEnv): Promise<FrameHashes | JobFailure> {
  const out = path.join(env.workDir, 'frame.ppm');
  const failure = await runFfmpeg(ffEnv(env), frameArgs(input, timestamp, out), { durationSeconds: null, signal: env.signal, timeoutMs: env.timeoutMs, onSpawn: env.onSpawn, log: env.log, outputPath: out });
  if (failure) return failure;
  const ppm = parsePpm(await readFile(out).catch(() => Buffer.alloc(0)));
  await rm(out, { force: true });
  if (!ppm) return jobFailure('media_error', `no frame could be decoded at ${timestamp.toFixed(3)} s`);
  return frameHashes(rgbToGrey(ppm.rgb, ppm.width, ppm.height), hashSize);
}

/** The whole-video fingerprint. Audio is null when the file has none (or fpcalc is missing). */
export async function fingerprintFile(input: string, durationSeconds: number, env: ExtractEnv, onProgress?: (pct: number) => void): Promise<VideoPrint | JobFailure> {
  const raw = path.join(env.workDir, 'samples.gray');
  const visual = runFfmpeg(ffEnv(env), samplerArgs(localInput(input), raw), {
    durationSeconds,
    signal: env.signal,
    timeoutMs: env.timeoutMs,
    onSpawn: env.onSpawn,
    log: env.log,
    outputPath: raw,
    onProgress,
  });
  const audio = runFpcalc(env.fpcalcPath, localInput(input), { maxSeconds: durationSeconds + 1, timeoutMs: env.timeoutMs, signal: env.signal, log: env.log }).catch((err: unknown) => {
    // Not installed: the visual fingerprint still works; say so in the log, not as a failure.
    env.log?.(`fpcalc unavailable, audio fingerprint skipped: ${(err as Error).message}`);
    return { ok: true as const, audio: null };
  });
  const [vf, af] = await Promise.all([visual, audio]);
  if (vf) return vf;
  if (!af.ok) return jobFailure(af.reason, af.reason === 'timeout' ? 'fpcalc did not finish within the job time limit' : 'cancelled while fingerprinting audio');
  const bytes = await readFile(raw);
  await rm(raw, { force: true });
  const hashes = visualHashes(new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.length));
  if (hashes.length === 0) return jobFailure('media_error', 'no video frames could be decoded');
  return { interval: 1 / SAMPLE_FPS, visual: hashes, audio: af.audio?.items ?? null };
}
