// An optional LibreTranslate-compatible HTTP engine (VC_TRANSLATE_URL), for deployments that
// run one. The URL is the operator's, not a user's, so the user URL policy does not apply.
export interface LibrePair {
  source: string;
  target: string;
}

const TIMEOUT_MS = 10_000;

/** Pairs the server offers (GET /languages); [] when it cannot be reached. */
export async function librePairs(baseUrl: string, signal?: AbortSignal): Promise<LibrePair[]> {
  try {
    const res = await fetch(`${baseUrl}/languages`, { signal: signal ?? AbortSignal.timeout(TIMEOUT_MS) });
    if (!res.ok) return [];
    const langs = (await res.json()) as { code?: unknown; targets?: unknown }[];
    const out: LibrePair[] = [];
    for (const l of Array.isArray(langs) ? langs : []) {
      if (typeof l.code !== 'string' || !Array.isArray(l.targets)) continue;
      for (const t of l.targets) if (typeof t === 'string' && t !== l.code) out.push({ source: l.code, target: t });
    }
    return out;
  } catch {
    return [];
  }
}

export type LibreOutcome = { ok: true; lines: string[] } | { ok: false; detail: string };

/** Translates all `lines` in one request (q as an array, as LibreTranslate accepts). */
export async function libreTranslate(baseUrl: string, lines: string[], source: string, target: string, opts: { signal?: AbortSignal; timeoutMs: number }): Promise<LibreOutcome> {
  const signal = opts.signal ? AbortSignal.any([opts.signal, AbortSignal.timeout(opts.timeoutMs)]) : AbortSignal.timeout(opts.timeoutMs);
  try {
    const res = await fetch(`${baseUrl}/translate`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ q: lines, source, target, format: 'text' }),
      signal,
    });
    if (!res.ok) return { ok: false, detail: `translation server answered ${res.status}` };
    const body = (await res.json()) as { translatedText?: unknown };
    const t = body.translatedText;
    if (!Array.isArray(t) || t.length !== lines.length || !t.every((x) => typeof x === 'string')) {
      return { ok: false, detail: 'translation server answered an unexpected body' };
    }
    return { ok: true, lines: t as string[] };
  } catch (err) {
    return { ok: false, detail: `translation server unreachable: ${(err as Error).message}` };
  }
}
