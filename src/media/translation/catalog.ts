// Which engine translates which language pair, in order of preference:
//   whisper        any language -> English, from the audio itself (Whisper's translate task;
//                  needs a multilingual model)
//   apertium       the installed Apertium pairs (rule-based, fast, offline)
//   libretranslate whatever VC_TRANSLATE_URL offers
import { installedPairs, type ApertiumPair } from '../apertium/apertium.js';
import { librePairs, type LibrePair } from './libretranslate.js';

export type TranslateEngine = 'whisper' | 'apertium' | 'libretranslate' | 'none';

export interface TranslationCatalog {
  /** Whisper can translate any language into English with these model sizes. */
  whisperSizes: string[];
  apertium: ApertiumPair[];
  libre: LibrePair[];
}

export async function loadCatalog(opts: { multilingualSizes: string[]; translateUrl: string | null; apertiumModesDir?: string }): Promise<TranslationCatalog> {
  const [apertium, libre] = await Promise.all([installedPairs(opts.apertiumModesDir), opts.translateUrl ? librePairs(opts.translateUrl) : Promise.resolve([])]);
  return { whisperSizes: opts.multilingualSizes, apertium, libre };
}

/** Text engine for source -> target (Whisper is chosen separately: it works on audio). */
export function textEngine(c: TranslationCatalog, source: string, target: string): { engine: 'apertium'; mode: string } | { engine: 'libretranslate' } | null {
  const ap = c.apertium.find((p) => p.source === source && p.target === target);
  if (ap) return { engine: 'apertium', mode: ap.mode };
  if (c.libre.some((p) => p.source === source && p.target === target)) return { engine: 'libretranslate' };
  return null;
}

/**
 * The engine for a pair, given the model size asked for; null = unsupported. `source` null
 * means "detect": decided at run time, so only whether any engine reaches `target` matters.
 */
export function chooseEngine(c: TranslationCatalog, source: string | null, target: string, modelSize: string): TranslateEngine | null {
  if (source !== null && source === target) return 'none';
  if (target === 'en' && c.whisperSizes.includes(modelSize)) return 'whisper';
  if (source === null) return [...c.apertium, ...c.libre].some((p) => p.target === target) ? 'apertium' : null;
  return textEngine(c, source, target)?.engine ?? null;
}

export interface PairView {
  source_language: string;
  target_language: string;
  engine: TranslateEngine;
}

/** Every supported pair; Whisper's "any -> en" is listed with source "*". */
export function listPairs(c: TranslationCatalog): PairView[] {
  const out: PairView[] = [];
  if (c.whisperSizes.length > 0) out.push({ source_language: '*', target_language: 'en', engine: 'whisper' });
  for (const p of c.apertium) out.push({ source_language: p.source, target_language: p.target, engine: 'apertium' });
  for (const p of c.libre) {
    if (!c.apertium.some((a) => a.source === p.source && a.target === p.target)) out.push({ source_language: p.source, target_language: p.target, engine: 'libretranslate' });
  }
  return out;
}

export function describePairs(c: TranslationCatalog): string {
  return listPairs(c)
    .map((p) => `${p.source_language}->${p.target_language} (${p.engine})`)
    .join(', ') || 'none';
}
