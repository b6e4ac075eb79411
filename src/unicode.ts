// Lone UTF-16 surrogates: valid in a JSON string escape ("\ud800"), not valid Unicode. They
// cannot be encoded as UTF-8 (file names, URLs: encodeURIComponent throws URIError), so they
// are refused at the API's edge and replaced wherever text from elsewhere (titles) is used.
// (String.prototype.isWellFormed/toWellFormed exist in Node 20 but not in the ES2022 lib types.)

const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

export function isWellFormed(s: string): boolean {
  LONE_SURROGATE.lastIndex = 0;
  return !LONE_SURROGATE.test(s);
}

/** `s` with every lone surrogate replaced by U+FFFD (what a UTF-8 encoder writes for one). */
export function toWellFormed(s: string): string {
  return s.replace(LONE_SURROGATE, '\ufffd');
}

/** The path (keys and indexes) to the first string or key in `value` that is not well-formed, or null. */
export function findIllFormed(value: unknown, at: (string | number)[] = []): (string | number)[] | null {
  if (typeof value === 'string') return isWellFormed(value) ? null : at;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const found = findIllFormed(value[i], [...at, i]);
      if (found) return found;
    }
    return null;
  }
  if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      if (!isWellFormed(k)) return [...at, toWellFormed(k)];
      const found = findIllFormed(v, [...at, k]);
      if (found) return found;
    }
  }
  return null;
}
