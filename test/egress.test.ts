// End to end: the egress proxy stops engines from reaching addresses the URL policy forbids
// after the up-front check passed — redirects, HLS segment URIs — for yt-dlp and ffmpeg alike.
// The canary listens on 127.0.0.2, which is NOT on the test allow-list (exactly 127.0.0.1).
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startMediaSite, type MediaSite } from './fixtures/site.js';
import { startTestService, waitForJob, type TestService } from './helpers/service.js';

describe('egress proxy (connect-time URL policy)', () => {
  let svc: TestService;
  let site: MediaSite;
  let auth: { authorization: string };
  let canary: http.Server;
  let canaryHits: string[] = [];
  let canaryBase: string;
  let evil: http.Server;
  let evilBase: string;

  beforeAll(async () => {
    site = await startMediaSite();
    canary = http.createServer((req, res) => { canaryHits.push(req.url ?? ''); res.end(); });
    canary.on('connection', () => canaryHits.push('(connection)'));
    await new Promise<void>((ok) => canary.listen(0, '127.0.0.2', ok));
    canaryBase = `http://127.0.0.2:${(canary.address() as AddressInfo).port}`;
    // An allowed host whose answers point at the canary: a media-looking redirect and an HLS
    // playlist whose segments live on the denied address.
    const variant = site.media.hls.variants[0];
    if (!variant) throw new Error('fixture has no HLS variant');
    const playlist = fs.readFileSync(variant.playlistPath, 'utf8').replace(/^([^#\s].*)$/gm, `${'CANARY'}/$1`);
    evil = http.createServer((req, res) => {
      if (req.url === '/r/video.mp4') return void res.writeHead(302, { location: `${canaryBase}/media/video.mp4` }).end();
      if (req.url === '/evil.m3u8') return void res.writeHead(200, { 'content-type': 'application/vnd.apple.mpegurl' }).end(playlist.replaceAll('CANARY', canaryBase));
      res.writeHead(404).end();
    });
    await new Promise<void>((ok) => evil.listen(0, '127.0.0.1', ok));
    evilBase = `http://127.0.0.1:${(evil.address() as AddressInfo).port}`;
    svc = await startTestService('sqlite', { VC_JOB_CONCURRENCY: '2' });
    auth = (await svc.account(1000)).auth;
  });
  afterAll(async () => {
    await svc?.stop();
    await site?.close();
    for (const s of [canary, evil]) {
      s?.closeAllConnections();
      await new Promise((ok) => s?.close(ok));
    }
  });

  const redirectToCanary = () => site.url(`/redirect?to=${encodeURIComponent(`${canaryBase}/media/video.mp4`)}`);

  async function job(route: string, body: Record<string, unknown>) {
    const res = await svc.app.inject({ method: 'POST', url: route, headers: auth, payload: body });
    expect(res.statusCode, res.body).toBe(202);
    return waitForJob(svc, auth, res.json().job_id, 120_000);
  }

  it('still fetches allowed URLs through the proxy', async () => {
    const res = await svc.app.inject({ method: 'GET', url: `/v1/info?url=${encodeURIComponent(site.url('/media/video.mp4'))}`, headers: auth });
    expect(res.statusCode, res.body).toBe(200);
    expect(svc.engines.egressProxyUrl).toMatch(/^http:\/\/vc:[0-9a-f]+@127\.0\.0\.1:\d+$/);
  });

  it('info: a redirect to a denied address is url_not_allowed and never reaches it', async () => {
    canaryHits = [];
    const res = await svc.app.inject({ method: 'GET', url: `/v1/info?url=${encodeURIComponent(redirectToCanary())}`, headers: auth });
    expect(res.json().code, res.body).toBe('url_not_allowed');
    expect(canaryHits).toEqual([]);
  });

  it('download: a redirect to a denied address fails the job with url_not_allowed', async () => {
    canaryHits = [];
    const j = await job('/v1/download', { url: redirectToCanary() });
    expect(j.status).toBe('failed');
    expect(j.error.code, JSON.stringify(j.error)).toBe('url_not_allowed');
    expect(canaryHits).toEqual([]);
  });

  it('download: HLS segments on a denied address are never fetched', async () => {
    canaryHits = [];
    const j = await job('/v1/download', { url: `${evilBase}/evil.m3u8` });
    expect(j.status).toBe('failed');
    expect(j.error.code, JSON.stringify(j.error)).toBe('url_not_allowed');
    expect(canaryHits).toEqual([]);
  });

  it('preview: ffprobe/ffmpeg following a redirect to a denied address never reach it', async () => {
    canaryHits = [];
    // A .mp4 path is probed by ffprobe directly first (openDirect), then yt-dlp.
    const j = await job('/v1/preview', { url: `${evilBase}/r/video.mp4`, preview_type: 'thumbnail' });
    expect(j.status).toBe('failed');
    expect(j.error.code, JSON.stringify(j.error)).toBe('url_not_allowed');
    expect(canaryHits).toEqual([]);
  });

  it('preview: an HLS playlist with segments on a denied address is refused', async () => {
    canaryHits = [];
    const j = await job('/v1/preview', { url: `${evilBase}/evil.m3u8`, preview_type: 'thumbnail' });
    expect(j.status).toBe('failed');
    expect(j.error.code, JSON.stringify(j.error)).toBe('url_not_allowed');
    expect(canaryHits).toEqual([]);
  });

  it('speech: ffmpeg reading a media URL that redirects to a denied address never reaches it', async () => {
    canaryHits = [];
    const j = await job('/v1/transcribe', { url: `${evilBase}/r/video.mp4`, model_size: 'tiny.en' });
    expect(j.status).toBe('failed');
    expect(j.error.code, JSON.stringify(j.error)).toBe('url_not_allowed');
    expect(canaryHits).toEqual([]);
  });

  it('without the proxy (VC_EGRESS_PROXY=false) the same redirect does reach the canary', async () => {
    // The control: proves the tests above would fail without the proxy.
    const open = await startTestService('sqlite', { VC_EGRESS_PROXY: 'false' }, { startQueue: false });
    try {
      expect(open.engines.egressProxyUrl).toBeUndefined();
      const a = (await open.account(100)).auth;
      canaryHits = [];
      await open.app.inject({ method: 'GET', url: `/v1/info?url=${encodeURIComponent(redirectToCanary())}`, headers: a });
      expect(canaryHits).toContain('/media/video.mp4');
    } finally {
      await open.stop();
    }
  });
});
