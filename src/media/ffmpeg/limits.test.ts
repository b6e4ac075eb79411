import { describe, expect, it } from 'vitest';
import { checkLimits } from './limits.js';
import type { MediaInfo } from './media-info.js';

const info: MediaInfo = {
  duration: 600, width: 1920, height: 1080, vcodec: 'h264', acodec: 'aac', formatName: 'mp4',
  sizeBytes: 50_000_000, bitRate: null, fps: 30, hasVideo: true, hasAudio: true,
  videoDuration: null, audioDuration: null, audioBitRate: null, videoBitRate: null, chapters: [],
};
const config = { maxDurationSeconds: 3600, maxFileBytes: 1_000_000_000 };

describe('checkLimits', () => {
  it('passes media within every ceiling', () => {
    expect(checkLimits(info, config)).toBeNull();
    expect(checkLimits({ ...info, duration: 3600, sizeBytes: 1_000_000_000 }, config)).toBeNull();
    expect(checkLimits({ ...info, width: 7680, height: 4320 }, config)).toBeNull();
  });

  it('passes an unknown duration (the job timeout bounds live input)', () => {
    expect(checkLimits({ ...info, duration: null }, config)).toBeNull();
  });

  it.each([
    ['too long', { duration: 3600.5 }, /3601 s; the limit is 3600 s/],
    ['too large', { sizeBytes: 1_000_000_001 }, /bytes/],
    ['too many pixels', { width: 8193, height: 8192 }, /8193x8192/],
    ['absurd aspect', { width: 100_000, height: 2 }, /100000x2/],
  ] as const)('refuses media that is %s', (_, over, detail) => {
    const f = checkLimits({ ...info, ...over }, config);
    expect(f?.code).toBe('limit_exceeded');
    expect(f?.detail).toMatch(detail);
  });

  it('does not treat a source taller than maxOutputHeight as a limit (it is scaled)', () => {
    expect(checkLimits({ ...info, width: 3840, height: 2160 }, { ...config, maxOutputHeight: 720 } as typeof config)).toBeNull();
  });
});
