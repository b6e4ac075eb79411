// Whisper model sizes the API accepts (contract §6) and the languages Whisper knows. Mirrors
// HUB_REPOS/ALIASES in models.py and faster_whisper.tokenizer._LANGUAGE_CODES; sizes.test.ts
// checks both against the Python side so the two cannot drift apart.
export const MODEL_SIZES = [
  'tiny',
  'base',
  'small',
  'medium',
  'large-v3',
  'large-v3-turbo',
  'distil-large-v3',
  'tiny.en',
  'base.en',
  'small.en',
  'medium.en',
] as const;
export type ModelSize = (typeof MODEL_SIZES)[number];

/** Names accepted for a size; the job and its result carry the canonical one. */
export const SIZE_ALIASES: Readonly<Record<string, ModelSize>> = { turbo: 'large-v3-turbo' };

export function canonicalSize(size: string): string {
  return SIZE_ALIASES[size] ?? size;
}

/** `.en` conversions know English only; every other size is multilingual. */
export function isEnglishOnly(size: string): boolean {
  return size.endsWith('.en');
}

/** ISO 639-1 codes (plus haw and yue, which have none) that Whisper transcribes. */
export const WHISPER_LANGUAGES: readonly string[] = (
  'af am ar as az ba be bg bn bo br bs ca cs cy da de el en es et eu fa fi fo fr gl gu ha haw he hi hr ht hu hy id ' +
  'is it ja jw ka kk km kn ko la lb ln lo lt lv mg mi mk ml mn mr ms mt my ne nl nn no oc pa pl ps pt ro ru sa sd si ' +
  'sk sl sn so sq sr su sv sw ta te tg th tk tl tr tt uk ur uz vi yi yo zh yue'
).split(' ');

/** Codes people use that Whisper spells differently (ISO 639-1 "jv" is Whisper's "jw"). */
const LANGUAGE_ALIASES: Readonly<Record<string, string>> = { jv: 'jw', iw: 'he', nb: 'no' };

/** The Whisper code for `code`, or null when Whisper does not know the language. */
export function whisperLanguage(code: string): string | null {
  const c = LANGUAGE_ALIASES[code] ?? code;
  return WHISPER_LANGUAGES.includes(c) ? c : null;
}
