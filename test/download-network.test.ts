// Operating against real platforms: VC_UPSTREAM_PROXY with the real engines (yt-dlp, ffmpeg,
// ffprobe) through real local upstream proxies that record what they were asked, the URL
// policy still refusing private targets before the upstream is asked, and
// VC_SOURCE_HOST_CONCURRENCY bounding parallel runs per source host.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config.js';
import { startConnectProxy, startSocks5, type RecordingProxy } from './fixtures/upstream-proxies.js';
import { startDownloadEnv, type DownloadEnv } from './helpers/downloads.js';
import { logCapture, testEnv, waitForJob } from './helpers/service.js';

describe('VC_UPSTREAM_PROXY', () => {
  let canary: http.Server;
  let canaryHits = 0;
  let canaryPort: number;
  beforeAll(async () => {
    canary = http.createServer((_q, res) => res.end('canary'));
    canary.on('connection', () => canaryHits++);
    await new Promise<void>((r) => canary.listen(0, '127.0.0.2', r));
    canaryPort = (canary.address() as AddressInfo).port;
  });
  afterAll(async () => {
    canary.closeAllConnections();
    await new Promise((r) => canary.close(r));
  });

  it.each([
    ['HTTP CONNECT', () => startConnectProxy('operator', 'up-pass-91c2')],
    ['SOCKS5', () => startSocks5('operator', 'up-pass-91c2')],
  ])('%s: yt-dlp, ffmpeg and ffprobe reach the source through it, at the checked address', async (_name, start) => {
    const upstream: RecordingProxy = await start();
    const log = logCapture();
    const e = await startDownloadEnv({ VC_UPSTREAM_PROXY: upstream.url, VC_LOG_LEVEL: 'debug' }, { logStream: log.stream });
    try {
      const port = new URL(e.ft.baseUrl).port;
      const job = await e.download({ url: e.ft.videoUrl('plain'), format: 'webm' });
      expect(job.status, JSON.stringify(job.error)).toBe('completed');
      const preview = await e.svc.app.inject({ method: 'POST', url: '/v1/preview', headers: e.auth, payload: { url: e.ft.videoUrl('plain'), preview_type: 'thumbnail', timestamp: 1 } });
      expect((await waitForJob(e.svc, e.auth, preview.json().job_id)).status).toBe('completed');
      expect(upstream.targets.length).toBeGreaterThan(2);
      expect(new Set(upstream.targets)).toEqual(new Set([`127.0.0.1:${port}`]));
      expect(new Set(upstream.credentials)).toEqual(new Set(['operator:up-pass-91c2']));

      // The policy runs first: a redirect to a private address is refused here, never tunnelled.
      const before = upstream.targets.length;
      const refused = await e.download({ url: `${e.ft.baseUrl}/faketube/redirect?to=${encodeURIComponent(`http://127.0.0.2:${canaryPort}/v.mp4`)}` });
      expect(refused.error?.code).toBe('url_not_allowed');
      expect(upstream.targets.slice(before).every((t) => t === `127.0.0.1:${port}`)).toBe(true);
      expect(canaryHits).toBe(0);
      expect(log.text()).not.toContain('up-pass-91c2');
    } finally {
      await e.stop();
      await upstream.close();
    }
  });

  it('refuses a bad value at start, and needs the egress proxy', () => {
    expect(() => loadConfig(testEnv('/tmp/x', { VC_UPSTREAM_PROXY: 'ftp://proxy:21' }))).toThrow(/VC_UPSTREAM_PROXY: scheme ftp: expected http, https, socks5 or socks5h/);
    expect(() => loadConfig(testEnv('/tmp/x', { VC_UPSTREAM_PROXY: 'http://proxy:3128', VC_EGRESS_PROXY: 'false' }))).toThrow(/needs the egress proxy/);
    expect(loadConfig(testEnv('/tmp/x', { VC_UPSTREAM_PROXY: 'socks5://u:p@proxy' })).upstreamProxy).toMatchObject({ kind: 'socks5', port: 1080, display: 'socks5://u:***@proxy' });
  });
});

describe('VC_SOURCE_HOST_CONCURRENCY', () => {
  let e: DownloadEnv;
  beforeAll(async () => {
    e = await startDownloadEnv({ VC_SOURCE_HOST_CONCURRENCY: '1', VC_JOB_CONCURRENCY: '3' });
  });
  afterAll(async () => e?.stop());

  it('runs one download from the same host at a time; the others wait their turn', async () => {
    const since = Date.now();
    const jobs = await Promise.all(['slow', 'slow'].map((id) => e.download({ url: e.ft.videoUrl(id) })));
    for (const j of jobs) expect(j.status, JSON.stringify(j.error)).toBe('completed');
    const reads = e.ft.requests.filter((r) => r.start >= since && r.path === '/faketube/media/slow.mp4').sort((a, b) => a.start - b.start);
    expect(reads.length).toBe(2);
    for (let i = 1; i < reads.length; i++) expect(reads[i].start, 'the next read began after the previous one ended').toBeGreaterThanOrEqual(reads[i - 1].end ?? Infinity);
  });
});
