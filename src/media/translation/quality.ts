// The measured quality table (quality.json, written by `npx tsx bench/translate.ts --write`):
// chrF (0-100, sacrebleu) of every route of every pair on this project's parallel set
// (test/fixtures/parallel), from speech espeak-ng made of the source sentences ("speech":
// what a job does) and from the source text itself ("text": the engine without recognition
// errors). The default route of a pair is the one with the best speech score.
import { readFileSync } from 'node:fs';
import type { TextLeg } from './text-engines.js';

export interface RouteScore {
  speech: number | null;
  text: number | null;
}

export interface QualityTable {
  /** Whisper size whose numbers stand in for sizes that were not measured. */
  default_size: string;
  /** size -> "src-tgt" -> route key ("whisper", "apertium", "apertium+bergamot") -> scores */
  sizes: Record<string, Record<string, Record<string, RouteScore>>>;
}

export const QUALITY_FILE = new URL('./quality.json', import.meta.url);

export function loadQualityTable(file: URL | string = QUALITY_FILE): QualityTable {
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as QualityTable;
  } catch {
    return { default_size: 'base', sizes: {} };
  }
}

/** The committed table, read once when the module loads. */
export const QUALITY: Readonly<QualityTable> = loadQualityTable();

/** "whisper", or the engines of the text legs joined by "+" ("apertium+bergamot" for a pivot). */
export function routeKey(route: { engine: string; legs: TextLeg[] }): string {
  return route.engine === 'whisper' ? 'whisper' : route.legs.map((l) => l.engine).join('+');
}

/** The scores of one route; those of the default size when `size` was not measured. */
export function routeQuality(q: QualityTable, source: string, target: string, key: string, size: string): RouteScore | null {
  const table = q.sizes[size] ?? q.sizes[q.default_size];
  return table?.[`${source}-${target}`]?.[key] ?? null;
}
