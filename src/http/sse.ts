// Server-Sent Events for one job. Reads the job from the database when a notification says it
// changed (from the worker running it, on any host: queue/events.ts), and polls as well in
// case notifications are down.
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { App } from './app.js';
import { getJob, TERMINAL } from '../store/jobs.js';
import type { JobRow } from '../store/schema.js';

const POLL_MS = 1000;
const KEEPALIVE_MS = 15_000;

/** Streams a job's events; `onEnd` runs once when the stream ends (job ended, client left, or `stop()`). Returns stop(). */
export function streamJobEvents(app: App, request: FastifyRequest, reply: FastifyReply, first: JobRow, onEnd: () => void = () => {}): () => void {
  reply.hijack();
  const res = reply.raw;
  const headers: Record<string, string> = { 'Content-Type': 'text/event-stream; charset=utf-8', 'Cache-Control': 'no-cache', Connection: 'keep-alive', 'X-Accel-Buffering': 'no' };
  for (const [k, v] of Object.entries(reply.getHeaders())) if (v !== undefined) headers[k] = String(v);
  res.writeHead(200, headers);
  let lastKey = '';
  let closed = false;
  let lastWrite = Date.now();
  const send = (job: JobRow): boolean => {
    const key = `${job.status}:${job.progress}:${job.stage}`;
    if (key === lastKey) return TERMINAL.includes(job.status);
    lastKey = key;
    const event = TERMINAL.includes(job.status) ? job.status : 'progress';
    res.write(`event: ${event}\nid: ${job.id}:${job.updated_at}\ndata: ${JSON.stringify(app.view(job))}\n\n`);
    lastWrite = Date.now();
    return TERMINAL.includes(job.status);
  };
  let timer: NodeJS.Timeout | undefined;
  let unsubscribe = () => {};
  const finish = () => {
    if (closed) return;
    closed = true;
    clearInterval(timer);
    unsubscribe();
    res.end();
    onEnd();
  };
  request.raw.on('close', finish);
  res.on('close', finish); // the client went away (its socket closed)
  if (send(first)) {
    finish();
    return finish;
  }
  // One read at a time; a change reported during a read triggers one more read after it.
  let reading = false;
  let again = false;
  const check = (): void => {
    if (closed) return;
    if (reading) {
      again = true;
      return;
    }
    reading = true;
    getJob(app.deps.store.db, first.id).then(
      (job) => {
        reading = false;
        if (closed) return;
        if (!job || send(job)) return finish();
        if (Date.now() - lastWrite > KEEPALIVE_MS) {
          res.write(': keep-alive\n\n');
          lastWrite = Date.now();
        }
        if (again) {
          again = false;
          check();
        }
      },
      () => finish(),
    );
  };
  unsubscribe = app.deps.events.onJob(first.id, check);
  timer = setInterval(check, POLL_MS);
  return finish;
}
