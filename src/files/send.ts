// Serves one finished output file: correct headers, single byte ranges, HEAD.
// Authorisation (signed link, account) is the route's job; this only sends bytes.
import fs from 'node:fs';
import { Readable } from 'node:stream';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { ApiError } from '../errors.js';
import { safeFilename } from './signing.js';

export interface SendFileOptions {
  filename: string;
  mimeType: string;
}

export type ByteRange = { start: number; end: number }; // inclusive, like Content-Range

/**
 * Interprets a Range header against a file of `size` bytes:
 * - null: no usable range, send the whole file (absent, malformed, not `bytes`, or
 *   several ranges — RFC 9110 lets a server ignore Range, and a full 200 is simpler and
 *   safer than multipart/byteranges);
 * - 'unsatisfiable': 416;
 * - otherwise the one inclusive range to send.
 */
export function parseRange(header: string | undefined, size: number): ByteRange | 'unsatisfiable' | null {
  if (!header) return null;
  const m = /^\s*bytes\s*=\s*(\d*)\s*-\s*(\d*)\s*$/i.exec(header);
  if (!m) return null; // includes multi-range "bytes=0-1,5-6"
  const [, a = '', b = ''] = m;
  if (a === '' && b === '') return null;
  if (a === '') {
    // Suffix range: the last N bytes.
    const n = Number(b);
    if (n === 0 || size === 0) return 'unsatisfiable';
    return { start: Math.max(0, size - n), end: size - 1 };
  }
  const start = Number(a);
  const last = b === '' ? Infinity : Number(b);
  // Syntactically invalid (last < first, or absurd numbers): ignore the header.
  if (!Number.isSafeInteger(start) || (b !== '' && (!Number.isSafeInteger(last) || last < start))) return null;
  if (start >= size) return 'unsatisfiable';
  const end = Math.min(last, size - 1);
  return { start, end };
}

/** RFC 6266 header: ASCII fallback for old clients plus the exact UTF-8 name (RFC 8187). */
export function contentDisposition(filename: string): string {
  const name = safeFilename(filename, 'download');
  // Drop accents first so "été" falls back to "ete" rather than "_t_".
  const ascii = name
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^\x20-\x7e]/g, '_')
    .replace(/["\\%]/g, '_');
  const encoded = encodeURIComponent(name).replace(
    /['()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encoded}`;
}

/**
 * Sends `filePath`. The file is opened first and its size taken from the open handle, so
 * a file replaced or removed mid-request cannot make Content-Length lie. Missing file →
 * ApiError not_found (the route decides whether an expired output is 410 instead).
 */
export async function sendFile(
  request: FastifyRequest,
  reply: FastifyReply,
  filePath: string,
  opts: SendFileOptions,
): Promise<FastifyReply> {
  let handle: fs.promises.FileHandle;
  try {
    handle = await fs.promises.open(filePath, 'r');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR' || code === 'EISDIR') throw new ApiError('not_found', 'file not found');
    throw err;
  }
  let stat: fs.Stats;
  try {
    stat = await handle.stat();
    if (!stat.isFile()) throw new ApiError('not_found', 'file not found');
  } catch (err) {
    await handle.close();
    throw err;
  }
  const size = stat.size;

  reply.header('Accept-Ranges', 'bytes');
  reply.header('Content-Disposition', contentDisposition(opts.filename));
  // Links are bearer credentials for one caller's output: no shared caches.
  reply.header('Cache-Control', 'private');
  reply.header('X-Content-Type-Options', 'nosniff');
  reply.header('Last-Modified', stat.mtime.toUTCString());

  const rangeHeader = request.headers.range;
  const range = parseRange(Array.isArray(rangeHeader) ? undefined : rangeHeader, size);

  if (range === 'unsatisfiable') {
    await handle.close();
    reply.code(416);
    reply.header('Content-Range', `bytes */${size}`);
    return reply.type('application/json').send({
      detail: `requested range not satisfiable; the file is ${size} bytes`,
      code: 'range_not_satisfiable',
    });
  }

  const start = range ? range.start : 0;
  const end = range ? range.end : size - 1; // -1 for an empty file: nothing to stream
  const length = size === 0 ? 0 : end - start + 1;
  reply.code(range ? 206 : 200);
  if (range) reply.header('Content-Range', `bytes ${start}-${end}/${size}`);
  reply.header('Content-Type', opts.mimeType || 'application/octet-stream');
  reply.header('Content-Length', String(length));

  if (request.method === 'HEAD' || length === 0) {
    await handle.close();
    // An empty stream, not an empty payload: Fastify's automatic HEAD route rewrites
    // Content-Length to 0 for an empty payload but keeps it for a stream.
    return reply.send(Readable.from([]));
  }
  // autoClose: the stream closes the handle when done or destroyed (client gone).
  const stream = fs.createReadStream(filePath, { fd: handle, start, end, autoClose: true });
  return reply.send(stream);
}
