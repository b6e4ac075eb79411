// Fingerprints: imagehash compatibility, robustness to each re-upload transform, distractor
// rejection, and the API (matches, compare offsets, error codes, cross-account isolation).
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { localMedia } from '../src/media/ffmpeg/input.js';
import { createFfmpeg } from '../src/media/ffmpeg/runner.js';
import { fingerprintFile, parsePpm } from '../src/media/fingerprint/extract.js';
import { createFpcalc, fpcalcArgs, parseFpcalc, PCM } from '../src/media/fingerprint/fpcalc.js';
import { plainScope } from '../src/media/process/scope.js';
import { frameHashes, rgbToGrey } from '../src/media/fingerprint/imagehash.js';
import { compareFingerprints, type VideoPrint } from '../src/media/fingerprint/match.js';
import { candidateFingerprints, decodeAudio, decodeVisual, encodeAudio, encodeVisual, indexKeys, saveFingerprint } from '../src/store/fingerprints.js';
import { SOURCES, TRANSFORMS, makeSource, makeTransformed } from './fixtures/fingerprint-media.js';
import { REPO, STORES, startTestService, waitForJob, type TestService } from './helpers/service.js';

const CACHE = path.join(REPO, '.cache', 'fingerprint-test');
const SECONDS = 8;
const SIZE = { seconds: SECONDS, width: 256, height: 144 };

/** The same image formula as test/fixtures/imagehash-reference.py. */
function syntheticRgb(w: number, h: number, seed: number): Uint8Array {
  const out = new Uint8Array(w * h * 3);
  for (let y = 0; y < h; y++)
    for (let x = 0; x < w; x++) {
      const i = (y * w + x) * 3;
      out[i] = Math.trunc(127.5 + 127.5 * Math.sin(x * (seed + 1) * 0.037 + y * 0.011 * seed)) & 255;
      out[i + 1] = (x * 3 + y * 5 + seed * 17) % 256;
      out[i + 2] = 255 * ((Math.floor(x / (4 + seed)) + Math.floor(y / (3 + seed))) % 2);
    }
  return out;
}

describe('frame hashes match Python imagehash', () => {
  // Computed by imagehash 4.3.2 / Pillow 13 (test/fixtures/imagehash-reference.py).
  const ref = JSON.parse(fs.readFileSync(path.join(REPO, 'test/fixtures/imagehash-reference.json'), 'utf8')) as Record<string, string | number>[];
  it.each(ref.map((c) => [`${c.width}x${c.height} seed ${c.seed} hash_size ${c.hash_size}`, c]))('%s', (_name, c) => {
    const w = c.width as number, h = c.height as number;
    const got = frameHashes(rgbToGrey(syntheticRgb(w, h, c.seed as number), w, h), c.hash_size as number);
    expect(got).toEqual({ average_hash: c.average_hash, perceptual_hash: c.perceptual_hash, difference_hash: c.difference_hash });
  });

  it('hex has hash_size^2 / 4 digits', () => {
    const g = rgbToGrey(syntheticRgb(64, 48, 1), 64, 48);
    expect(frameHashes(g, 8).perceptual_hash).toMatch(/^[0-9a-f]{16}$/);
    expect(frameHashes(g, 32).average_hash).toMatch(/^[0-9a-f]{256}$/);
  });

  it('parses binary PPM', () => {
    const ppm = Buffer.concat([Buffer.from('P6\n2 1\n255\n'), Buffer.from([1, 2, 3, 4, 5, 6])]);
    expect(parsePpm(ppm)).toMatchObject({ width: 2, height: 1 });
    expect(parsePpm(Buffer.from('P5\n2 1\n255\n'))).toBeNull();
  });
});

describe('fpcalc edge', () => {
  it('reads raw PCM in a format it is told (never probing a source), the whole input, raw JSON out', () => {
    expect(fpcalcArgs('/w/audio.pcm', 12.2)).toEqual(['-format', 's16le', '-rate', '11025', '-channels', '1', '-raw', '-json', '-length', '13', '/w/audio.pcm']);
    expect(parseFpcalc('{"duration": 5.00, "fingerprint": [1, 4294967295]}')?.items).toEqual(new Uint32Array([1, 4294967295]));
    expect(parseFpcalc('garbage')).toBeNull();
    expect(parseFpcalc('{"duration": 1, "fingerprint": []}')).toBeNull();
  });

  it('takes a parsable fingerprint as success whatever the exit code (fpcalc exits 3 at many ends)', async () => {
    const src = await makeSource(CACHE, SOURCES[0], SIZE);
    const pcm = path.join(env.workDir, 'fpcalc-edge.pcm');
    fs.mkdirSync(env.workDir, { recursive: true });
    execFileSync('ffmpeg', ['-v', 'error', '-y', '-i', src, '-vn', '-ac', String(PCM.channels), '-ar', String(PCM.rate), '-f', PCM.format, pcm]);
    const r = await createFpcalc('fpcalc').run(pcm, plainScope({ timeoutMs: 60_000 }), { maxSeconds: 120 });
    expect(r !== null && !('code' in r) && r.items.length > 20).toBe(true);
  });

  it('round-trips the compact encodings', () => {
    const v = new Uint32Array([0xdeadbeef, 1, 0, 0xffffffff]);
    expect(decodeVisual(encodeVisual(v))).toEqual(v);
    expect(decodeAudio(encodeAudio(v))).toEqual(v);
  });
});

const env = { workDir: path.join(CACHE, 'work') };
const engines = { ffmpeg: createFfmpeg({ ffmpeg: 'ffmpeg', ffprobe: 'ffprobe' }), fpcalc: createFpcalc('fpcalc') };
async function print(file: string): Promise<VideoPrint> {
  fs.mkdirSync(env.workDir, { recursive: true });
  const r = await fingerprintFile(engines, localMedia(file), { durationSeconds: SECONDS, hasAudio: true }, { workDir: env.workDir, scope: plainScope({ timeoutMs: 120_000 }) });
  if ('code' in r) throw new Error(r.detail);
  return r;
}

describe('whole-video fingerprint robustness', () => {
  const originals: { name: string; fp: VideoPrint; file: string }[] = [];
  beforeAll(async () => {
    // Two queried sources and two unrelated distractors.
    for (const s of [SOURCES[0], SOURCES[2], SOURCES[5], SOURCES[6]]) {
      const file = await makeSource(CACHE, s, SIZE);
      originals.push({ name: s.name, fp: await print(file), file });
    }
  }, 240_000);

  it.each(TRANSFORMS.map((t) => [t.name, t]))('recognises %s and matches nothing else', async (_n, t) => {
    for (const o of originals.slice(0, 2)) {
      const q = await print(await makeTransformed(CACHE, o.file, t, SECONDS));
      for (const other of originals) {
        const c = compareFingerprints(q, other.fp);
        expect(c.match, `${t.name} of ${o.name} vs ${other.name}: ${JSON.stringify(c)}`).toBe(other === o);
      }
    }
  }, 120_000);

  it('finds the offset of a trimmed clip and the speed of a sped-up copy', async () => {
    const o = originals[0];
    const trim = compareFingerprints(await print(await makeTransformed(CACHE, o.file, TRANSFORMS.find((t) => t.name === 'trim')!, SECONDS)), o.fp);
    expect(trim.offset).toBeCloseTo(SECONDS * 0.25, 0);
    expect(trim.segments.length).toBeGreaterThan(0);
    expect(trim.segments[0].start_b - trim.segments[0].start_a).toBeCloseTo(SECONDS * 0.25, 0);
    const fast = compareFingerprints(await print(await makeTransformed(CACHE, o.file, TRANSFORMS.find((t) => t.name === 'speed_up_10pct')!, SECONDS)), o.fp);
    expect(fast.speed).toBeGreaterThanOrEqual(1.05);
  }, 60_000);
});

describe('fingerprint API', () => {
  let svc: TestService;
  let server: http.Server;
  let base: string;
  beforeAll(async () => {
    const dir = path.join(CACHE, 'served');
    const original = await makeSource(dir, SOURCES[1], SIZE);
    const trimmed = await makeTransformed(dir, original, TRANSFORMS.find((t) => t.name === 'trim')!, SECONDS);
    const other = await makeSource(dir, SOURCES[7], SIZE);
    const files: Record<string, string> = { '/original.mp4': original, '/clip.mp4': trimmed, '/other.mp4': other };
    server = http.createServer((req, res) => {
      const f = files[req.url ?? ''];
      if (!f) return void res.writeHead(404).end();
      res.writeHead(200, { 'content-type': 'video/mp4', 'content-length': fs.statSync(f).size });
      fs.createReadStream(f).pipe(res);
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    svc = await startTestService('sqlite', { VC_JOB_CONCURRENCY: '1' });
  }, 120_000);
  afterAll(async () => {
    await svc?.stop();
    server?.close();
  });

  async function fingerprint(auth: { authorization: string }, file: string, extra: Record<string, unknown> = {}) {
    const res = await svc.app.inject({ method: 'POST', url: '/v1/fingerprint', headers: auth, payload: { url: `${base}${file}`, ...extra } });
    expect(res.statusCode, res.body).toBe(202);
    expect(res.json().credits_charged).toBe(1);
    const job = await waitForJob(svc, auth, res.json().job_id, 90_000);
    expect(job.status, JSON.stringify(job.error)).toBe('completed');
    return job;
  }

  it('hashes, stores, matches within the account only, and compares', async () => {
    const a = await svc.account(10);
    const b = await svc.account(10);
    const first = await fingerprint(a.auth, '/original.mp4', { hash_size: 8, timestamp: '00:02' });
    expect(first.result).toMatchObject({ hash_size: 8, timestamp: 2, matches: [] });
    expect(first.result.perceptual_hash).toMatch(/^[0-9a-f]{16}$/);
    expect(first.result.fingerprint.visual.length).toBeGreaterThan(10);
    expect(first.result.fingerprint.audio).toEqual(expect.any(String));

    const clip = await fingerprint(a.auth, '/clip.mp4');
    expect(clip.result.hash_size).toBe(16);
    expect(clip.result.timestamp).toBeCloseTo(SECONDS * 0.5 * 0.25, 1);
    expect(clip.result.matches.map((m: { job_id: string }) => m.job_id)).toEqual([first.job_id]);
    expect(clip.result.matches[0].offset).toBeCloseTo(SECONDS * 0.25, 0);

    const other = await fingerprint(a.auth, '/other.mp4');
    expect(other.result.matches).toEqual([]);

    // Account B fingerprints the same clip: A's fingerprints are invisible to it.
    const foreign = await fingerprint(b.auth, '/clip.mp4');
    expect(foreign.result.matches).toEqual([]);

    const cmp = await svc.app.inject({ method: 'POST', url: '/v1/fingerprint/compare', headers: a.auth, payload: { job_ids: [clip.job_id, first.job_id] } });
    expect(cmp.statusCode, cmp.body).toBe(200);
    const c = cmp.json();
    expect(c.match).toBe(true);
    expect(c.similarity).toBeGreaterThan(0.8);
    expect(c.segments[0].start_b - c.segments[0].start_a).toBeCloseTo(SECONDS * 0.25, 0);
    expect(c.segments[0].end_a).toBeGreaterThan(c.segments[0].start_a);

    const unrelated = await svc.app.inject({ method: 'POST', url: '/v1/fingerprint/compare', headers: a.auth, payload: { job_ids: [other.job_id, first.job_id] } });
    expect(unrelated.json()).toMatchObject({ match: false, segments: [] });

    // Foreign and missing ids: 404, like everywhere else.
    const cross = await svc.app.inject({ method: 'POST', url: '/v1/fingerprint/compare', headers: b.auth, payload: { job_ids: [foreign.job_id, first.job_id] } });
    expect(cross.statusCode).toBe(404);
    const missing = await svc.app.inject({ method: 'POST', url: '/v1/fingerprint/compare', headers: a.auth, payload: { job_ids: [first.job_id, '00000000-0000-4000-8000-000000000000'] } });
    expect(missing.statusCode).toBe(404);
  }, 300_000);

  it('answers 409 for a job that is not a completed fingerprint job, 422 for bad bodies', async () => {
    const a = await svc.account(10);
    const dl = await svc.app.inject({ method: 'POST', url: '/v1/download', headers: a.auth, payload: { url: `${base}/nothing.mp4` } });
    const done = await waitForJob(svc, a.auth, dl.json().job_id, 60_000);
    const fp = await fingerprint(a.auth, '/other.mp4');
    const res = await svc.app.inject({ method: 'POST', url: '/v1/fingerprint/compare', headers: a.auth, payload: { job_ids: [fp.job_id, done.job_id] } });
    expect(res.statusCode).toBe(409);
    expect(res.json().code).toBe('conflict');
    for (const payload of [{ job_ids: [fp.job_id] }, { job_ids: [fp.job_id, fp.job_id], extra: 1 }]) {
      const bad = await svc.app.inject({ method: 'POST', url: '/v1/fingerprint/compare', headers: a.auth, payload });
      expect(bad.statusCode).toBe(422);
    }
    const badSize = await svc.app.inject({ method: 'POST', url: '/v1/fingerprint', headers: a.auth, payload: { url: `${base}/other.mp4`, hash_size: 12 } });
    expect(badSize.statusCode).toBe(422);
  }, 120_000);
});

describe.each(STORES)('fingerprint index on %s', (kind) => {
  let svc: TestService;
  beforeAll(async () => {
    svc = await startTestService(kind, {}, { startQueue: false });
  }, 60_000);
  afterAll(async () => {
    await svc?.stop();
  });

  /** A 30-second print from a fixed seed (xorshift), and a copy of it with 2 bits flipped per visual hash. */
  function seeded(seed: number, seconds = 30): VideoPrint {
    let x = seed;
    const next = (): number => ((x ^= x << 13), (x ^= x >>> 17), (x ^= x << 5), x >>> 0);
    return { interval: 0.5, visual: new Uint32Array(seconds * 4).map(next), audio: new Uint32Array(seconds * 8).map(next) };
  }
  const noisy = (p: VideoPrint): VideoPrint => ({ ...p, visual: p.visual.map((v, i) => (i % 2 ? v ^ (1 << (i % 32)) ^ 1 : v)) });
  const ids = (rows: { job_id: string }[]) => rows.map((r) => r.job_id);

  it('finds a copy among the account fingerprints only, stores each job once, excludes the job itself', async () => {
    const [a, b, empty] = [await svc.account(0), await svc.account(0), await svc.account(0)];
    const orig = seeded(1), unrelated = seeded(2);
    const job = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
    const db = svc.store.db;
    await saveFingerprint(db, { jobId: job(1), accountId: a.id, durationSeconds: 30, print: orig });
    await saveFingerprint(db, { jobId: job(1), accountId: a.id, durationSeconds: 30, print: orig }); // retried job: no-op
    await saveFingerprint(db, { jobId: job(2), accountId: a.id, durationSeconds: 30, print: unrelated });
    await saveFingerprint(db, { jobId: job(3), accountId: b.id, durationSeconds: 30, print: orig });

    const keys = indexKeys(orig);
    expect(keys.length).toBeGreaterThan(100); // sampled: about half of the ~480 distinct keys
    expect(keys.length).toBeLessThan(360);
    const rows = await db.selectFrom('fingerprint_keys').innerJoin('fingerprints', 'fingerprints.id', 'fingerprint_keys.fp_id').select('fingerprints.job_id').execute();
    expect(rows.filter((r) => r.job_id === job(1))).toHaveLength(keys.length);

    expect(ids(await candidateFingerprints(db, a.id, noisy(orig), null))).toEqual([job(1)]);
    expect(ids(await candidateFingerprints(db, b.id, noisy(orig), null))).toEqual([job(3)]);
    expect(await candidateFingerprints(db, a.id, orig, job(1))).toEqual([]);
    expect(await candidateFingerprints(db, empty.id, orig, null)).toEqual([]);
  });

  it('looks up a print with more keys than one query takes (a two-hour video) in chunks', async () => {
    const c = await svc.account(0);
    const long = seeded(3, 7200);
    expect(indexKeys(long).length).toBeGreaterThan(30_000);
    await saveFingerprint(svc.store.db, { jobId: '00000000-0000-4000-8000-000000000010', accountId: c.id, durationSeconds: 7200, print: long });
    await saveFingerprint(svc.store.db, { jobId: '00000000-0000-4000-8000-000000000011', accountId: c.id, durationSeconds: 30, print: seeded(4) });
    // A two-hour random print covers most 16-bit values, so the short one shares keys by chance: ranked below.
    expect(ids(await candidateFingerprints(svc.store.db, c.id, long, null))[0]).toBe('00000000-0000-4000-8000-000000000010');
  }, 60_000);
});
