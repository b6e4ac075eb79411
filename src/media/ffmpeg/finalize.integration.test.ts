// Real ffmpeg on media generated at test time: what ffprobe says about the output is the truth.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../config.js';
import { isProcessAlive, runProcess } from '../process/run.js';
import { outputDuration, planFinalize, runFfmpeg, type FinalizeRequest } from './finalize.js';
import { probe, type MediaInfo } from './probe.js';
import { makeTestMedia, type TestMedia } from './test-media.js';

const config = loadConfig({});
let m: TestMedia;
beforeAll(async () => {
  m = await makeTestMedia();
});
afterAll(() => m?.cleanup());

const req = (over: Partial<FinalizeRequest> = {}): FinalizeRequest => ({
  format: 'mp4', audioOnly: false, maxHeight: null, start: null, end: null, metadata: null, subtitleFiles: [], ...over,
});

/** Probes `input`, plans, runs, probes the output. */
async function finalize(input: string, name: string, over: Partial<FinalizeRequest> = {}) {
  const info = (await probe(config, input)) as MediaInfo;
  const r = req(over);
  const plan = planFinalize(info, r, { input, outputBase: path.join(m.dir, name) });
  const progress: number[] = [];
  const failure = await runFfmpeg(config, plan.args, {
    durationSeconds: outputDuration(info, r),
    timeoutMs: 60_000,
    onProgress: (p) => progress.push(p),
  });
  expect(failure).toBeNull();
  const out = (await probe(config, plan.output)) as MediaInfo;
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
      subtitleFiles: [{ path: m.vtt, lang: 'eng' }],
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

describe('runFfmpeg failures', () => {
  it('maps a non-zero exit to media_error with the stderr reason, and removes the partial output', async () => {
    const out = path.join(m.dir, 'broken.mp4');
    const args = ['-hide_banner', '-nostdin', '-y', '-v', 'error', '-protocol_whitelist', 'file,pipe', '-i', m.corrupt, '-f', 'mp4', out];
    const f = await runFfmpeg(config, args, { durationSeconds: null, timeoutMs: 10_000, outputPath: out });
    expect(f?.code).toBe('media_error');
    expect(f?.detail).toMatch(/Invalid data|moov atom/);
    expect(existsSync(out)).toBe(false);
  });

  // -re: read the endless lavfi source in real time, so it runs until killed.
  const endless = (out: string) => [
    '-hide_banner', '-nostdin', '-y', '-v', 'error', '-nostats', '-progress', 'pipe:1',
    '-re', '-f', 'lavfi', '-i', 'testsrc2=size=320x240:rate=25', '-c:v', 'libx264', '-preset', 'ultrafast', '-f', 'matroska', out,
  ];

  it('kills ffmpeg on timeout', async () => {
    let pid = 0;
    const out = path.join(m.dir, 'endless-timeout.mkv');
    const started = Date.now();
    const f = await runFfmpeg(config, endless(out), {
      durationSeconds: null, timeoutMs: 500, onSpawn: (p) => (pid = p), outputPath: out,
    });
    expect(f?.code).toBe('timeout');
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(pid).toBeGreaterThan(1);
    expect(isProcessAlive(pid)).toBe(false);
    expect(existsSync(out)).toBe(false);
  });

  it('returns cancelled on abort', async () => {
    let pid = 0;
    const ac = new AbortController();
    const out = path.join(m.dir, 'endless-abort.mkv');
    const f = await runFfmpeg(config, endless(out), {
      durationSeconds: null, timeoutMs: 60_000, signal: ac.signal, outputPath: out,
      onSpawn: (p) => {
        pid = p;
        setTimeout(() => ac.abort(), 300);
      },
    });
    expect(f?.code).toBe('cancelled');
    expect(isProcessAlive(pid)).toBe(false);
    expect(existsSync(out)).toBe(false);
  });

  it('rejects when the ffmpeg binary does not exist', async () => {
    await expect(runFfmpeg({ ...config, ffmpegPath: '/nonexistent/ffmpeg' }, ['-version'], { durationSeconds: null, timeoutMs: 1000 }))
      .rejects.toThrow(/\/nonexistent\/ffmpeg/);
  });
});
