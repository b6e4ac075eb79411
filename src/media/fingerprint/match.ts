// Aligning two whole-video fingerprints: where (time offset, speed factor) does A sit in B,
// how much of the overlap agrees, and which segments match.
//
// Visual: every sample pair (i, j) whose hashes are within PAIR_BITS votes for the line
// t_b = s * t_a + offset, for each speed factor s in SPEEDS; the line with the most (weighted)
// votes is the alignment, so trims, clips inside longer videos and +-10% speed changes all
// come out as one line. Audio (Chromaprint): pairs of identical items vote the same way; the
// bit error rate along the best line (or along the visual line) scores it.
import { CHROMAPRINT_ITEM_SECONDS } from './fpcalc.js';
import { hamming64, popcount32 } from './visual.js';

export interface VideoPrint {
  /** Seconds between visual samples. */
  interval: number;
  /** hi, lo halves of one 64-bit hash per sample. */
  visual: Uint32Array;
  audio: Uint32Array | null;
}

export interface Segment {
  start_a: number;
  end_a: number;
  start_b: number;
  end_b: number;
}

export interface Comparison {
  similarity: number;
  match: boolean;
  visual_similarity: number | null;
  audio_similarity: number | null;
  /** Playback speed of A relative to B (1.1: A plays 10% faster). */
  speed: number;
  /** t_b = speed * t_a + offset, seconds. */
  offset: number;
  segments: Segment[];
}

/** Speed factors tried: +-10% in steps small enough that the drift stays under a sample per minute. */
export const SPEEDS = [1, 0.9, 0.925, 0.95, 0.975, 1.025, 1.05, 1.075, 1.1, 1 / 0.9];
/** Sample pairs this close vote for an alignment (random 64-bit hashes differ by 32 +- 4). */
const PAIR_BITS = 12;
/**
 * The second vote, only when the first found no line that matches: a 15% crop of slow,
 * soft natural footage moves most hashes 12-20 bits, so the true line gets no votes at 12
 * and a chance line wins (bench/fingerprint "clips"). 16 is still 4 standard deviations
 * from unrelated hashes, and the line must then pass the same MATCH_BITS test.
 */
const WIDE_PAIR_BITS = 16;
/** A sample matches along the alignment when its hash is this close to one of B's 3 nearest. */
const MATCH_BITS = 16;
/** Fewer overlapping samples than this is no evidence (1.5 s at 2 samples/s). */
const MIN_OVERLAP = 3;
/** Audio: at least this many seconds of overlap, and items that are not one constant tone. */
const MIN_AUDIO_SECONDS = 3;
const MIN_DISTINCT_ITEM_SHARE = 0.1;
/** The decision threshold on `similarity` (see docs/fingerprints.md). */
export const MATCH_THRESHOLD = 0.5;
/** Gaps of up to this many unmatched samples do not split a segment. */
const SEGMENT_GAP = 2;

interface Line {
  speed: number;
  /** Offset in B's units (samples or items). */
  offset: number;
  votes: number;
}

/** Best line from weighted votes: pairs(i, j, weight). */
function vote(pairs: Iterable<[number, number, number]>, speeds: number[]): Line | null {
  const tallies = speeds.map(() => new Map<number, number>());
  for (const [i, j, w] of pairs)
    speeds.forEach((s, k) => {
      const off = Math.round(j - s * i);
      tallies[k].set(off, (tallies[k].get(off) ?? 0) + w);
    });
  let best: Line | null = null;
  tallies.forEach((t, k) => {
    for (const [off, v] of t) {
      // Smooth over the neighbouring bins: rounding splits a line's votes between two.
      const votes = v + 0.5 * ((t.get(off - 1) ?? 0) + (t.get(off + 1) ?? 0));
      if (!best || votes > best.votes) best = { speed: speeds[k], offset: off, votes };
    }
  });
  return best;
}

/** Every sample pair within WIDE_PAIR_BITS, as (i, j, distance): one pass serves both votes. */
function visualPairs(a: Uint32Array, b: Uint32Array): [number, number, number][] {
  const n = a.length / 2, m = b.length / 2;
  const out: [number, number, number][] = [];
  for (let i = 0; i < n; i++)
    for (let j = 0; j < m; j++) {
      const d = hamming64(a, i, b, j);
      if (d <= WIDE_PAIR_BITS) out.push([i, j, d]);
    }
  return out;
}

/** Pairs within `bits`, weighted so that closer pairs count more. */
function* weighted(pairs: [number, number, number][], bits: number): Generator<[number, number, number]> {
  for (const [i, j, d] of pairs) if (d <= bits) yield [i, j, bits + 1 - d];
}

interface VisualAlignment {
  line: Line;
  similarity: number;
  matched: boolean[];
  /** B index for each A index along the line (or -1 outside B). */
  mapped: number[];
}

function alignVisual(a: Uint32Array, b: Uint32Array): VisualAlignment | null {
  const pairs = visualPairs(a, b);
  const first = alignAlong(a, b, vote(weighted(pairs, PAIR_BITS), SPEEDS));
  if (first && first.similarity >= MATCH_THRESHOLD) return first;
  // The wide vote only ever turns a miss into a match: below the threshold its chance lines
  // would raise unrelated videos' similarity, which callers compare with their own thresholds.
  const wide = alignAlong(a, b, vote(weighted(pairs, WIDE_PAIR_BITS), SPEEDS));
  return wide && wide.similarity >= MATCH_THRESHOLD ? wide : first;
}

/** How well A follows B along `line`: share of overlapping samples within MATCH_BITS. */
function alignAlong(a: Uint32Array, b: Uint32Array, line: Line | null): VisualAlignment | null {
  if (!line) return null;
  const n = a.length / 2, m = b.length / 2;
  const matched: boolean[] = [];
  const mapped: number[] = [];
  let overlap = 0, hits = 0;
  for (let i = 0; i < n; i++) {
    const j = Math.round(line.speed * i + line.offset);
    mapped.push(j >= 0 && j < m ? j : -1);
    if (j < 0 || j >= m) {
      matched.push(false);
      continue;
    }
    overlap++;
    let d = 64;
    for (let k = Math.max(0, j - 1); k <= Math.min(m - 1, j + 1); k++) d = Math.min(d, hamming64(a, i, b, k));
    matched.push(d <= MATCH_BITS);
    if (d <= MATCH_BITS) hits++;
  }
  if (overlap < MIN_OVERLAP) return null;
  return { line, similarity: hits / overlap, matched, mapped };
}

function distinctShare(items: Uint32Array): number {
  return items.length ? new Set(items).size / items.length : 0;
}

/** Bit error rate of A's items against B's along t_b = speed * t_a + offset (items), or null without overlap. */
function bitErrorRate(a: Uint32Array, b: Uint32Array, speed: number, offset: number): { ber: number; overlap: number } | null {
  let bits = 0, overlap = 0;
  for (let i = 0; i < a.length; i++) {
    const j = Math.round(speed * i + offset);
    if (j < 0 || j >= b.length) continue;
    overlap++;
    bits += popcount32(a[i] ^ b[j]);
  }
  return overlap ? { ber: bits / (32 * overlap), overlap } : null;
}

/** Audio similarity (1 - 2 * BER, clamped) at the best of: its own voted line, and the visual line. */
function alignAudio(a: Uint32Array, b: Uint32Array, visualLine: { speed: number; offsetSeconds: number } | null): number | null {
  if (distinctShare(a) < MIN_DISTINCT_ITEM_SHARE || distinctShare(b) < MIN_DISTINCT_ITEM_SHARE) return null;
  const positions = new Map<number, number[]>();
  b.forEach((v, j) => {
    const list = positions.get(v);
    if (list) list.push(j);
    else positions.set(v, [j]);
  });
  const pairs: [number, number, number][] = [];
  a.forEach((v, i) => {
    const list = positions.get(v);
    // Items repeated all over B say nothing about where A sits.
    if (list && list.length <= 8) for (const j of list) pairs.push([i, j, 1]);
  });
  const candidates: { speed: number; offset: number }[] = [];
  const voted = vote(pairs, SPEEDS);
  if (voted) candidates.push(voted);
  if (visualLine) candidates.push({ speed: visualLine.speed, offset: visualLine.offsetSeconds / CHROMAPRINT_ITEM_SECONDS });
  // Both have informative audio but nothing lines up: that is evidence too (none).
  let best: number | null = candidates.length ? null : 0;
  for (const c of candidates)
    for (let d = -2; d <= 2; d++) {
      const r = bitErrorRate(a, b, c.speed, Math.round(c.offset) + d);
      if (!r || r.overlap * CHROMAPRINT_ITEM_SECONDS < Math.min(MIN_AUDIO_SECONDS, 0.8 * Math.min(a.length, b.length) * CHROMAPRINT_ITEM_SECONDS)) continue;
      const s = Math.max(0, Math.min(1, 1 - 2 * r.ber));
      if (best === null || s > best) best = s;
    }
  return best;
}

function segmentsOf(v: VisualAlignment, interval: number): Segment[] {
  const out: Segment[] = [];
  let start = -1, last = -1;
  const flush = (): void => {
    // A single matching sample is noise, not a segment.
    if (start >= 0 && last > start) {
      out.push({
        start_a: round2(start * interval),
        end_a: round2((last + 1) * interval),
        start_b: round2(v.mapped[start] * interval),
        end_b: round2((v.mapped[last] + 1) * interval),
      });
    }
    start = last = -1;
  };
  v.matched.forEach((ok, i) => {
    if (!ok) return;
    if (start >= 0 && i - last > SEGMENT_GAP + 1) flush();
    if (start < 0) start = i;
    last = i;
  });
  flush();
  return out;
}

const round2 = (x: number): number => Math.round(x * 100) / 100;

/** Compares A with B. Both must share the visual sample interval. */
export function compareFingerprints(a: VideoPrint, b: VideoPrint): Comparison {
  const v = alignVisual(a.visual, b.visual);
  const visualLine = v ? { speed: v.line.speed, offsetSeconds: v.line.offset * a.interval } : null;
  const audio = a.audio && b.audio ? alignAudio(a.audio, b.audio, visualLine) : null;
  const visual = v ? v.similarity : a.visual.length && b.visual.length ? 0 : null;
  // OR-fusion: either modality alone, well aligned, is enough (a re-uploaded video may have
  // new music or a heavy visual edit); neither modality's chance level comes near the threshold.
  const similarity = Math.max(visual ?? 0, audio ?? 0);
  return {
    similarity: round2(similarity),
    match: similarity >= MATCH_THRESHOLD,
    visual_similarity: visual === null ? null : round2(visual),
    audio_similarity: audio === null ? null : round2(audio),
    speed: v ? round2(v.line.speed) : 1,
    offset: v ? round2(v.line.offset * a.interval) : 0,
    segments: v ? segmentsOf(v, a.interval) : [],
  };
}
