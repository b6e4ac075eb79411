import { describe, expect, it } from 'vitest';
import { MAX_PIXELS, outputDuration, planFinalize, type FinalizeRequest } from './finalize.js';
import { CONTAINERS, localMedia, localSubtitles, SUBTITLE_FORMATS } from './input.js';
import type { MediaInfo } from './media-info.js';

const h264: MediaInfo = {
  duration: 60, width: 1920, height: 1080, vcodec: 'h264', acodec: 'aac', formatName: 'mov,mp4,m4a,3gp,3g2,mj2',
  sizeBytes: 10_000_000, bitRate: 1_000_000, fps: 30, hasVideo: true, hasAudio: true,
  videoDuration: null, audioDuration: null, audioBitRate: null, videoBitRate: null, chapters: [],
};
const vp9: MediaInfo = { ...h264, vcodec: 'vp9', acodec: 'opus', formatName: 'matroska,webm' };
const req = (over: Partial<FinalizeRequest> = {}): FinalizeRequest => ({
  format: 'mp4', audioOnly: false, maxHeight: null, start: null, end: null, metadata: null, subtitleFiles: [], ...over,
});
const paths = { input: localMedia('/tmp/in.src'), outputBase: '/tmp/out' };
const plan = (info: MediaInfo, over: Partial<FinalizeRequest> = {}) => planFinalize(info, req(over), paths);

/** The value following `flag` (first occurrence), or undefined. */
const after = (args: string[], flag: string): string | undefined => {
  const i = args.indexOf(flag);
  return i < 0 ? undefined : args[i + 1];
};

describe('planFinalize: copy or encode', () => {
  it.each([
    ['mp4', h264, true, true],
    ['mp4', vp9, true, true], // vp9 and opus both mux into mp4
    ['mov', vp9, false, false], // ...but not into mov
    ['mov', { ...h264, vcodec: 'hevc' }, true, true],
    ['webm', h264, false, false],
    ['webm', vp9, true, true],
    ['webm', { ...vp9, vcodec: 'av1', acodec: 'vorbis' }, true, true],
    ['mkv', { ...h264, vcodec: 'prores', acodec: 'pcm_s24le' }, true, true],
    ['mp4', { ...h264, vcodec: 'vp8', acodec: 'vorbis' }, false, false],
    ['mp4', { ...h264, acodec: 'flac' }, true, false],
  ] as const)('%s from %s', (format, info, copyVideo, copyAudio) => {
    const p = plan(info, { format });
    expect([p.copyVideo, p.copyAudio]).toEqual([copyVideo, copyAudio]);
    expect(after(p.args, '-c:v')).toBe(copyVideo ? 'copy' : format === 'webm' ? 'libvpx-vp9' : 'libx264');
    expect(after(p.args, '-c:a')).toBe(copyAudio ? 'copy' : format === 'webm' ? 'libopus' : 'aac');
  });

  it('encodes webm with the fast VP9 settings', () => {
    const { args } = plan(h264, { format: 'webm' });
    expect(args.join(' ')).toContain('-c:v libvpx-vp9 -deadline realtime -cpu-used 8');
    expect(args.join(' ')).toContain('-c:a libopus');
  });

  it('encodes mp4 with x264 veryfast crf 23', () => {
    expect(plan(vp9, { format: 'mov' }).args.join(' ')).toContain('-c:v libx264 -preset veryfast -crf 23');
  });

  it('tags copied HEVC as hvc1 for Apple players', () => {
    expect(after(plan({ ...h264, vcodec: 'hevc' }).args, '-tag:v')).toBe('hvc1');
    expect(plan(h264).args).not.toContain('-tag:v');
  });
});

describe('planFinalize: scaling', () => {
  it('scales down (even width) only when the source is taller than maxHeight', () => {
    const p = plan(h264, { maxHeight: 720 });
    expect(after(p.args, '-vf')).toBe('scale=-2:720');
    expect(p.copyVideo).toBe(false);
    expect(p.copyAudio).toBe(true);
  });

  it.each([1080, 2160, null])('does not scale or encode when maxHeight is %s', (maxHeight) => {
    const p = plan(h264, { maxHeight });
    expect(p.args).not.toContain('-vf');
    expect(p.copyVideo).toBe(true);
  });

  it('rounds an odd maxHeight down to even', () => {
    expect(after(plan(h264, { maxHeight: 481 }).args, '-vf')).toBe('scale=-2:480');
  });

  it('evens out odd source dimensions when it has to encode anyway', () => {
    expect(after(plan({ ...vp9, width: 641, height: 361 }, { format: 'mov' }).args, '-vf')).toBe('scale=trunc(iw/2)*2:trunc(ih/2)*2');
  });
});

describe('planFinalize: audio', () => {
  it.each([
    ['mp3', 'aac', 'libmp3lame', 'mp3', 'audio/mpeg', 'mp3'],
    ['mp3', 'mp3', 'copy', 'mp3', 'audio/mpeg', 'mp3'],
    ['m4a', 'aac', 'copy', 'm4a', 'audio/mp4', 'ipod'],
    ['m4a', 'opus', 'aac', 'm4a', 'audio/mp4', 'ipod'],
    ['opus', 'opus', 'copy', 'opus', 'audio/ogg', 'opus'],
    ['opus', 'aac', 'libopus', 'opus', 'audio/ogg', 'opus'],
    ['wav', 'aac', 'pcm_s16le', 'wav', 'audio/wav', 'wav'],
    ['flac', 'aac', 'flac', 'flac', 'audio/flac', 'flac'],
  ] as const)('%s from %s: -c:a %s', (format, acodec, codec, ext, mime, muxer) => {
    const p = plan({ ...h264, acodec }, { format });
    expect(after(p.args, '-c:a')).toBe(codec);
    expect(p.args).toContain('-vn');
    expect(p.args).not.toContain('0:v:0?');
    expect(after(p.args, '-f')).toBe(muxer);
    expect(p.args).not.toContain('-vf');
    expect(p.copyVideo).toBe(true); // no video is encoded
    expect([p.ext, p.mime, p.output]).toEqual([ext, mime, `/tmp/out.${ext}`]);
  });

  it('audioOnly in a video container drops video and says so in ext and mime', () => {
    const p = plan(h264, { format: 'mp4', audioOnly: true, maxHeight: 360 });
    expect(p.args).toContain('-vn');
    expect(p.args).not.toContain('-c:v');
    expect(p.args).not.toContain('-vf');
    expect([p.ext, p.mime]).toEqual(['m4a', 'audio/mp4']);
  });
});

describe('planFinalize: the fixed parts', () => {
  it('guards every input: local protocols only, media containers (subtitle formats for subtitles)', () => {
    const { args } = plan(h264, { subtitleFiles: [{ input: localSubtitles('subs/en.vtt'), lang: 'eng' }] });
    const inputs = args.flatMap((a, i) => (a === '-i' ? [i] : []));
    expect(inputs).toHaveLength(2);
    expect(args.slice(inputs[0] - 6, inputs[0])).toEqual(['-protocol_whitelist', 'file,pipe', '-format_whitelist', CONTAINERS, '-max_pixels', String(MAX_PIXELS)]);
    expect(args.slice(inputs[1] - 4, inputs[1])).toEqual(['-protocol_whitelist', 'file,pipe', '-format_whitelist', SUBTITLE_FORMATS]);
    expect(args.slice(0, 3)).toEqual(['-hide_banner', '-nostdin', '-y']);
    expect(args.join(' ')).toContain('-nostats -progress pipe:1');
    expect(args.at(-1)).toBe('/tmp/out.mp4');
    expect(args[inputs[1] + 1]).toBe('./subs/en.vtt'); // relative paths cannot pass as options or protocols
  });

  it('maps the first video and audio stream', () => {
    expect(plan(h264).args.join(' ')).toContain('-map 0:v:0? -map 0:a:0?');
  });

  it.each([
    ['mp4', true],
    ['mov', true],
    ['m4a', true],
    ['webm', false],
    ['mkv', false],
    ['mp3', false],
  ] as const)('faststart for %s: %s', (format, yes) => {
    expect(after(plan(h264, { format }).args, '-movflags')).toBe(yes ? '+faststart' : undefined);
  });

  it('writes only the known metadata keys', () => {
    const { args } = plan(h264, {
      metadata: { title: 'A "title"; rm -rf /', artist: 'Me', comment: 'https://example.com/v', evil: 'x', date: '' },
    });
    const meta = args.flatMap((a, i) => (a === '-metadata' ? [args[i + 1]] : []));
    expect(meta).toEqual(['title=A "title"; rm -rf /', 'artist=Me', 'comment=https://example.com/v']);
  });
});

describe('planFinalize: trims', () => {
  it('puts -ss/-to before the input and encodes for a frame-accurate start', () => {
    const p = plan(h264, { start: 10, end: 20.5 });
    const i = p.args.indexOf('-i');
    expect(p.args.slice(i - 10, i)).toEqual(['-protocol_whitelist', 'file,pipe', '-format_whitelist', CONTAINERS, '-max_pixels', String(MAX_PIXELS), '-ss', '10.000', '-to', '20.500']);
    expect([p.copyVideo, p.copyAudio]).toEqual([false, false]);
  });

  it('keeps the copy when only the end is cut', () => {
    const p = plan(h264, { start: 0, end: 20 });
    expect(p.args).not.toContain('-ss');
    expect(after(p.args, '-to')).toBe('20.000');
    expect(p.copyVideo).toBe(true);
  });

  it('trims subtitle inputs the same way', () => {
    const { args } = plan(h264, { start: 5, subtitleFiles: [{ input: localSubtitles('/s/en.vtt'), lang: 'eng' }] });
    expect(args.filter((a) => a === '-ss')).toHaveLength(2);
  });

  it('rejects impossible trims', () => {
    expect(() => plan(h264, { start: 5, end: 5 })).toThrow(RangeError);
    expect(() => plan(h264, { start: -1 })).toThrow(RangeError);
    expect(() => plan(h264, { end: Number.NaN })).toThrow(RangeError);
  });

  it('computes the output duration', () => {
    expect(outputDuration(h264, { start: 10, end: 20 })).toBe(10);
    expect(outputDuration(h264, { start: 50, end: 100 })).toBe(10);
    expect(outputDuration(h264, { start: null, end: null })).toBe(60);
    expect(outputDuration({ ...h264, duration: null }, { start: 5, end: null })).toBeNull();
  });
});

describe('planFinalize: subtitles', () => {
  const subs = [
    { input: localSubtitles('/s/en.vtt'), lang: 'eng' },
    { input: localSubtitles('/s/de.ass'), lang: 'deu' },
  ];
  it.each([
    ['mp4', ['mov_text', 'mov_text']],
    ['mov', ['mov_text', 'mov_text']],
    ['webm', ['webvtt', 'webvtt']],
    ['mkv', ['srt', 'copy']],
  ] as const)('%s muxes them as %s', (format, codecs) => {
    const { args } = plan(h264, { format, subtitleFiles: subs });
    expect(args.join(' ')).toContain('-map 1:s:0 -map 2:s:0');
    expect([after(args, '-c:s:0'), after(args, '-c:s:1')]).toEqual(codecs);
    expect(after(args, '-metadata:s:s:1')).toBe('language=deu');
  });

  it('leaves them out of audio files', () => {
    const { args } = plan(h264, { format: 'mp3', subtitleFiles: subs });
    expect(args.filter((a) => a === '-i')).toHaveLength(1);
    expect(args.join(' ')).not.toContain(':s');
  });
});

describe('planFinalize: original', () => {
  it('copies every stream into the same container', () => {
    const p = plan(vp9, { format: 'original', start: 3 });
    expect(p.args.join(' ')).toContain('-map 0:v? -map 0:a? -map 0:s? -c:s copy');
    expect(after(p.args, '-c:v')).toBe('copy');
    expect(after(p.args, '-c:a')).toBe('copy');
    expect([p.ext, p.mime, after(p.args, '-f')]).toEqual(['mkv', 'video/x-matroska', 'matroska']);
  });

  it.each([
    ['matroska,webm', '/d/x.webm', 'opus', 'webm'],
    ['mov,mp4,m4a,3gp,3g2,mj2', '/d/x.mov', 'aac', 'mov'],
    ['mov,mp4,m4a,3gp,3g2,mj2', '/d/x.part', 'aac', 'mp4'],
    ['mp3', '/d/x', 'mp3', 'mp3'],
    ['ogg', '/d/x.ogg', 'opus', 'opus'],
    ['flv', '/d/x.flv', 'aac', 'mkv'],
  ] as const)('%s (%s) keeps %s', (formatName, input, acodec, ext) => {
    expect(planFinalize({ ...h264, formatName, acodec }, req({ format: 'original' }), { ...paths, input: localMedia(input) }).ext).toBe(ext);
  });

  it('still scales when the height limit demands it, first video stream only', () => {
    const p = plan(h264, { format: 'original', maxHeight: 480 });
    expect(p.args.join(' ')).toContain('-map 0:v:0? -map 0:a?');
    expect(after(p.args, '-c:v')).toBe('libx264');
    expect(p.copyAudio).toBe(true);
  });
});
