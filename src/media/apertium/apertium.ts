// Apertium (Debian packages such as apertium-eng-spa): rule-based translation for the pairs
// it has. Modes are named by ISO 639-3 codes ("eng-spa"; old packages used "en-es"); the API
// speaks ISO 639-1, so the two are mapped here. One run translates a whole transcript: one
// segment per line in, the same lines out (Apertium keeps line breaks as blanks), because
// each start costs ~0.5-0.8 s of dictionary loading.
import { readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { runProcess } from '../process/run.js';

export const APERTIUM_MODES_DIR = '/usr/share/apertium/modes';

/** ISO 639-1 -> ISO 639-3 for the languages Apertium pairs are packaged for in Debian. */
const ISO1_TO_3: Record<string, string> = {
  an: 'arg', ast: 'ast', br: 'bre', ca: 'cat', cy: 'cym', da: 'dan', de: 'deu', en: 'eng', eo: 'epo', es: 'spa',
  eu: 'eus', fr: 'fra', gl: 'glg', hbs: 'hbs', id: 'ind', is: 'isl', it: 'ita', kk: 'kaz', mk: 'mkd', ms: 'msa',
  mt: 'mlt', nb: 'nob', nn: 'nno', oc: 'oci', pt: 'por', ro: 'ron', sv: 'swe', tt: 'tat', ur: 'urd', hi: 'hin',
};
const ISO3_TO_1: Record<string, string> = Object.fromEntries(Object.entries(ISO1_TO_3).map(([a, b]) => [b, a]));

/** "eng" or "en" -> "en"; null for a code we cannot map. */
export function toIso1(code: string): string | null {
  if (code.length === 2) return code;
  return ISO3_TO_1[code] ?? null;
}

export interface ApertiumPair {
  source: string;
  target: string;
  mode: string;
}

/**
 * Pairs from mode names. Variants ("spa-eng_US", "cat-spa_valencia") are skipped: the plain
 * mode of the same pair is the one to use.
 */
export function pairsFromModes(modes: string[]): ApertiumPair[] {
  const out: ApertiumPair[] = [];
  for (const mode of modes) {
    const m = /^([a-z]{2,3})-([a-z]{2,3})$/.exec(mode);
    if (!m) continue;
    const source = toIso1(m[1]);
    const target = toIso1(m[2]);
    if (source && target && !out.some((p) => p.source === source && p.target === target)) out.push({ source, target, mode });
  }
  return out;
}

/** Installed pairs, from the mode files (no process start). */
export async function installedPairs(dir = APERTIUM_MODES_DIR): Promise<ApertiumPair[]> {
  try {
    const files = await readdir(dir);
    return pairsFromModes(files.filter((f) => f.endsWith('.mode')).map((f) => f.slice(0, -'.mode'.length)));
  } catch {
    return []; // apertium not installed
  }
}

/** argv for translating `input` into `output` with `mode`; -u drops the *unknown-word marks. */
export function apertiumArgs(mode: string, input: string, output: string): string[] {
  return ['-u', '-f', 'txt', mode, input, output];
}

export type ApertiumOutcome = { ok: true; lines: string[] } | { ok: false; reason: 'cancelled' | 'timeout' | 'failed'; detail: string };

/** Translates `lines` (one segment each) through files in `workDir`. */
export async function translateLines(
  mode: string,
  lines: string[],
  opts: { workDir: string; signal?: AbortSignal; timeoutMs: number; onSpawn?: (pid: number) => void; binary?: string },
): Promise<ApertiumOutcome> {
  const input = path.join(opts.workDir, `apertium-${mode}.in.txt`);
  const output = path.join(opts.workDir, `apertium-${mode}.out.txt`);
  // A newline inside a segment would shift every later line; segments never need one.
  await writeFile(input, `${lines.map((l) => l.replace(/[\r\n]+/g, ' ')).join('\n')}\n`);
  const r = await runProcess(opts.binary ?? 'apertium', apertiumArgs(mode, input, output), { timeoutMs: opts.timeoutMs, signal: opts.signal, onSpawn: opts.onSpawn });
  if (r.aborted) return { ok: false, reason: 'cancelled', detail: 'cancelled' };
  if (r.timedOut) return { ok: false, reason: 'timeout', detail: 'apertium did not finish in time' };
  if (r.code !== 0) return { ok: false, reason: 'failed', detail: `apertium ${mode} failed: ${r.stderr.trim().split('\n').pop() ?? r.code}` };
  const out = (await readFile(output, 'utf8')).replace(/\n$/, '').split('\n');
  if (out.length !== lines.length) return { ok: false, reason: 'failed', detail: `apertium returned ${out.length} lines for ${lines.length}` };
  return { ok: true, lines: out.map((l) => l.trim()) };
}
