// The middle tier of queue tests: real databases, real lifecycle, queue and notifications,
// with handlers injected through the registry (schemas, policies and prices stay real).
import { loadConfig } from '../../src/config.js';
import { jobFailure } from '../../src/errors.js';
import { JOB_TYPES, registry, withHandlers, type Registry } from '../../src/jobs/registry.js';
import type { HandlerOutcome, JobContext } from '../../src/jobs/types.js';
import { createRuntime, type Runtime } from '../../src/service.js';
import { testEnv, type TestService } from '../helpers/service.js';

export const DOWNLOAD = { url: 'http://127.0.0.1:9/v.mp4', format: 'mp4', quality: '1080p', audio_only: false, start: null, end: null, embed_metadata: true, subtitles: [], filename: null };
export const TRANSCRIBE = { url: 'http://127.0.0.1:9/a.wav', language: null, output_format: 'json', word_timestamps: true, model_size: 'base', vad_filter: true };

type Outcome = HandlerOutcome<unknown>;

/**
 * Handlers the test drives: each job records when it started, then waits until the test
 * finishes it or its signal aborts. `stubborn` handlers answer a result even when aborted
 * (what a handler that ignores its signal would do): a fenced attempt must still publish nothing.
 */
export class Gate {
  readonly started = new Map<string, { at: number; ctx: JobContext }>();
  readonly aborted = new Map<string, number>();
  readonly order: string[] = [];
  private readonly waiting = new Map<string, (o: Outcome) => void>();
  /** Finish every job after this many ms instead of waiting (null: wait for finish()). */
  autoFinishMs: number | null = null;
  stubborn = false;

  readonly handler = async (_payload: unknown, ctx: JobContext): Promise<Outcome> => {
    this.started.set(ctx.jobId, { at: Date.now(), ctx });
    this.order.push(ctx.jobId);
    return new Promise<Outcome>((resolve) => {
      this.waiting.set(ctx.jobId, resolve);
      if (this.autoFinishMs !== null) setTimeout(() => this.finish(ctx.jobId), this.autoFinishMs);
      const onAbort = () => {
        this.aborted.set(ctx.jobId, Date.now());
        resolve(this.stubborn ? { ok: true, result: { by: 'aborted attempt' } } : { ok: false, failure: jobFailure('cancelled', 'aborted') });
      };
      if (ctx.signal.aborted) onAbort();
      else ctx.signal.addEventListener('abort', onAbort);
    });
  };

  finish(jobId: string, outcome: Outcome = { ok: true, result: { done: jobId } }): void {
    this.waiting.get(jobId)?.(outcome);
    this.waiting.delete(jobId);
  }

  registry(): Registry {
    return withHandlers(registry, Object.fromEntries(JOB_TYPES.map((t) => [t, this.handler as never])));
  }

  async waitStarted(jobId: string, timeoutMs = 10_000): Promise<number> {
    await until(() => this.started.has(jobId), timeoutMs, `job ${jobId} to start`);
    return this.started.get(jobId)!.at;
  }
}

export async function until(check: () => boolean | Promise<boolean>, timeoutMs: number, what: string): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

/** Accepts a job through the lifecycle (as POST does after its checks); returns its id. */
export async function submit(svc: Pick<TestService, 'lifecycle'>, accountId: string, jobType = 'download', request: unknown = DOWNLOAD, cost = 1): Promise<string> {
  const accepted = await svc.lifecycle.submit({ accountId, jobType, request, metadata: null, webhookUrl: null, cost }, null);
  return accepted.body.job_id as string;
}

/** Another process's runtime on the same database (PostgreSQL), e.g. a worker; not started. */
export async function otherRuntime(svc: TestService, env: Record<string, string>, opts: { registry?: Registry; pollMs?: number; role?: 'serve' | 'worker' } = {}): Promise<Runtime> {
  if (!svc.pgSchema || !svc.config.databaseUrl) throw new Error('otherRuntime needs a PostgreSQL test service');
  const config = loadConfig(testEnv(svc.dataDir, { VC_DATABASE_URL: svc.config.databaseUrl, ...env }));
  return createRuntime(config, { role: opts.role ?? 'worker', pgSchema: svc.pgSchema, registry: opts.registry, pollMs: opts.pollMs, sink: () => null });
}

/** Between tests on one service: no loop runs, no job is left to claim, handlers behave by default. */
export async function resetQueue(svc: Pick<TestService, 'queue' | 'store'>, gate: Gate): Promise<void> {
  await svc.queue.stop();
  await svc.store.db.updateTable('jobs').set({ status: 'cancelled' }).where('status', 'in', ['pending', 'processing']).execute();
  gate.autoFinishMs = null;
  gate.stubborn = false;
}

export const row = (svc: Pick<TestService, 'store'>, id: string) => svc.store.db.selectFrom('jobs').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
export const ledger = (svc: Pick<TestService, 'store'>, id: string) => svc.store.db.selectFrom('ledger_entries').select(['reason', 'delta']).where('job_id', '=', id).orderBy('id').execute();
