// Real ffmpeg on media generated at test time: what ffprobe says about the output is the truth.
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTestMedia, type TestMedia } from '../../../test/fixtures/test-media.js';
import { runProcess } from '../process/run.js';
import { plainScope } from '../process/scope.js';
import { outputDuration, planFinalize, type FinalizeRequest } from './finalize.js';
import { localMedia, localSubtitles } from './input.js';
import type { MediaInfo } from './media-info.js';
import { createFfmpeg } from './runner.js';

const ffmpeg = createFfmpeg({ ffmpeg: 'ffmpeg', ffprobe: 'ffprobe' });
const scope = () => plainScope({ timeoutMs: 60_000 });
let m: TestMedia;
beforeAll(async () => {
  m = await makeTestMedia();
});
afterAll(() => m?.cleanup());

const req = (over: Partial<FinalizeRequest> = {}): FinalizeRequest => ({
  format: 'mp4', audioOnly: false, maxHeight: null, start: null, end: null, metadata: null, subtitleFiles: [], ...over,
});

/** Probes `input`, plans, runs, probes the output. */
async function finalize(file: string, name: string, over: Partial<FinalizeRequest> = {}) {
  const input = localMedia(file);
  const info = (await ffmpeg.probe(input, scope())) as MediaInfo;
  const r = req(over);
  const plan = planFinalize(info, r, { input, outputBase: path.join(m.dir, name) });
  const progress: number[] = [];
  const run = await ffmpeg.run(plan.args, scope(), { durationSeconds: outputDuration(info, r), onProgress: (p) => progress.push(p) });
  expect(run).not.toHaveProperty('code');
  const out = (await ffmpeg.probe(localMedia(plan.output), scope())) as MediaInfo;
  return { plan, out, progress };
}

describe('finalize with real ffmpeg', () => {
  it('mp4 -> mp4 is a stream copy', async () => {
    const { plan, out, progress } = await finalize(m.mp4, 'copy');
    expect([plan.copyVideo, plan.copyAudio]).toEqual([true, true]);
    expect(out).toMatchObject({ vcodec: 'h264', acodec: 'aac', width: 640, height: 360 });
    expect(out.duration).toBeCloseTo(2, 0);
    expect(progress.at(-1)).toBe(100);
  });

  it('mp4 -> webm transcodes to VP9/Opus', async () => {
    const { plan, out } = await finalize(m.mp4, 'towebm', { format: 'webm' });
    expect([plan.copyVideo, plan.copyAudio]).toEqual([false, false]);
    expect(out).toMatchObject({ vcodec: 'vp9', acodec: 'opus', formatName: 'matroska,webm', width: 640 });
  });

  it('webm -> mp4 copies VP9/Opus, which mp4 accepts', async () => {
    const { plan, out } = await finalize(m.webm, 'vp9mp4', { format: 'mp4' });
    expect([plan.copyVideo, plan.copyAudio]).toEqual([true, true]);
    expect(out).toMatchObject({ vcodec: 'vp9', acodec: 'opus' });
    expect(out.formatName).toContain('mp4');
  });

  it('maxHeight 240 scales 360 -> 240 with an even width', async () => {
    const { out } = await finalize(m.mp4, 'scaled', { maxHeight: 240 });
    expect([out.width, out.height, out.vcodec]).toEqual([426, 240, 'h264']);
  });

  it('mp3 keeps audio only', async () => {
    const { plan, out } = await finalize(m.mp4, 'audio', { format: 'mp3' });
    expect(plan.output.endsWith('.mp3')).toBe(true);
    expect(out).toMatchObject({ hasVideo: false, hasAudio: true, acodec: 'mp3', formatName: 'mp3' });
  });

  it.each(['mp4', 'mkv', 'webm'] as const)('trims 0.5–1.5 s into %s', async (format) => {
    const { out } = await finalize(m.mp4, `trim-${format}`, { format, start: 0.5, end: 1.5 });
    expect(Math.abs((out.duration ?? 0) - 1)).toBeLessThanOrEqual(0.3);
  });

  it('trims the end of a copy', async () => {
    const { plan, out } = await finalize(m.mp4, 'trim-end', { end: 1 });
    expect(plan.copyVideo).toBe(true);
    expect(Math.abs((out.duration ?? 0) - 1)).toBeLessThanOrEqual(0.3);
  });

  it('muxes subtitles as mov_text and writes metadata', async () => {
    const { plan } = await finalize(m.mp4, 'subs', {
      subtitleFiles: [{ input: localSubtitles(m.vtt), lang: 'eng' }],
      metadata: { title: 'Test title', comment: 'https://example.com/v/1' },
    });
    const r = await runProcess('ffprobe', ['-v', 'error', '-print_format', 'json', '-show_streams', '-show_format', plan.output], {
      timeoutMs: 10_000,
    });
    const json = JSON.parse(r.stdout) as {
      streams: { codec_type: string; codec_name: string; tags?: Record<string, string> }[];
      format: { tags: Record<string, string> };
    };
    const sub = json.streams.find((s) => s.codec_type === 'subtitle');
    expect(sub).toMatchObject({ codec_name: 'mov_text', tags: { language: 'eng' } });
    expect(json.format.tags).toMatchObject({ title: 'Test title', comment: 'https://example.com/v/1' });
  });
});
