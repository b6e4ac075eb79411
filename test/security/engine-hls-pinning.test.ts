// Item: a preview reads HLS from a pinned copy of the playlist (what the URL policy checked is
// what ffmpeg plays). Every URI in it must be checked, however it is written: ffmpeg also
// takes unquoted attribute values (`#EXT-X-MAP:URI=file:///…`), and the pinned copy must not
// let a nested open use `file` at all.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { networkMedia } from '../../src/media/ffmpeg/input.js';
import { engineEnv } from '../../src/media/process/env.js';
import { runProcess } from '../../src/media/process/run.js';
import { plainScope } from '../../src/media/process/scope.js';
import { startMediaSite, type MediaSite } from '../fixtures/site.js';
import { outcome, told, runJob, startCanary, startHostileSite, twoTenants, type Canary, type HostileSite } from '../helpers/hostile.js';
import { startTestService, type TestService } from '../helpers/service.js';

describe('pinned HLS playlists (preview seeking)', () => {
  let svc: TestService;
  let site: MediaSite;
  let evil: HostileSite;
  let attacker: Record<string, string>;
  let secret: string;
  let canary: Canary;
  let media: (tag: string, seg?: string) => string;

  beforeAll(async () => {
    canary = await startCanary('127.0.0.2');
    site = await startMediaSite();
    evil = await startHostileSite();
    svc = await startTestService('sqlite', { VC_JOB_CONCURRENCY: '2' });
    ({ attacker, victimFile: secret } = await twoTenants(svc, site.url('/media/video.mp4')));
    evil.route('/empty.m4s', { type: 'video/iso.segment', body: '' });
    const segment = site.url(`/hls/${site.media.hls.variants[0].uri.replace(/index\.m3u8$/, '')}seg000.ts`);
    media = (tag: string, seg = evil.url('/empty.m4s')) =>
      `#EXTM3U\n#EXT-X-VERSION:7\n#EXT-X-TARGETDURATION:6\n#EXT-X-PLAYLIST-TYPE:VOD\n${tag}\n#EXTINF:6.0,\n${seg}\n#EXT-X-ENDLIST\n`;
    // The init section (EXT-X-MAP) is the victim's whole faststart MP4: ffmpeg plays it.
    evil.route('/map-unquoted.m3u8', { type: 'application/vnd.apple.mpegurl', body: media(`#EXT-X-MAP:URI=file://${secret}`) });
    evil.route('/map-spaced.m3u8', { type: 'application/vnd.apple.mpegurl', body: media(`#EXT-X-MAP:BYTERANGE=0, URI=file://${secret}`) });
    evil.route('/map-quoted.m3u8', { type: 'application/vnd.apple.mpegurl', body: media(`#EXT-X-MAP:URI="file://${secret}"`) });
    evil.route('/key-unquoted.m3u8', { type: 'application/vnd.apple.mpegurl', body: media('#EXT-X-KEY:METHOD=AES-128,URI=file:///etc/hostname', segment) });
    evil.route('/httpproxy.m3u8', { type: 'application/vnd.apple.mpegurl', body: media('#EXT-X-VERSION:3', `httpproxy://127.0.0.2:${canary.port}/example.com:443/seg.ts`) });
    evil.route('/map-relative.m3u8', { type: 'application/vnd.apple.mpegurl', body: media(`#EXT-X-MAP:URI=${fs.existsSync(secret) ? '../../../../../../../..' : ''}${secret}`) });
  });
  afterAll(async () => {
    await svc?.stop();
    await site?.close();
    await evil?.close();
    await canary?.close();
  });

  it.each(['map-unquoted', 'map-spaced', 'map-quoted', 'key-unquoted'])('%s: a file: URI in the playlist is url_not_allowed', async (name) => {
    const job = await runJob(svc, attacker, '/v1/preview', { url: evil.url(`/${name}.m3u8`), preview_type: 'thumbnail', timestamp: 0 });
    expect(outcome(job), told(job)).toBe('url_not_allowed');
  });

  it('a relative URI resolves against the playlist URL (http), never to a local file', async () => {
    const job = await runJob(svc, attacker, '/v1/preview', { url: evil.url('/map-relative.m3u8'), preview_type: 'thumbnail', timestamp: 0 });
    expect(job.status).toBe('failed');
    expect(evil.hits.some((h) => h.endsWith(path.basename(secret)))).toBe(true);
  });

  it('a segment naming ffmpeg\'s httpproxy protocol (a direct connection) is refused and never connects', async () => {
    canary.reset();
    const job = await runJob(svc, attacker, '/v1/preview', { url: evil.url('/httpproxy.m3u8'), preview_type: 'thumbnail', timestamp: 0 });
    expect(outcome(job), told(job)).toBe('url_not_allowed');
    expect(canary.connections()).toBe(0);
  });

  it('structurally: even a pinned copy that names a file: URI cannot make ffmpeg open it', async () => {
    // Past the parser: the pinned document is served as written. ffmpeg reads it as the
    // network input it is (web protocols only), so its nested open of file: is refused.
    const text = media(`#EXT-X-MAP:URI=file://${secret}`);
    const pinned = svc.engines.pins?.pin(text, 'application/vnd.apple.mpegurl', 'index.m3u8', 60_000);
    if (!pinned) throw new Error('the test service runs the egress proxy');
    try {
      const r = await svc.engines.ffmpeg.probe(networkMedia(pinned.url, 'hls'), plainScope({ timeoutMs: 30_000 }));
      expect(r).toMatchObject({ code: 'media_error', detail: expect.stringMatching(/Failed to open an initialization section/) });
      // The same run by hand, for ffmpeg's own words.
      const args = ['-v', 'error', '-show_entries', 'format=duration', ...networkMedia(pinned.url, 'hls').args()];
      const raw = await runProcess('ffprobe', args, { timeoutMs: 30_000, env: engineEnv(svc.engines.egressProxyUrl) });
      expect(raw.code).not.toBe(0);
      expect(raw.stderr).toMatch(/Protocol 'file' not on whitelist/);
    } finally {
      pinned.release();
    }
    // The control: the same playlist read from a local file whose whitelist includes `file`
    // (how pinned copies used to be read) opens the other tenant's output.
    const local = path.join(svc.dataDir, 'pinned-control.m3u8');
    fs.writeFileSync(local, text);
    const r = await runProcess('ffprobe', ['-v', 'error', '-show_entries', 'format=duration', '-of', 'csv=p=0', '-protocol_whitelist', 'file,http,https,tcp,tls,crypto', local], { timeoutMs: 30_000 });
    expect(r.code).toBe(0);
    expect(Number(r.stdout.trim())).toBeGreaterThan(1);
  });
});
