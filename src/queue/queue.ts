// The seam between the API and whatever runs jobs (embedded loop today, BullMQ workers later).
import type { AttemptEnd } from './job-log.js';

/** What a process saw while running a job: a stage ended, or the attempt ended (for metrics). */
export type RunEvent =
  | { kind: 'stage'; jobType: string; stage: string; seconds: number }
  | { kind: 'finished'; jobType: string; status: AttemptEnd; seconds: number };

export interface JobQueue {
  /** Begins taking jobs. */
  start(): void;
  /** A job was accepted: look for work now rather than at the next poll. */
  notify(): void;
  /** A webhook event was created (a cancel, a test event): deliver it now, not at the next poll. */
  notifyWebhooks(): void;
  /** The caller cancelled a job: stop its engines if it runs here. */
  abort(jobId: string): void;
  /** Calls back when this process changed the job (progress, finish); returns unsubscribe. */
  onUpdate(jobId: string, listener: () => void): () => void;
  /** Calls back for every job attempt this process runs (stage and attempt timings); returns unsubscribe. */
  onRunEvent?(listener: (event: RunEvent) => void): () => void;
  /** Stops taking jobs; running attempts are aborted and handed back (pending, attempt not counted). */
  stop(): Promise<void>;
}
