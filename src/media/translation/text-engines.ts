// The text engines behind one call: a route is one leg (source -> target with one engine) or
// two legs through English (a pivot), each leg's output cleaned (clean.ts) before the next.
import { translateLines } from '../apertium/apertium.js';
import { bergamotTranslate } from './bergamot.js';
import { cleanTranslation } from './clean.js';
import { libreTranslate } from './libretranslate.js';

export type TextEngine = 'apertium' | 'bergamot' | 'libretranslate';

export interface TextLeg {
  engine: TextEngine;
  source: string;
  target: string;
  /** Apertium's mode name ("eng-spa"). */
  mode?: string;
}

export type TextOutcome = { ok: true; lines: string[] } | { ok: false; reason: 'cancelled' | 'timeout' | 'failed' | 'upstream'; detail: string };

export interface TextRunOptions {
  workDir: string;
  python: string;
  translateUrl: string | null;
  signal?: AbortSignal;
  timeoutMs: number;
  onSpawn?: (pid: number) => void;
}

async function runLeg(leg: TextLeg, lines: string[], opts: TextRunOptions): Promise<TextOutcome> {
  switch (leg.engine) {
    case 'apertium':
      return translateLines(leg.mode ?? '', lines, opts);
    case 'bergamot':
      return bergamotTranslate(opts.python, lines, leg.source, leg.target, opts);
    case 'libretranslate': {
      const r = await libreTranslate(opts.translateUrl ?? '', lines, leg.source, leg.target, opts);
      return r.ok ? r : { ok: false, reason: opts.signal?.aborted ? 'cancelled' : 'upstream', detail: r.detail };
    }
  }
}

/** Translates `lines` (one segment each) along `legs`; the lines stay aligned. */
export async function translateText(legs: TextLeg[], lines: string[], opts: TextRunOptions): Promise<TextOutcome> {
  let current = lines;
  const deadline = Date.now() + opts.timeoutMs;
  for (const leg of legs) {
    const out = await runLeg(leg, current, { ...opts, timeoutMs: Math.max(1, deadline - Date.now()) });
    if (!out.ok) return out;
    current = out.lines.map((l, i) => cleanTranslation(l, current[i] ?? '', leg.target));
  }
  return { ok: true, lines: current };
}
