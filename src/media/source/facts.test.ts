import { describe, expect, it } from 'vitest';
import type { MediaInfo } from '../ffmpeg/media-info.js';
import { normalizeInfo, probeTargetOf, type VideoInfo } from '../ytdlp/info.js';
import { mergeFacts } from './facts.js';

const probed: MediaInfo = {
  duration: 6, width: 640, height: 360, vcodec: 'h264', acodec: 'aac', formatName: 'mov,mp4', sizeBytes: 281786, bitRate: 375000, fps: 25,
  hasVideo: true, hasAudio: true, videoDuration: 6, audioDuration: 6, audioBitRate: 64000, videoBitRate: 300000, chapters: [],
};
const direct = { id: 'video', title: 'video', url: 'http://h/video.mp4', protocol: 'http', ext: 'mp4', format_id: 'mp4', http_headers: { 'User-Agent': 'UA' }, formats: [{ format_id: 'mp4', url: 'http://h/video.mp4', ext: 'mp4', protocol: 'http' }] };

describe('media facts for pages that give none', () => {
  it('probes a direct file, with its headers, and fills only the fields the page left null', () => {
    const info = normalizeInfo(direct) as VideoInfo;
    const target = probeTargetOf(direct, info);
    expect(target).toEqual({ url: 'http://h/video.mp4', kind: 'file', headers: { 'User-Agent': 'UA' }, formatIndex: 0 });
    const merged = mergeFacts({ ...info, title: 'kept' }, probed, 0);
    expect(merged).toMatchObject({ title: 'kept', duration: 6, width: 640, height: 360, fps: 25, vcodec: 'h264', acodec: 'aac' });
    expect(merged.formats[0]).toMatchObject({ width: 640, vcodec: 'h264', tbr: 375, vbr: 300, abr: 64, filesize: 281786, protocol: 'http' });
    expect(merged.probed_fields).toEqual(['duration', 'width', 'height', 'fps', 'vcodec', 'acodec', 'tbr', 'vbr', 'abr', 'filesize']);
    const partly = mergeFacts({ ...info, duration: 5.9 }, probed, 0);
    expect(partly.duration).toBe(5.9);
    expect(partly.probed_fields).not.toContain('duration');
  });

  it('leaves pages with facts, live streams, separate video+audio and non-web protocols alone', () => {
    const given = { ...direct, duration: 6, vcodec: 'avc1', acodec: 'mp4a' };
    expect(probeTargetOf(given, normalizeInfo(given))).toBeNull();
    const live = { ...direct, is_live: true };
    expect(probeTargetOf(live, normalizeInfo(live))).toBeNull();
    const split = { ...direct, requested_formats: [{}, {}] };
    expect(probeTargetOf(split, normalizeInfo(split))).toBeNull();
    const rtmp = { ...direct, url: 'rtmp://h/live', protocol: 'rtmp' };
    expect(probeTargetOf(rtmp, normalizeInfo(rtmp))).toBeNull();
    const hls = { ...direct, url: 'https://h/index.m3u8', protocol: 'm3u8_native' };
    expect(probeTargetOf(hls, normalizeInfo(hls))?.kind).toBe('hls');
  });
});
