import { describe, expect, it } from 'vitest';
import { parseAttributes, pinPlaylist, playlistLines } from './hls.js';

const base = 'https://cdn.example/hls/index.m3u8';

describe('HLS attributes, read the way ffmpeg reads them (ff_parse_key_value)', () => {
  it('quoted, unquoted, escaped, comma- and space-separated', () => {
    expect(parseAttributes('METHOD=AES-128,URI="https://k/key",IV=0x01')).toEqual([
      { key: 'METHOD=', value: 'AES-128' },
      { key: 'URI=', value: 'https://k/key' },
      { key: 'IV=', value: '0x01' },
    ]);
    expect(parseAttributes('URI=file:///etc/passwd')).toEqual([{ key: 'URI=', value: 'file:///etc/passwd' }]);
    expect(parseAttributes('BYTERANGE=0, URI=x.mp4 FOO=1')).toEqual([
      { key: 'BYTERANGE=', value: '0' },
      { key: 'URI=', value: 'x.mp4' },
      { key: 'FOO=', value: '1' },
    ]);
    expect(parseAttributes('URI="a\\"b\\\\c"')).toEqual([{ key: 'URI=', value: 'a"b\\c' }]);
    // A key runs to the first "=": "X URI=" is one key, not URI.
    expect(parseAttributes('X URI=file:///x')).toEqual([{ key: 'X URI=', value: 'file:///x' }]);
    expect(parseAttributes('novalue')).toEqual([]);
  });

  it('splits lines on \\n, \\r, \\r\\n and NUL and drops trailing whitespace only', () => {
    expect(playlistLines('#EXTM3U\r\na.ts \t\rb.ts\0  c.ts\n')).toEqual(['#EXTM3U', 'a.ts', 'b.ts', '  c.ts', '']);
  });
});

describe('pinPlaylist', () => {
  it('makes every URI absolute and quotes every attribute of a tag that carries one', () => {
    const text = '#EXTM3U\n#EXT-X-KEY:METHOD=AES-128,URI=key.bin\n#EXT-X-MAP:URI="init.mp4",BYTERANGE="100@0"\n#EXTINF:1,\nseg0.m4s\n#EXT-X-ENDLIST';
    expect(pinPlaylist(text, base)).toEqual({
      ok: true,
      text: '#EXTM3U\n#EXT-X-KEY:METHOD="AES-128",URI="https://cdn.example/hls/key.bin"\n#EXT-X-MAP:URI="https://cdn.example/hls/init.mp4",BYTERANGE="100@0"\n#EXTINF:1,\nhttps://cdn.example/hls/seg0.m4s\n#EXT-X-ENDLIST\n',
      uris: ['https://cdn.example/hls/key.bin', 'https://cdn.example/hls/init.mp4', 'https://cdn.example/hls/seg0.m4s'],
    });
  });

  it.each([
    ['an unquoted file: map', '#EXT-X-MAP:URI=file:///srv/files/other/video.mp4'],
    ['a spaced file: map', '#EXT-X-MAP:BYTERANGE=0, URI=file:///x.mp4'],
    ['a quoted file: key', '#EXT-X-KEY:METHOD=AES-128,URI="file:///etc/hostname"'],
    ['an httpproxy segment', '#EXTINF:1,\nhttpproxy://10.0.0.1:22/h:443/seg.ts'],
    ['a data: segment', '#EXTINF:1,\ndata:video/mp2t;base64,AAAA'],
    ['a URI in any tag', '#EXT-X-PRELOAD-HINT:TYPE=PART,URI=ftp://10.0.0.1/x'],
  ])('refuses %s', (_name, line) => {
    expect(pinPlaylist(`#EXTM3U\n${line}\n#EXTINF:1,\nhttps://cdn.example/s.ts\n`, base)).toMatchObject({ ok: false, refused: expect.any(String) });
  });

  it('resolves relative URIs against the playlist, never to a local path', () => {
    const r = pinPlaylist('#EXTM3U\n#EXT-X-MAP:URI=../../../../etc/passwd\n#EXTINF:1,\n/srv/x.ts\n', base);
    expect(r).toMatchObject({ ok: true, uris: ['https://cdn.example/etc/passwd', 'https://cdn.example/srv/x.ts'] });
  });

  it('does not pin master playlists, non-playlists or lines ffmpeg would cut', () => {
    expect(pinPlaylist('#EXTM3U\n#EXT-X-STREAM-INF:BANDWIDTH=1\nlow.m3u8', base)).toMatchObject({ ok: false, unpinnable: 'a master playlist' });
    expect(pinPlaylist('<html>', base)).toMatchObject({ ok: false, unpinnable: 'not an HLS playlist' });
    expect(pinPlaylist(`#EXTM3U\n#EXTINF:1,\nhttps://cdn.example/${'a'.repeat(5000)}.ts`, base)).toMatchObject({ ok: false });
  });

  it('leaves tags without a URI as they were', () => {
    const r = pinPlaylist('#EXTM3U\n#EXT-X-TARGETDURATION:4\n#EXT-X-KEY:METHOD=NONE\n#EXTINF:4.0,title\nhttps://cdn.example/a.ts\n', base);
    expect(r).toMatchObject({ ok: true, text: '#EXTM3U\n#EXT-X-TARGETDURATION:4\n#EXT-X-KEY:METHOD=NONE\n#EXTINF:4.0,title\nhttps://cdn.example/a.ts\n' });
  });
});
