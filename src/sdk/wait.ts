// waitForJob: follows a job to its end over Server-Sent Events (GET /v1/jobs/{id}/events),
// and falls back to polling GET /v1/jobs/{id} when the stream cannot be used (a proxy that
// buffers or cuts it, a runtime without streaming fetch) or ends early.
import type { components } from './openapi.js';
import { errorFromResponse, WaitTimeoutError } from './errors.js';
import { readSse } from './sse.js';

type Job = components['schemas']['Job'];

export interface WaitOptions {
  /** Give up after this long (WaitTimeoutError carries the last state); default: no limit. */
  timeoutMs?: number;
  /** Called with the job whenever its status, progress or stage changes. */
  onProgress?: (job: Job) => void;
  signal?: AbortSignal;
  /** 'sse' (default: events, then polling if they fail) or 'poll' (polling only). */
  transport?: 'sse' | 'poll';
  /** Polling interval (default 1000 ms). */
  pollIntervalMs?: number;
}

export interface WaitDeps {
  baseUrl: string;
  headers: Record<string, string>;
  fetch: typeof fetch;
  getJob(jobId: string): Promise<Job>;
}

const TERMINAL = new Set(['completed', 'failed', 'cancelled']);

const sleep = (ms: number, signal?: AbortSignal) =>
  new Promise<void>((resolve, reject) => {
    const t = setTimeout(resolve, ms);
    signal?.addEventListener('abort', () => {
      clearTimeout(t);
      reject(signal.reason instanceof Error ? signal.reason : new Error('aborted'));
    }, { once: true });
  });

/** Streams the job's events; returns the final job, or null when the stream ended before it did. */
async function viaEvents(deps: WaitDeps, jobId: string, signal: AbortSignal, seen: (job: Job) => void): Promise<Job | null> {
  const res = await deps.fetch(`${deps.baseUrl}/v1/jobs/${encodeURIComponent(jobId)}/events`, { headers: { ...deps.headers, Accept: 'text/event-stream' }, signal });
  if (!res.ok) throw await errorFromResponse(res, await res.json().catch(() => undefined));
  if (!res.body || !String(res.headers.get('content-type')).startsWith('text/event-stream')) return null;
  for await (const ev of readSse(res.body)) {
    const job = JSON.parse(ev.data) as Job;
    seen(job);
    if (TERMINAL.has(job.status)) return job;
  }
  return null;
}

export async function waitForJob(deps: WaitDeps, jobId: string, opts: WaitOptions = {}): Promise<Job> {
  const controller = new AbortController();
  const outer = opts.signal;
  const onAbort = () => controller.abort(outer?.reason);
  outer?.addEventListener('abort', onAbort, { once: true });
  let timedOut = false;
  const timer = opts.timeoutMs !== undefined ? setTimeout(() => ((timedOut = true), controller.abort(new Error('timeout'))), opts.timeoutMs) : undefined;
  let last: Job | null = null;
  let lastKey = '';
  const seen = (job: Job) => {
    last = job;
    const key = `${job.status}:${job.progress}:${job.stage}`;
    if (key !== lastKey) {
      lastKey = key;
      opts.onProgress?.(job);
    }
  };
  try {
    if (opts.transport !== 'poll') {
      try {
        const done = await viaEvents(deps, jobId, controller.signal, seen);
        if (done) return done;
      } catch (err) {
        // An API error (404, 401…) is the answer; a broken stream is not: poll instead.
        if ((err as { code?: unknown }).code !== undefined && (err as { status?: unknown }).status !== undefined) throw err;
        if (controller.signal.aborted) throw err;
      }
    }
    for (;;) {
      const job = await deps.getJob(jobId);
      seen(job);
      if (TERMINAL.has(job.status)) return job;
      await sleep(opts.pollIntervalMs ?? 1000, controller.signal);
    }
  } catch (err) {
    if (timedOut && last) throw new WaitTimeoutError(last, opts.timeoutMs ?? 0);
    if (timedOut) throw new WaitTimeoutError({ job_id: jobId, status: 'unknown', progress: 0, stage: '' }, opts.timeoutMs ?? 0);
    throw err;
  } finally {
    clearTimeout(timer);
    outer?.removeEventListener('abort', onAbort);
  }
}
