// End to end: POST /v1/preview with real yt-dlp and ffmpeg against the local media site.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { webpInfo } from '../src/media/ffmpeg/preview-image.js';
import { startMediaSite, type MediaSite } from './fixtures/site.js';
import { REPO, startTestService, waitForJob, type TestService } from './helpers/service.js';
import { serveDir, type StaticServer } from './helpers/static-server.js';

type Json = Record<string, any>;

function ffprobe(file: string, countFrames = false): { format: { duration?: string }; streams: Json[] } {
  const args = ['-v', 'error', '-print_format', 'json', '-show_format', '-show_streams', ...(countFrames ? ['-count_frames'] : []), file];
  return JSON.parse(execFileSync('ffprobe', args, { encoding: 'utf8' }));
}

/** One frame as 8-bit gray pixels: `-ss` (exact) on `input`, scaled to w x h, optionally cropped. */
function gray(input: string, w: number, h: number, opts: { ss?: number; crop?: string } = {}): Buffer {
  const vf = [opts.crop ? `crop=${opts.crop}` : null, `scale=${w}:${h}`].filter(Boolean).join(',');
  const ss = opts.ss !== undefined ? ['-ss', String(opts.ss)] : [];
  return execFileSync('ffmpeg', ['-v', 'error', ...ss, '-i', input, '-frames:v', '1', '-vf', vf, '-f', 'rawvideo', '-pix_fmt', 'gray', '-'], { maxBuffer: 64 << 20 });
}

/** Mean absolute difference of two equally sized gray frames (0–255). */
function mad(a: Buffer, b: Buffer): number {
  expect(a.length).toBe(b.length);
  let sum = 0;
  for (let i = 0; i < a.length; i++) sum += Math.abs(a[i] - b[i]);
  return sum / a.length;
}

/** 8 s at 160x90: red, testsrc2, blue, smptebars, 2 s each — scene changes at 2, 4 and 6 s. */
function sceneFixture(dir: string): string {
  const out = path.join(dir, 'scenes.mp4');
  if (fs.existsSync(out)) return out;
  fs.mkdirSync(dir, { recursive: true });
  const src = ['color=c=red:', 'testsrc2=', 'color=c=blue:', 'smptebars='].map((s) => `${s}size=160x90:rate=25:duration=2`);
  const inputs = src.flatMap((s) => ['-f', 'lavfi', '-i', s]);
  const tmp = `${out}.${process.pid}.mp4`;
  execFileSync('ffmpeg', ['-v', 'error', '-y', ...inputs, '-filter_complex', '[0:v][1:v][2:v][3:v]concat=n=4:v=1:a=0[v]', '-map', '[v]', '-c:v', 'libx264', '-preset', 'ultrafast', '-pix_fmt', 'yuv420p', '-movflags', '+faststart', tmp]);
  fs.renameSync(tmp, out);
  return out;
}

/** An HTTP server on 127.0.0.2 that records every request: nothing should ever reach it. */
async function startCanary(): Promise<{ url: string; hits: string[]; close(): Promise<void> }> {
  const hits: string[] = [];
  const server = http.createServer((req, res) => {
    hits.push(req.url ?? '');
    res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.2', resolve));
  return {
    url: `http://127.0.0.2:${(server.address() as AddressInfo).port}`,
    hits,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

describe('preview jobs', () => {
  let svc: TestService;
  let site: MediaSite;
  let scenes: StaticServer;
  let auth: { authorization: string };
  let fixtures: string;
  beforeAll(async () => {
    site = await startMediaSite();
    fixtures = path.join(REPO, '.cache', 'preview-fixtures');
    sceneFixture(fixtures);
    scenes = await serveDir(fixtures);
    svc = await startTestService('sqlite', { VC_JOB_CONCURRENCY: '2' });
    auth = (await svc.account(200)).auth;
  }, 120_000);
  afterAll(async () => {
    await svc?.stop();
    await site?.close();
    await scenes?.close();
  });

  const submit = (body: Json) => svc.app.inject({ method: 'POST', url: '/v1/preview', headers: auth, payload: body });
  async function preview(body: Json): Promise<Json> {
    const res = await submit(body);
    expect(res.statusCode, res.body).toBe(202);
    expect(res.json().credits_charged).toBe(1);
    return waitForJob(svc, auth, res.json().job_id, 90_000);
  }
  async function fetchUrl(url: string) {
    const u = new URL(url, 'http://x');
    return svc.app.inject({ method: 'GET', url: u.pathname + u.search });
  }
  /** The job's main output, saved to a temp file for ffprobe. */
  async function saved(job: Json, url = job.download_url as string, name = job.result.filename as string): Promise<string> {
    const res = await fetchUrl(url);
    expect(res.statusCode).toBe(200);
    const file = path.join(svc.dataDir, `${job.job_id}-${name}`);
    fs.writeFileSync(file, res.rawPayload);
    return file;
  }
  const done = (job: Json) => expect(job.status, JSON.stringify(job.error)).toBe('completed');

  it('thumbnail: the exact frame at the timestamp, read by seeking (Range) in the source', async () => {
    const long = site.media.long;
    const before = site.requests.length;
    const job = await preview({ url: site.url('/media/long.mp4'), preview_type: 'thumbnail', timestamp: 41.3, width: 320 });
    done(job);
    expect(job.result).toMatchObject({ preview_type: 'thumbnail', mime_type: 'image/jpeg', width: 320, height: 180, timestamp: 41.3, source_access: 'seek', filename: 'thumbnail.jpg' });
    const file = await saved(job);
    const s = ffprobe(file).streams[0];
    expect([s.codec_name, s.width, s.height]).toEqual(['mjpeg', 320, 180]);
    expect(job.result.size_bytes).toBe(fs.statSync(file).size);
    const ours = gray(file, 160, 90);
    expect(mad(ours, gray(long.path, 160, 90, { ss: 41.3 }))).toBeLessThan(4);
    // A frame 2 s away differs clearly, so the comparison above can fail.
    expect(mad(ours, gray(long.path, 160, 90, { ss: 43.3 }))).toBeGreaterThan(8);
    const ranged = site.requests.slice(before).filter((r) => r.path === '/media/long.mp4' && r.range !== null);
    expect(ranged.length).toBeGreaterThan(0);
  });

  it('thumbnail: default 25% of the duration; "auto" picks a non-blank frame and reports its time', async () => {
    const def = await preview({ url: site.url('/media/long.mp4'), preview_type: 'thumbnail' });
    done(def);
    expect(def.result.timestamp).toBe(15);
    expect(def.result.width).toBe(480);
    expect(def.result.height).toBe(270);
    const auto = await preview({ url: site.url('/media/long.mp4'), preview_type: 'thumbnail', timestamp: 'auto', width: 320 });
    done(auto);
    expect(auto.result.auto).toBe('picked');
    expect(auto.result.timestamp).toBeGreaterThanOrEqual(15);
    expect(auto.result.timestamp).toBeLessThanOrEqual(25);
    const file = await saved(auto);
    expect(mad(gray(file, 160, 90), gray(site.media.long.path, 160, 90, { ss: auto.result.timestamp }))).toBeLessThan(4);
  });

  it('thumbnail from a page URL (yt-dlp finds the file) and from HLS and DASH, all by seeking', async () => {
    for (const p of ['/page/video.html', '/hls/master.m3u8', '/dash/manifest.mpd']) {
      const job = await preview({ url: site.url(p), preview_type: 'thumbnail', timestamp: 2.5, width: 320 });
      done(job);
      expect(job.result, p).toMatchObject({ source_access: 'seek', width: 320, height: 180 });
    }
  });

  it('gif: palette from the clip, frame count = duration x fps; webp likewise', async () => {
    const job = await preview({ url: site.url('/media/video.mp4'), preview_type: 'gif', start: 1, duration: 2, fps: 10, width: 200 });
    done(job);
    expect(job.result).toMatchObject({ mime_type: 'image/gif', width: 200, height: 112, start: 1, duration: 2, fps: 10, source_access: 'seek' });
    const s = ffprobe(await saved(job), true).streams[0];
    expect([s.codec_name, s.width, s.height, Number(s.nb_read_frames)]).toEqual(['gif', 200, 112, 20]);
    const webp = await preview({ url: site.url('/media/video.mp4'), preview_type: 'gif', format: 'webp', start: '00:01', duration: 2, fps: 5, width: 200 });
    done(webp);
    expect(webp.result).toMatchObject({ mime_type: 'image/webp', width: 200, height: 112, format: 'webp' });
    expect(webpInfo(fs.readFileSync(await saved(webp)))).toEqual({ width: 200, height: 112, frames: 10, animated: true });
  });

  it('mosaic: tiles in time order cover the duration, each is the frame at its time; storyboard VTT', async () => {
    const long = site.media.long;
    const job = await preview({ url: site.url('/media/long.mp4'), preview_type: 'mosaic', columns: 3, rows: 2, width: 300 });
    done(job);
    const r = job.result;
    expect(r).toMatchObject({ mime_type: 'image/jpeg', width: 300, height: 112, columns: 3, rows: 2, source_access: 'seek', files: ['storyboard.vtt'] });
    const tiles = r.tiles as Json[];
    expect(tiles.map((t) => t.index)).toEqual([0, 1, 2, 3, 4, 5]);
    expect(tiles.map((t) => t.time)).toEqual([5, 15, 25, 35, 45, 55]);
    expect(tiles[4]).toMatchObject({ x: 100, y: 56, width: 100, height: 56 });
    const file = await saved(job);
    for (const t of tiles) {
      const crop = `${t.width}:${t.height}:${t.x}:${t.y}`;
      const diff = mad(gray(file, 50, 28, { crop }), gray(long.path, 50, 28, { ss: t.time }));
      expect(diff, `tile ${t.index}`).toBeLessThan(6);
    }
    const vtt = await fetchUrl(r.storyboard_url);
    expect(vtt.statusCode).toBe(200);
    expect(vtt.headers['content-type']).toMatch(/^text\/vtt/);
    const cues = vtt.body.trim().split('\n\n');
    expect(cues[0]).toBe('WEBVTT');
    expect(cues.slice(1)).toHaveLength(6);
    expect(cues[1]).toMatch(/^00:00:00\.000 --> 00:00:10\.000\n\/v1\/files\/[-0-9a-f]+\/mosaic\.jpg\?expires=\d+&sig=[^#\s]+#xywh=0,0,100,56$/);
    expect(cues[6]).toMatch(/^00:00:50\.000 --> 00:01:00\.\d{3}\n.*#xywh=200,56,100,56$/);
    // The image reference works as a player would resolve it: against the VTT's origin.
    const image = await fetchUrl(cues[1].split('\n')[1].split('#')[0]);
    expect(image.statusCode).toBe(200);
    expect(image.rawPayload.equals(fs.readFileSync(file))).toBe(true);
  });

  it('mosaic over HLS and DASH fills every tile', async () => {
    for (const p of ['/hls/master.m3u8', '/dash/manifest.mpd']) {
      const job = await preview({ url: site.url(p), preview_type: 'mosaic', columns: 2, rows: 2, width: 320 });
      done(job);
      expect(job.result, p).toMatchObject({ source_access: 'seek', width: 320, height: 180 });
      expect(job.result.tiles.map((t: Json) => t.time)).toEqual([0.5, 1.5, 2.5, 3.5]);
    }
  });

  it('mosaic scene_aware: tiles land on the scene changes, the rest fill the gaps', async () => {
    const job = await preview({ url: scenes.url('scenes.mp4'), preview_type: 'mosaic', columns: 2, rows: 2, width: 320, scene_aware: true });
    done(job);
    const tiles = job.result.tiles as Json[];
    const times = tiles.map((t) => t.time);
    expect(times).toEqual([...times].sort((a, b) => a - b));
    const atCuts = tiles.filter((t) => t.scene_change);
    expect(atCuts.map((t) => Math.round(t.time))).toEqual([2, 4, 6]);
    for (const t of atCuts) expect(Math.abs(t.time - Math.round(t.time))).toBeLessThan(0.1);
  });

  it('mosaic fills every tile exactly when the source has a single keyframe', async () => {
    // x264 ultrafast without scene cuts: scenes.mp4 has one keyframe in 8 s.
    const job = await preview({ url: scenes.url('scenes.mp4'), preview_type: 'mosaic', columns: 4, rows: 2, width: 320 });
    done(job);
    const file = await saved(job);
    for (const t of job.result.tiles as Json[]) {
      const diff = mad(gray(file, 40, 22, { crop: `${t.width}:${t.height}:${t.x}:${t.y}` }), gray(path.join(fixtures, 'scenes.mp4'), 40, 22, { ss: t.time }));
      expect(diff, `tile ${t.index} at ${t.time}`).toBeLessThan(6);
    }
  });

  it('playlists pointing at a private address reach nothing: HLS refused, a "file" that is a playlist not followed', async () => {
    // 127.0.0.2 is loopback (reachable here) but outside the test allow-list (127.0.0.1).
    const canary = await startCanary();
    try {
      const playlist = `#EXTM3U\n#EXT-X-TARGETDURATION:1\n#EXTINF:1,\n${canary.url}/seg0.ts\n#EXT-X-ENDLIST\n`;
      fs.writeFileSync(path.join(fixtures, 'evil.m3u8'), playlist);
      const hls = await preview({ url: scenes.url('evil.m3u8'), preview_type: 'thumbnail' });
      expect(hls.status).toBe('failed');
      expect(hls.error.code).toBe('url_not_allowed');
      expect(hls.error.detail).toMatch(/127\.0\.0\.2/);
      // The same playlist served under a file name: ffmpeg/ffprobe only accept container demuxers.
      fs.writeFileSync(path.join(fixtures, 'trap.mp4'), playlist);
      const trap = await preview({ url: scenes.url('trap.mp4'), preview_type: 'thumbnail' });
      expect(trap.status).toBe('failed');
      expect(['url_not_allowed', 'media_error']).toContain(trap.error.code);
      expect(canary.hits).toEqual([]);
    } finally {
      await canary.close();
    }
  });

  it('ffmpeg plays the HLS playlist that was checked, not a second answer from the server', async () => {
    const canary = await startCanary();
    const clean = (await (await fetch(site.url('/hls/360p/index.m3u8'))).text()).replace(/^seg/gm, site.url('/hls/360p/seg'));
    const evil = clean.replace(/^http:\/\/127\.0\.0\.1:\d+\/hls\/360p\//gm, `${canary.url}/`);
    // Honest until the job's own check has read it (Node's fetch, User-Agent "node"), then it
    // sends every later reader (ffprobe/ffmpeg) to the canary.
    let checked = false;
    const server = http.createServer((req, res) => {
      res.writeHead(200, { 'Content-Type': 'application/vnd.apple.mpegurl' }).end(checked ? evil : clean);
      if (req.headers['user-agent'] === 'node') checked = true;
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/switch.m3u8`;
      const job = await preview({ url, preview_type: 'thumbnail', timestamp: 1.5, width: 320 });
      done(job);
      expect(job.result.source_access).toBe('seek');
      expect(canary.hits).toEqual([]);
    } finally {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await canary.close();
    }
  });

  it('clip: frame-accurate start, the requested length, h264+aac', async () => {
    const job = await preview({ url: site.url('/media/video.mp4'), preview_type: 'clip', start: 1.52, duration: 2, width: 320 });
    done(job);
    expect(job.result).toMatchObject({ mime_type: 'video/mp4', width: 320, height: 180, start: 1.52, duration: 2, source_access: 'seek' });
    const file = await saved(job);
    const p = ffprobe(file, true);
    const v = p.streams.find((s) => s.codec_type === 'video') as Json;
    expect(v.codec_name).toBe('h264');
    expect(Number(v.nb_read_frames)).toBe(50);
    expect(p.streams.some((s) => s.codec_type === 'audio' && s.codec_name === 'aac')).toBe(true);
    expect(Number(p.format.duration)).toBeCloseTo(2, 1);
    expect(mad(gray(file, 160, 90), gray(site.media.mp4.path, 160, 90, { ss: 1.52 }))).toBeLessThan(5);
    const full = await preview({ url: site.url('/media/video.mp4'), preview_type: 'clip', start: 4 });
    done(full);
    // No width: the source's size; a default duration shortens to what is left.
    expect(full.result).toMatchObject({ width: 640, height: 360, duration: 2 });
  });

  it('a window past the end fails with out_of_range and is refunded', async () => {
    for (const body of [
      { preview_type: 'thumbnail', timestamp: 100 },
      { preview_type: 'gif', start: 5, duration: 3 },
      { preview_type: 'clip', start: '00:07' },
    ]) {
      const job = await preview({ url: site.url('/media/video.mp4'), ...body });
      expect(job.status, JSON.stringify(body)).toBe('failed');
      expect(job.error.code).toBe('out_of_range');
      expect(job.error.detail).toMatch(/end of the source \(6 s\)/);
      expect(job.credits_refunded).toBe(1);
    }
  });

  it('a corrupt source fails with media_error', async () => {
    const job = await preview({ url: site.url('/media/corrupt.mp4'), preview_type: 'thumbnail' });
    expect(job.status).toBe('failed');
    expect(job.error.code).toBe('media_error');
  });

  it('rejects every limit with 422 and misplaced options with 400, charging nothing', async () => {
    const { auth: a } = await svc.account(5);
    const url = site.url('/media/video.mp4');
    const cases: [Json, number, string][] = [
      [{ preview_type: 'mosaic', columns: 9 }, 422, 'columns'],
      [{ preview_type: 'mosaic', rows: 0 }, 422, 'rows'],
      [{ preview_type: 'gif', fps: 21 }, 422, 'fps'],
      [{ preview_type: 'gif', duration: 16 }, 422, 'duration'],
      [{ preview_type: 'clip', duration: 31 }, 422, 'duration'],
      [{ preview_type: 'clip', duration: 0 }, 422, 'duration'],
      [{ preview_type: 'thumbnail', width: 8 }, 422, 'width'],
      [{ preview_type: 'thumbnail', width: 4000 }, 422, 'width'],
      [{ preview_type: 'thumbnail', timestamp: 'soon' }, 422, 'timestamp'],
      [{ preview_type: 'gif', format: 'apng' }, 422, 'format'],
      [{ preview_type: 'poster' }, 422, 'preview_type'],
      [{ preview_type: 'thumbnail', colour: 'red' }, 422, ''],
      [{ preview_type: 'thumbnail', format: 'webp' }, 400, 'format'],
      [{ preview_type: 'gif', scene_aware: true }, 400, 'scene_aware'],
      [{ preview_type: 'mosaic', start: 3 }, 400, 'start'],
    ];
    for (const [body, status, field] of cases) {
      const res = await svc.app.inject({ method: 'POST', url: '/v1/preview', headers: a, payload: { url, ...body } });
      expect(res.statusCode, JSON.stringify(body)).toBe(status);
      expect(res.json().code).toBe(status === 422 ? 'validation_error' : 'bad_request');
      expect(JSON.stringify(res.json().detail), JSON.stringify(body)).toContain(field);
    }
    const priv = await svc.app.inject({ method: 'POST', url: '/v1/preview', headers: a, payload: { url: 'http://10.1.2.3/v.mp4', preview_type: 'thumbnail' } });
    expect(priv.json().code).toBe('url_not_allowed');
    const acct = (await svc.app.inject({ method: 'GET', url: '/v1/account', headers: a })).json();
    expect(acct.credits_balance).toBe(5);
  });
});

describe('preview jobs with VC_PREVIEW_SOURCE_ACCESS=download', () => {
  it('downloads first, says so, and renders the same frame', async () => {
    const site = await startMediaSite();
    const svc = await startTestService('sqlite', { VC_PREVIEW_SOURCE_ACCESS: 'download' });
    try {
      const { auth } = await svc.account(5);
      const res = await svc.app.inject({ method: 'POST', url: '/v1/preview', headers: auth, payload: { url: site.url('/media/long.mp4'), preview_type: 'thumbnail', timestamp: 41.3, width: 320 } });
      const job = await waitForJob(svc, auth, res.json().job_id, 90_000);
      expect(job.status, JSON.stringify(job.error)).toBe('completed');
      expect(job.result.source_access).toBe('download');
      const file = path.join(svc.dataDir, 'files', job.job_id, '1', 'thumbnail.jpg'); // attempt 1's outputs
      expect(mad(gray(file, 160, 90), gray(site.media.long.path, 160, 90, { ss: 41.3 }))).toBeLessThan(4);
    } finally {
      await svc.stop();
      await site.close();
    }
  }, 120_000);
});
