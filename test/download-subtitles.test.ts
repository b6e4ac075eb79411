// Subtitles end to end: subtitles_source manual | auto | any | whisper and subtitles_mode
// embed | files, against the FakeTube plugin's manual and automatic captions (real yt-dlp,
// ffmpeg and, for whisper, faster-whisper on espeak-ng speech).
import { execFileSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CAPTIONS } from './fixtures/faketube-platform.js';
import { ffprobe, startDownloadEnv, type DownloadEnv } from './helpers/downloads.js';

/** The text of a file's first subtitle stream, as WebVTT. */
const subtitleText = (file: string) => execFileSync('ffmpeg', ['-v', 'error', '-i', file, '-map', '0:s:0', '-f', 'webvtt', '-'], { encoding: 'utf8' });
const subtitleStreams = (file: string) => ffprobe(file).streams.filter((s) => s.codec_type === 'subtitle').map((s) => [s.codec_name, s.tags?.language]);

describe('subtitles', () => {
  let e: DownloadEnv;
  beforeAll(async () => {
    e = await startDownloadEnv();
  });
  afterAll(async () => e?.stop());

  it("embeds the uploader's track by default, as mov_text in mp4, WebVTT in webm and SRT in mkv", async () => {
    for (const [format, codec] of [['mp4', 'mov_text'], ['webm', 'webvtt'], ['mkv', 'subrip']]) {
      const job = await e.download({ url: e.ft.videoUrl('chapters'), format, subtitles: ['en'] });
      expect(job.status, JSON.stringify(job.error)).toBe('completed');
      const file = e.file(job, job.result.filename);
      expect(subtitleStreams(file), format).toEqual([[codec, 'eng']]);
      expect(subtitleText(file)).toContain(CAPTIONS.manual);
      expect(job.result.subtitles).toEqual([{ language: 'en', source: 'platform', embedded: true }]);
    }
  });

  it('auto takes the automatic captions; any falls back to them; manual finds none on an auto-only video', async () => {
    const auto = await e.download({ url: e.ft.videoUrl('chapters'), subtitles: ['en'], subtitles_source: 'auto' });
    expect(subtitleText(e.file(auto, auto.result.filename))).toContain(CAPTIONS.auto);
    const anyManual = await e.download({ url: e.ft.videoUrl('chapters'), subtitles: ['en'], subtitles_source: 'any' });
    expect(subtitleText(e.file(anyManual, anyManual.result.filename))).toContain(CAPTIONS.manual);
    const anyAuto = await e.download({ url: e.ft.videoUrl('plain'), subtitles: ['en'], subtitles_source: 'any' });
    expect(subtitleText(e.file(anyAuto, anyAuto.result.filename))).toContain(CAPTIONS.auto);
    const none = await e.download({ url: e.ft.videoUrl('plain'), subtitles: ['en'] });
    expect(none.status).toBe('completed');
    expect(subtitleStreams(e.file(none, none.result.filename))).toEqual([]);
    expect(none.result.subtitles).toEqual([]);
  });

  it('writes .vtt side files in files[] with subtitles_mode files, cut with a trim', async () => {
    const job = await e.download({ url: e.ft.videoUrl('chapters'), subtitles: ['en', 'de'], subtitles_source: 'auto', subtitles_mode: 'files', start: 1 });
    expect(job.status, JSON.stringify(job.error)).toBe('completed');
    expect(job.result.filename).toBe('A video with chapters.mp4');
    expect(subtitleStreams(e.file(job, job.result.filename))).toEqual([]);
    const vtts = job.result.files.filter((f: { kind: string }) => f.kind === 'subtitles');
    expect(vtts.map((f: { filename: string; language: string }) => [f.filename, f.language])).toEqual([
      ['A video with chapters.en.vtt', 'en'],
      ['A video with chapters.de.vtt', 'de'],
    ]);
    const de = await e.fetch(vtts[1].download_url);
    expect([de.status, de.type]).toEqual([200, 'text/vtt']);
    const text = de.body.toString('utf8');
    expect(text).toMatch(/^WEBVTT/);
    expect(text).toContain(CAPTIONS.de);
    // The fixture's first cue starts at 0.5 s; cut from 1 s it starts at 0.
    expect(text).toMatch(/00:00(:00)?\.000 --> 00:00(:01)?\.000/);
  });

  it('whisper transcribes the audio (charged as a transcription) and writes the spoken language', async () => {
    const acct = await e.svc.account(10);
    const job = await e.download({ url: e.ft.videoUrl('talk'), format: 'mp3', subtitles_source: 'whisper', subtitles_mode: 'files' }, acct.auth);
    expect(job.status, JSON.stringify(job.error)).toBe('completed');
    expect(job.credits_charged).toBe(4);
    expect(job.result.subtitles).toEqual([{ language: 'en', source: 'whisper', embedded: false }]);
    const vtt = job.result.files.find((f: { kind: string }) => f.kind === 'subtitles');
    expect(vtt.filename).toBe('Someone talking.en.vtt');
    expect((await e.fetch(vtt.download_url)).body.toString('utf8').toLowerCase().replace(/\s+/g, ' ')).toMatch(/quick .*fox.* lazy dog/);
  }, 120_000);

  it.each([
    [{ format: 'mp3', subtitles: ['en'] }, 400, 'bad_request'],
    [{ subtitles_source: 'auto' }, 422, 'subtitles_source'],
    [{ subtitles_mode: 'files' }, 422, 'subtitles_mode'],
    [{ subtitles_source: 'whisper', subtitles: ['en', 'de'] }, 422, 'subtitles'],
    [{ subtitles_source: 'whisper', subtitles: ['xx'] }, 422, 'subtitles'],
  ])('refuses %j (%i)', async (options, status, what) => {
    const res = await e.svc.app.inject({ method: 'POST', url: '/v1/download', headers: e.auth, payload: { url: e.ft.videoUrl('chapters'), ...options } });
    expect(res.statusCode, res.body).toBe(status);
    if (status === 400) expect(res.json().code).toBe(what);
    else expect(res.json().detail.map((d: { loc: string[] }) => d.loc[1])).toContain(what);
  });
});
