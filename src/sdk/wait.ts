// waitForJob: follows a job to its end over Server-Sent Events (GET /v1/jobs/{id}/events).
// It survives what long waits meet: a stream cut by a proxy or a restart is reopened (the
// server sends the job's current state first, so nothing is missed), network errors and
// 429/5xx answers are retried with backoff, and polling GET /v1/jobs/{id} takes over when
// streaming cannot work at all (no streaming fetch, a proxy that buffers the stream).
import type { components } from './openapi.js';
import { errorFromResponse, VideoConduitError, WaitTimeoutError } from './errors.js';
import { readSse } from './sse.js';

type Job = components['schemas']['Job'];

export interface WaitOptions {
  /** Give up after this long (WaitTimeoutError carries the last state); default: no limit. */
  timeoutMs?: number;
  /** Called with the job whenever its status, progress or stage changes. */
  onProgress?: (job: Job) => void;
  /** Stops waiting: the promise rejects with the signal's reason. */
  signal?: AbortSignal;
  /** 'sse' (default: events, polling only where they cannot work) or 'poll' (polling only). */
  transport?: 'sse' | 'poll';
  /** Polling interval (default 1000 ms). */
  pollIntervalMs?: number;
  /** Pause before the first retry after a broken stream or a transient error, doubling up to maxRetryDelayMs (default 1000). */
  retryDelayMs?: number;
  /** Longest pause between retries (default 15 000 ms). A server's Retry-After is honoured. */
  maxRetryDelayMs?: number;
}

export interface WaitDeps {
  baseUrl: string;
  headers: Record<string, string>;
  fetch: typeof fetch;
  getJob(jobId: string): Promise<Job>;
}

const TERMINAL = new Set(['completed', 'failed', 'cancelled']);

const sleep = (ms: number, signal: AbortSignal) =>
  new Promise<void>((resolve, reject) => {
    if (signal.aborted) return reject(abortReason(signal));
    const onAbort = () => {
      clearTimeout(t);
      reject(abortReason(signal));
    };
    const t = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal.addEventListener('abort', onAbort, { once: true });
  });

const abortReason = (signal: AbortSignal): Error => (signal.reason instanceof Error ? signal.reason : new Error('aborted'));

/** Worth another try: the network, a proxy or the server failed for now. Any other API answer (401, 404…) is final. */
function transient(err: unknown): boolean {
  if (err instanceof VideoConduitError) return err.status === 408 || err.status === 429 || err.status >= 500;
  return !(err instanceof SyntaxError); // an event that is not JSON would fail again the same way
}

/**
 * Streams the job's events. Returns the final job; 'ended' when the stream closed before the
 * job did after delivering events (reconnect); 'unusable' when no event came through at all.
 */
async function viaEvents(deps: WaitDeps, jobId: string, signal: AbortSignal, seen: (job: Job) => void): Promise<Job | 'ended' | 'unusable'> {
  const res = await deps.fetch(`${deps.baseUrl}/v1/jobs/${encodeURIComponent(jobId)}/events`, { headers: { ...deps.headers, Accept: 'text/event-stream' }, signal });
  if (!res.ok) throw await errorFromResponse(res, await res.json().catch(() => undefined));
  if (!res.body || !String(res.headers.get('content-type')).startsWith('text/event-stream')) {
    await res.body?.cancel().catch(() => undefined);
    return 'unusable';
  }
  let events = 0;
  for await (const ev of readSse(res.body)) {
    const job = JSON.parse(ev.data) as Job;
    events += 1;
    seen(job);
    if (TERMINAL.has(job.status)) return job;
  }
  // The server sends the current state as soon as a stream opens: none at all means
  // something between us buffers the stream, so events cannot be followed through it.
  return events > 0 ? 'ended' : 'unusable';
}

export async function waitForJob(deps: WaitDeps, jobId: string, opts: WaitOptions = {}): Promise<Job> {
  const controller = new AbortController();
  const outer = opts.signal;
  const onAbort = () => controller.abort(outer?.reason);
  if (outer?.aborted) onAbort();
  outer?.addEventListener('abort', onAbort, { once: true });
  let timedOut = false;
  const timer = opts.timeoutMs !== undefined ? setTimeout(() => ((timedOut = true), controller.abort(new Error('timeout'))), opts.timeoutMs) : undefined;
  const firstDelay = opts.retryDelayMs ?? 1000;
  const maxDelay = Math.max(firstDelay, opts.maxRetryDelayMs ?? 15_000);
  let last: Job | null = null;
  let lastKey = '';
  let delay = firstDelay;
  const seen = (job: Job) => {
    last = job;
    delay = firstDelay; // the server answered: the next failure starts a fresh backoff
    const key = `${job.status}:${job.progress}:${job.stage}`;
    if (key !== lastKey) {
      lastKey = key;
      opts.onProgress?.(job);
    }
  };
  const backoff = async (retryAfterSeconds: number | null) => {
    const wait = retryAfterSeconds !== null ? Math.max(retryAfterSeconds * 1000, delay) : delay;
    delay = Math.min(delay * 2, maxDelay);
    await sleep(wait, controller.signal);
  };
  let useEvents = opts.transport !== 'poll';
  try {
    for (;;) {
      controller.signal.throwIfAborted();
      try {
        if (useEvents) {
          const outcome = await viaEvents(deps, jobId, controller.signal, seen);
          if (typeof outcome === 'object') return outcome;
          if (outcome === 'ended') await backoff(null);
          else useEvents = false;
          continue;
        }
        const job = await deps.getJob(jobId);
        seen(job);
        if (TERMINAL.has(job.status)) return job;
        await sleep(opts.pollIntervalMs ?? 1000, controller.signal);
      } catch (err) {
        if (controller.signal.aborted || !transient(err)) throw err;
        await backoff(err instanceof VideoConduitError ? err.retryAfter : null);
      }
    }
  } catch (err) {
    if (timedOut) throw new WaitTimeoutError(last ?? { job_id: jobId, status: 'unknown', progress: 0, stage: '' }, opts.timeoutMs ?? 0);
    throw controller.signal.aborted ? abortReason(controller.signal) : err;
  } finally {
    clearTimeout(timer);
    outer?.removeEventListener('abort', onAbort);
  }
}
