import { describe, expect, it } from 'vitest';
import { heightFor, hlsUris, parseResolved, pinnedPlaylist, resolveArgs, streamOf } from './preview-source.js';

describe('preview source resolution', () => {
  it('asks yt-dlp for one format near the needed height, most seekable protocol first', () => {
    const a = resolveArgs('https://v.example/watch', { height: 360, withAudio: false });
    expect(a).toEqual(expect.arrayContaining(['-J', '--no-playlist', '-f', 'bv*/b', '-S', 'res:360,proto']));
    expect(a.slice(-2)).toEqual(['--', 'https://v.example/watch']);
    expect(resolveArgs('u', { height: 360, withAudio: true })).toContain('bv*+ba/b');
    expect(heightFor(480, 2160)).toBe(360);
    expect(heightFor(1920, 720)).toBe(720);
  });

  it('takes http, HLS and DASH formats; refuses others and cookie-bound ones', () => {
    expect(parseResolved({ protocol: 'https', url: 'https://cdn/v.mp4', format_id: '18', vcodec: 'avc1', http_headers: { 'User-Agent': 'x' } })).toEqual({
      formats: [{ url: 'https://cdn/v.mp4', protocol: 'https', formatId: '18', headers: { 'User-Agent': 'x' }, hasVideo: true, fragmentUrls: [] }],
    });
    const dash = parseResolved({ protocol: 'http_dash_segments', url: 'https://cdn/m.mpd', manifest_url: 'https://cdn/m.mpd', format_id: 'dash-3', fragment_base_url: 'https://seg.cdn/', fragments: [{ path: 'a.m4s' }] });
    expect(dash?.formats[0]).toMatchObject({ url: 'https://cdn/m.mpd', fragmentUrls: ['https://seg.cdn/', 'https://seg.cdn/a.m4s'] });
    expect(streamOf(dash!.formats[0], 'v')).toBe('m:id:3');
    expect(parseResolved({ protocol: 'rtmp', url: 'rtmp://x' })).toBeNull();
    expect(parseResolved({ protocol: 'https', url: 'https://cdn/v.mp4', http_headers: { Cookie: 'a=b' } })).toBeNull();
    expect(parseResolved({ protocol: 'https', url: 'file:///etc/passwd' })).toBeNull();
    expect(parseResolved({ requested_formats: [{ protocol: 'https', url: 'https://a/v', vcodec: 'avc1' }, { protocol: 'https', url: 'https://a/a', vcodec: 'none' }] })?.formats).toHaveLength(2);
  });

  it('lists every URI of an HLS playlist, keys and maps included', () => {
    const text = '#EXTM3U\n#EXT-X-KEY:METHOD=AES-128,URI="https://keys.example/k"\n#EXT-X-MAP:URI="init.mp4"\n#EXTINF:1,\nseg0.ts\n#EXTINF:1,\nhttp://169.254.169.254/seg1.ts\n';
    expect(hlsUris(text, 'https://cdn/hls/index.m3u8')).toEqual(['https://keys.example/k', 'https://cdn/hls/init.mp4', 'https://cdn/hls/seg0.ts', 'http://169.254.169.254/seg1.ts']);
  });

  it('pins a media playlist with absolute URIs; refuses to pin a master playlist', () => {
    const text = '#EXTM3U\n#EXT-X-MAP:URI="init.mp4"\n#EXTINF:1,\nseg0.m4s\n#EXT-X-ENDLIST';
    expect(pinnedPlaylist(text, 'https://cdn/v/index.m3u8')).toBe('#EXTM3U\n#EXT-X-MAP:URI="https://cdn/v/init.mp4"\n#EXTINF:1,\nhttps://cdn/v/seg0.m4s\n#EXT-X-ENDLIST');
    expect(pinnedPlaylist('#EXTM3U\n#EXT-X-STREAM-INF:BANDWIDTH=1\nlow.m3u8', 'https://cdn/m.m3u8')).toBeNull();
  });
});
