// GET /v1/info end to end with the real yt-dlp fork server against the local media site.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { JSONLD_VIDEO, startMediaSite, type MediaSite } from './fixtures/site.js';
import { startTestService, type TestService } from './helpers/service.js';

const FIELDS = ['id', 'title', 'description', 'uploader', 'uploader_id', 'channel', 'upload_date', 'timestamp', 'duration', 'view_count', 'like_count', 'comment_count', 'thumbnail', 'thumbnails', 'tags', 'categories', 'chapters', 'webpage_url', 'extractor', 'is_live', 'subtitles', 'formats'];
const FORMAT_FIELDS = ['format_id', 'ext', 'width', 'height', 'fps', 'vcodec', 'acodec', 'abr', 'vbr', 'tbr', 'filesize', 'protocol'];

describe('GET /v1/info', () => {
  let svc: TestService;
  let site: MediaSite;
  beforeAll(async () => {
    site = await startMediaSite();
    svc = await startTestService('sqlite', {}, { startQueue: false });
  });
  afterAll(async () => {
    await svc?.stop();
    await site?.close();
  });

  const info = (auth: Record<string, string>, url: string) => svc.app.inject({ method: 'GET', url: `/v1/info?url=${encodeURIComponent(url)}`, headers: auth });
  const balance = async (auth: Record<string, string>) => (await svc.app.inject({ method: 'GET', url: '/v1/account', headers: auth })).json().credits_balance;

  it('normalises a direct file: every field present, null when unknown; charges 1', async () => {
    const a = await svc.account(5);
    const res = await info(a.auth, site.url('/media/video.mp4'));
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json();
    for (const f of FIELDS) expect(body, f).toHaveProperty([f]);
    expect(body.like_count).toBeNull();
    expect(Array.isArray(body.tags)).toBe(true);
    expect(body.formats.length).toBeGreaterThan(0);
    for (const f of FORMAT_FIELDS) expect(body.formats[0], f).toHaveProperty([f]);
    expect(body.extractor).toBe('generic');
    expect(await balance(a.auth)).toBe(4);
  });

  it('lists both HLS variants and reads JSON-LD metadata', async () => {
    const a = await svc.account(5);
    const hls = (await info(a.auth, site.url('/hls/master.m3u8'))).json();
    const heights = hls.formats.map((f: { height: number | null }) => f.height).filter(Boolean);
    expect(heights).toEqual(expect.arrayContaining([180, 360]));
    const page = (await info(a.auth, site.url('/page/jsonld.html'))).json();
    expect(page.title).toBe(JSONLD_VIDEO.name);
    expect(page.upload_date).toBe('2024-01-15');
    expect(page.duration).toBe(6);
  });

  it('answers playlists as _type: playlist with entries of the same shape', async () => {
    const a = await svc.account(5);
    const res = await info(a.auth, site.url('/page/playlist.html'));
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json();
    expect(body._type).toBe('playlist');
    expect(body.entries).toHaveLength(2);
    for (const e of body.entries) for (const f of FIELDS) expect(e, f).toHaveProperty([f]);
  });

  it('tells unsupported_url (404) from upstream_error (502) and charges neither', async () => {
    const a = await svc.account(5);
    const unsupported = await info(a.auth, site.url('/page/novideo.html'));
    expect(unsupported.statusCode).toBe(404);
    expect(unsupported.json().code).toBe('unsupported_url');
    expect(unsupported.json().detail).toMatch(/^Could not extract info from URL: /);
    const missing = await info(a.auth, site.url('/missing'));
    expect(missing.statusCode).toBe(502);
    expect(missing.json().code).toBe('upstream_error');
    const down = await info(a.auth, 'http://127.0.0.1:9/nothing.mp4');
    expect(down.statusCode).toBe(502);
    expect(await balance(a.auth)).toBe(5);
  });

  it('answers 402 without credits and serves repeated URLs from the cache', async () => {
    const broke = await svc.account(0);
    const res = await info(broke.auth, site.url('/media/video.webm'));
    expect(res.statusCode).toBe(402);
    expect(res.json()).toMatchObject({ code: 'insufficient_credits', required: 1, available: 0 });
    const a = await svc.account(5);
    const url = site.url('/media/audio.m4a');
    await info(a.auth, url);
    const fetchesBefore = site.requests.filter((r) => r.path === '/media/audio.m4a').length;
    const again = await info(a.auth, url);
    expect(again.statusCode).toBe(200);
    expect(site.requests.filter((r) => r.path === '/media/audio.m4a').length).toBe(fetchesBefore);
    expect(await balance(a.auth)).toBe(3); // cached answers are still charged
  });

  it('refuses a private target without fetching it (no allow-list)', async () => {
    const strict = await startTestService('sqlite', { VC_URL_ALLOWLIST: '' }, { startQueue: false });
    try {
      const a = await strict.account(5);
      const before = site.requests.length;
      for (const url of [site.url('/media/video.mp4'), site.url('/media/video.mp4').replace('127.0.0.1', 'localhost')]) {
        const res = await strict.app.inject({ method: 'GET', url: `/v1/info?url=${encodeURIComponent(url)}`, headers: a.auth });
        expect(res.statusCode).toBe(400);
        expect(res.json().code).toBe('url_not_allowed');
      }
      expect(site.requests.length).toBe(before);
    } finally {
      await strict.stop();
    }
  });
});
