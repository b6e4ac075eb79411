// wait_for_job: one GET /v1/jobs/{id} through the REST route (key, rate limit, ownership),
// then the job is watched like its SSE stream does (job notifications from any process, plus
// a 1 s poll) until it ends or the timeout passes.
import type { App } from '../http/app.js';
import { getJob, TERMINAL } from '../store/jobs.js';
import type { JobStatus } from '../store/schema.js';
import type { injectAs } from './server.js';
import { absoluteUrls } from './summary.js';
import { WAIT_DEFAULT_SECONDS, WAIT_MAX_SECONDS } from './tools.js';

type Json = Record<string, unknown>;
const POLL_MS = 1000;

export interface WaitHooks {
  signal: AbortSignal;
  /** Sends a progress notification (progress 0-100, always increasing). */
  notify?: (progress: number, message: string) => Promise<void>;
}

function invalid(field: string, msg: string) {
  return { status: 422, body: { detail: [{ loc: ['arguments', field], msg: `${field} ${msg}`, type: 'value_error' }], code: 'validation_error' } };
}

export async function waitForJob(app: App, rest: ReturnType<typeof injectAs>, args: Json, hooks: WaitHooks): Promise<{ status: number; body: Json }> {
  const timeout = args.timeout_seconds ?? WAIT_DEFAULT_SECONDS;
  if (typeof timeout !== 'number' || !Number.isInteger(timeout) || timeout < 1 || timeout > WAIT_MAX_SECONDS) return invalid('timeout_seconds', `must be an integer from 1 to ${WAIT_MAX_SECONDS}`);
  const extra = Object.keys(args).filter((k) => k !== 'job_id' && k !== 'timeout_seconds');
  if (extra.length > 0) return invalid(extra[0], 'is not a known argument');
  const jobId = typeof args.job_id === 'string' ? args.job_id : '';
  const first = await rest('GET', `/v1/jobs/${encodeURIComponent(jobId)}`);
  if (first.status !== 200 || TERMINAL.includes(first.body.status as JobStatus)) return first;

  let job = first.body;
  let lastKey = '';
  let sent = -1;
  const report = async (j: Json) => {
    const key = `${String(j.status)}:${String(j.progress)}:${String(j.stage)}`;
    if (key === lastKey || !hooks.notify) return;
    lastKey = key;
    // Progress must grow with every notification; a new stage at the same percentage still counts.
    sent = Math.max(Number(j.progress) || 0, Math.round((sent + 0.01) * 100) / 100);
    await hooks.notify(sent, `${String(j.status)}${j.stage ? `: ${String(j.stage)}` : ''} (${String(j.progress)}%)`).catch(() => undefined);
  };
  await report(job);
  await new Promise<void>((resolve) => {
    let reading = false;
    const check = () => {
      if (reading) return;
      reading = true;
      getJob(app.deps.store.db, jobId).then(
        async (row) => {
          reading = false;
          if (!row) return finish();
          job = absoluteUrls(app.view(row), rest.origin) as Json;
          await report(job);
          if (TERMINAL.includes(row.status)) finish();
        },
        () => {
          reading = false;
        },
      );
    };
    const unsubscribe = app.deps.events.onJob(jobId, check);
    const poll = setInterval(check, POLL_MS);
    const timer = setTimeout(() => finish(), timeout * 1000);
    const finish = () => {
      clearInterval(poll);
      clearTimeout(timer);
      unsubscribe();
      hooks.signal.removeEventListener('abort', finish);
      resolve();
    };
    hooks.signal.addEventListener('abort', finish, { once: true });
  });
  return { status: 200, body: job };
}
