// A Range-capable static file server on 127.0.0.1 for media generated at test/bench time
// (the media site serves a fixed set). Streams from disk, so a 30 MB bench source is fine.
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { parseRange } from '../fixtures/site.js';

export interface StaticServer {
  url(name: string): string;
  /** Bytes sent in response bodies since start (or the last reset). */
  bytesSent(): number;
  resetBytes(): void;
  close(): Promise<void>;
}

const TYPES: Record<string, string> = { '.mp4': 'video/mp4', '.m3u8': 'application/vnd.apple.mpegurl', '.ts': 'video/mp2t' };

/** `bytesPerSec` paces every body (a bench's stand-in for a real link); unlimited when omitted. */
export async function serveDir(dir: string, opts: { bytesPerSec?: number } = {}): Promise<StaticServer> {
  let sent = 0;
  const server = http.createServer((req, res) => {
    const name = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname).slice(1);
    const file = path.join(dir, path.basename(name));
    let size: number;
    try {
      size = fs.statSync(file).size;
    } catch {
      res.writeHead(404).end();
      return;
    }
    const range = parseRange(req.headers.range, size);
    if (range === 'unsatisfiable') {
      res.writeHead(416, { 'Content-Range': `bytes */${size}` }).end();
      return;
    }
    const start = range ? range.start : 0;
    const end = range ? range.end : size - 1;
    res.writeHead(range ? 206 : 200, {
      'Accept-Ranges': 'bytes',
      'Content-Type': TYPES[path.extname(file)] ?? 'application/octet-stream',
      'Content-Length': end - start + 1,
      ...(range ? { 'Content-Range': `bytes ${start}-${end}/${size}` } : {}),
    });
    if (req.method === 'HEAD' || size === 0) {
      res.end();
      return;
    }
    const stream = fs.createReadStream(file, { start, end, highWaterMark: 16 * 1024 });
    const began = Date.now();
    let mine = 0;
    let heldUntil = 0;
    stream.on('data', (c) => {
      sent += c.length;
      mine += c.length;
      if (!res.write(c)) stream.pause();
      const ahead = opts.bytesPerSec ? (mine / opts.bytesPerSec) * 1000 - (Date.now() - began) : 0;
      if (ahead > 5) {
        stream.pause();
        heldUntil = Date.now() + ahead;
        setTimeout(() => res.writableNeedDrain || stream.resume(), ahead);
      }
    });
    res.on('drain', () => Date.now() >= heldUntil && stream.resume());
    stream.on('end', () => res.end());
    res.on('close', () => stream.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url: (name) => `${base}/${encodeURIComponent(name)}`,
    bytesSent: () => sent,
    resetBytes: () => (sent = 0),
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
