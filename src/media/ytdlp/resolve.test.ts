import { describe, expect, it } from 'vitest';
import { parseResolved, parseResolvedAudio, previewDownloadArgs, resolveArgs, resolveAudioArgs, streamOf } from './resolve.js';
import { WEB_FORMAT, webOnly } from './guards.js';

describe('format resolution for previews and speech', () => {
  it('asks yt-dlp for one web format near the needed height, most seekable protocol first', () => {
    const a = resolveArgs('https://v.example/watch', { height: 360, withAudio: false });
    expect(a).toEqual(expect.arrayContaining(['-J', '--no-playlist', '-f', webOnly('bv*/b'), '-S', 'res:360,proto']));
    expect(a.slice(-2)).toEqual(['--', 'https://v.example/watch']);
    expect(resolveArgs('u', { height: 360, withAudio: true })).toContain(webOnly('bv*+ba/b'));
    const d = previewDownloadArgs('u', { height: 360, withAudio: false, dir: '/w', maxFileBytes: 10 });
    expect(d).toEqual(expect.arrayContaining(['-f', webOnly('bv*/b'), '--max-filesize', '10', '-o', '/w/source.%(ext)s']));
    expect(resolveAudioArgs('u')).toEqual(expect.arrayContaining(['-f', webOnly('ba/b')]));
  });

  it('filters every format of a selector to web protocols', () => {
    expect(webOnly('bv*+ba/b')).toBe(`bv*${WEB_FORMAT}+ba${WEB_FORMAT}/b${WEB_FORMAT}`);
    const re = new RegExp(/'(.*)'/.exec(WEB_FORMAT)?.[1] ?? 'x');
    for (const p of ['http', 'https', 'm3u8', 'm3u8_native', 'http_dash_segments']) expect(re.test(p), p).toBe(true);
    for (const p of ['ftp', 'ftps', 'rtmp', 'rtmpe', 'rtsp', 'mms', 'f4m', 'websocket_frag', 'https+ftp', 'xhttp']) expect(re.test(p), p).toBe(false);
  });

  it('takes http, HLS and DASH formats; refuses others and cookie-bound ones', () => {
    expect(parseResolved({ protocol: 'https', url: 'https://cdn/v.mp4', format_id: '18', vcodec: 'avc1', http_headers: { 'User-Agent': 'x' } })).toEqual([
      { url: 'https://cdn/v.mp4', kind: 'file', formatId: '18', headers: { 'User-Agent': 'x' }, hasVideo: true, fragmentUrls: [] },
    ]);
    const dash = parseResolved({ protocol: 'http_dash_segments', url: 'https://cdn/m.mpd', manifest_url: 'https://cdn/m.mpd', format_id: 'dash-3', fragment_base_url: 'https://seg.cdn/', fragments: [{ path: 'a.m4s' }] });
    expect(dash?.[0]).toMatchObject({ url: 'https://cdn/m.mpd', kind: 'dash', fragmentUrls: ['https://seg.cdn/', 'https://seg.cdn/a.m4s'] });
    expect(streamOf(dash![0], 'v')).toBe('m:id:3');
    expect(parseResolved({ protocol: 'm3u8_native', url: 'https://cdn/i.m3u8' })?.[0].kind).toBe('hls');
    expect(parseResolved({ protocol: 'rtmp', url: 'rtmp://x' })).toBeNull();
    expect(parseResolved({ protocol: 'https', url: 'https://cdn/v.mp4', http_headers: { Cookie: 'a=b' } })).toBeNull();
    expect(parseResolved({ protocol: 'https', url: 'file:///etc/passwd' })).toBeNull();
    expect(parseResolved({ requested_formats: [{ protocol: 'https', url: 'https://a/v', vcodec: 'avc1' }, { protocol: 'https', url: 'https://a/a', vcodec: 'none' }] })).toHaveLength(2);
  });

  it('parses a resolved audio URL: direct only when plain HTTP(S), the duration either way', () => {
    expect(parseResolvedAudio('x\nVCAUDIO {"url":"https://c.test/a","protocol":"https","http_headers":{"User-Agent":"u"},"duration":3.5}\n')).toEqual({
      url: 'https://c.test/a', headers: { 'User-Agent': 'u' }, duration: 3.5, isLive: false,
    });
    expect(parseResolvedAudio('VCAUDIO {"url":"https://c.test/a.m3u8","protocol":"m3u8_native","duration":9}')).toMatchObject({ url: null, duration: 9 });
    expect(parseResolvedAudio('VCAUDIO {"url":"file:///etc/passwd","protocol":"http"}').url).toBeNull();
    expect(parseResolvedAudio('nothing')).toEqual({ url: null, headers: {}, duration: null, isLive: false });
  });
});
