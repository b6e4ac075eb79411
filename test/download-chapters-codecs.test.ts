// Chapters (embed_chapters, split_chapters) and codecs (video_codec, audio_codec,
// audio_bitrate) end to end: real yt-dlp reading the FakeTube plugin's chapters, real ffmpeg.
import { execFileSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHAPTERS } from './fixtures/faketube-platform.js';
import { ensureFixtureMedia } from './fixtures/media.js';
import { ffprobe, startDownloadEnv, videoPacketsMd5, zipListing, type DownloadEnv } from './helpers/downloads.js';

const titles = (file: string) => ffprobe(file).chapters.map((c) => c.tags?.title ?? null);
const starts = (file: string) => ffprobe(file).chapters.map((c) => Math.round(Number(c.start_time) * 100) / 100);
/** Sizes of the first video stream's packets: a stream copy keeps every one byte for byte. */
const packetSizes = (file: string): number[] =>
  execFileSync('ffprobe', ['-v', 'error', '-select_streams', 'v:0', '-show_entries', 'packet=size', '-of', 'csv=p=0', file], { encoding: 'utf8' }).trim().split('\n').map(Number);

describe('chapters', () => {
  let e: DownloadEnv;
  beforeAll(async () => {
    e = await startDownloadEnv();
  });
  afterAll(async () => e?.stop());

  it("embeds the platform's chapters by default, and not with embed_chapters false", async () => {
    const job = await e.download({ url: e.ft.videoUrl('chapters') });
    expect(job.status, JSON.stringify(job.error)).toBe('completed');
    const file = e.file(job, job.result.filename);
    expect(titles(file)).toEqual(CHAPTERS.map((c) => c.title));
    expect(job.result.chapters).toEqual(CHAPTERS.map((c) => ({ start_time: c.start_time, end_time: c.end_time, title: c.title })));
    const off = await e.download({ url: e.ft.videoUrl('chapters'), embed_chapters: false });
    expect(ffprobe(e.file(off, off.result.filename)).chapters).toEqual([]);
    expect(off.result.chapters).toEqual([]);
  });

  it('keeps chapters within a trim, shifted to its start, and in webm and m4a', async () => {
    const cut = await e.download({ url: e.ft.videoUrl('chapters'), start: 1, end: 5 });
    expect(cut.status, JSON.stringify(cut.error)).toBe('completed');
    expect(starts(e.file(cut, cut.result.filename))).toEqual([0, 1, 3]);
    for (const format of ['webm', 'm4a']) {
      const job = await e.download({ url: e.ft.videoUrl('chapters'), format });
      expect(job.status, `${format}: ${JSON.stringify(job.error)}`).toBe('completed');
      expect(titles(e.file(job, job.result.filename)), format).toEqual(CHAPTERS.map((c) => c.title));
    }
  });

  it('splits on keyframes by stream copy into "NN - title.ext" files, sanitised, zipped as the download', async () => {
    const job = await e.download({ url: e.ft.videoUrl('chapters'), split_chapters: true });
    expect(job.status, JSON.stringify(job.error)).toBe('completed');
    const names = ['01 - Intro.mp4', '02 - Main _ part_ _two_.mp4', '03 - Outro.mp4'];
    expect(job.result.files.map((f: { filename: string }) => f.filename)).toEqual(names);
    expect(job.result.files.map((f: { kind: string; title: string }) => [f.kind, f.title])).toEqual(CHAPTERS.map((c) => ['chapter', c.title]));
    for (const f of job.result.files) expect(f.duration).toBeCloseTo(2, 0);
    // Copied: the parts' video packets are the source's, byte for byte, in order.
    const source = (await ensureFixtureMedia()).mp4.path;
    expect(names.flatMap((n) => packetSizes(e.file(job, n)))).toEqual(packetSizes(source));
    // The job's download is a ZIP of the parts; each part has its own link.
    expect(job.result).toMatchObject({ filename: 'A video with chapters.zip', mime_type: 'application/zip', format: 'zip' });
    const zip = await e.fetch(job.download_url);
    expect([zip.status, zip.type]).toEqual([200, 'application/zip']);
    expect(zipListing(e.file(job, job.result.filename)).map((z) => z.name)).toEqual(names);
    const part = await e.fetch(job.result.files[1].download_url);
    expect([part.status, part.type, part.body.length]).toEqual([200, 'video/mp4', job.result.files[1].size_bytes]);
  });

  it('re-encodes once when a chapter starts between keyframes, so every part starts on its chapter', async () => {
    const job = await e.download({ url: e.ft.videoUrl('offbeat'), split_chapters: true });
    expect(job.status, JSON.stringify(job.error)).toBe('completed');
    const durations = job.result.files.map((f: { duration: number }) => f.duration);
    expect(durations[0]).toBeCloseTo(2.5, 0);
    expect(durations[1]).toBeCloseTo(2, 1);
    expect(durations[2]).toBeCloseTo(1.5, 0);
    const first = e.file(job, job.result.files[0].filename);
    expect(packetSizes(first).slice(0, 5)).not.toEqual(packetSizes((await ensureFixtureMedia()).mp4.path).slice(0, 5));
  });

  it('keeps one whole file when the source has no chapters to split at', async () => {
    const job = await e.download({ url: e.ft.videoUrl('plain'), split_chapters: true });
    expect(job.status, JSON.stringify(job.error)).toBe('completed');
    expect(job.result).toMatchObject({ filename: 'A plain video.mp4', mime_type: 'video/mp4' });
  });
});

describe('codecs', () => {
  let e: DownloadEnv;
  beforeAll(async () => {
    e = await startDownloadEnv();
  });
  afterAll(async () => e?.stop());

  it('copies when the source already has the codec asked for', async () => {
    const job = await e.download({ url: e.ft.videoUrl('plain'), video_codec: 'h264', audio_codec: 'aac' });
    expect(job.status, JSON.stringify(job.error)).toBe('completed');
    expect(videoPacketsMd5(e.file(job, job.result.filename))).toBe(videoPacketsMd5((await ensureFixtureMedia()).mp4.path));
  });

  it.each([
    [{ format: 'mkv', video_codec: 'h265', audio_codec: 'opus', audio_bitrate: 64 }, 'hevc', 'opus'],
    [{ format: 'mp4', video_codec: 'vp9' }, 'vp9', 'aac'],
    [{ format: 'webm', video_codec: 'av1' }, 'av1', 'opus'],
    [{ format: 'mov', video_codec: 'h265', audio_codec: 'mp3' }, 'hevc', 'mp3'],
    [{ format: 'mp3', audio_bitrate: 96 }, null, 'mp3'],
  ])('encodes %j', async (options, vcodec, acodec) => {
    const job = await e.download({ url: e.ft.videoUrl('plain'), ...options });
    expect(job.status, JSON.stringify(job.error)).toBe('completed');
    expect([job.result.vcodec, job.result.acodec]).toEqual([vcodec, acodec]);
    const probed = ffprobe(e.file(job, job.result.filename));
    const audio = probed.streams.find((s) => s.codec_type === 'audio');
    if ('audio_bitrate' in options && audio?.bit_rate) expect(Number(audio.bit_rate)).toBeLessThan(options.audio_bitrate * 1000 * 1.25);
    if (vcodec === 'hevc' && options.format === 'mov') expect(execFileSync('ffprobe', ['-v', 'error', '-select_streams', 'v:0', '-show_entries', 'stream=codec_tag_string', '-of', 'csv=p=0', e.file(job, job.result.filename)], { encoding: 'utf8' }).trim()).toBe('hvc1');
  });

  it.each([
    [{ format: 'mp4', audio_codec: 'flac' }, 'audio_codec', /mp4 cannot hold flac.*mkv or format flac/],
    [{ format: 'mov', video_codec: 'vp9' }, 'video_codec', /mov cannot hold vp9; it takes h264, h265/],
    [{ format: 'webm', audio_codec: 'aac' }, 'audio_codec', /webm cannot hold aac; it takes opus/],
    [{ format: 'mp3', video_codec: 'h264' }, 'video_codec', /has no video/],
    [{ format: 'flac', audio_bitrate: 128 }, 'audio_bitrate', /lossless/],
    [{ format: 'original', video_codec: 'h264' }, 'video_codec', /original/],
    [{ audio_bitrate: 8 }, 'audio_bitrate', /32/],
  ])('refuses %j with 422 naming %s, at no charge', async (options, field, msg) => {
    const acct = await e.svc.account(5);
    const res = await e.svc.app.inject({ method: 'POST', url: '/v1/download', headers: acct.auth, payload: { url: e.ft.videoUrl('plain'), ...options } });
    expect(res.statusCode).toBe(422);
    const issue = res.json().detail.find((d: { loc: string[] }) => d.loc[1] === field);
    expect(issue?.msg).toMatch(msg);
    expect((await e.svc.app.inject({ method: 'GET', url: '/v1/account', headers: acct.auth })).json().credits_balance).toBe(5);
  });
});
