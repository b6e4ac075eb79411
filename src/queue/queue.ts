// What a process saw while running jobs, for its metrics.
import type { AttemptEnd } from './job-log.js';

/** A stage ended, or an attempt ended. */
export type RunEvent =
  | { kind: 'stage'; jobType: string; stage: string; seconds: number }
  | { kind: 'finished'; jobType: string; status: AttemptEnd; seconds: number };

/** Subscribes to the run events of the jobs this process runs; returns unsubscribe. */
export type OnRunEvent = (listener: (event: RunEvent) => void) => () => void;
