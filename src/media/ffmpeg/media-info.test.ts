import { describe, expect, it } from 'vitest';
import { toMediaInfo, type MediaInfo } from './media-info.js';

describe('toMediaInfo', () => {
  const video = { codec_type: 'video', codec_name: 'h264', width: 1280, height: 720, avg_frame_rate: '30000/1001' };
  const audio = { codec_type: 'audio', codec_name: 'aac' };
  const format = { format_name: 'mov,mp4', duration: '12.5', size: '1000', bit_rate: '640' };

  it('converts ffprobe JSON into MediaInfo', () => {
    expect(toMediaInfo({ streams: [video, audio], format })).toEqual({
      duration: 12.5, width: 1280, height: 720, vcodec: 'h264', acodec: 'aac', formatName: 'mov,mp4',
      sizeBytes: 1000, bitRate: 640, fps: 29.97, hasVideo: true, hasAudio: true, videoDuration: null, audioDuration: null,
      audioBitRate: null, videoBitRate: null, chapters: [],
    } satisfies MediaInfo);
  });

  it('reads what each stream declares: its duration, or Matroska\'s DURATION tag', () => {
    const info = toMediaInfo({
      streams: [{ ...video, duration: '6.000000' }, { ...audio, tags: { DURATION: '00:01:04.008000000' } }],
      format,
    }) as MediaInfo;
    expect([info.videoDuration, info.audioDuration]).toEqual([6, 64.008]);
  });

  it('reads stream bit rates and chapters', () => {
    const info = toMediaInfo({
      streams: [{ ...video, bit_rate: '900000' }, { ...audio, bit_rate: '128000' }],
      format,
      chapters: [{ start_time: '0.000000', end_time: '2.000000', tags: { title: 'Intro' } }, { start_time: '2.0', end_time: '4.0' }, { start_time: 'N/A' }],
    }) as MediaInfo;
    expect([info.videoBitRate, info.audioBitRate]).toEqual([900000, 128000]);
    expect(info.chapters).toEqual([{ start: 0, end: 2, title: 'Intro' }, { start: 2, end: 4, title: null }]);
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
