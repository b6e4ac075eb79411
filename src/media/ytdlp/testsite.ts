// Test-only: a tiny site on 127.0.0.1 for the yt-dlp end-to-end tests, serving a 2 s clip
// generated once with ffmpeg lavfi and cached under <repo>/.cache (nothing is committed).
import { execFile } from 'node:child_process';
import { promises as fs } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const PAGE_TITLE = 'A test video';
/** Sent as Last-Modified of the clip; yt-dlp's generic extractor takes it as the upload time. */
export const CLIP_MODIFIED = new Date('2015-10-21T07:28:00Z');
const CACHE = fileURLToPath(new URL('../../../.cache/ytdlp-fixture-v1/', import.meta.url));
const CLIP_ARGS = [
  ...['-f', 'lavfi', '-i', 'testsrc2=size=320x240:rate=25', '-f', 'lavfi', '-i', 'sine', '-t', '2'],
  // faststart: ffmpeg reading over HTTP (yt-dlp --download-sections) finds moov up front.
  ...['-c:v', 'libx264', '-c:a', 'aac', '-movflags', '+faststart'],
];
const VTT = 'WEBVTT\n\n00:00.000 --> 00:01.000\nHello\n\n00:01.000 --> 00:02.000\nWorld\n';

export interface TestSite {
  url(pathname: string): string;
  clipPath: string;
  close(): Promise<void>;
}

/** The 2 s mp4 (h264/aac, 320x240, 25 fps), generated on first use. */
export async function testClip(ffmpeg = 'ffmpeg'): Promise<string> {
  const file = path.join(CACHE, 'clip.mp4');
  if (await fs.stat(file).then((s) => s.size > 0, () => false)) return file;
  await fs.mkdir(CACHE, { recursive: true });
  // Parallel test files may race: each writes its own temp file, rename is atomic.
  const tmp = path.join(CACHE, `clip.${process.pid}.tmp.mp4`);
  await new Promise<void>((resolve, reject) => {
    execFile(ffmpeg, ['-v', 'error', '-y', ...CLIP_ARGS, tmp], (err) => (err ? reject(err) : resolve()));
  });
  await fs.rename(tmp, file);
  return file;
}

/**
 * /clip.mp4 (Range-capable), /slow.mp4 (the same bytes at ~5 KiB/s), /clip.en.vtt,
 * /page.html (one <video> with an English track), /two.html (two videos: a playlist),
 * /novideo.html (nothing to play); everything else is 404.
 */
export async function startTestSite(): Promise<TestSite> {
  const clipPath = await testClip();
  const clip = await fs.readFile(clipPath);
  const pages: Record<string, string> = {
    '/page.html': html(
      `<meta property="og:title" content="${PAGE_TITLE}"><meta property="og:image" content="/thumb.jpg">`,
      '<video controls><source src="clip.mp4" type="video/mp4"><track kind="subtitles" srclang="en" src="clip.en.vtt"></video>',
    ),
    '/two.html': html('<title>Two videos</title>', '<video src="clip.mp4"></video><video src="clip.mp4?second"></video>'),
    '/novideo.html': html('<title>Nothing to see</title>', '<p>No video here.</p>'),
  };
  const server = http.createServer((req, res) => {
    const pathname = new URL(req.url ?? '/', 'http://x').pathname;
    if (pathname === '/clip.mp4') return sendRange(req, res, clip, false);
    if (pathname === '/slow.mp4') return sendRange(req, res, clip, true);
    if (pathname === '/clip.en.vtt') return send(res, 200, 'text/vtt', VTT);
    const page = pages[pathname];
    if (page) return send(res, 200, 'text/html; charset=utf-8', page);
    send(res, 404, 'text/plain', 'not found');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: (p) => `http://127.0.0.1:${port}${p}`,
    clipPath,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function html(head: string, body: string): string {
  return `<!doctype html><html><head>${head}</head><body>${body}</body></html>`;
}

function send(res: http.ServerResponse, status: number, type: string, body: string): void {
  res.writeHead(status, { 'content-type': type, 'content-length': Buffer.byteLength(body) });
  res.end(body);
}

function sendRange(req: http.IncomingMessage, res: http.ServerResponse, data: Buffer, slow: boolean): void {
  const m = /^bytes=(\d+)-(\d*)$/.exec(req.headers.range ?? '');
  const start = m ? Number(m[1]) : 0;
  const end = m && m[2] ? Math.min(Number(m[2]), data.length - 1) : data.length - 1;
  const headers: http.OutgoingHttpHeaders = {
    'content-type': 'video/mp4',
    'accept-ranges': 'bytes',
    'content-length': end - start + 1,
    'last-modified': CLIP_MODIFIED.toUTCString(),
  };
  if (m) headers['content-range'] = `bytes ${start}-${end}/${data.length}`;
  res.writeHead(m ? 206 : 200, headers);
  if (req.method === 'HEAD') return void res.end();
  const body = data.subarray(start, end + 1);
  if (!slow) return void res.end(body);
  let at = 0;
  const timer = setInterval(() => {
    if (at >= body.length || res.destroyed) {
      clearInterval(timer);
      return void res.end();
    }
    res.write(body.subarray(at, at + 1024));
    at += 1024;
  }, 200);
  res.on('close', () => clearInterval(timer));
}
