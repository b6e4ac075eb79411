// Ceilings checked on a probed source before any work is spent on it.
import type { Config } from '../../config.js';
import { jobFailure, type JobFailure } from '../../errors.js';
import type { MediaInfo } from './media-info.js';

/**
 * 8192x8192 (67 Mpx) covers 8K (7680x4320 = 33 Mpx) twice over; beyond it a single decoded
 * frame is hundreds of MiB, which is how "absurd resolution" files exhaust memory.
 */
export const MAX_PIXELS = 8192 * 8192;
/** Widest side any encoder we use takes (x264/libvpx top out at 16384). */
export const MAX_DIMENSION = 16384;

/**
 * limit_exceeded when the source is longer than config.maxDurationSeconds, larger than
 * config.maxFileBytes, or of absurd resolution (MAX_PIXELS, MAX_DIMENSION).
 *
 * config.maxOutputHeight is deliberately not an input limit: a taller source is scaled down by
 * planFinalize, not refused. An unknown duration (live, raw streams) passes here; the job's
 * wall-clock timeout and maxFileBytes on the download bound it instead.
 */
export function checkLimits(info: MediaInfo, config: Pick<Config, 'maxDurationSeconds' | 'maxFileBytes'>): JobFailure | null {
  if (info.duration !== null && info.duration > config.maxDurationSeconds) {
    return jobFailure(
      'limit_exceeded',
      `media lasts ${Math.round(info.duration)} s; the limit is ${config.maxDurationSeconds} s`,
    );
  }
  if (info.sizeBytes > config.maxFileBytes) {
    return jobFailure('limit_exceeded', `media is ${info.sizeBytes} bytes; the limit is ${config.maxFileBytes} bytes`);
  }
  const w = info.width ?? 0;
  const h = info.height ?? 0;
  if (w > MAX_DIMENSION || h > MAX_DIMENSION || w * h > MAX_PIXELS) return resolutionExceeded(w, h);
  return null;
}

const resolutionExceeded = (w: number, h: number) => jobFailure('limit_exceeded', `resolution ${w}x${h} is beyond what this service processes`);

/**
 * The same refusal when a decoder refused the frame size itself (`-max_pixels`, input.ts): ffprobe
 * then reports no size, only this line on stderr. Null when `stderr` has no such line.
 */
export function oversizedFrame(stderr: string): JobFailure | null {
  const m = /Picture size (\d+)x(\d+) exceeds specified max pixel count/.exec(stderr);
  return m ? resolutionExceeded(Number(m[1]), Number(m[2])) : null;
}
