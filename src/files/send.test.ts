import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Fastify, { type FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiError } from '../errors.js';
import { contentDisposition, parseRange, sendFile } from './send.js';

let dir: string;
let app: FastifyInstance;
const BODY = Buffer.from('0123456789abcdefghij'); // 20 bytes

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vc-send-'));
  fs.writeFileSync(path.join(dir, 'out.mp4'), BODY);
  fs.writeFileSync(path.join(dir, 'empty.bin'), '');
  app = Fastify();
  app.setErrorHandler((err, _req, reply) => {
    if (err instanceof ApiError) return reply.code(err.status).send({ detail: err.detail, code: err.code });
    return reply.code(500).send({ detail: 'boom', code: 'server_error' });
  });
  app.get<{ Params: { name: string } }>('/f/:name', (req, reply) =>
    sendFile(req, reply, path.join(dir, req.params.name), { filename: 'Clip «été».mp4', mimeType: 'video/mp4' }),
  );
  await app.ready();
});

afterAll(async () => {
  await app.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

const get = (range?: string, method: 'GET' | 'HEAD' = 'GET', name = 'out.mp4') =>
  app.inject({ method, url: `/f/${name}`, headers: range === undefined ? {} : { range } });

describe('sendFile', () => {
  it('sends the whole file with the download headers', async () => {
    const res = await get();
    expect(res.statusCode).toBe(200);
    expect(res.rawPayload.equals(BODY)).toBe(true);
    expect(res.headers['content-type']).toBe('video/mp4');
    expect(res.headers['content-length']).toBe('20');
    expect(res.headers['accept-ranges']).toBe('bytes');
    expect(res.headers['cache-control']).toBe('private');
    expect(res.headers['content-disposition']).toBe(
      `attachment; filename="Clip _ete_.mp4"; filename*=UTF-8''Clip%20%C2%AB%C3%A9t%C3%A9%C2%BB.mp4`,
    );
    expect(res.headers['content-range']).toBeUndefined();
  });

  it.each([
    ['bytes=0-4', 0, 4],
    ['bytes=5-', 5, 19],
    ['bytes=-3', 17, 19],
    ['bytes=-100', 0, 19],
    ['bytes=15-1000', 15, 19],
    ['bytes=19-19', 19, 19],
  ])('serves %s as 206', async (range, start, end) => {
    const res = await get(range);
    expect(res.statusCode).toBe(206);
    expect(res.headers['content-range']).toBe(`bytes ${start}-${end}/20`);
    expect(res.headers['content-length']).toBe(String(end - start + 1));
    expect(res.payload).toBe(BODY.subarray(start, end + 1).toString());
  });

  it.each(['bytes=20-', 'bytes=100-200', 'bytes=-0'])('answers 416 for %s', async (range) => {
    const res = await get(range);
    expect(res.statusCode).toBe(416);
    expect(res.headers['content-range']).toBe('bytes */20');
    expect(res.json()).toMatchObject({ code: 'range_not_satisfiable' });
  });

  it.each(['bytes=0-1,5-6', 'items=0-5', 'bytes=5-2', 'bytes=abc', 'bytes=-'])(
    'falls back to a full 200 for %s',
    async (range) => {
      const res = await get(range);
      expect(res.statusCode).toBe(200);
      expect(res.rawPayload.equals(BODY)).toBe(true);
    },
  );

  it('answers HEAD with headers and no body', async () => {
    const full = await get(undefined, 'HEAD');
    expect(full.statusCode).toBe(200);
    expect(full.headers['content-length']).toBe('20');
    expect(full.payload).toBe('');
    const part = await get('bytes=2-5', 'HEAD');
    expect(part.statusCode).toBe(206);
    expect(part.headers['content-length']).toBe('4');
    expect(part.headers['content-range']).toBe('bytes 2-5/20');
    expect(part.payload).toBe('');
  });

  it('handles an empty file', async () => {
    const res = await get(undefined, 'GET', 'empty.bin');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-length']).toBe('0');
    expect((await get('bytes=0-', 'GET', 'empty.bin')).statusCode).toBe(416);
  });

  it('404s a missing file', async () => {
    const res = await get(undefined, 'GET', 'nope.mp4');
    expect(res.statusCode).toBe(404);
    expect(res.json()).toMatchObject({ code: 'not_found' });
  });
});

describe('helpers', () => {
  it('parseRange edge cases', () => {
    expect(parseRange(undefined, 10)).toBeNull();
    expect(parseRange('bytes=0-0', 10)).toEqual({ start: 0, end: 0 });
    expect(parseRange('BYTES = 2 - 3', 10)).toEqual({ start: 2, end: 3 });
    expect(parseRange('bytes=-5', 0)).toBe('unsatisfiable');
    expect(parseRange(`bytes=0-${'9'.repeat(30)}`, 10)).toBeNull();
  });

  it('Content-Disposition cannot be broken out of', () => {
    const cd = contentDisposition('a"b\\c\r\nSet-Cookie: x=1;.mp4');
    expect(cd).not.toMatch(/[\r\n]/);
    expect(cd).toMatch(/^attachment; filename="[^"\\]*"; filename\*=UTF-8''[A-Za-z0-9%._~!-]*$/);
    expect(contentDisposition('../../x.mp4')).toContain('filename="_._x.mp4"');
  });
});
