import { describe, expect, it } from 'vitest';
import { MAX_PIXELS } from './limits.js';
import { assertGuardedInputs, CONTAINERS, downloaderInputGuards, isContainer, localMedia, localSubtitles, networkMedia, postprocessorInputGuards, SUBTITLE_FORMATS, WEB_PROTOCOLS } from './input.js';

const after = (args: string[], flag: string) => args[args.indexOf(flag) + 1];

describe('MediaInput', () => {
  it('local files: file/pipe only, single-file containers only', () => {
    const a = localMedia('/data/work/source.mp4').args();
    expect(a).toEqual(['-protocol_whitelist', 'file,pipe', '-format_whitelist', CONTAINERS, '-max_pixels', '67108864', '-i', '/data/work/source.mp4']);
    for (const opener of ['hls', 'dash', 'concat', 'imf', 'image2', 'vobsub', 'sdp', 'rtsp', 'lavfi', 'mpegdash']) expect(CONTAINERS.split(','), opener).not.toContain(opener);
    expect(after(localSubtitles('/w/en.vtt').args(), '-format_whitelist')).toBe(SUBTITLE_FORMATS);
  });

  it('keeps relative names from reading as options or protocols', () => {
    expect(localMedia('-i.mp4').args().at(-1)).toBe('./-i.mp4');
    expect(localMedia('concat:a|b').args().at(-1)).toBe('./concat:a|b');
  });

  it('network inputs: web protocols (never file), the demuxers of their kind, a read timeout, no proxy in argv', () => {
    const a = networkMedia('https://cdn.example/v.m3u8', 'hls').args({ seek: 3 });
    expect(after(a, '-protocol_whitelist')).toBe(WEB_PROTOCOLS);
    expect(WEB_PROTOCOLS.split(',')).not.toContain('file');
    expect(after(a, '-format_whitelist')).toMatch(/^hls,/);
    expect(after(a, '-rw_timeout')).toBe('30000000');
    expect(after(a, '-max_pixels')).toBe(String(MAX_PIXELS));
    expect(a).not.toContain('-http_proxy');
    expect(a.slice(-4)).toEqual(['-ss', '3.000', '-i', 'https://cdn.example/v.m3u8']);
    expect(() => networkMedia('file:///etc/passwd', 'file')).toThrow(RangeError);
  });

  it('drops headers that would inject CR/LF; the user agent has its own option', () => {
    const a = networkMedia('https://x/v', 'file', { 'User-Agent': 'UA/1', 'X-Evil': 'a\r\nHost: other', 'Bad Name': 'x', Accept: '*/*' }).args();
    expect(after(a, '-user_agent')).toBe('UA/1');
    expect(after(a, '-headers')).toBe('Accept: */*\r\n');
  });

  it('positions: seek, duration, end', () => {
    expect(localMedia('/a.mkv').args({ seek: 0, duration: 2.5, to: null }).slice(-4)).toEqual(['-t', '2.500', '-i', '/a.mkv']);
    expect(localMedia('/a.mkv').args({ seek: 1, to: 4 }).slice(-6)).toEqual(['-ss', '1.000', '-to', '4.000', '-i', '/a.mkv']);
  });

  it('guards for the ffmpeg yt-dlp starts: web protocols to download, local containers to post-process', () => {
    const d = downloaderInputGuards();
    expect(after(d, '-protocol_whitelist')).toBe(WEB_PROTOCOLS);
    expect(after(d, '-loglevel')).toBe('info');
    expect(after(postprocessorInputGuards(), '-protocol_whitelist')).toBe('file,pipe');
    expect(after(postprocessorInputGuards(), '-format_whitelist')).toBe(CONTAINERS);
  });

  it('knows a container from a playlist', () => {
    expect(isContainer('mov,mp4,m4a,3gp,3g2,mj2')).toBe(true);
    expect(isContainer('matroska,webm')).toBe(true);
    expect(isContainer('hls')).toBe(false);
    expect(isContainer('concat')).toBe(false);
  });
});

describe('assertGuardedInputs', () => {
  it('passes argv whose every input came from MediaInput', () => {
    expect(() => assertGuardedInputs(['-y', ...localMedia('/a').args(), ...networkMedia('https://x/a', 'file').args(), 'out.mkv'])).not.toThrow();
  });
  it('throws for an input opened any other way', () => {
    expect(() => assertGuardedInputs(['-i', '/a'])).toThrow(/not built by/);
    expect(() => assertGuardedInputs([...localMedia('/a').args(), '-protocol_whitelist', 'file', '-i', '/b'])).toThrow(/"\/b"/);
  });
});
