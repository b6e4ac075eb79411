// The whole-video visual fingerprint: one 64-bit hash per sample interval, from low-resolution
// greyscale frames that ffmpeg decodes in one pass (fps=2, 64x64, gray).
//
// Robustness comes from two steps before hashing:
// - Borders that stay flat through the whole video (letterbox / pillarbox bars, of any
//   colour) are cropped away, so a letterboxed copy hashes like the original.
// - The hash is a DCT hash (8x8 lowest frequencies of the 32x32 content, > median): it
//   ignores brightness/contrast changes, survives re-encoding and downscaling, and a small
//   logo or a 10% crop flips only a few of its 64 bits.
import { localPath, type MediaInput } from '../ffmpeg/input.js';
import { dctLowFrequencies, median } from './imagehash.js';

/** Samples per second of video. 2 keeps clips of a few seconds matchable; decoding dominates the cost anyway. */
export const SAMPLE_FPS = 2;
/** Side of the square greyscale frames ffmpeg writes. */
export const SAMPLE_SIZE = 64;

/**
 * One ffmpeg pass: the sampled frames as raw grey bytes to `output` and, when `audio` is set,
 * the first audio stream as raw PCM for fpcalc (fpcalc.ts PCM), so the source is demuxed once.
 */
export function samplerArgs(input: MediaInput, output: string, audio: string | null, pcm: { format: string; rate: number; channels: number }): string[] {
  return [
    '-v', 'error', '-nostdin', '-y', '-progress', 'pipe:1', '-nostats',
    ...input.args(),
    '-map', '0:v:0', '-an', '-sn', '-dn',
    '-vf', `fps=${SAMPLE_FPS},scale=${SAMPLE_SIZE}:${SAMPLE_SIZE}:flags=area,format=gray`,
    '-f', 'rawvideo', localPath(output),
    ...(audio ? ['-map', '0:a:0', '-vn', '-sn', '-dn', '-ac', String(pcm.channels), '-ar', String(pcm.rate), '-f', pcm.format, localPath(audio)] : []),
  ];
}

export interface ContentBox {
  x: number;
  y: number;
  w: number;
  h: number;
}

/** Per-pixel standard deviation over time and space below this = a flat bar. */
const FLAT_STD = 6;
/** Never crop more than this share of either dimension from one side. */
const MAX_BAR_SHARE = 0.3;

/**
 * The region inside bars that stay flat (one colour, unchanging) for the whole video.
 * `frames` is a list of SAMPLE_SIZE^2 grey frames.
 */
export function contentBox(frames: Uint8Array[], size = SAMPLE_SIZE): ContentBox {
  const full = { x: 0, y: 0, w: size, h: size };
  if (frames.length === 0) return full;
  // Sum and sum of squares per row and per column over every frame.
  const rowS = new Float64Array(size), rowQ = new Float64Array(size), colS = new Float64Array(size), colQ = new Float64Array(size);
  for (const f of frames)
    for (let y = 0; y < size; y++)
      for (let x = 0; x < size; x++) {
        const v = f[y * size + x];
        rowS[y] += v;
        rowQ[y] += v * v;
        colS[x] += v;
        colQ[x] += v * v;
      }
  const n = frames.length * size;
  const flat = (s: Float64Array, q: Float64Array, i: number): boolean => {
    const mean = s[i] / n;
    return Math.sqrt(Math.max(0, q[i] / n - mean * mean)) < FLAT_STD;
  };
  const limit = Math.floor(size * MAX_BAR_SHARE);
  let top = 0, bottom = 0, left = 0, right = 0;
  while (top < limit && flat(rowS, rowQ, top)) top++;
  while (bottom < limit && flat(rowS, rowQ, size - 1 - bottom)) bottom++;
  while (left < limit && flat(colS, colQ, left)) left++;
  while (right < limit && flat(colS, colQ, size - 1 - right)) right++;
  // A still, flat video (or one flat frame) has nothing to crop to.
  if (top + bottom >= size - 8 || left + right >= size - 8) return full;
  return { x: left, y: top, w: size - left - right, h: size - top - bottom };
}

const HASH_GRID = 32;

/** Box-averages the content box of one frame to HASH_GRID x HASH_GRID. */
function resample(frame: Uint8Array, box: ContentBox, size: number): Float64Array {
  const out = new Float64Array(HASH_GRID * HASH_GRID);
  const sx = box.w / HASH_GRID;
  const sy = box.h / HASH_GRID;
  for (let gy = 0; gy < HASH_GRID; gy++) {
    const y0 = box.y + gy * sy, y1 = y0 + sy;
    for (let gx = 0; gx < HASH_GRID; gx++) {
      const x0 = box.x + gx * sx, x1 = x0 + sx;
      let acc = 0, wsum = 0;
      for (let y = Math.floor(y0); y < Math.ceil(y1); y++) {
        const wy = Math.min(y + 1, y1) - Math.max(y, y0);
        for (let x = Math.floor(x0); x < Math.ceil(x1); x++) {
          const w = wy * (Math.min(x + 1, x1) - Math.max(x, x0));
          acc += w * frame[y * size + x];
          wsum += w;
        }
      }
      out[gy * HASH_GRID + gx] = wsum > 0 ? acc / wsum : 0;
    }
  }
  return out;
}

/** A 64-bit hash as two unsigned 32-bit halves (hi, lo): JS bit operations stay in int32 land. */
export type Hash64 = [number, number];

/** DCT hash of one frame's content: the 8x8 lowest frequencies of its 32x32 image > their median. */
export function frameHash(frame: Uint8Array, box: ContentBox, size = SAMPLE_SIZE): Hash64 {
  const low = dctLowFrequencies(resample(frame, box, size), HASH_GRID, 8);
  const med = median(low);
  let hi = 0, lo = 0;
  for (let i = 0; i < 64; i++) {
    const bit = low[i] > med ? 1 : 0;
    if (i < 32) hi = ((hi << 1) | bit) >>> 0;
    else lo = ((lo << 1) | bit) >>> 0;
  }
  return [hi, lo];
}

/** Splits the raw sampler output into frames and hashes each; the trailing partial frame is dropped. */
export function visualHashes(raw: Uint8Array, size = SAMPLE_SIZE): Uint32Array {
  const frameBytes = size * size;
  const count = Math.floor(raw.length / frameBytes);
  const frames: Uint8Array[] = [];
  for (let i = 0; i < count; i++) frames.push(raw.subarray(i * frameBytes, (i + 1) * frameBytes));
  const box = contentBox(frames, size);
  const out = new Uint32Array(count * 2);
  frames.forEach((f, i) => {
    const [hi, lo] = frameHash(f, box, size);
    out[i * 2] = hi;
    out[i * 2 + 1] = lo;
  });
  return out;
}

export function popcount32(v: number): number {
  v = v - ((v >>> 1) & 0x55555555);
  v = (v & 0x33333333) + ((v >>> 2) & 0x33333333);
  return (((v + (v >>> 4)) & 0x0f0f0f0f) * 0x01010101) >>> 24;
}

/** Hamming distance between hash i of `a` and hash j of `b` (flat hi,lo arrays). */
export function hamming64(a: Uint32Array, i: number, b: Uint32Array, j: number): number {
  return popcount32(a[i * 2] ^ b[j * 2]) + popcount32(a[i * 2 + 1] ^ b[j * 2 + 1]);
}
