// The real worker (tiny.en from its PyPI package) on a clip espeak-ng makes at test time.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isProcessAlive } from '../process/run.js';
import { WhisperPool } from './pool.js';
import type { WhisperRequest } from './protocol.js';

const PYTHON = path.resolve('.venv/bin/python');

describe('WhisperPool', () => {
  let dir: string;
  let req: WhisperRequest;
  let pool: WhisperPool;
  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vc-whisper-'));
    const raw = path.join(dir, 'raw.wav');
    execFileSync('espeak-ng', ['-v', 'en-us', '-w', raw, 'Hello there. This is a short test.']);
    execFileSync('ffmpeg', ['-loglevel', 'error', '-i', raw, '-ar', '16000', '-ac', '1', path.join(dir, 'a.wav')]);
    req = { audio: path.join(dir, 'a.wav'), modelSize: 'tiny.en', language: null, task: 'transcribe', wordTimestamps: true, vadFilter: true, beamSize: 1 };
    pool = new WhisperPool({ python: PYTHON, workers: 1, device: 'cpu', computeType: 'int8', cpuThreads: 2, modelsDir: path.join(dir, 'models') });
  });
  afterAll(async () => {
    await pool.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('lists installed sizes and why the others are missing', async () => {
    const m = await pool.models();
    expect(Object.keys(m.installed)).toEqual(expect.arrayContaining(['tiny.en', 'base']));
    expect(m.installed['tiny.en'].multilingual).toBe(false);
    expect(m.missing.tiny).toMatch(/tiny/);
  });

  it('queues requests beyond the worker count and reuses the warm worker', async () => {
    const pids: number[] = [];
    const progress: number[] = [];
    const run = () => pool.transcribe(req, { timeoutMs: 120_000, onSpawn: (p) => pids.push(p), onProgress: (pos) => progress.push(pos) });
    const [a, b] = await Promise.all([run(), run()]);
    expect(a.ok && b.ok).toBe(true);
    if (!a.ok) return;
    expect(a.transcript.language).toBe('en');
    expect(a.transcript.segments.map((s) => s.text).join(' ').toLowerCase()).toContain('test');
    expect(a.transcript.segments[0].words.length).toBeGreaterThan(2);
    expect(new Set(pids).size).toBe(1); // one worker served both
    expect(pool.size).toBe(1);
    expect(progress.length).toBeGreaterThan(0);
    // Both decodes were timed by the worker: the size's real-time factor on this host.
    expect(pool.speed.get('tiny.en')).toMatchObject({ samples: 2, realtime_factor: expect.any(Number) });
    expect(pool.speed.get('tiny.en').realtime_factor).toBeGreaterThan(0);
    expect(await pool.device()).toMatchObject({ device: 'cpu', computeType: 'int8' });
  });

  it('reports a broken file as media_error and keeps the worker', async () => {
    const bad = path.join(dir, 'bad.wav');
    fs.writeFileSync(bad, 'not audio');
    const r = await pool.transcribe({ ...req, audio: bad }, { timeoutMs: 60_000 });
    expect(r).toMatchObject({ ok: false, failure: { code: 'media_error' } });
    expect(pool.size).toBe(1);
  });

  it('a worker killed from outside fails its request as server_error; the next one starts afresh', async () => {
    let pid = 0;
    const running = pool.transcribe(req, { timeoutMs: 60_000, onSpawn: (p) => { pid = p; process.kill(p, 'SIGKILL'); } });
    expect(await running).toMatchObject({ ok: false, failure: { code: 'server_error' } });
    expect(isProcessAlive(pid)).toBe(false);
    const again = await pool.transcribe(req, { timeoutMs: 120_000 });
    expect(again.ok).toBe(true);
  });

  it('rejects (an installation fault, not a job failure) when the worker cannot start', async () => {
    const broken = new WhisperPool({ python: '/nonexistent/python', workers: 1, device: 'cpu', computeType: 'int8', cpuThreads: 1, modelsDir: '/nonexistent' });
    await expect(broken.transcribe(req, { timeoutMs: 10_000 })).rejects.toThrow(/Cannot run whisper worker|exited before it was ready/);
    expect(broken.size).toBe(0);
    expect((await broken.models()).installed).toEqual({});
    await broken.close();
  });

  it('a timeout or an abort kills the worker', async () => {
    let pid = 0;
    const t = await pool.transcribe(req, { timeoutMs: 1, onSpawn: (p) => (pid = p) });
    expect(t).toMatchObject({ ok: false, failure: { code: 'timeout' } });
    for (const until = Date.now() + 5000; isProcessAlive(pid) && Date.now() < until; ) await new Promise((r) => setTimeout(r, 20));
    expect(isProcessAlive(pid)).toBe(false);
    const ac = new AbortController();
    const r = pool.transcribe(req, { timeoutMs: 60_000, signal: ac.signal, onSpawn: () => ac.abort() });
    expect(await r).toMatchObject({ ok: false, failure: { code: 'cancelled' } });
  });
});
