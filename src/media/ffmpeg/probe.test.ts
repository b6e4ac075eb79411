import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../config.js';
import { probe, probeArgs, toMediaInfo, type MediaInfo } from './probe.js';
import { makeTestMedia, type TestMedia } from './test-media.js';

const config = loadConfig({});

describe('probeArgs', () => {
  it('asks for JSON format and streams, local files limited to file and pipe', () => {
    expect(probeArgs('/data/in.mp4')).toEqual([
      '-v', 'error', '-print_format', 'json', '-show_format', '-show_streams',
      '-protocol_whitelist', 'file,pipe', '/data/in.mp4',
    ]);
  });

  it('keeps relative names from reading as options or protocols', () => {
    expect(probeArgs('-i.mp4').at(-1)).toBe('./-i.mp4');
    expect(probeArgs('concat:a|b').at(-1)).toBe('./concat:a|b');
  });

  it('gives URLs HTTP(S) only, never file', () => {
    const args = probeArgs('https://example.com/v.m3u8');
    expect(args.slice(-3)).toEqual(['-protocol_whitelist', 'http,https,tcp,tls', 'https://example.com/v.m3u8']);
  });
});

describe('toMediaInfo', () => {
  const video = { codec_type: 'video', codec_name: 'h264', width: 1280, height: 720, avg_frame_rate: '30000/1001' };
  const audio = { codec_type: 'audio', codec_name: 'aac' };
  const format = { format_name: 'mov,mp4', duration: '12.5', size: '1000', bit_rate: '640' };

  it('converts ffprobe JSON into MediaInfo', () => {
    expect(toMediaInfo({ streams: [video, audio], format })).toEqual({
      duration: 12.5, width: 1280, height: 720, vcodec: 'h264', acodec: 'aac', formatName: 'mov,mp4',
      sizeBytes: 1000, bitRate: 640, fps: 29.97, hasVideo: true, hasAudio: true,
    } satisfies MediaInfo);
  });

  it('does not count cover art as video', () => {
    const cover = { ...video, codec_name: 'mjpeg', disposition: { attached_pic: 1 } };
    const info = toMediaInfo({ streams: [audio, cover], format }) as MediaInfo;
    expect([info.hasVideo, info.vcodec, info.width, info.fps]).toEqual([false, null, null, null]);
  });

  it('falls back to stream durations and tolerates N/A and 0/0', () => {
    const info = toMediaInfo({
      streams: [{ ...video, avg_frame_rate: '0/0', r_frame_rate: '25/1', duration: '3.0' }, { ...audio, duration: '3.2' }],
      format: { format_name: 'x', duration: 'N/A' },
    }) as MediaInfo;
    expect([info.duration, info.fps, info.sizeBytes, info.bitRate]).toEqual([3.2, 25, 0, null]);
  });

  it('refuses media without audio or video', () => {
    expect(toMediaInfo({ streams: [{ codec_type: 'subtitle' }], format })).toMatchObject({ code: 'media_error' });
    expect(toMediaInfo({})).toMatchObject({ code: 'media_error' });
    expect(toMediaInfo(null)).toMatchObject({ code: 'media_error' });
  });
});

describe('probe (real ffprobe)', () => {
  let m: TestMedia;
  beforeAll(async () => {
    m = await makeTestMedia();
  });
  afterAll(() => m?.cleanup());

  it('reads H.264/AAC mp4', async () => {
    const info = (await probe(config, m.mp4)) as MediaInfo;
    expect(info).toMatchObject({ vcodec: 'h264', acodec: 'aac', width: 640, height: 360, fps: 25, hasVideo: true, hasAudio: true });
    expect(info.formatName).toContain('mp4');
    expect(info.duration).toBeCloseTo(2, 1);
    expect(info.sizeBytes).toBeGreaterThan(1000);
  });

  it('reads VP9/Opus webm', async () => {
    expect(await probe(config, m.webm)).toMatchObject({ vcodec: 'vp9', acodec: 'opus', formatName: 'matroska,webm' });
  });

  it('treats an mp3 with cover art as audio only', async () => {
    expect(await probe(config, m.coverMp3)).toMatchObject({ hasVideo: false, hasAudio: true, acodec: 'mp3', vcodec: null });
  });

  it.each(['corrupt', 'empty'] as const)('returns media_error for a %s file', async (which) => {
    const r = await probe(config, m[which]);
    expect(r).toMatchObject({ code: 'media_error' });
    expect((r as { detail: string }).detail).toMatch(/Invalid data|cannot read/);
  });

  it('returns media_error for a missing file', async () => {
    expect(await probe(config, `${m.dir}/nope.mp4`)).toMatchObject({ code: 'media_error' });
  });

  it('returns cancelled when aborted', async () => {
    expect(await probe(config, m.mp4, { signal: AbortSignal.abort() })).toMatchObject({ code: 'cancelled' });
  });
});
