// Server-Sent Events for one job. Polls the database (cheap indexed read) so it works the
// same whether the job runs in this process or in a separate worker.
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { App } from './app.js';
import { getJob, TERMINAL } from '../store/jobs.js';
import type { JobRow } from '../store/schema.js';

const POLL_MS = 250;
const KEEPALIVE_MS = 15_000;

export function streamJobEvents(app: App, request: FastifyRequest, reply: FastifyReply, first: JobRow): void {
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
  const finish = () => {
    if (closed) return;
    closed = true;
    clearInterval(timer);
    res.end();
  };
  request.raw.on('close', finish);
  if (send(first)) return finish();
  const timer = setInterval(() => {
    getJob(app.deps.store.db, first.id).then(
      (job) => {
        if (closed) return;
        if (!job) return finish();
        if (send(job)) return finish();
        if (Date.now() - lastWrite > KEEPALIVE_MS) {
          res.write(': keep-alive\n\n');
          lastWrite = Date.now();
        }
      },
      () => finish(),
    );
  }, POLL_MS);
}
