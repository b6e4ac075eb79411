import { describe, expect, it } from 'vitest';
import { CONTAINERS, HLS_DEMUXERS, localMedia, networkMedia, WEB_PROTOCOLS } from './input.js';
import { autoThumbnailArgs, clipArgs, evenHeight, gifArgs, inputArgs, parseShowinfoTimes, thumbnailArgs, ts, type PreviewInput } from './preview-args.js';

const remote: PreviewInput = { input: networkMedia('https://cdn.example/v.mp4', 'file', { 'User-Agent': 'UA/1', Referer: 'https://example/page' }), videoStream: 'v:0' };
const local: PreviewInput = { input: localMedia('work/source.mkv'), videoStream: 'v:0' };

const after = (args: string[], flag: string) => args[args.indexOf(flag) + 1];

describe('preview argv builders', () => {
  it('seeks on the input side, with the network whitelist for URLs and file/pipe for files', () => {
    const a = thumbnailArgs(remote, { time: 41.3, width: 320, output: '/out/t.jpg' });
    expect(a.indexOf('-ss')).toBeLessThan(a.indexOf('-i'));
    expect(after(a, '-ss')).toBe('41.300');
    expect(after(a, '-protocol_whitelist')).toBe(WEB_PROTOCOLS);
    expect(a.join(' ')).not.toMatch(/allowed_extensions|file,|http_proxy/);
    expect(after(a, '-user_agent')).toBe('UA/1');
    expect(after(a, '-headers')).toBe('Referer: https://example/page\r\n');
    expect(after(a, '-frames:v')).toBe('1');
    // Containers only: a server cannot turn a file URL into a playlist that points elsewhere.
    expect(after(a, '-format_whitelist')).toBe(CONTAINERS);
    expect(after(thumbnailArgs({ ...remote, input: networkMedia('https://cdn.example/v.m3u8', 'hls') }, { time: 1, width: 320, output: 'o.jpg' }), '-format_whitelist')).toBe(HLS_DEMUXERS);
    expect(a.at(-1)).toBe('/out/t.jpg');
    const l = thumbnailArgs(local, { time: 0, width: 320, output: 'o.jpg' });
    expect(after(l, '-protocol_whitelist')).toBe('file,pipe');
    expect(after(l, '-i')).toBe('./work/source.mkv');
    expect(l).not.toContain('-ss'); // 0 needs no seek
    expect(after(l, '-format_whitelist')).toBe(CONTAINERS);
  });

  it('drops headers that would inject CR/LF', () => {
    const a = inputArgs({ ...remote, input: networkMedia('https://cdn.example/v.mp4', 'file', { 'X-Evil': 'a\r\nHost: other', 'Bad Name': 'x', Accept: '*/*' }) }, null);
    expect(after(a, '-headers')).toBe('Accept: */*\r\n');
  });

  it('auto thumbnail samples a window, drops blank frames by entropy and logs the pick', () => {
    const a = autoThumbnailArgs(remote, { start: 15, window: 10, width: 480, output: 'o.jpg' });
    expect(after(a, '-ss')).toBe('15.000');
    expect(after(a, '-t')).toBe('10.000');
    expect(after(a, '-vf')).toMatch(/^select='isnan\(prev_selected_t\)\+gte\(t-prev_selected_t,0\.5\)',entropy,metadata=mode=select:key=lavfi\.entropy\.normalized_entropy\.normal\.Y:value=0\.3:function=greater,thumbnail=n=20,scale=480:.*,showinfo$/);
    expect(after(a, '-loglevel')).toBe('info');
  });

  it('parses showinfo times', () => {
    expect(parseShowinfoTimes(['[Parsed_showinfo_6 @ 0x1] n:   0 pts:      3 pts_time:1.5     pos: 1', '[Parsed_showinfo_6 @ 0x1] config in time_base: 1/2', 'frame= 1'])).toEqual([1.5]);
  });

  it('gif: palettegen/paletteuse from the clip; webp: libwebp_anim', () => {
    const g = gifArgs(remote, { start: 1, duration: 2, fps: 10, width: 200, format: 'gif', output: 'o.gif' });
    expect(after(g, '-t')).toBe('2.000');
    expect(after(g, '-filter_complex')).toMatch(/^\[0:v:0\]fps=10,scale=200:.*split\[a\]\[b\];\[a\]palettegen=stats_mode=diff\[p\];\[b\]\[p\]paletteuse=/);
    expect(after(g, '-loop')).toBe('0');
    const w = gifArgs(remote, { start: 1, duration: 2, fps: 10, width: 200, format: 'webp', output: 'o.webp' });
    expect(after(w, '-c:v')).toBe('libwebp_anim');
    expect(after(w, '-f')).toBe('webp');
  });

  it('clip re-encodes the window; a separate audio input is seeked the same way', () => {
    const audio: PreviewInput = { input: networkMedia('https://cdn.example/a.m4a', 'file'), videoStream: 'v:0' };
    const c = clipArgs(remote, audio, { start: 1.52, duration: 2, width: null, maxHeight: 720, output: 'c.mp4' });
    expect(c.filter((x) => x === '-ss')).toHaveLength(2);
    expect(c.filter((x) => x === '-i')).toHaveLength(2);
    expect(c).toEqual(expect.arrayContaining(['-map', '0:v:0', '1:a:0?', '-c:v', 'libx264', '-c:a', 'aac', '+faststart']));
    expect(after(c, '-vf')).toBe("scale=-2:'min(ih,720)':flags=bicubic,setsar=1");
    expect(after(clipArgs(remote, null, { start: 0, duration: 2, width: 320, maxHeight: 720, output: 'c.mp4' }), '-map')).toBe('0:v:0');
  });

  it('formats times and even heights', () => {
    expect(ts(1 / 3)).toBe('0.333');
    expect(ts(-1)).toBe('0.000');
    expect(evenHeight(480, 1920, 1080)).toBe(270);
    expect(evenHeight(100, 640, 360)).toBe(56);
    expect(evenHeight(16, 16, 1)).toBe(2);
  });
});
