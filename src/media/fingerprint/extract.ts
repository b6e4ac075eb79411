// Fingerprinting a downloaded source: the frame hashes at one timestamp, and the whole-video
// fingerprint (one ffmpeg pass for the visual samples and the audio PCM, then fpcalc on it).
import { readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import { jobFailure, type JobFailure } from '../../errors.js';
import { localPath, seconds, type MediaInput } from '../ffmpeg/input.js';
import type { Ffmpeg } from '../ffmpeg/runner.js';
import type { RunScope } from '../process/scope.js';
import { PCM, type Fpcalc } from './fpcalc.js';
import { frameHashes, rgbToGrey, type FrameHashes } from './imagehash.js';
import type { VideoPrint } from './match.js';
import { SAMPLE_FPS, samplerArgs, visualHashes } from './visual.js';

export interface FingerprintEngines {
  ffmpeg: Ffmpeg;
  fpcalc: Fpcalc;
}

/** Where the work happens: scratch files go to workDir; runs follow the scope. */
export interface Workspace {
  workDir: string;
  scope: RunScope;
}

/** One frame at `timestamp` as a binary PPM (its header carries the size after autorotation). */
export function frameArgs(input: MediaInput, timestamp: number, output: string): string[] {
  return [
    '-v', 'error', '-nostdin', '-y',
    ...input.args({ seek: timestamp }),
    '-map', '0:v:0', '-frames:v', '1',
    '-f', 'image2', '-c:v', 'ppm', '-pix_fmt', 'rgb24',
    localPath(output),
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

/** The three imagehash hashes of the frame at `timestamp`. */
export async function hashFrameAt(engines: FingerprintEngines, input: MediaInput, timestamp: number, hashSize: number, ws: Workspace): Promise<FrameHashes | JobFailure> {
  const out = path.join(ws.workDir, 'frame.ppm');
  const run = await engines.ffmpeg.run(frameArgs(input, timestamp, out), ws.scope, { durationSeconds: null, output: out });
  if ('code' in run) return run;
  const ppm = parsePpm(await readFile(out).catch(() => Buffer.alloc(0)));
  await rm(out, { force: true });
  if (!ppm) return jobFailure('media_error', `no frame could be decoded at ${seconds(timestamp)} s`);
  return frameHashes(rgbToGrey(ppm.rgb, ppm.width, ppm.height), hashSize);
}

/**
 * The whole-video fingerprint. Audio is null when the source has none (or fpcalc is missing).
 * Measured on the bench's 3-minute 480p source: one pass that also writes the PCM, then
 * fpcalc on it, costs about what ffmpeg and fpcalc decoding the file side by side did.
 */
export async function fingerprintFile(
  engines: FingerprintEngines,
  input: MediaInput,
  media: { durationSeconds: number; hasAudio: boolean },
  ws: Workspace,
  onProgress?: (pct: number) => void,
): Promise<VideoPrint | JobFailure> {
  const raw = path.join(ws.workDir, 'samples.gray');
  const pcm = media.hasAudio ? path.join(ws.workDir, 'audio.pcm') : null;
  try {
    const run = await engines.ffmpeg.run(samplerArgs(input, raw, pcm, PCM), ws.scope, { durationSeconds: media.durationSeconds, output: raw, onProgress });
    if ('code' in run) return run;
    const audio = pcm
      ? await engines.fpcalc.run(pcm, ws.scope, { maxSeconds: media.durationSeconds + 1 }).catch((err: unknown) => {
          // Not installed: the visual fingerprint still works; say so in the log, not as a failure.
          ws.scope.log(`fpcalc unavailable, audio fingerprint skipped: ${(err as Error).message}`);
          return null;
        })
      : null;
    if (audio && 'code' in audio) return audio;
    const bytes = await readFile(raw);
    const hashes = visualHashes(new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.length));
    if (hashes.length === 0) return jobFailure('media_error', 'no video frames could be decoded');
    return { interval: 1 / SAMPLE_FPS, visual: hashes, audio: audio?.items ?? null };
  } finally {
    await Promise.all([rm(raw, { force: true }), pcm ? rm(pcm, { force: true }) : undefined]);
  }
}
