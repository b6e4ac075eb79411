// The seam between the API and whatever runs jobs (embedded loop today, BullMQ workers later).
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
  /** Stops taking jobs; running attempts are aborted and handed back (pending, attempt not counted). */
  stop(): Promise<void>;
}
