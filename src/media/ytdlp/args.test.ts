import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../config.js';
import { downloadArgs, infoArgs, parseDownloadOutput, parseProgressLine, type DownloadRequest } from './args.js';
import { webOnly } from './guards.js';
import { YtdlpForkServer, ytdlpPaths } from './forkserver.js';

const URL = 'https://example.com/watch?v=abc';
const base: DownloadRequest = {
  format: 'mp4',
  quality: '1080p',
  audioOnly: false,
  start: null,
  end: null,
  subtitles: [],
  outputTemplate: '/data/job/source.%(ext)s',
  maxFileBytes: 1_000_000,
};
/** The value that follows `flag` in argv (undefined when the flag is absent). */
const valueOf = (argv: string[], flag: string): string | undefined => {
  const i = argv.indexOf(flag);
  return i < 0 ? undefined : argv[i + 1];
};

describe('infoArgs', () => {
  it('asks for one JSON document, lists playlists flat and ends with -- url', () => {
    const argv = infoArgs(URL, { playlist: true });
    expect(argv[0]).toBe('-J');
    expect(argv).toEqual(expect.arrayContaining(['--flat-playlist', '--ignore-config', '--no-cache-dir', '--no-warnings']));
    expect(argv.slice(-2)).toEqual(['--', URL]);
    expect(argv).not.toContain('--no-playlist');
  });

  it('single video, entry cap and engine options', () => {
    expect(infoArgs(URL, { playlist: false })).toContain('--no-playlist');
    expect(valueOf(infoArgs(URL, { playlist: true, maxEntries: 50 }), '--playlist-end')).toBe('50');
    const argv = infoArgs(URL, { playlist: false }, { proxy: '', ffmpegPath: '/opt/ff/ffmpeg' });
    expect(valueOf(argv, '--proxy')).toBe('');
    expect(valueOf(argv, '--ffmpeg-location')).toBe('/opt/ff/ffmpeg');
    // A bare command name is "from PATH"; yt-dlp would take it for a missing path.
    expect(infoArgs(URL, { playlist: false }, { ffmpegPath: 'ffmpeg' })).not.toContain('--ffmpeg-location');
  });

  it('keeps a URL that looks like an option after --', () => {
    const argv = infoArgs('--exec=rm -rf /', { playlist: false });
    expect(argv.slice(-2)).toEqual(['--', '--exec=rm -rf /']);
  });
});

describe('downloadArgs', () => {
  it('mp4: best at or below the ceiling, h264/aac first, merged into mp4 when they fit', () => {
    const argv = downloadArgs(URL, base);
    expect(valueOf(argv, '-f')).toBe(webOnly('bv*+ba/b'));
    expect(valueOf(argv, '-S')).toBe('res:1080,vcodec:h264,acodec:aac');
    expect(valueOf(argv, '--merge-output-format')).toBe('mp4/mkv');
    expect(valueOf(argv, '--max-filesize')).toBe('1000000');
    expect(valueOf(argv, '-o')).toBe('/data/job/source.%(ext)s');
    expect(argv).toEqual(expect.arrayContaining(['--no-playlist', '--newline', '--progress', '--no-mtime']));
    expect(argv).toEqual(expect.arrayContaining(['--ignore-config', '--no-cache-dir', '--no-warnings']));
    expect(valueOf(argv, '--progress-template')).toMatch(/^download:VCPROG %\(progress\.downloaded_bytes\)s/);
    expect(argv).toContain('after_move:VCFILE %(filepath)s');
    expect(argv.slice(-2)).toEqual(['--', URL]);
    expect(argv).not.toContain('--download-sections');
    expect(argv).not.toContain('--write-subs');
    expect(argv.some((a) => a.startsWith('--exec'))).toBe(false);
  });

  it('per target container and quality', () => {
    const webm = downloadArgs(URL, { ...base, format: 'webm', quality: '720p' });
    expect(valueOf(webm, '-S')).toBe('res:720,vcodec:vp9,acodec:opus');
    expect(valueOf(webm, '--merge-output-format')).toBe('webm/mkv');
    expect(valueOf(downloadArgs(URL, { ...base, format: 'mov' }), '--merge-output-format')).toBe('mov/mkv');
    const mkv = downloadArgs(URL, { ...base, format: 'mkv', quality: 'best' });
    expect(valueOf(mkv, '-S')).toBe('res');
    expect(valueOf(mkv, '--merge-output-format')).toBe('mkv');
    const original = downloadArgs(URL, { ...base, format: 'original', quality: 'worst' });
    expect(valueOf(original, '-S')).toBe('+res');
    expect(original).not.toContain('--merge-output-format');
    expect(valueOf(downloadArgs(URL, { ...base, quality: '240p' }), '-S')).toBe('res:240,vcodec:h264,acodec:aac');
  });

  it('audio targets pick an audio stream, preferring one that copies', () => {
    for (const [format, sort] of [['mp3', 'acodec:mp3'], ['m4a', 'acodec:aac'], ['opus', 'acodec:opus']] as const) {
      const argv = downloadArgs(URL, { ...base, format });
      expect(valueOf(argv, '-f')).toBe(webOnly('ba/b'));
      expect(valueOf(argv, '-S')).toBe(sort);
      expect(argv).not.toContain('--merge-output-format');
    }
    for (const format of ['wav', 'flac'] as const) {
      const argv = downloadArgs(URL, { ...base, format });
      expect(valueOf(argv, '-f')).toBe(webOnly('ba/b'));
      expect(argv).not.toContain('-S');
    }
    const audioOnlyMp4 = downloadArgs(URL, { ...base, audioOnly: true });
    expect(valueOf(audioOnlyMp4, '-f')).toBe(webOnly('ba/b'));
    expect(valueOf(audioOnlyMp4, '-S')).toBe('acodec:aac');
  });

  it('trims with --download-sections and cuts at forced keyframes', () => {
    const both = downloadArgs(URL, { ...base, start: 12.5, end: 30 });
    expect(valueOf(both, '--download-sections')).toBe('*12.5-30');
    expect(both).toContain('--force-keyframes-at-cuts');
    expect(valueOf(downloadArgs(URL, { ...base, start: 5 }), '--download-sections')).toBe('*5-inf');
    expect(valueOf(downloadArgs(URL, { ...base, end: 30 }), '--download-sections')).toBe('*0-30');
  });

  it('subtitles and engine options', () => {
    const argv = downloadArgs(URL, { ...base, subtitles: ['en', 'de'] }, { proxy: 'http://127.0.0.1:3128' });
    expect(argv).toContain('--write-subs');
    expect(valueOf(argv, '--sub-langs')).toBe('en,de');
    expect(valueOf(argv, '--proxy')).toBe('http://127.0.0.1:3128');
    expect(argv.slice(-2)).toEqual(['--', URL]);
  });
});

describe('parseProgressLine', () => {
  it('reads bytes against the exact total, else the estimate, else fragments', () => {
    expect(parseProgressLine('VCPROG 50 200 NA NA NA')).toBe(25);
    expect(parseProgressLine('VCPROG 50 NA 100 NA NA')).toBe(50);
    expect(parseProgressLine('VCPROG 5000 NA NA 3 12')).toBe(25);
    expect(parseProgressLine('  VCPROG 1024 4096 NA NA NA  ')).toBe(25);
  });

  it('clamps to 0-100 and refuses what it cannot read', () => {
    expect(parseProgressLine('VCPROG 300 200 NA NA NA')).toBe(100);
    expect(parseProgressLine('VCPROG -5 200 NA NA NA')).toBe(0);
    expect(parseProgressLine('VCPROG 50 NA NA NA NA')).toBeNull();
    expect(parseProgressLine('VCPROG 50 0 NA NA NA')).toBeNull();
    expect(parseProgressLine('[download]  50.0% of 10MiB')).toBeNull();
    expect(parseProgressLine('VCFILE /tmp/x.mp4')).toBeNull();
    expect(parseProgressLine('')).toBeNull();
  });
});

describe('parseDownloadOutput', () => {
  it('finds the final file and the subtitle files', () => {
    const stdout = [
      'VCPROG 1 2 NA NA NA',
      'VCFILE /data/job/source.mp4',
      'VCSUBS {"en": {"ext": "vtt", "filepath": "/data/job/source.en.vtt"}, "de": {"ext": "vtt"}}',
    ].join('\n');
    expect(parseDownloadOutput(stdout)).toMatchObject({ filepath: '/data/job/source.mp4', subtitles: { en: '/data/job/source.en.vtt' } });
  });

  it('reads what the extractor says about the source', () => {
    const chapters = '[{"start_time": 0, "end_time": 2, "title": "Intro"}, {"start_time": 2, "title": ""}, {"title": "no start"}]';
    const meta = `VCMETA {"title": "T", "uploader": null, "upload_date": "20240115", "description": "", "webpage_url": "https://p/v", "duration": 6.5, "chapters": ${chapters}}`;
    expect(parseDownloadOutput(`VCFILE /x.mp4\n${meta}\n`).meta).toEqual({
      title: 'T', uploader: null, uploadDate: '20240115', description: null, webpageUrl: 'https://p/v', duration: 6.5,
      chapters: [{ start: 0, end: 2, title: 'Intro' }, { start: 2, end: null, title: null }],
    });
    expect(parseDownloadOutput('VCMETA NA').meta.title).toBeNull();
  });

  it('reads whether the extractor called the source live (VCLIVE, printed before the match filter)', () => {
    expect(parseDownloadOutput('VCLIVE True\n').isLive).toBe(true);
    expect(parseDownloadOutput('VCLIVE NA\nVCFILE /x.mp4\n').isLive).toBe(false);
    expect(parseDownloadOutput('').isLive).toBeNull();
  });

  it('refuses live sources unless asked to record them, and records for max_duration', () => {
    const base: DownloadRequest = { format: 'mp4', quality: '1080p', audioOnly: false, start: null, end: null, subtitles: [], outputTemplate: 'o', maxFileBytes: 1 };
    const refuse = downloadArgs('https://x/v', base);
    expect(refuse[refuse.indexOf('--match-filter') + 1]).toBe('!is_live');
    const record = downloadArgs('https://x/v', { ...base, live: { maxDuration: 30, fromStartFlag: true } });
    expect(record).not.toContain('--match-filter');
    expect(record[record.indexOf('--downloader-args') + 1]).toBe('ffmpeg_o:-t 30');
    expect(record).toContain('--live-from-start');
  });

  it('asks for the uploader\'s tracks, the automatic captions, or both', () => {
    const base: DownloadRequest = { format: 'mp4', quality: '1080p', audioOnly: false, start: null, end: null, subtitles: ['en'], outputTemplate: 'o', maxFileBytes: 1 };
    const flags = (subtitleSource?: 'manual' | 'auto' | 'any') => downloadArgs('https://x/v', { ...base, subtitleSource }).filter((a) => /^--write-(auto-)?subs$/.test(a));
    expect([flags(), flags('manual'), flags('auto'), flags('any')]).toEqual([['--write-subs'], ['--write-subs'], ['--write-auto-subs'], ['--write-subs', '--write-auto-subs']]);
  });

  it('no file line means nothing was kept; NA subtitles mean none', () => {
    expect(parseDownloadOutput('VCPROG 1 2 NA NA NA\nVCSUBS NA\n')).toMatchObject({ filepath: null, subtitles: {} });
    expect(parseDownloadOutput('VCSUBS null')).toMatchObject({ filepath: null, subtitles: {} });
  });
});

// The same argv through the real yt-dlp, on made-up format lists (--load-info-json: no
// network), proves the selector and sort do what the comments above promise.
describe('format choice in real yt-dlp', () => {
  let server: YtdlpForkServer;
  let dir: string;
  const fmt = (id: string, vcodec: string, acodec: string, height: number | null, ext: string, tbr: number) => ({
    format_id: id,
    url: `http://127.0.0.1:9/${id}`,
    vcodec,
    acodec,
    height,
    width: height === null ? null : Math.round((height * 16) / 9),
    ext,
    tbr,
    protocol: 'https',
  });
  const formats = [
    fmt('av1-1080', 'av01.0.08M.08', 'none', 1080, 'mp4', 2000),
    fmt('vp9-1080', 'vp9', 'none', 1080, 'webm', 2500),
    fmt('h264-1080', 'avc1.640028', 'none', 1080, 'mp4', 4000),
    fmt('h264-720', 'avc1.64001f', 'none', 720, 'mp4', 2000),
    fmt('vp9-2160', 'vp9', 'none', 2160, 'webm', 9000),
    fmt('aud-opus', 'none', 'opus', null, 'webm', 130),
    fmt('aud-m4a', 'none', 'mp4a.40.2', null, 'm4a', 128),
    fmt('muxed-360', 'avc1.42001E', 'mp4a.40.2', 360, 'mp4', 500),
  ];

  beforeAll(async () => {
    server = await YtdlpForkServer.start({ python: ytdlpPaths(loadConfig({})).python });
    dir = await fs.mkdtemp(path.join(os.tmpdir(), 'vc-ytdlp-args-'));
    await fs.writeFile(
      path.join(dir, 'info.json'),
      JSON.stringify({ id: 'x', title: 'x', formats, extractor: 'test', extractor_key: 'Test', webpage_url: 'http://127.0.0.1:9/x' }),
    );
  });
  afterAll(async () => {
    await server?.close();
    if (dir) await fs.rm(dir, { recursive: true, force: true });
  });

  const choose = async (req: Partial<DownloadRequest>): Promise<string> => {
    const argv = downloadArgs('unused', { ...base, ...req }).slice(0, -2);
    const run = await server.run([...argv, '--simulate', '--print', '%(format_id)s %(ext)s', '--load-info-json', 'info.json'], {
      cwd: dir,
      timeoutMs: 30_000,
    });
    expect(run.code, run.stderr).toBe(0);
    return run.stdout.split('\n').filter((l) => l && !l.startsWith('VCLIVE ')).join('\n').trim();
  };

  it('picks by height first, then the codecs the target copies', async () => {
    expect(await choose({ quality: '1080p' })).toBe('h264-1080+aud-m4a mp4');
    expect(await choose({ quality: '720p' })).toBe('h264-720+aud-m4a mp4');
    expect(await choose({ format: 'webm', quality: '1080p' })).toBe('vp9-1080+aud-opus webm');
    expect(await choose({ quality: 'best', format: 'mkv' })).toBe('vp9-2160+aud-opus mkv');
  });

  it('falls back to the smallest source when nothing is that small; worst is the smallest', async () => {
    expect(await choose({ quality: '240p' })).toBe('muxed-360 mp4');
    expect(await choose({ quality: 'worst' })).toBe('muxed-360 mp4');
  });

  it('audio targets take the matching audio stream', async () => {
    expect(await choose({ format: 'm4a' })).toBe('aud-m4a m4a');
    expect(await choose({ format: 'opus' })).toBe('aud-opus webm');
  });
});
