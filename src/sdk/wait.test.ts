// waitForJob against a real HTTP server on 127.0.0.1 that misbehaves the way networks and
// proxies do: streams cut mid-job, 503s with Retry-After, a proxy that buffers the stream,
// a dead port. (The happy path against the real service is in test/sdk.test.ts.)
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createClient, VideoConduitError, WaitTimeoutError } from './index.js';

type Step = (req: http.IncomingMessage, res: http.ServerResponse) => void;

const job = (status: string, progress: number) => ({ job_id: 'j1', job_type: 'preview', status, progress, stage: status === 'processing' ? 'rendering' : status, created_at: '2026-11-28T17:20:24Z' });
const sse = (...jobs: object[]) => jobs.map((j) => `event: progress\ndata: ${JSON.stringify(j)}\n\n`).join('');
const json = (res: http.ServerResponse, status: number, body: object, headers: Record<string, string> = {}) => res.writeHead(status, { 'content-type': 'application/json', ...headers }).end(JSON.stringify(body));
const stream = (body: string, end = true): Step => (_req, res) => {
  res.writeHead(200, { 'content-type': 'text/event-stream' });
  res.write(body);
  if (end) res.end();
};

describe('waitForJob over a flaky network', () => {
  let server: http.Server;
  let base: string;
  /** What the next requests get, in order; the last one repeats. */
  let steps: { events: Step[]; poll: Step[] };
  const hits: string[] = [];

  beforeAll(async () => {
    server = http.createServer((req, res) => {
      const kind = req.url!.endsWith('/events') ? 'events' : 'poll';
      hits.push(kind);
      const list = steps[kind];
      (list.length > 1 ? list.shift()! : list[0])(req, res);
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((r) => {
    server.closeAllConnections();
    server.close(() => r());
  }));

  const run = (s: typeof steps, opts: Parameters<ReturnType<typeof createClient>['waitForJob']>[1] = {}) => {
    steps = s;
    hits.length = 0;
    return createClient({ baseUrl: base, apiKey: 'vc_test' }).waitForJob('j1', { retryDelayMs: 5, maxRetryDelayMs: 20, pollIntervalMs: 5, ...opts });
  };
  const never: Step = () => {};

  it('reopens a stream that was cut mid-job, and retries a 503 as told by Retry-After', async () => {
    const seen: number[] = [];
    const started = Date.now();
    const done = await run(
      {
        events: [
          stream(sse(job('processing', 10))),
          (_req, res) => json(res, 503, { code: 'service_unavailable', detail: 'restarting' }, { 'retry-after': '1' }),
          (req) => req.socket.destroy(), // the network drops the connection
          stream(sse(job('processing', 60), job('completed', 100))),
        ],
        poll: [never],
      },
      { onProgress: (j) => seen.push(j.progress) },
    );
    expect(done.status).toBe('completed');
    expect(seen).toEqual([10, 60, 100]);
    expect(hits).toEqual(['events', 'events', 'events', 'events']);
    expect(Date.now() - started).toBeGreaterThanOrEqual(1000);
  });

  it('polls when the stream delivers nothing (a buffering proxy), and on a plain JSON answer', async () => {
    const polled = [job('processing', 50), job('completed', 100)].map((j): Step => (_req, res) => json(res, 200, j));
    expect((await run({ events: [stream('')], poll: [...polled] })).status).toBe('completed');
    expect(hits).toEqual(['events', 'poll', 'poll']);
    expect((await run({ events: [(_req, res) => json(res, 200, job('processing', 1))], poll: [...polled] })).status).toBe('completed');
    expect(hits).toEqual(['events', 'poll', 'poll']);
  });

  it('gives up at once on a final answer (404, 401) with the API error', async () => {
    const err = await run({ events: [(_req, res) => json(res, 404, { code: 'not_found', detail: 'No such job.' })], poll: [never] }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(VideoConduitError);
    expect(err).toMatchObject({ status: 404, code: 'not_found' });
    expect(hits).toEqual(['events']);
  });

  it('stops on abort and on timeout, carrying the last state seen', async () => {
    const ctrl = new AbortController();
    const aborted = run({ events: [stream(sse(job('processing', 5)), false)], poll: [never] }, { signal: ctrl.signal });
    setTimeout(() => ctrl.abort(new Error('left the page')), 50);
    await expect(aborted).rejects.toThrow('left the page');
    const timeout = await run({ events: [stream(sse(job('processing', 7)), false)], poll: [never] }, { timeoutMs: 100 }).catch((e: unknown) => e);
    expect(timeout).toBeInstanceOf(WaitTimeoutError);
    expect((timeout as WaitTimeoutError).job.progress).toBe(7);
  });

  it('keeps retrying while the server is unreachable, until the timeout', async () => {
    const dead = createClient({ baseUrl: 'http://127.0.0.1:9', apiKey: 'vc_test' });
    const started = Date.now();
    const err = await dead.waitForJob('j1', { retryDelayMs: 5, maxRetryDelayMs: 20, timeoutMs: 300 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(WaitTimeoutError);
    expect(Date.now() - started).toBeGreaterThanOrEqual(290);
  });
});
