import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig, type Config } from './config.js';
import { formatDoctor, parseFfmpegVersion, runDoctor, ytdlpAgeDays, type DoctorResult } from './doctor.js';

let tmp: string;
let base: Config;

beforeAll(async () => {
  tmp = await mkdtemp(path.join(os.tmpdir(), 'vc-doctor-'));
  // Defaults otherwise: ffmpeg/ffprobe on PATH, the repository's .venv (vitest runs in the root).
  base = { ...loadConfig({ VC_DATA_DIR: path.join(tmp, 'data') }), venvDir: path.resolve('.venv') };
});
afterAll(async () => {
  await rm(tmp, { recursive: true, force: true });
});

const check = (result: DoctorResult, name: string) => {
  const found = result.checks.find((c) => c.name === name);
  if (!found) throw new Error(`no check named ${name}`);
  return found;
};

describe('runDoctor on this machine (after make setup)', () => {
  it('names VC_UPSTREAM_PROXY without its password, and warns when it does not answer', async () => {
    const config = loadConfig({ VC_DATA_DIR: base.dataDir, VC_VENV_DIR: base.venvDir, VC_UPSTREAM_PROXY: 'socks5://op:s3cret@127.0.0.1:9' });
    const up = check(await runDoctor(config), 'upstream proxy');
    expect(up.detail).toMatch(/^warning: socks5:\/\/op:\*\*\*@127\.0\.0\.1:9 does not answer/);
    expect(up.detail).not.toContain('s3cret');
  });

  it('passes ffmpeg, ffprobe, python, yt-dlp, espeak-ng and the data dir', async () => {
    const result = await runDoctor(base);
    expect(result.checks.map((c) => c.name)).toEqual(['ffmpeg', 'ffprobe', 'python', 'yt-dlp', 'espeak-ng', 'fpcalc', 'whisper models', 'whisper device', 'apertium', 'bergamot', 'data dir', 'storage', 'upstream proxy', 'workers']);
    expect(check(result, 'storage')).toMatchObject({ ok: true, path: `folder ${path.join(tmp, 'data', 'files')}`, detail: expect.stringContaining('will be created') });
    expect(check(result, 'workers')).toMatchObject({ ok: true, detail: expect.stringContaining('no database yet') });
    expect(check(result, 'upstream proxy').detail).toMatch(/^not set/);
    expect(check(result, 'yt-dlp').detail).toMatch(/make setup.*daily/);
    expect(check(result, 'whisper models')).toMatchObject({ ok: true, version: expect.stringContaining('base') });
    expect(check(result, 'whisper models').detail).toMatch(/base \(package\)/);
    expect(check(result, 'whisper device')).toMatchObject({ ok: true, version: 'cpu int8', detail: expect.stringMatching(/auto: no CUDA device/) });
    expect(check(result, 'apertium').detail).toMatch(/^modes: .*eng-spa.*/);
    expect(check(result, 'bergamot').detail).toMatch(/en-pt/);
    expect(check(result, 'fpcalc')).toMatchObject({ ok: true, detail: 'audio fingerprints (Chromaprint)' });
    for (const name of ['ffmpeg', 'ffprobe']) {
      const c = check(result, name);
      expect(c, c.detail).toMatchObject({ ok: true });
      expect(path.isAbsolute(c.path ?? '')).toBe(true);
      expect(Number(parseFfmpegVersion(`${name} version ${c.version}`)?.major ?? 99)).toBeGreaterThanOrEqual(5);
    }
    expect(check(result, 'python')).toMatchObject({ ok: true, version: expect.stringMatching(/^3\.\d+/) });
    expect(check(result, 'yt-dlp')).toMatchObject({ ok: true, version: expect.stringMatching(/^\d{4}\.\d{2}\.\d{2}/) });
    expect(check(result, 'espeak-ng').ok).toBe(true);
    expect(check(result, 'data dir')).toMatchObject({ ok: true, detail: expect.stringContaining('will be created') });
    expect(result.ok).toBe(true);
  });
});

describe('runDoctor failures', () => {
  it('fails ffmpeg with a clear detail when VC_FFMPEG_PATH points nowhere', async () => {
    const result = await runDoctor({ ...base, ffmpegPath: '/nonexistent/ffmpeg' });
    expect(result.ok).toBe(false);
    expect(check(result, 'ffmpeg')).toEqual({
      name: 'ffmpeg',
      ok: false,
      version: null,
      path: null,
      detail: '/nonexistent/ffmpeg does not exist or is not executable; install ffmpeg (make setup) or set VC_FFMPEG_PATH',
    });
    expect(check(result, 'ffprobe').ok).toBe(true);
  });

  it('says when a bare program name is not on PATH', async () => {
    const result = await runDoctor({ ...base, ffprobePath: 'vc-no-such-ffprobe' });
    expect(check(result, 'ffprobe').detail).toMatch(/^"vc-no-such-ffprobe" not found on PATH; .*VC_FFPROBE_PATH$/);
  });

  it('fails a program that exits non-zero, with its exit code', async () => {
    const result = await runDoctor({ ...base, ffmpegPath: '/bin/false' });
    expect(check(result, 'ffmpeg')).toMatchObject({ ok: false, path: '/bin/false', detail: expect.stringContaining('failed (exit 1)') });
  });

  it('fails python and yt-dlp when the venv is missing, and tells how to fix it', async () => {
    const result = await runDoctor({ ...base, venvDir: path.join(tmp, 'no-venv') });
    expect(check(result, 'python')).toMatchObject({ ok: false, detail: expect.stringContaining('make setup') });
    expect(check(result, 'yt-dlp')).toMatchObject({ ok: false, detail: expect.stringContaining('bin/yt-dlp is missing') });
  });

  it('treats a missing espeak-ng as optional', async () => {
    const result = await runDoctor({ ...base, ffmpegPath: '/usr/bin/ffmpeg' }, { env: { ...process.env, PATH: tmp } });
    expect(check(result, 'espeak-ng')).toEqual({
      name: 'espeak-ng',
      ok: true,
      version: null,
      path: null,
      detail: 'optional, used by tests (not installed)',
    });
  });

  it('fails a data dir that cannot be created', async () => {
    const file = path.join(tmp, 'a-file');
    await writeFile(file, 'x');
    const result = await runDoctor({ ...base, dataDir: path.join(file, 'data') });
    expect(check(result, 'data dir')).toMatchObject({ ok: false, detail: `${file} exists and is not a directory` });
  });

  it('warns, without failing, when yt-dlp is older than 120 days', async () => {
    const result = await runDoctor(base, { now: new Date(Date.now() + 400 * 86_400_000) });
    const c = check(result, 'yt-dlp');
    expect(c.ok).toBe(true);
    expect(c.detail).toMatch(/^warning: \d+ days old \(> 120\).*pip install -U yt-dlp/);
    expect(formatDoctor(result)).toMatch(/^yt-dlp +warn /m);
  });
});

describe('version parsing', () => {
  it('reads ffmpeg release, n-tagged and snapshot versions', () => {
    expect(parseFfmpegVersion('ffmpeg version 5.1.9-0+deb12u1 Copyright (c) 2000-2026')).toEqual({ version: '5.1.9-0+deb12u1', major: 5 });
    expect(parseFfmpegVersion('ffprobe version n6.1.1 Copyright')).toEqual({ version: 'n6.1.1', major: 6 });
    expect(parseFfmpegVersion('ffmpeg version 4.4.2-0ubuntu0.22.04.1')?.major).toBe(4);
    expect(parseFfmpegVersion('ffmpeg version N-113500-g1234abcd Copyright')).toEqual({ version: 'N-113500-g1234abcd', major: null });
    expect(parseFfmpegVersion('garbage')).toBeNull();
  });

  it('dates yt-dlp releases, nightlies included', () => {
    const now = new Date('2026-11-29T12:00:00Z');
    expect(ytdlpAgeDays('2026.10.26', now)).toBe(34);
    expect(ytdlpAgeDays('2026.07.01.232140\n', now)).toBe(151);
    expect(ytdlpAgeDays('unknown', now)).toBeNull();
  });
});

describe('formatDoctor', () => {
  it('aligns columns and ends with the verdict', () => {
    const text = formatDoctor({
      ok: false,
      checks: [
        { name: 'ffmpeg', ok: false, version: null, path: null, detail: 'not found' },
        { name: 'espeak-ng', ok: true, version: '1.51', path: '/usr/bin/espeak-ng', detail: 'optional' },
      ],
    });
    const lines = text.split('\n');
    expect(lines).toEqual([
      'CHECK      STATUS  VERSION  PATH                DETAIL',
      'ffmpeg     FAIL    -        -                   not found',
      'espeak-ng  ok      1.51     /usr/bin/espeak-ng  optional',
      '',
      '1 required check failed.',
    ]);
  });
});
