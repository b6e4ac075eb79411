import { describe, expect, it } from 'vitest';
import { compareFingerprints, type VideoPrint } from './match.js';

/** Deterministic pseudo-random 32-bit words (xorshift), so a failure reproduces. */
function words(seed: number): () => number {
  let x = seed >>> 0 || 1;
  return () => {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    return x >>> 0;
  };
}

function randomPrint(samples: number, seed: number): VideoPrint {
  const next = words(seed);
  return { interval: 0.5, visual: new Uint32Array(samples * 2).map(() => next()), audio: null };
}

/** Samples `from`..`from + count` of `b`, each with exactly `flips` of its 64 bits flipped. */
function noisyExcerpt(b: VideoPrint, from: number, count: number, flips: number, seed: number): VideoPrint {
  const next = words(seed);
  const visual = b.visual.slice(from * 2, (from + count) * 2);
  for (let i = 0; i < count; i++) {
    const bits = new Set<number>();
    while (bits.size < flips) bits.add(next() % 64);
    for (const bit of bits) visual[i * 2 + (bit < 32 ? 0 : 1)] ^= 1 << bit % 32;
  }
  return { interval: b.interval, visual, audio: null };
}

describe('compareFingerprints, visual alignment', () => {
  const film = randomPrint(60, 7);

  it('aligns a clean excerpt on the first vote', () => {
    const c = compareFingerprints(noisyExcerpt(film, 10, 20, 4, 1), film);
    expect(c).toMatchObject({ match: true, similarity: 1, speed: 1, offset: 5 });
  });

  // A 15% crop of soft footage moves most hashes 12-20 bits (bench/fingerprint "clips"): no
  // pair is close enough for the first vote, so the line comes from the wide one.
  it('finds the line of an excerpt whose every sample is 14 bits away', () => {
    const c = compareFingerprints(noisyExcerpt(film, 30, 20, 14, 2), film);
    expect(c.match).toBe(true);
    expect(c.visual_similarity).toBe(1);
    expect(c.offset).toBe(15);
    expect(c.segments).toEqual([{ start_a: 0, end_a: 10, start_b: 15, end_b: 25 }]);
  });

  it('still says no for unrelated videos, and reports their chance-level similarity', () => {
    for (let seed = 100; seed < 110; seed++) {
      const c = compareFingerprints(randomPrint(20, seed), film);
      expect(c.match).toBe(false);
      expect(c.similarity).toBeLessThan(0.2);
    }
  });
});
