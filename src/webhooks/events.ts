// Webhook events: ids, payloads, and the hook that turns a job's terminal transition into
// delivery rows inside the same transaction (a crash cannot commit the one without the other).
import { createHash } from 'node:crypto';
import type { Transaction } from 'kysely';
import type { JobView } from '../jobs/view.js';
import type { Database, JobRow } from '../store/schema.js';
import { insertDeliveries, subscribedEndpoints, type NewDelivery } from '../store/webhooks.js';
import { uuidv7 } from '../store/ids.js';

export const JOB_EVENTS = ['job.completed', 'job.failed', 'job.cancelled'] as const;
export type JobEventType = (typeof JOB_EVENTS)[number];
export type EventType = JobEventType | 'webhook.test';

export interface WebhookEvent {
  id: string;
  type: EventType;
  created_at: string;
  data: unknown;
}

/** Runs in the transaction of a terminal transition with the updated row; says how many deliveries it created. */
export type TerminalHook = (trx: Transaction<Database>, job: JobRow) => Promise<number>;

/**
 * A UUIDv7-shaped id derived from the job and its terminal status: the timestamp is the
 * completion time and the rest a hash, so the same job's same event always gets the same id
 * (emitting twice is a no-op thanks to the unique (event_id, target) index).
 */
export function jobEventId(jobId: string, status: string, completedAtMs: number): string {
  const b = createHash('sha256').update(`${jobId}/${status}`).digest().subarray(0, 16);
  b.writeUIntBE(completedAtMs, 0, 6);
  b[6] = (b[6] & 0x0f) | 0x70;
  b[8] = (b[8] & 0x3f) | 0x80;
  const h = b.toString('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

export function newEventId(): string {
  return uuidv7();
}

/**
 * The delivery rows of a job's terminal transition, written by the lifecycle
 * (queue/lifecycle.ts) in the transaction of the transition, which also wakes the dispatchers.
 */
export function jobEventHook(view: (job: JobRow) => JobView | Promise<JobView>): TerminalHook {
  return async (trx, job) => {
    if (job.status !== 'completed' && job.status !== 'failed' && job.status !== 'cancelled') return 0;
    const type: JobEventType = `job.${job.status}`;
    const endpoints = await subscribedEndpoints(trx, job.account_id, type);
    if (endpoints.length === 0 && !job.webhook_url) return 0;
    const at = job.completed_at ?? new Date().toISOString();
    const event: WebhookEvent = { id: jobEventId(job.id, job.status, Date.parse(at)), type, created_at: at, data: await view(job) };
    const payload = JSON.stringify(event);
    const base = { account_id: job.account_id, event_id: event.id, event_type: type, job_id: job.id, payload };
    const rows: NewDelivery[] = endpoints.map((ep) => ({ ...base, endpoint_id: ep.id, target: ep.id, url: ep.url }));
    if (job.webhook_url) rows.push({ ...base, endpoint_id: null, target: 'job', url: job.webhook_url });
    await insertDeliveries(trx, rows);
    return rows.length;
  };
}
