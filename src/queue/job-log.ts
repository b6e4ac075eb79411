// One structured log line when a job attempt starts and one when it ends (completed, failed,
// handed back or retried): ids, type, attempt, time per stage and the error code. Never the
// request (URLs may carry tokens), cookies, error details or download links.
import type { JobRow } from '../store/schema.js';
import type { RunEvent } from './queue.js';

export type Log = (msg: string, extra?: Record<string, unknown>) => void;
/** lost: another process owns the job now (its lease expired); cancelled: by the caller. */
export type AttemptEnd = 'completed' | 'failed' | 'cancelled' | 'released' | 'requeued' | 'lost';

export class JobTrace {
  private readonly began = Date.now();
  private stage = 'starting';
  private stageSince = this.began;
  private readonly stages: Record<string, number> = {};

  constructor(
    private readonly job: JobRow,
    private readonly log: Log,
    /** The same timings as events (the metrics' stage and job durations). */
    private readonly onEvent: (event: RunEvent) => void = () => undefined,
  ) {}

  private ids(): Record<string, unknown> {
    return { job_id: this.job.id, account_id: this.job.account_id, job_type: this.job.job_type, attempt: this.job.attempts };
  }

  started(): void {
    this.log('job started', { event: 'job.started', ...this.ids() });
  }

  /** The handler reported `stage`: the previous one's time is booked. */
  enter(stage: string): void {
    if (stage === this.stage) return;
    this.book();
    this.stage = stage;
  }

  ended(how: AttemptEnd, errorCode: string | null = null): void {
    this.book();
    const durationMs = Date.now() - this.began;
    this.log(`job ${how}`, { event: `job.${how}`, ...this.ids(), duration_ms: durationMs, stages_ms: this.stages, error_code: errorCode });
    this.onEvent({ kind: 'finished', jobType: this.job.job_type, status: how, seconds: durationMs / 1000 });
  }

  private book(): void {
    const now = Date.now();
    const ms = now - this.stageSince;
    this.stages[this.stage] = (this.stages[this.stage] ?? 0) + ms;
    this.stageSince = now;
    this.onEvent({ kind: 'stage', jobType: this.job.job_type, stage: this.stage, seconds: ms / 1000 });
  }
}
