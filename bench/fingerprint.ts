// Fingerprint bench: a corpus made at run time (ffmpeg lavfi sources with audio, every
// re-upload transform applied to each, unrelated distractors), precision / recall / F1 per
// transform at the default threshold next to the single-frame pHash baseline; fingerprinting
// speed on a 3-minute 480p source; lookup time with 10,000 stored fingerprints.
// Everything generated is cached under .cache/fingerprint-bench. SECTIONS=accuracy,clips,speed,lookup
// (the default: all) runs only some of them; "clips" is short clips of natural footage
// (bench/fingerprint-clips.ts).
import fs from 'node:fs';
import { sql } from 'kysely';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { localMedia } from '../src/media/ffmpeg/input.js';
import { createFfmpeg } from '../src/media/ffmpeg/runner.js';
import { fingerprintFile, hashFrameAt } from '../src/media/fingerprint/extract.js';
import { createFpcalc } from '../src/media/fingerprint/fpcalc.js';
import { compareFingerprints, type VideoPrint } from '../src/media/fingerprint/match.js';
import { plainScope } from '../src/media/process/scope.js';
import { migrate, openStore, sqlitePath } from '../src/store/db.js';
import { createAccount } from '../src/store/accounts.js';
import { candidateFingerprints, rowToPrint, saveFingerprint } from '../src/store/fingerprints.js';
import { shortClips } from './fingerprint-clips.js';
import { SOURCES, TRANSFORMS, makeSource, makeTransformed } from '../test/fixtures/fingerprint-media.js';
import { REPO } from '../test/helpers/service.js';

const CACHE = path.join(REPO, '.cache', 'fingerprint-bench');
const SECONDS = 12;
const SIZE = { seconds: SECONDS, width: 320, height: 180 };
const BASELINE_BITS = 10; // pHash (8x8) Hamming distance at or below which the baseline says "same"
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'vc-fp-bench-'));
const engines = { ffmpeg: createFfmpeg({ ffmpeg: 'ffmpeg', ffprobe: 'ffprobe' }), fpcalc: createFpcalc('fpcalc') };
const ws = () => ({ workDir: work, scope: plainScope({ timeoutMs: 600_000 }) });

async function fp(file: string, seconds: number): Promise<VideoPrint> {
  const r = await fingerprintFile(engines, localMedia(file), { durationSeconds: seconds, hasAudio: true }, ws());
  if ('code' in r) throw new Error(`${file}: ${r.detail}`);
  return r;
}
async function phash(file: string, seconds: number): Promise<bigint> {
  const r = await hashFrameAt(engines, localMedia(file), seconds * 0.25, 8, ws());
  if ('code' in r) throw new Error(`${file}: ${r.detail}`);
  return BigInt(`0x${r.perceptual_hash}`);
}
const bits = (x: bigint): number => x.toString(2).replace(/0/g, '').length;

interface Counts { tp: number; fp: number; fn: number }
const prf = (c: Counts) => {
  const p = c.tp + c.fp ? c.tp / (c.tp + c.fp) : 1;
  const r = c.tp + c.fn ? c.tp / (c.tp + c.fn) : 1;
  return { p, r, f1: p + r ? (2 * p * r) / (p + r) : 0 };
};

async function accuracy(): Promise<{ queries: VideoPrint[]; originals: VideoPrint[] }> {
  console.log(`corpus: ${SOURCES.length} sources (${SOURCES.filter((s) => s.distractor).length} distractors), ${TRANSFORMS.length} transforms, ${SECONDS} s at ${SIZE.width}x${SIZE.height}`);
  const refs = [];
  for (const s of SOURCES) {
    const file = await makeSource(CACHE, s, SIZE);
    refs.push({ name: s.name, file, fp: await fp(file, SECONDS), ph: await phash(file, SECONDS), distractor: !!s.distractor });
  }
  const queries: VideoPrint[] = [];
  const rows: string[] = [];
  const total = { ours: { tp: 0, fp: 0, fn: 0 }, base: { tp: 0, fp: 0, fn: 0 } };
  for (const t of TRANSFORMS) {
    const ours: Counts = { tp: 0, fp: 0, fn: 0 }, base: Counts = { tp: 0, fp: 0, fn: 0 };
    for (const src of refs.filter((r) => !r.distractor)) {
      const file = await makeTransformed(CACHE, src.file, t, SECONDS);
      const qSeconds = t.name === 'trim' ? SECONDS / 2 : SECONDS;
      const q = await fp(file, qSeconds);
      const qh = await phash(file, qSeconds);
      queries.push(q);
      for (const r of refs) {
        const same = r === src;
        const m = compareFingerprints(q, r.fp).match;
        const b = bits(qh ^ r.ph) <= BASELINE_BITS;
        if (same) (m ? ours.tp++ : ours.fn++), (b ? base.tp++ : base.fn++);
        else (m && ours.fp++), (b && base.fp++);
      }
    }
    for (const k of ['tp', 'fp', 'fn'] as const) (total.ours[k] += ours[k]), (total.base[k] += base[k]);
    const o = prf(ours), b = prf(base);
    rows.push(`${t.name.padEnd(22)} ${fmt(o)}   ${fmt(b)}   false matches ${ours.fp} vs ${base.fp}`);
  }
  console.log(`\n${'transform'.padEnd(22)} ${'ours P / R / F1'.padEnd(20)}   baseline pHash P / R / F1`);
  for (const r of rows) console.log(r);
  console.log(`${'ALL'.padEnd(22)} ${fmt(prf(total.ours))}   ${fmt(prf(total.base))}   false matches ${total.ours.fp} vs ${total.base.fp}`);
  return { queries, originals: refs.filter((r) => !r.distractor).map((r) => r.fp) };
}
const fmt = (x: { p: number; r: number; f1: number }) => `${x.p.toFixed(2)} / ${x.r.toFixed(2)} / ${x.f1.toFixed(2)}`.padEnd(20);

async function speed(): Promise<void> {
  const long = await makeSource(CACHE, SOURCES[0], { seconds: 180, width: 854, height: 480 });
  const t0 = performance.now();
  await fp(long, 180);
  const s = (performance.now() - t0) / 1000;
  console.log(`\nspeed: 3-minute 480p source fingerprinted in ${s.toFixed(2)} s = ${(180 / s).toFixed(1)}x real time (${os.cpus().length} cores; target >= 20x)`);
}

function randomPrint(samples: number, items: number): VideoPrint {
  const visual = new Uint32Array(samples * 2).map(() => (Math.random() * 2 ** 32) >>> 0);
  const audio = new Uint32Array(items).map(() => (Math.random() * 2 ** 32) >>> 0);
  return { interval: 0.5, visual, audio };
}

async function lookup(queries: VideoPrint[], originals: VideoPrint[]): Promise<void> {
  const dataDir = path.join(work, 'db');
  const store = openStore({ databaseUrl: null, dataDir });
  await migrate(store);
  const acct = await createAccount(store.db, { name: 'bench', credits: 0, rateLimitPerMinute: 60 });
  const N = 10_000;
  const t0 = performance.now();
  // The real originals among synthetic 30-second fingerprints (random content = short posting lists).
  for (let i = 0; i < N; i++) {
    const print = i < originals.length ? originals[i] : randomPrint(60, 240);
    await saveFingerprint(store.db, { jobId: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`, accountId: acct.id, durationSeconds: 30, print });
  }
  const storeMs = performance.now() - t0;
  const { n: keyRows } = await store.db.selectFrom('fingerprint_keys').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  await sql`pragma wal_checkpoint(truncate)`.execute(store.db);
  const mb = fs.statSync(sqlitePath(dataDir)).size / 2 ** 20;
  console.log(`\nlookup: stored ${N} fingerprints in ${(storeMs / 1000).toFixed(1)} s (${(storeMs / N).toFixed(2)} ms each, one transaction each as in production); ${(Number(keyRows) / N).toFixed(0)} key rows per fingerprint; SQLite file ${mb.toFixed(0)} MiB`);
  const times: number[] = [];
  let found = 0;
  for (const q of queries) {
    const s = performance.now();
    const rows = await candidateFingerprints(store.db, acct.id, q, null);
    if (rows.map((r) => compareFingerprints(q, rowToPrint(r))).some((c) => c.match)) found++;
    times.push(performance.now() - s);
  }
  times.sort((a, b) => a - b);
  const p = (q: number) => times[Math.min(times.length - 1, Math.floor(q * times.length))].toFixed(1);
  console.log(`lookup + alignment over ${N} stored: median ${p(0.5)} ms, p95 ${p(0.95)} ms, max ${p(1)} ms (target < 50 ms); ${found}/${queries.length} queries found their original`);
  await store.close();
}

const sections = new Set((process.env.SECTIONS ?? 'accuracy,clips,speed,lookup').split(','));
const { queries, originals } = sections.has('accuracy') || sections.has('lookup') ? await accuracy() : { queries: [], originals: [] };
if (sections.has('clips')) await shortClips(path.join(CACHE, 'natural'), fp);
if (sections.has('speed')) await speed();
if (sections.has('lookup')) await lookup(queries, originals);
fs.rmSync(work, { recursive: true, force: true });
