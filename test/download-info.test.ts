// Media facts for direct files: /v1/info probes the media (one network ffprobe, through the
// egress proxy) when the page gives no facts, says which fields came from probing, and leaves
// pages that gave the facts alone (no probe, no segment fetched).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startMediaSite, type MediaSite } from './fixtures/site.js';
import { startDownloadEnv, type DownloadEnv } from './helpers/downloads.js';

describe('/v1/info media facts', () => {
  let e: DownloadEnv;
  let site: MediaSite;
  beforeAll(async () => {
    site = await startMediaSite();
    e = await startDownloadEnv({ VC_INFO_CACHE_SECONDS: '0' });
  });
  afterAll(async () => {
    await e?.stop();
    await site?.close();
  });
  const get = async (url: string) => {
    const res = await e.svc.app.inject({ method: 'GET', url: `/v1/info?url=${encodeURIComponent(url)}`, headers: e.auth });
    expect(res.statusCode, res.body).toBe(200);
    return res.json();
  };

  it('probes a direct file: duration, size, codecs and bitrates filled, and named in probed_fields', async () => {
    const info = await get(site.url('/media/video.mp4'));
    expect(info).toMatchObject({ duration: 6, width: 640, height: 360, fps: 25, vcodec: 'h264', acodec: 'aac', extractor: 'generic' });
    expect(info.formats[0]).toMatchObject({ width: 640, height: 360, vcodec: 'h264', acodec: 'aac', filesize: site.media.mp4.sizeBytes });
    expect(info.formats[0].tbr).toBeGreaterThan(0);
    expect(info.formats[0].abr).toBeGreaterThan(0);
    expect(info.probed_fields).toEqual(expect.arrayContaining(['duration', 'width', 'height', 'vcodec', 'acodec', 'tbr', 'filesize']));
    // POST /v1/info answers the same without cookies.
    const res = await e.svc.app.inject({ method: 'POST', url: '/v1/info', headers: e.auth, payload: { url: site.url('/media/video.webm') } });
    expect(res.json()).toMatchObject({ vcodec: 'vp9', acodec: 'opus' });
    expect(res.json().duration).toBeCloseTo(4, 1);
  });

  it('does not probe a page that gave the facts (an HLS master playlist, a platform extractor)', async () => {
    const since = site.requests.length;
    const hls = await get(site.url('/hls/master.m3u8'));
    expect(hls.probed_fields).toEqual([]);
    expect(hls.duration).toBe(4);
    expect(site.requests.slice(since).filter((r) => r.path.endsWith('.ts'))).toEqual([]);
    const platform = await get(e.ft.videoUrl('chapters'));
    expect(platform.probed_fields).toEqual([]);
    expect(platform.automatic_captions).toEqual(['en', 'de']);
  });

  it('answers the lookup with nulls when the media cannot be probed', async () => {
    const info = await get(site.url('/media/corrupt.mp4'));
    expect(info).toMatchObject({ duration: null, vcodec: null, probed_fields: [] });
  });
});
