import { describe, expect, it } from 'vitest';
import { chapterFileName, chaptersInWindow, cutsOnKeyframes, ffmetadata, splitArgs } from './chapters.js';
import { codecProblems } from './codecs.js';
import { localMedia } from './input.js';
import { containerLanguage } from './languages.js';
import { cutVtt } from './sidecar.js';

const CH = [
  { start: 0, end: 60, title: 'Intro' },
  { start: 60, end: 120, title: 'Middle' },
  { start: 120, end: null, title: 'End' },
];

describe('chapters', () => {
  it('cuts chapters to a window and shifts them to its start', () => {
    expect(chaptersInWindow(CH, 30, 90)).toEqual([{ start: 0, end: 30, title: 'Intro' }, { start: 30, end: 60, title: 'Middle' }]);
    expect(chaptersInWindow(CH, 100, null)).toEqual([{ start: 0, end: 20, title: 'Middle' }, { start: 20, end: null, title: 'End' }]);
    expect(chaptersInWindow(CH, null, null)).toEqual([{ start: 0, end: 60, title: 'Intro' }, { start: 60, end: 120, title: 'Middle' }, { start: 120, end: null, title: 'End' }]);
    expect(chaptersInWindow([], 1, 2)).toEqual([]);
  });

  it('writes ffmetadata with escaped titles and an open last chapter ending at the duration', () => {
    const text = ffmetadata([{ start: 0, end: null, title: 'a=b; #1 \\ x\ny' }, { start: 1.5, end: null, title: null }], 4);
    expect(text).toBe(';FFMETADATA1\n[CHAPTER]\nTIMEBASE=1/1000\nSTART=0\nEND=1500\ntitle=a\\=b\\; \\#1 \\\\ x\\\ny\n[CHAPTER]\nTIMEBASE=1/1000\nSTART=1500\nEND=4000\n');
  });

  it('copies only when every start is a keyframe (half a frame of slack)', () => {
    expect(cutsOnKeyframes([0, 2, 4], [0, 1, 2, 3, 4, 5], 25)).toBe(true);
    expect(cutsOnKeyframes([0, 2.01, 4], [0, 1, 2, 3, 4, 5], 25)).toBe(true);
    expect(cutsOnKeyframes([0, 2.5, 4], [0, 1, 2, 3, 4, 5], 25)).toBe(false);
  });

  it('splits in one pass: the segment muxer at every start, copy or one forced-keyframe encode', () => {
    const copy = splitArgs({ input: localMedia('/w/whole.mp4'), starts: [0, 2, 4.5], muxer: 'mp4', ext: 'mp4', videoEncoder: null, hasVideo: true, dir: '/w/ch' });
    expect(copy.args.join(' ')).toMatch(/-c copy -f segment -segment_format mp4 -reset_timestamps 1 -segment_times 2\.000,4\.500 -segment_format_options movflags=\+faststart/);
    expect(copy.part(1)).toBe('/w/ch/part001.mp4');
    const encode = splitArgs({ input: localMedia('/w/whole.mkv'), starts: [0, 2.5], muxer: 'matroska', ext: 'mkv', videoEncoder: ['-c:v', 'libx264'], hasVideo: true, dir: '/w/ch' });
    expect(encode.args.join(' ')).toMatch(/-c:v libx264 -force_key_frames 2\.500 -c:a copy/);
    expect(chapterFileName(0, 3, 'Intro', 'mp4')).toBe('01 - Intro.mp4');
    expect(chapterFileName(99, 120, 'x', 'mkv')).toBe('100 - x.mkv');
  });
});

describe('codecs', () => {
  const c = (o: Partial<Parameters<typeof codecProblems>[0]>) => codecProblems({ format: 'mp4', audioOnly: false, videoCodec: 'auto', audioCodec: 'auto', audioBitrate: null, ...o }).map((p) => p.field);
  it('takes what each container holds and names the field of what it cannot', () => {
    expect(c({ videoCodec: 'vp9' })).toEqual([]);
    expect(c({ videoCodec: 'av1', format: 'webm', audioCodec: 'opus', audioBitrate: 96 })).toEqual([]);
    expect(c({ audioCodec: 'flac', format: 'mkv' })).toEqual([]);
    expect(c({ audioCodec: 'flac' })).toEqual(['audio_codec']);
    expect(c({ videoCodec: 'h264', format: 'webm' })).toEqual(['video_codec']);
    expect(c({ videoCodec: 'h264', audioOnly: true })).toEqual(['video_codec']);
    expect(c({ format: 'wav', audioBitrate: 128 })).toEqual(['audio_bitrate']);
    expect(c({ format: 'original', videoCodec: 'h265', audioCodec: 'aac' })).toEqual(['video_codec', 'audio_codec']);
  });

  it('tags subtitle languages with the ISO 639-2 codes containers keep', () => {
    expect(['en', 'en-US', 'pt_BR', 'de', 'zh-Hans', 'eng', 'xx'].map(containerLanguage)).toEqual(['eng', 'eng', 'por', 'ger', 'chi', 'eng', 'xx']);
  });
});

describe('cutVtt', () => {
  const vtt = 'WEBVTT\n\n00:00:00.500 --> 00:00:02.000\nhallo\n\n2\n00:00:03.000 --> 00:00:05.000 align:start\nagain\ntwo lines\n\n01:00:00.000 --> 01:00:01.000\nlate\n';
  it('moves cues to the cut, clips the ones across an edge, drops the rest, keeps settings and ids', () => {
    expect(cutVtt(vtt, 1, 4)).toBe('WEBVTT\n\n00:00:00.000 --> 00:00:01.000\nhallo\n\n2\n00:00:02.000 --> 00:00:03.000 align:start\nagain\ntwo lines\n');
    expect(cutVtt(vtt, 0, null)).toContain('01:00:00.000 --> 01:00:01.000\nlate');
  });
});
