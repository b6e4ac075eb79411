// Frame hashes exactly as the Python `imagehash` library (4.x) defines them, on raw pixels.
//
// imagehash does: PIL `convert('L')`, PIL `resize(..., LANCZOS)`, then
//   average_hash: pixels > mean                          (hash_size x hash_size)
//   phash:        2-D DCT-II (scipy.fftpack, unnormalised) of a (4*hash_size)^2 image,
//                 top-left hash_size^2 block > its median
//   dhash:        (hash_size+1) x hash_size image, pixel[x+1] > pixel[x] per row
// and prints the bits row-major, most significant first, as zero-padded hex.
// We reproduce PIL's integer RGB->L and its fixed-point two-pass Lanczos resampler
// (libImaging/Resample.c) bit for bit, so a frame decoded to RGB gives the same hashes here
// as `imagehash.phash(Image.open(png))` does on the same frame.

/** A greyscale image: width*height bytes, row-major. */
export interface GreyImage {
  width: number;
  height: number;
  data: Uint8Array;
}

/** PIL's ITU-R 601-2 luma transform for RGB -> L (Convert.c: L24 >> 16). */
export function rgbToGrey(rgb: Uint8Array, width: number, height: number): GreyImage {
  const n = width * height;
  if (rgb.length < n * 3) throw new RangeError(`rgbToGrey: ${rgb.length} bytes for ${width}x${height}`);
  const data = new Uint8Array(n);
  for (let i = 0, j = 0; i < n; i++, j += 3) data[i] = (rgb[j] * 19595 + rgb[j + 1] * 38470 + rgb[j + 2] * 7471 + 0x8000) >>> 16;
  return { width, height, data };
}

const PRECISION_BITS = 32 - 8 - 2;
const LANCZOS_SUPPORT = 3;

function sinc(x: number): number {
  if (x === 0) return 1;
  const px = x * Math.PI;
  return Math.sin(px) / px;
}

function lanczos(x: number): number {
  return x >= -LANCZOS_SUPPORT && x < LANCZOS_SUPPORT ? sinc(x) * sinc(x / LANCZOS_SUPPORT) : 0;
}

interface Coeffs {
  bounds: Int32Array; // [xmin, count] per output pixel
  k: Int32Array; // ksize fixed-point weights per output pixel
  ksize: number;
}

/** precompute_coeffs + normalize_coeffs_8bpc from PIL's Resample.c. */
function coefficients(inSize: number, outSize: number): Coeffs {
  const scale = inSize / outSize;
  const filterscale = Math.max(scale, 1);
  const support = LANCZOS_SUPPORT * filterscale;
  const ksize = Math.ceil(support) * 2 + 1;
  const bounds = new Int32Array(outSize * 2);
  const k = new Int32Array(outSize * ksize);
  const w = new Float64Array(ksize);
  for (let xx = 0; xx < outSize; xx++) {
    const center = (xx + 0.5) * scale;
    const ss = 1 / filterscale;
    // C's (int) truncates toward zero; the argument can be negative near the left edge.
    const xmin = Math.max(Math.trunc(center - support + 0.5), 0);
    const xmax = Math.min(Math.trunc(center + support + 0.5), inSize) - xmin;
    let ww = 0;
    for (let x = 0; x < xmax; x++) {
      w[x] = lanczos((x + xmin - center + 0.5) * ss);
      ww += w[x];
    }
    for (let x = 0; x < xmax; x++) {
      const v = ww !== 0 ? w[x] / ww : w[x];
      k[xx * ksize + x] = v < 0 ? Math.trunc(-0.5 + v * (1 << PRECISION_BITS)) : Math.trunc(0.5 + v * (1 << PRECISION_BITS));
    }
    bounds[xx * 2] = xmin;
    bounds[xx * 2 + 1] = xmax;
  }
  return { bounds, k, ksize };
}

function clip8(v: number): number {
  if (v >= 1 << (PRECISION_BITS + 8)) return 255;
  if (v <= 0) return 0;
  return Math.floor(v / (1 << PRECISION_BITS));
}

/** PIL `Image.resize((w, h), Image.LANCZOS)` for an L image: horizontal pass, then vertical. */
export function resizeLanczos(img: GreyImage, outW: number, outH: number): GreyImage {
  if (outW === img.width && outH === img.height) return { width: outW, height: outH, data: img.data.slice() };
  const needH = outW !== img.width;
  const needV = outH !== img.height;
  const ch = coefficients(img.width, outW);
  const cv = coefficients(img.height, outH);
  const half = 1 << (PRECISION_BITS - 1);
  let src = img;
  const vBounds = cv.bounds.slice();
  if (needH) {
    // Only the rows the vertical pass reads (as PIL does; the result is the same).
    const first = vBounds[0];
    const last = vBounds[outH * 2 - 2] + vBounds[outH * 2 - 1];
    for (let i = 0; i < outH; i++) vBounds[i * 2] -= first;
    const rows = needV ? last - first : img.height;
    const off = needV ? first : 0;
    if (!needV) vBounds.fill(0);
    const tmp = new Uint8Array(outW * rows);
    for (let y = 0; y < rows; y++) {
      const row = (y + off) * img.width;
      for (let xx = 0; xx < outW; xx++) {
        const xmin = ch.bounds[xx * 2];
        const xmax = ch.bounds[xx * 2 + 1];
        const kb = xx * ch.ksize;
        let ss = half;
        for (let x = 0; x < xmax; x++) ss += img.data[row + x + xmin] * ch.k[kb + x];
        tmp[y * outW + xx] = clip8(ss);
      }
    }
    src = { width: outW, height: rows, data: tmp };
  }
  if (!needV) return src;
  const out = new Uint8Array(outW * outH);
  for (let yy = 0; yy < outH; yy++) {
    const ymin = vBounds[yy * 2];
    const ymax = cv.bounds[yy * 2 + 1];
    const kb = yy * cv.ksize;
    for (let xx = 0; xx < outW; xx++) {
      let ss = half;
      for (let y = 0; y < ymax; y++) ss += src.data[(y + ymin) * outW + xx] * cv.k[kb + y];
      out[yy * outW + xx] = clip8(ss);
    }
  }
  return { width: outW, height: outH, data: out };
}

/** imagehash's _binary_array_to_hex: bits row-major, MSB first, zero-padded to ceil(n/4) digits. */
export function bitsToHex(bits: ArrayLike<boolean>): string {
  let hex = '';
  const pad = (4 - (bits.length % 4)) % 4;
  let acc = 0;
  let count = pad; // leading zero bits so nibbles align at the end
  for (let i = 0; i < bits.length; i++) {
    acc = (acc << 1) | (bits[i] ? 1 : 0);
    if (++count === 4) {
      hex += acc.toString(16);
      acc = 0;
      count = 0;
    }
  }
  return hex;
}

export function averageHash(grey: GreyImage, hashSize: number): boolean[] {
  const small = resizeLanczos(grey, hashSize, hashSize).data;
  let sum = 0;
  for (const v of small) sum += v;
  const mean = sum / small.length;
  return Array.from(small, (v) => v > mean);
}

export function differenceHash(grey: GreyImage, hashSize: number): boolean[] {
  const w = hashSize + 1;
  const small = resizeLanczos(grey, w, hashSize).data;
  const bits: boolean[] = [];
  for (let y = 0; y < hashSize; y++) for (let x = 0; x < hashSize; x++) bits.push(small[y * w + x + 1] > small[y * w + x]);
  return bits;
}

/** scipy.fftpack.dct type II, norm=None: y[k] = 2 * sum x[n] cos(pi k (2n+1) / 2N). */
function dctMatrix(n: number, rows: number): Float64Array {
  const m = new Float64Array(rows * n);
  for (let k = 0; k < rows; k++) for (let i = 0; i < n; i++) m[k * n + i] = 2 * Math.cos((Math.PI * k * (2 * i + 1)) / (2 * n));
  return m;
}

/** The top-left `keep` x `keep` block of the 2-D DCT-II of an n x n image (rows, then columns). */
export function dctLowFrequencies(pixels: ArrayLike<number>, n: number, keep: number): Float64Array {
  const m = dctMatrix(n, keep);
  // Along axis 0 (down each column) first, as imagehash does, keeping `keep` output rows.
  const cols = new Float64Array(keep * n);
  for (let k = 0; k < keep; k++)
    for (let x = 0; x < n; x++) {
      let s = 0;
      for (let y = 0; y < n; y++) s += m[k * n + y] * pixels[y * n + x];
      cols[k * n + x] = s;
    }
  const out = new Float64Array(keep * keep);
  for (let r = 0; r < keep; r++)
    for (let k = 0; k < keep; k++) {
      let s = 0;
      for (let x = 0; x < n; x++) s += m[k * n + x] * cols[r * n + x];
      out[r * keep + k] = s;
    }
  return out;
}

/** numpy.median: the mean of the two middle values for an even count. */
export function median(values: ArrayLike<number>): number {
  const s = Float64Array.from(values).sort();
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}

export function perceptualHash(grey: GreyImage, hashSize: number): boolean[] {
  const n = hashSize * 4;
  const small = resizeLanczos(grey, n, n).data;
  const low = dctLowFrequencies(small, n, hashSize);
  const med = median(low);
  return Array.from(low, (v) => v > med);
}

export interface FrameHashes {
  average_hash: string;
  perceptual_hash: string;
  difference_hash: string;
}

export function frameHashes(grey: GreyImage, hashSize: number): FrameHashes {
  return {
    average_hash: bitsToHex(averageHash(grey, hashSize)),
    perceptual_hash: bitsToHex(perceptualHash(grey, hashSize)),
    difference_hash: bitsToHex(differenceHash(grey, hashSize)),
  };
}
