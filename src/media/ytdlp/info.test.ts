import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../config.js';
import { infoArgs } from './args.js';
import { CLIP_MODIFIED, PAGE_TITLE, startTestSite, type TestSite } from '../../../test/fixtures/ytdlp-site.js';
import { plainScope } from '../process/scope.js';
import { classifyYtdlpError } from './classify.js';
import { runYtdlpCli, ytdlpPaths, type YtdlpRunResult, type YtdlpRunner } from './forkserver.js';
import { extractInfo, isPlaylist, normalizeInfo, type VideoInfo } from './info.js';
import { createYtdlp } from './runner.js';

// API contract §6, GET /v1/info: exactly these, always present (the contract's, then ours:
// automatic captions, the picked format's facts, and which facts were probed).
const VIDEO_KEYS = [
  'id', 'title', 'description', 'uploader', 'uploader_id', 'channel', 'upload_date', 'timestamp',
  'duration', 'view_count', 'like_count', 'comment_count', 'thumbnail', 'thumbnails', 'tags',
  'categories', 'chapters', 'webpage_url', 'extractor', 'is_live', 'subtitles', 'formats',
  'automatic_captions', 'width', 'height', 'fps', 'vcodec', 'acodec', 'probed_fields',
].sort();
const FORMAT_KEYS = [
  'format_id', 'ext', 'width', 'height', 'fps', 'vcodec', 'acodec', 'abr', 'vbr', 'tbr', 'filesize', 'protocol',
].sort();

function asVideo(info: ReturnType<typeof normalizeInfo>): VideoInfo {
  if (isPlaylist(info)) throw new Error('expected a video');
  return info;
}

// Shaped like yt-dlp's YouTube output (trimmed), for the fields the generic extractor lacks.
const platformJson = {
  id: 'dQw4w9WgXcQ',
  title: 'A title',
  description: 'Line one\nLine two',
  uploader: 'Someone',
  uploader_id: '@someone',
  channel: 'Someone Music',
  upload_date: '20091025',
  timestamp: 1256453463,
  duration: 212.0,
  view_count: 1700000000,
  like_count: 18000000,
  comment_count: null,
  thumbnail: 'https://i.ytimg.com/vi/x/maxresdefault.jpg',
  thumbnails: [
    { url: 'https://i.ytimg.com/vi/x/default.jpg', width: 120, height: 90, preference: -10, id: '0' },
    { url: 'https://i.ytimg.com/vi/x/maxresdefault.jpg', preference: -1, id: '1' },
  ],
  tags: ['a', 'b', 3],
  categories: ['Music'],
  chapters: [
    { start_time: 0, end_time: 60.5, title: 'Intro' },
    { start_time: 60.5, end_time: 212, title: 'Song' },
  ],
  webpage_url: 'https://www.youtube.com/watch?v=dQw4w9WgXcQ',
  extractor: 'youtube',
  extractor_key: 'Youtube',
  live_status: 'not_live',
  subtitles: { en: [{ ext: 'vtt' }], 'de-DE': [{ ext: 'vtt' }], live_chat: [{ ext: 'json' }] },
  automatic_captions: { fr: [{ ext: 'vtt' }] },
  formats: [
    { format_id: '140', ext: 'm4a', vcodec: 'none', acodec: 'mp4a.40.2', abr: 129.5, tbr: 129.5, filesize: 3433514, protocol: 'https', asr: 44100 },
    { format_id: '137', ext: 'mp4', width: 1920, height: 1080, fps: 25, vcodec: 'avc1.640028', acodec: 'none', vbr: 1990.5, tbr: 1990.5, filesize_approx: 52795133, protocol: 'https' },
    { format_id: 'hls-1', ext: 'mp4', protocol: 'm3u8_native' },
  ],
};

describe('normalizeInfo (made-up platform JSON)', () => {
  it('keeps exactly the contract fields, converted', () => {
    const info = asVideo(normalizeInfo(platformJson));
    expect(Object.keys(info).sort()).toEqual(VIDEO_KEYS);
    expect(info).toMatchObject({
      id: 'dQw4w9WgXcQ',
      upload_date: '2009-10-25',
      timestamp: 1256453463,
      duration: 212,
      comment_count: null,
      thumbnail: 'https://i.ytimg.com/vi/x/maxresdefault.jpg',
      tags: ['a', 'b'],
      categories: ['Music'],
      extractor: 'youtube',
      is_live: false,
      subtitles: ['en', 'de-DE'],
    });
    expect(info.thumbnails).toEqual([
      { url: 'https://i.ytimg.com/vi/x/default.jpg', width: 120, height: 90 },
      { url: 'https://i.ytimg.com/vi/x/maxresdefault.jpg', width: null, height: null },
    ]);
    expect(info.chapters[1]).toEqual({ start_time: 60.5, end_time: 212, title: 'Song' });
  });

  it('formats: "none" codecs are null, filesize falls back to the estimate, unknowns are null', () => {
    const [audio, video, hls] = asVideo(normalizeInfo(platformJson)).formats;
    for (const f of [audio, video, hls]) expect(Object.keys(f).sort()).toEqual(FORMAT_KEYS);
    expect(audio).toMatchObject({ vcodec: null, acodec: 'mp4a.40.2', abr: 129.5, filesize: 3433514, width: null });
    expect(video).toMatchObject({ vcodec: 'avc1.640028', acodec: null, height: 1080, fps: 25, filesize: 52795133 });
    expect(hls).toEqual({ ...Object.fromEntries(FORMAT_KEYS.map((k) => [k, null])), format_id: 'hls-1', ext: 'mp4', protocol: 'm3u8_native' });
  });

  it('an almost empty object still answers every field', () => {
    const info = asVideo(normalizeInfo({ id: 42, upload_date: 'garbage', is_live: true }));
    expect(Object.keys(info).sort()).toEqual(VIDEO_KEYS);
    expect(info).toMatchObject({ id: '42', title: null, upload_date: null, is_live: true, thumbnail: null });
    for (const k of ['thumbnails', 'tags', 'categories', 'chapters', 'subtitles', 'automatic_captions', 'formats', 'probed_fields'] as const) expect(info[k]).toEqual([]);
    expect(() => normalizeInfo('nope')).toThrow(TypeError);
  });

  it('playlists: flat entries, nested playlists flattened, unavailable entries dropped', () => {
    const info = normalizeInfo({
      _type: 'playlist',
      id: 'PL1',
      title: 'A list',
      webpage_url: 'https://example.com/list',
      extractor: 'youtube:tab',
      entries: [
        { _type: 'url', ie_key: 'Youtube', id: 'a', title: 'First', url: 'https://example.com/a', duration: 10 },
        null,
        { _type: 'playlist', id: 'PL2', entries: [{ id: 'b', title: 'Nested' }] },
      ],
    });
    if (!isPlaylist(info)) throw new Error('expected a playlist');
    expect(Object.keys(info).sort()).toEqual(['_type', 'entries', 'extractor', 'id', 'title', 'webpage_url']);
    expect(info.entries.map((e) => e.id)).toEqual(['a', 'b']);
    expect(info.entries[0]).toMatchObject({ webpage_url: 'https://example.com/a', extractor: 'youtube', duration: 10, formats: [] });
    for (const e of info.entries) expect(Object.keys(e).sort()).toEqual(VIDEO_KEYS);
  });
});

describe('normalizeInfo (real yt-dlp JSON from a local site)', () => {
  let site: TestSite;
  const ytdlp = ytdlpPaths(loadConfig({})).ytdlp;
  const info = async (path: string): Promise<unknown> => {
    const run = await runYtdlpCli(ytdlp, infoArgs(site.url(path), { playlist: true }, { proxy: '' }), { timeoutMs: 60_000 });
    expect(run.code, run.stderr).toBe(0);
    return JSON.parse(run.stdout) as unknown;
  };
  beforeAll(async () => {
    site = await startTestSite();
  });
  afterAll(async () => {
    await site?.close();
  });

  it('a direct mp4 link', async () => {
    const v = asVideo(normalizeInfo(await info('/clip.mp4')));
    expect(Object.keys(v).sort()).toEqual(VIDEO_KEYS);
    expect(v).toMatchObject({ id: 'clip', title: 'clip', extractor: 'generic', webpage_url: site.url('/clip.mp4') });
    // The generic extractor reads the upload time from Last-Modified.
    expect(v).toMatchObject({ upload_date: '2015-10-21', timestamp: CLIP_MODIFIED.getTime() / 1000 });
    expect(v.formats).toHaveLength(1);
    expect(v.formats[0]).toMatchObject({ ext: 'mp4', protocol: 'http', vcodec: null });
  });

  it('a page with <video> and a subtitle track', async () => {
    const v = asVideo(normalizeInfo(await info('/page.html')));
    expect(v.title).toContain(PAGE_TITLE);
    expect(v.subtitles).toEqual(['en']);
    expect(v.thumbnail).toBe(site.url('/thumb.jpg'));
    expect(v.webpage_url).toBe(site.url('/page.html'));
    expect(v.formats.map((f) => f.ext)).toEqual(['mp4']);
  });

  it('a page with two videos is a playlist', async () => {
    const p = normalizeInfo(await info('/two.html'));
    if (!isPlaylist(p)) throw new Error('expected a playlist');
    expect(p).toMatchObject({ _type: 'playlist', title: 'Two videos', extractor: 'generic', webpage_url: site.url('/two.html') });
    expect(p.entries).toHaveLength(2);
    for (const e of p.entries) expect(Object.keys(e).sort()).toEqual(VIDEO_KEYS);
  });
});

describe('classifyYtdlpError', () => {
  const url = 'https://example.com/x';
  it('no extractor, nothing to play -> unsupported_url naming the URL', () => {
    for (const stderr of [
      `ERROR: Unsupported URL: ${url}\n`,
      'WARNING: [generic] Falling back on generic information extractor\nERROR: [generic] No video formats found!',
      'ERROR: [twitter] 123: No video could be found in this tweet',
    ]) {
      expect(classifyYtdlpError(stderr, url)).toEqual({ code: 'unsupported_url', detail: `Could not extract info from URL: ${url}` });
    }
  });

  it('the source failing -> upstream_error with yt-dlp\'s last error line', () => {
    const cases: [string, RegExp][] = [
      ['ERROR: [generic] x: Unable to download webpage: HTTP Error 404: Not Found (caused by <HTTPError 404>)', /HTTP Error 404/],
      ['ERROR: [youtube] abc: Video unavailable. This video is private', /private/],
      ['ERROR: [youtube] abc: The uploader has not made this video available in your country', /country/],
      ['\x1b[0;31mERROR:\x1b[0m [generic] Unable to download webpage: [Errno 111] Connection refused', /^\[generic\] Unable to download webpage: \[Errno 111\] Connection refused$/],
      ['Traceback (most recent call last):\nKeyError: \'x\'', /KeyError/],
    ];
    for (const [stderr, detail] of cases) {
      const f = classifyYtdlpError(stderr, url);
      expect(f.code).toBe('upstream_error');
      expect(f.detail).toMatch(detail);
    }
    expect(classifyYtdlpError('', url).code).toBe('upstream_error');
  });

  // Plain HTTP goes through the egress proxy as a CONNECT tunnel in the fork server, so a
  // source that cannot be reached fails the CONNECT, which requests reports as a proxy fault
  // with yt-dlp's bug-report plea: the caller is told what the forwarded request used to say.
  it('a source the egress proxy could not reach reads as its HTTP status, without the proxy or the bug-report plea', () => {
    const stderr =
      "ERROR: [generic] page: Unable to download webpage: ('Unable to connect to proxy', OSError('Tunnel connection failed: 502 Bad Gateway')) " +
      "(caused by ProxyError(\"('Unable to connect to proxy', OSError('Tunnel connection failed: 502 Bad Gateway'))\")); please report this issue on  " +
      'https://github.com/yt-dlp/yt-dlp/issues?q= , filling out the appropriate issue template. Confirm you are on the latest version using  yt-dlp -U';
    expect(classifyYtdlpError(stderr, url)).toEqual({ code: 'upstream_error', detail: '[generic] page: Unable to download webpage: HTTP Error 502: Bad Gateway' });
    const refused = stderr.replaceAll('502 Bad Gateway', '403 Refused By VideoConduit URL Policy');
    expect(classifyYtdlpError(refused, url)).toMatchObject({ code: 'url_not_allowed', detail: expect.stringMatching(/Unable to download webpage: HTTP Error 403: Refused By VideoConduit URL Policy$/) });
    expect(classifyYtdlpError(`ERROR: ${'x'.repeat(5000)}`, url).detail.length).toBeLessThanOrEqual(501);
  });
});

describe('extractInfo outcomes', () => {
  const exec = (r: Partial<YtdlpRunResult>): YtdlpRunner => ({
    run: async () => ({ code: 0, stdout: '', stderr: '', timedOut: false, aborted: false, ...r }),
  });
  const runner = (r: Partial<YtdlpRunResult>) => createYtdlp(exec(r), { pluginDirs: [] });
  const opts = plainScope({ timeoutMs: 5000 });
  it('maps time-outs, aborts, failures and bad JSON to values', async () => {
    expect(await extractInfo(runner({ code: null, timedOut: true }), 'u', opts)).toEqual({ ok: false, failure: { code: 'timeout', detail: expect.any(String) } });
    expect(await extractInfo(runner({ code: null, aborted: true }), 'u', opts)).toMatchObject({ ok: false, failure: { code: 'cancelled' } });
    expect(await extractInfo(runner({ code: 1, stderr: 'ERROR: Unsupported URL: u' }), 'u', opts)).toMatchObject({ ok: false, failure: { code: 'unsupported_url' } });
    expect(await extractInfo(runner({ stdout: '{"id":' }), 'u', opts)).toMatchObject({ ok: false, failure: { code: 'upstream_error' } });
    expect(await extractInfo(runner({ stdout: '{"id":"a"}' }), 'u', opts)).toMatchObject({ ok: true, info: { id: 'a', formats: [] } });
  });
});
