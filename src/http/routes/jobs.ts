import { Type } from '@sinclair/typebox';
import type { App } from '../app.js';
import { ApiError } from '../../errors.js';
import { requireAuth } from '../guard.js';
import { JobId, JobObject, ListQuery, errorResponses, page } from '../schemas.js';
import { decodeCursor, encodePage } from '../paging.js';
import { getJob, getJobToView, listJobs } from '../../store/jobs.js';
import { JOB_TYPES } from '../../jobs/registry.js';
import { takeOrThrow } from '../limits.js';
import { streamJobEvents } from '../sse.js';
import { parseRfc3339 } from '../../time.js';

const Params = Type.Object({ job_id: JobId });
const StatusEnum = Type.Union(['pending', 'processing', 'completed', 'failed', 'cancelled'].map((s) => Type.Literal(s)));

function isoOrThrow(v: string | undefined, field: string): string | undefined {
  if (v === undefined) return undefined;
  const t = parseRfc3339(v);
  if (!t) throw new ApiError('validation_error', [{ loc: ['query', field], msg: 'expected an RFC 3339 date-time such as 2026-11-28T17:20:24Z', type: 'format' }]);
  return t.toISOString();
}

export function jobRoutes(app: App): void {
  const { config } = app.deps;
  const open = new Set<() => void>();
  // Streams end only with their job: a server that is closing ends them itself, or close()
  // would wait for every job being watched.
  app.addHook('preClose', async () => {
    for (const stop of [...open]) stop();
  });
  app.get(
    '/v1/jobs',
    {
      schema: {
        tags: ['jobs'],
        summary: "List the caller's jobs, newest first",
        querystring: Type.Object(
          {
            status: Type.Optional(StatusEnum),
            job_type: Type.Optional(Type.Union(JOB_TYPES.map((t) => Type.Literal(t)))),
            created_after: Type.Optional(Type.String({ maxLength: 40, description: 'RFC 3339 date-time, e.g. 2026-11-28T17:20:24Z' })),
            created_before: Type.Optional(Type.String({ maxLength: 40, description: 'RFC 3339 date-time, e.g. 2026-11-28T17:20:24Z' })),
            ...ListQuery,
          },
          { additionalProperties: false },
        ),
        response: { 200: page(Type.Ref('Job')), ...errorResponses(401, 403, 422, 429) },
      },
    },
    async (request) => {
      const { account } = requireAuth(request);
      const q = request.query;
      const rows = await listJobs(app.deps.store.db, account.id, {
        status: q.status as never,
        jobType: q.job_type,
        createdAfter: isoOrThrow(q.created_after, 'created_after'),
        createdBefore: isoOrThrow(q.created_before, 'created_before'),
        before: decodeCursor(q.cursor),
        limit: q.limit,
      });
      return encodePage(rows, q.limit, (r) => app.view(r));
    },
  );

  app.get(
    '/v1/jobs/:job_id',
    { schema: { tags: ['jobs'], summary: 'One job', params: Params, response: { 200: Type.Ref('Job'), ...errorResponses(401, 403, 404, 422, 429) } } },
    async (request) => {
      const { account, readVersion } = requireAuth(request);
      const job = await getJobToView(app.deps.store, request.params.job_id, account.id, readVersion);
      if (!job) throw new ApiError('not_found', 'No such job.');
      return app.view(job);
    },
  );

  app.delete(
    '/v1/jobs/:job_id',
    {
      schema: {
        tags: ['jobs'],
        summary: 'Cancel a pending or processing job (engine processes are killed)',
        params: Params,
        response: { 200: Type.Ref('Job'), ...errorResponses(401, 403, 404, 409, 422, 429) },
      },
    },
    async (request) => {
      const { account } = requireAuth(request);
      // The worker running it (on any host) hears of it through the job's notification.
      const r = await app.deps.lifecycle.cancel(request.params.job_id, account.id);
      if (r.outcome === 'missing') throw new ApiError('not_found', 'No such job.');
      if (r.outcome === 'finished') throw new ApiError('conflict', `The job is already ${r.job.status}.`);
      return app.view(r.job);
    },
  );

  app.get(
    '/v1/jobs/:job_id/events',
    {
      schema: {
        tags: ['jobs'],
        summary: 'Server-Sent Events: progress, then completed | failed | cancelled',
        params: Params,
        produces: ['text/event-stream'],
        description: 'At most VC_SSE_MAX_STREAMS_PER_KEY (default 20) streams per API key are open at once; one more answers 429 with Retry-After.',
        response: { 200: { description: 'An event stream; each event carries the job object as data.', content: { 'text/event-stream': { schema: { type: 'string' } } } }, ...errorResponses(401, 403, 404, 422, 429) },
      },
    },
    async (request, reply) => {
      const { account, key } = requireAuth(request);
      const job = await getJob(app.deps.store.db, request.params.job_id, account.id);
      if (!job) throw new ApiError('not_found', 'No such job.');
      // Each open stream holds a socket and a database poll: bounded per API key (on every API host together).
      const release = await takeOrThrow(app.deps.limits, 'sse', key.id, config.sseMaxStreamsPerKey, 'open event streams per API key', 5);
      let ended = false;
      const entry = { stop: () => {} };
      entry.stop = streamJobEvents(app, request, reply, job, () => {
        ended = true; // may run before streamJobEvents returns (a job that already ended)
        release();
        open.delete(entry.stop);
      });
      if (!ended) open.add(entry.stop);
    },
  );
}

export { JobObject };
