// The ffmpeg/ffprobe runner with the real programs: verdicts (media_error, truncation,
// timeout, cancel), guards it enforces, and what it reads from stderr.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTestMedia, type TestMedia } from '../../../test/fixtures/test-media.js';
import { isProcessAlive } from '../process/run.js';
import { plainScope } from '../process/scope.js';
import { localMedia } from './input.js';
import type { MediaInfo } from './media-info.js';
import { createFfmpeg, isTruncation } from './runner.js';
import { InputDumpReader, readProblem } from './stderr.js';

const ffmpeg = createFfmpeg({ ffmpeg: 'ffmpeg', ffprobe: 'ffprobe' });
const scope = (timeoutMs = 60_000, signal?: AbortSignal) => ({ ...plainScope({ timeoutMs, signal }), onProcess: (pid: number | null) => pids.push(pid) });
const pids: (number | null)[] = [];
let m: TestMedia;
beforeAll(async () => {
  m = await makeTestMedia();
});
afterAll(() => m?.cleanup());

describe('probe (real ffprobe)', () => {
  it('reads H.264/AAC mp4, with what its streams declare', async () => {
    const info = (await ffmpeg.probe(localMedia(m.mp4), scope())) as MediaInfo;
    expect(info).toMatchObject({ vcodec: 'h264', acodec: 'aac', width: 640, height: 360, fps: 25, hasVideo: true, hasAudio: true });
    expect(info.formatName).toContain('mp4');
    expect(info.duration).toBeCloseTo(2, 1);
    expect(info.videoDuration).toBeCloseTo(2, 1);
    expect(info.sizeBytes).toBeGreaterThan(1000);
  });

  it('reads VP9/Opus webm', async () => {
    expect(await ffmpeg.probe(localMedia(m.webm), scope())).toMatchObject({ vcodec: 'vp9', acodec: 'opus', formatName: 'matroska,webm' });
  });

  it('treats an mp3 with cover art as audio only', async () => {
    expect(await ffmpeg.probe(localMedia(m.coverMp3), scope())).toMatchObject({ hasVideo: false, hasAudio: true, acodec: 'mp3', vcodec: null });
  });

  it.each(['corrupt', 'empty'] as const)('returns media_error for a %s file', async (which) => {
    const r = await ffmpeg.probe(localMedia(m[which]), scope());
    expect(r).toMatchObject({ code: 'media_error' });
    expect((r as { detail: string }).detail).toMatch(/Invalid data|cannot read/);
  });

  it('returns media_error for a missing file, without our paths in the detail', async () => {
    const r = await ffmpeg.probe(localMedia(`${m.dir}/nope.mp4`), scope());
    expect(r).toMatchObject({ code: 'media_error' });
    expect((r as { detail: string }).detail).not.toContain(m.dir);
  });

  it('returns cancelled when aborted', async () => {
    expect(await ffmpeg.probe(localMedia(m.mp4), scope(60_000, AbortSignal.abort()))).toMatchObject({ code: 'cancelled' });
  });

  it.each([
    ['an HLS playlist', `#EXTM3U\n#EXT-X-TARGETDURATION:10\n#EXTINF:2,\nfile://SECRET\n#EXT-X-ENDLIST\n`, 'hls'],
    ['a concat script', `ffconcat version 1.0\nfile 'SECRET'\n`, 'concat'],
  ])('refuses a local file that is %s, never opening what it names', async (_name, text, format) => {
    const disguised = path.join(m.dir, `disguised-${format}.mp4`);
    writeFileSync(disguised, text.replace('SECRET', m.mp4));
    const r = await ffmpeg.probe(localMedia(disguised), scope());
    expect(r).toMatchObject({ code: 'media_error' });
    expect((r as { detail: string }).detail).toContain(`recognised "${format}"`);
    const out = path.join(m.dir, `disguised-${format}.mkv`);
    const run = await ffmpeg.run(['-v', 'error', '-y', ...localMedia(disguised).args(), '-c', 'copy', out], scope(), { durationSeconds: null, output: out });
    expect(run).toMatchObject({ code: 'media_error' });
    expect(existsSync(out)).toBe(false);
  });
});

describe('ffmpeg runs', () => {
  it('refuses an argv whose input did not come from input.ts', async () => {
    await expect(ffmpeg.run(['-protocol_whitelist', 'file', '-i', m.mp4, '-f', 'null', '-'], scope(), { durationSeconds: null })).rejects.toThrow(/not built by/);
    await expect(ffmpeg.run(['-f', 'lavfi', '-i', 'testsrc2', '-f', 'null', '-'], scope(), { durationSeconds: null })).rejects.toThrow(/not built by/);
  });

  it('maps a non-zero exit to media_error with the stderr reason, and removes the partial output', async () => {
    const out = path.join(m.dir, 'broken.mp4');
    const args = ['-hide_banner', '-nostdin', '-y', '-v', 'error', ...localMedia(m.corrupt).args(), '-f', 'mp4', out];
    const f = await ffmpeg.run(args, scope(), { durationSeconds: null, output: out });
    expect(f).toMatchObject({ code: 'media_error', detail: expect.stringMatching(/Invalid data|moov atom/) });
    expect(existsSync(out)).toBe(false);
  });

  it('a file cut short of what its index declares is a truncation, although ffmpeg exits 0', async () => {
    // Index (moov) first, as downloads are: half the bytes still declare the whole duration.
    const faststart = path.join(m.dir, 'faststart.mp4');
    await ffmpeg.run(['-v', 'error', '-y', ...localMedia(m.mp4).args(), '-c', 'copy', '-movflags', '+faststart', faststart], scope(), { durationSeconds: null });
    const cut = path.join(m.dir, 'cut.mp4');
    const whole = readFileSync(faststart);
    writeFileSync(cut, whole.subarray(0, Math.floor(whole.length / 2)));
    const out = path.join(m.dir, 'cut.mkv');
    const f = await ffmpeg.run(['-v', 'error', '-y', ...localMedia(cut).args(), '-c', 'copy', out], scope(), { durationSeconds: null, output: out });
    expect(f).toMatchObject({ code: 'media_error' });
    expect(isTruncation(f as never)).toBe(true);
  });

  it('reads the input dump when the run logs at info level', async () => {
    const r = await ffmpeg.run(['-y', ...localMedia(m.mp4).args(), '-t', '0.1', '-f', 'null', '-'], scope(), { durationSeconds: null });
    expect(r).toMatchObject({ inputs: [{ hasVideo: true, hasAudio: true }] });
    expect((r as { inputs: { duration: number }[] }).inputs[0].duration).toBeCloseTo(2, 1);
  });

  // -re -stream_loop -1: the file in real time, forever, so the run lasts until killed.
  const endless = (out: string) => ['-hide_banner', '-nostdin', '-y', '-v', 'error', '-nostats', '-progress', 'pipe:1', '-re', '-stream_loop', '-1', ...localMedia(m.mp4).args(), '-c', 'copy', '-f', 'matroska', out];

  it('kills ffmpeg on timeout and clears the process hook', async () => {
    pids.length = 0;
    const out = path.join(m.dir, 'endless-timeout.mkv');
    const started = Date.now();
    const f = await ffmpeg.run(endless(out), scope(500), { durationSeconds: null, output: out });
    expect(f).toMatchObject({ code: 'timeout' });
    expect(Date.now() - started).toBeLessThan(5_000);
    const pid = pids[0] as number;
    expect(pid).toBeGreaterThan(1);
    expect(pids.at(-1)).toBeNull();
    expect(isProcessAlive(pid)).toBe(false);
    expect(existsSync(out)).toBe(false);
  });

  it('returns cancelled on abort', async () => {
    pids.length = 0;
    const ac = new AbortController();
    const out = path.join(m.dir, 'endless-abort.mkv');
    setTimeout(() => ac.abort(), 300);
    const f = await ffmpeg.run(endless(out), scope(60_000, ac.signal), { durationSeconds: null, output: out });
    expect(f).toMatchObject({ code: 'cancelled' });
    expect(isProcessAlive(pids[0] as number)).toBe(false);
    expect(existsSync(out)).toBe(false);
  });

  it('rejects when the ffmpeg binary does not exist', async () => {
    const missing = createFfmpeg({ ffmpeg: '/nonexistent/ffmpeg', ffprobe: 'ffprobe' });
    await expect(missing.run(['-version'], scope(1000), { durationSeconds: null })).rejects.toThrow(/\/nonexistent\/ffmpeg/);
  });
});

describe('stderr', () => {
  it('knows a skipped segment and a truncated file when it sees one', () => {
    expect(readProblem('[hls @ 0x5581] Failed to open segment 2 of playlist 0')).toBe('segment');
    expect(readProblem('[dash @ 0x1] Failed to open fragment of playlist')).toBe('segment');
    expect(readProblem('[hls @ 0x1] Unable to open key file https://k.test/key')).toBe('segment');
    expect(readProblem('[mov,mp4,m4a,3gp,3g2,mj2 @ 0x1] stream 1, offset 0x117b7: partial file')).toBe('truncated');
    expect(readProblem('[matroska,webm @ 0x1] File ended prematurely')).toBe('truncated');
    expect(readProblem('[swscaler @ 0x1] deprecated pixel format used')).toBeNull();
  });

  it('reads declared durations and streams from input dumps', () => {
    const d = new InputDumpReader();
    for (const line of [
      "Input #0, mov,mp4,m4a,3gp,3g2,mj2, from 'http://x/v.mp4':",
      '  Duration: 00:01:02.50, start: 0.000000, bitrate: 93 kb/s',
      '  Stream #0:0[0x1](und): Video: h264 (High), yuv420p, 640x360, 25 fps (default)',
      "Input #1, mp3, from 'a.mp3':",
      '  Duration: N/A, bitrate: 64 kb/s',
      '  Stream #1:0: Audio: mp3, 44100 Hz, mono',
      '  Stream #1:1: Video: mjpeg, yuvj420p, 64x64 (attached pic)',
    ]) d.push(line);
    expect(d.inputs).toEqual([
      { duration: 62.5, hasVideo: true, hasAudio: false },
      { duration: null, hasVideo: false, hasAudio: true },
    ]);
  });
});
