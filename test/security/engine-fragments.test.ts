// Item: an HLS segment the egress proxy refuses, or that the server does not have, fails the
// job (url_not_allowed / upstream_error). yt-dlp skips unavailable fragments by default, and
// ffmpeg's HLS reader skips segments it cannot open: half a video used to "succeed".
import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startMediaSite, type MediaSite } from '../fixtures/site.js';
import { outcome, told, runJob, startCanary, startHostileSite, type Canary, type HostileSite } from '../helpers/hostile.js';
import { startTestService, type TestService } from '../helpers/service.js';

describe('HLS segments that cannot be fetched', () => {
  let svc: TestService;
  let site: MediaSite;
  let evil: HostileSite;
  let canary: Canary;
  let auth: { authorization: string };

  beforeAll(async () => {
    site = await startMediaSite();
    evil = await startHostileSite();
    canary = await startCanary('127.0.0.2');
    // The fixture's 360p variant: 4 segments of 1 s. Segment 2 moves elsewhere.
    const variant = site.media.hls.variants[0];
    const text = fs.readFileSync(variant.playlistPath, 'utf8');
    const base = site.url(`/hls/${variant.uri.replace(/index\.m3u8$/, '')}`);
    const playlist = (seg2: string) => text.replace(/^(seg\d+\.ts)$/gm, (name) => (name === 'seg002.ts' ? seg2 : `${base}${name}`));
    evil.route('/refused.m3u8', { type: 'application/vnd.apple.mpegurl', body: playlist(`http://127.0.0.2:${canary.port}/seg002.ts`) });
    evil.route('/missing.m3u8', { type: 'application/vnd.apple.mpegurl', body: playlist(`${base}gone.ts`) });
    evil.route('/whole.m3u8', { type: 'application/vnd.apple.mpegurl', body: playlist(`${base}seg002.ts`) });
    svc = await startTestService('sqlite', { VC_JOB_CONCURRENCY: '2' });
    auth = (await svc.account(100)).auth;
  });
  afterAll(async () => {
    await svc?.stop();
    await site?.close();
    await evil?.close();
    await canary?.close();
  });

  it.each([
    ['refused', 'url_not_allowed'],
    ['missing', 'upstream_error'],
  ])('download: a %s segment fails the job with %s', async (name, code) => {
    canary.reset();
    const job = await runJob(svc, auth, '/v1/download', { url: evil.url(`/${name}.m3u8`) });
    expect(outcome(job), told(job)).toBe(code);
    expect(canary.connections()).toBe(0);
  });

  it.each([
    ['refused', 'url_not_allowed'],
    ['missing', 'upstream_error'],
  ])('download with start/end (ffmpeg started by yt-dlp): a %s segment is %s', async (name, code) => {
    const job = await runJob(svc, auth, '/v1/download', { url: evil.url(`/${name}.m3u8`), start: 1, end: 3.5 });
    expect(outcome(job), told(job)).toBe(code);
    expect(canary.connections()).toBe(0);
  });

  it.each([
    ['refused', 'url_not_allowed'],
    ['missing', 'upstream_error'],
  ])('preview (ffmpeg reading HLS itself): a %s segment at the timestamp is %s', async (name, code) => {
    const job = await runJob(svc, auth, '/v1/preview', { url: evil.url(`/${name}.m3u8`), preview_type: 'thumbnail', timestamp: 2.5 });
    expect(outcome(job), told(job)).toBe(code);
    expect(canary.connections()).toBe(0);
  });

  it('the same playlist with every segment in place still works', async () => {
    const [dl, cut, thumb] = await Promise.all([
      runJob(svc, auth, '/v1/download', { url: evil.url('/whole.m3u8') }),
      runJob(svc, auth, '/v1/download', { url: evil.url('/whole.m3u8'), start: 1, end: 3.5 }),
      runJob(svc, auth, '/v1/preview', { url: evil.url('/whole.m3u8'), preview_type: 'thumbnail', timestamp: 2.5 }),
    ]);
    for (const job of [dl, cut, thumb]) expect(outcome(job), told(job)).toBe('completed');
    expect(dl.result.duration).toBeCloseTo(4, 0);
    expect(cut.result.duration).toBeCloseTo(2.5, 0);
  });
});
