// Short clips of natural footage (bench/fingerprint.ts, section "clips"): 5 s and 10 s cut from
// 30 s films of photographs, with and without a 15% crop, matched against the films and
// against distractor films; with the audio track and visual-only (a clip whose audio was
// replaced or removed must still match on the picture).
import { compareFingerprints, type VideoPrint } from '../src/media/fingerprint/match.js';
import { indexKeys } from '../src/store/fingerprints.js';
import { makeClip, makeFootage, PHOTOS } from '../test/fixtures/natural-footage.js';

const FILM_SECONDS = 30;
/** (start, length) of the clips cut from each film: early and late, short and longer. */
const CUTS: [number, number][] = [[4, 5], [19, 5], [6, 10], [17, 10]];

interface Counts { tp: number; fp: number; fn: number }
const rate = (c: Counts) => {
  const p = c.tp + c.fp ? c.tp / (c.tp + c.fp) : 1;
  const r = c.tp + c.fn ? c.tp / (c.tp + c.fn) : 1;
  return `${p.toFixed(2)} / ${r.toFixed(2)} / ${(p + r ? (2 * p * r) / (p + r) : 0).toFixed(2)}`;
};
const visualOnly = (p: VideoPrint): VideoPrint => ({ ...p, audio: null });
/** Index keys two prints share: a stored film is a lookup candidate only from 2 (src/store/fingerprints.ts). */
const sharedKeys = (a: VideoPrint, b: VideoPrint): number => {
  const keys = new Set(indexKeys(b));
  return new Set(indexKeys(a).filter((k) => keys.has(k))).size;
};

export async function shortClips(dir: string, fingerprint: (file: string, seconds: number) => Promise<VideoPrint>): Promise<void> {
  const films = [];
  for (const p of PHOTOS) {
    const file = await makeFootage(dir, p, FILM_SECONDS);
    films.push({ photo: p, file, print: await fingerprint(file, FILM_SECONDS) });
  }
  console.log(`\nshort clips of natural footage: ${films.length} films of ${FILM_SECONDS} s (${films.filter((f) => f.photo.distractor).length} distractors), clips cut at ${CUTS.map(([s, l]) => `${s}+${l} s`).join(', ')}`);
  console.log(`${'clip'.padEnd(22)} ${'with audio P / R / F1'.padEnd(22)} visual only P / R / F1   visual only: lowest true / highest false similarity; fewest index keys shared with the film, visual only / with audio`);
  for (const length of [5, 10])
    for (const crop of [0, 0.15]) {
      const audio: Counts = { tp: 0, fp: 0, fn: 0 }, visual: Counts = { tp: 0, fp: 0, fn: 0 };
      let worst = 1, falseBest = 0, keysVisual = Infinity, keysAll = Infinity;
      for (const src of films.filter((f) => !f.photo.distractor))
        for (const [start] of CUTS.filter(([, l]) => l === length)) {
          const q = await fingerprint(await makeClip(dir, src.file, start, length, crop), length);
          for (const ref of films) {
            const same = ref === src;
            const a = compareFingerprints(q, ref.print);
            const v = compareFingerprints(visualOnly(q), visualOnly(ref.print));
            if (same) {
              worst = Math.min(worst, v.similarity);
              keysVisual = Math.min(keysVisual, sharedKeys(visualOnly(q), visualOnly(ref.print)));
              keysAll = Math.min(keysAll, sharedKeys(q, ref.print));
              a.match ? audio.tp++ : audio.fn++;
              v.match ? visual.tp++ : visual.fn++;
            } else {
              falseBest = Math.max(falseBest, v.similarity);
              if (a.match) audio.fp++;
              if (v.match) visual.fp++;
            }
          }
        }
      const name = `${length} s${crop ? `, crop ${crop * 100}%` : ''}`;
      console.log(`${name.padEnd(22)} ${rate(audio).padEnd(22)} ${rate(visual).padEnd(23)} ${worst.toFixed(2)} / ${falseBest.toFixed(2)}   ${keysVisual} / ${keysAll}`);
    }
}
