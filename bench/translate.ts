// bench/translate: translation quality per pair and route, and the default route it implies.
//
// The parallel set (test/fixtures/parallel: 44 sentences in en, es, pt, ca, gl) is spoken with
// espeak-ng, one clip per sentence. For every pair and every route the installed engines allow:
//   speech  what a job does: Whisper (the --size model, default base) transcribes the clip
//           with the source language given, then the text route translates it; or Whisper's
//           translate task on the clip (into English)
//   text    the text route on the reference sentence itself (no recognition errors)
// scored with chrF (sacrebleu, corpus level, 0-100) against the target-language references.
// The route with the best speech score becomes the pair's default. Pivots (two legs through
// English) are measured for every pair that has both legs.
//
//   npx tsx bench/translate.ts            print the table
//   npx tsx bench/translate.ts --write    ... and write src/media/translation/quality.json
//   npx tsx bench/translate.ts --size small --write   add the numbers of another installed size
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { REPO } from '../test/helpers/service.js';
import { loadConfig } from '../src/config.js';
import { loadCatalog, type Route } from '../src/media/translation/catalog.js';
import { loadQualityTable, QUALITY_FILE, routeKey, type QualityTable, type RouteScore } from '../src/media/translation/quality.js';
import { translateText, type TextLeg } from '../src/media/translation/text-engines.js';
import { WhisperPool } from '../src/media/whisper/pool.js';

const { values: args } = parseArgs({ options: { write: { type: 'boolean', default: false }, size: { type: 'string', default: 'base' } } });
const SIZE = args.size;
const PYTHON = path.join(REPO, '.venv', 'bin', 'python');
const SET = path.join(REPO, 'test', 'fixtures', 'parallel');
/** espeak-ng has no Galician voice; its Spanish voice reads Galician spelling closest (chrF of
 * base's Galician transcript on 8 sentences: 37 with `es`, 26 with `pt`). */
const VOICES: Record<string, string> = { en: 'en-us', es: 'es', pt: 'pt-br', ca: 'ca', gl: 'es' };
const LANGS = Object.keys(VOICES);

const refs: Record<string, string[]> = Object.fromEntries(LANGS.map((l) => [l, fs.readFileSync(path.join(SET, `${l}.txt`), 'utf8').trim().split('\n')]));
const n = refs.en.length;
for (const l of LANGS) if (refs[l].length !== n) throw new Error(`${l}.txt has ${refs[l].length} lines, en.txt ${n}`);

const clipDir = path.join(os.tmpdir(), `vc-parallel-${createHash('sha256').update(JSON.stringify([refs, VOICES])).digest('hex').slice(0, 12)}`);
fs.mkdirSync(clipDir, { recursive: true });
const clip = (lang: string, i: number): string => {
  const file = path.join(clipDir, `${lang}-${i}.wav`);
  if (!fs.existsSync(file)) execFileSync('espeak-ng', ['-v', VOICES[lang], '-s', '140', '-w', file, refs[lang][i]]);
  return file;
};

/** corpus chrF of each hypothesis list against its references, in one Python start. */
function chrf(jobs: { hyp: string[]; ref: string[] }[]): number[] {
  const code = 'import json,sys,sacrebleu\nprint(json.dumps([round(sacrebleu.corpus_chrf(j["hyp"],[j["ref"]]).score,1) for j in json.load(sys.stdin)]))';
  return JSON.parse(execFileSync(PYTHON, ['-c', code], { input: JSON.stringify(jobs), encoding: 'utf8' })) as number[];
}

const config = loadConfig();
const pool = new WhisperPool({ python: PYTHON, workers: 1, device: config.whisperDevice, computeType: config.whisperComputeType, cpuThreads: os.availableParallelism(), modelsDir: config.whisperModelsDir });
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'vc-bench-translate-'));
const started = Date.now();

/** Whisper's output per clip, cached beside the clips (the text routes can then be re-run cheaply). */
async function whisper(lang: string, task: 'transcribe' | 'translate'): Promise<string[]> {
  const cache = path.join(clipDir, `${lang}.${task}.${SIZE}.json`);
  if (fs.existsSync(cache)) return JSON.parse(fs.readFileSync(cache, 'utf8')) as string[];
  const out: string[] = [];
  for (let i = 0; i < n; i++) {
    const r = await pool.transcribe({ audio: clip(lang, i), modelSize: SIZE, language: lang, task, wordTimestamps: false, vadFilter: true, beamSize: 1 }, { timeoutMs: 300_000 });
    if (!r.ok) throw new Error(`whisper ${task} ${lang} #${i}: ${r.failure.detail}`);
    out.push(r.transcript.segments.map((s) => s.text).join(' ').trim());
  }
  fs.writeFileSync(cache, JSON.stringify(out));
  return out;
}

async function text(legs: TextLeg[], lines: string[]): Promise<string[]> {
  const r = await translateText(legs, lines, { workDir: work, python: PYTHON, translateUrl: null, timeoutMs: 300_000 });
  if (!r.ok) throw new Error(`${legs.map((l) => l.engine).join('+')}: ${r.detail}`);
  return r.lines;
}

try {
  const models = await pool.models();
  if (!models.installed[SIZE]?.multilingual) throw new Error(`model size ${SIZE} is not installed (or English only)`);
  const catalog = await loadCatalog({ multilingualSizes: [SIZE], translateUrl: null, python: PYTHON, quality: { default_size: SIZE, sizes: {} } });
  const heard: Record<string, string[]> = {};
  const whisperEn: Record<string, string[]> = {};
  for (const l of LANGS) {
    process.stderr.write(`whisper ${l}: transcribing${l === 'en' ? '' : ' and translating'} ${n} clips\n`);
    heard[l] = await whisper(l, 'transcribe');
    if (l !== 'en') whisperEn[l] = await whisper(l, 'translate');
  }
  process.stderr.write('text routes\n');
  const rows: { pair: string; key: string; route: string; speech: string[]; text: string[] | null }[] = [];
  for (const s of LANGS) {
    for (const t of LANGS) {
      if (s === t) continue;
      const routes: Route[] = [];
      if (t === 'en') routes.push({ engine: 'whisper', legs: [] });
      for (const leg of catalog.legs.filter((l) => l.source === s && l.target === t)) routes.push({ engine: leg.engine, legs: [leg] });
      if (s !== 'en' && t !== 'en') {
        for (const a of catalog.legs.filter((l) => l.source === s && l.target === 'en')) {
          for (const b of catalog.legs.filter((l) => l.source === 'en' && l.target === t)) routes.push({ engine: 'pivot', legs: [a, b] });
        }
      }
      for (const r of routes) {
        const label = r.engine === 'whisper' ? 'whisper' : r.legs.map((l) => `${l.engine} ${l.source}->${l.target}`).join(', ');
        rows.push({ pair: `${s}-${t}`, key: routeKey(r), route: label, speech: r.engine === 'whisper' ? whisperEn[s] : await text(r.legs, heard[s]), text: r.engine === 'whisper' ? null : await text(r.legs, refs[s]) });
      }
    }
  }
  const transcripts = chrf(LANGS.map((l) => ({ hyp: heard[l], ref: refs[l] })));
  const scores = chrf(rows.flatMap((r) => [{ hyp: r.speech, ref: refs[r.pair.slice(3)] }, ...(r.text ? [{ hyp: r.text, ref: refs[r.pair.slice(3)] }] : [])]));
  const table: Record<string, Record<string, RouteScore>> = {};
  let k = 0;
  for (const r of rows) {
    table[r.pair] ??= {};
    table[r.pair][r.key] = { speech: scores[k++], text: r.text ? scores[k++] : null };
  }

  console.log(`translate bench: Whisper ${SIZE} (${(await pool.device()).device}), ${n} sentences per language, espeak-ng voices ${JSON.stringify(VOICES)}`);
  console.log(`transcription chrF (speech -> same-language text): ${LANGS.map((l, i) => `${l} ${transcripts[i]}`).join(', ')}`);
  console.log(`\n${'pair'.padEnd(6)} ${'route'.padEnd(36)} ${'speech'.padStart(6)} ${'text'.padStart(6)}  default`);
  for (const [pair, routes] of Object.entries(table)) {
    const best = Object.entries(routes).sort((a, b) => (b[1].speech ?? 0) - (a[1].speech ?? 0))[0][0];
    for (const r of rows.filter((x) => x.pair === pair)) {
      const q = routes[r.key];
      console.log(`${pair.padEnd(6)} ${r.route.padEnd(36)} ${String(q.speech).padStart(6)} ${String(q.text ?? '-').padStart(6)}  ${r.key === best ? '<= default' : ''}`);
    }
  }
  console.log(`\n(${((Date.now() - started) / 1000).toFixed(0)} s)`);

  if (args.write) {
    const current: QualityTable = loadQualityTable();
    const sacrebleu = execFileSync(PYTHON, ['-c', 'import sacrebleu; print(sacrebleu.__version__)'], { encoding: 'utf8' }).trim();
    const out = {
      generated_by: `npx tsx bench/translate.ts --size ${SIZE} --write`,
      metric: `chrF (sacrebleu ${sacrebleu}, corpus level, 0-100); speech: espeak-ng clip -> Whisper -> route; text: route on the reference sentence`,
      sentences: n,
      voices: VOICES,
      transcription_chrf: { ...((current as unknown as { transcription_chrf?: Record<string, unknown> }).transcription_chrf ?? {}), [SIZE]: Object.fromEntries(LANGS.map((l, i) => [l, transcripts[i]])) },
      default_size: current.sizes.base || SIZE === 'base' ? 'base' : SIZE,
      sizes: { ...current.sizes, [SIZE]: table },
    };
    fs.writeFileSync(QUALITY_FILE, `${JSON.stringify(out, null, 1)}\n`);
    console.log(`wrote ${QUALITY_FILE.pathname}`);
  }
} finally {
  await pool.close();
  fs.rmSync(work, { recursive: true, force: true });
}
