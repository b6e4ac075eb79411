// Job notifications: what changed, for the processes that wait on it (claim loops, event
// streams, the engines of a cancelled job, the webhook dispatcher). The lifecycle publishes
// them inside the transaction of the change: on PostgreSQL as pg_notify, which the database
// delivers at commit to every process LISTENing (queue/pg-listen.ts), and to this process
// directly once the transaction has committed. SQLite is one process: only the latter.
import { EventEmitter } from 'node:events';
import { createHash, randomUUID } from 'node:crypto';
import { sql, type Transaction } from 'kysely';
import type { Store } from '../store/db.js';
import type { Database, JobStatus } from '../store/schema.js';

export type JobEvent =
  /**
   * A job became claimable: accepted, handed back, or retried after a crash. `attempts`: of the
   * row then; an attempt numbered above it was claimed later and is not concerned.
   */
  | { kind: 'queued'; jobId: string; jobType: string; attempts: number }
  /** A job's status, progress or stage changed (claimed, progress). */
  | { kind: 'changed'; jobId: string }
  /** A job ended: completed, failed or cancelled. */
  | { kind: 'ended'; jobId: string; status: JobStatus }
  /** Webhook deliveries were created. */
  | { kind: 'webhooks' };

interface Wire {
  /** The publishing process: its own notifications reach it directly, not twice. */
  o: string;
  e: JobEvent;
}

export class JobEvents {
  /** Identifies this process's notifications on the shared channel. */
  readonly origin = randomUUID();
  readonly channel: string | null;
  private readonly emitter = new EventEmitter().setMaxListeners(0);

  /** `channel`: the PostgreSQL channel (channelFor), null on SQLite. */
  constructor(channel: string | null) {
    this.channel = channel;
  }

  /** Inside the transaction of a change: pg_notify (delivered at commit; discarded on rollback). */
  async notifyInTransaction(trx: Transaction<Database>, events: JobEvent[]): Promise<void> {
    if (!this.channel || events.length === 0) return;
    const payloads = events.map((e) => JSON.stringify({ o: this.origin, e } satisfies Wire));
    await sql`select pg_notify(${this.channel}, p) from unnest(${payloads}::text[]) as p`.execute(trx);
  }

  /** After the commit: this process's listeners. */
  emitLocal(events: JobEvent[]): void {
    for (const e of events) this.dispatch(e);
  }

  /** A notification payload from the channel (another process's change, or our own: skipped). */
  receive(payload: string): void {
    let wire: Wire;
    try {
      wire = JSON.parse(payload) as Wire;
    } catch {
      return;
    }
    if (wire.o === this.origin || !wire.e || typeof wire.e.kind !== 'string') return;
    this.dispatch(wire.e);
  }

  /**
   * Notifications may have been missed (the listening connection was down): everyone looks
   * again, as if everything had changed.
   */
  resync(): void {
    this.emitter.emit('resync');
  }

  on(listener: (e: JobEvent) => void): () => void {
    this.emitter.on('event', listener);
    return () => this.emitter.off('event', listener);
  }

  onResync(listener: () => void): () => void {
    this.emitter.on('resync', listener);
    return () => this.emitter.off('resync', listener);
  }

  /** Any change of one job (changed or ended), or a resync. */
  onJob(jobId: string, listener: () => void): () => void {
    this.emitter.on(`job:${jobId}`, listener);
    this.emitter.on('resync', listener);
    return () => {
      this.emitter.off(`job:${jobId}`, listener);
      this.emitter.off('resync', listener);
    };
  }

  private dispatch(e: JobEvent): void {
    this.emitter.emit('event', e);
    if (e.kind === 'changed' || e.kind === 'ended') this.emitter.emit(`job:${e.jobId}`);
  }
}

/**
 * One channel per database schema (the schema the tables live in: search_path), so
 * installations, or parallel tests, in other schemas of the same database neither wake nor
 * cancel each other. null on SQLite.
 */
export async function channelFor(store: Pick<Store, 'db' | 'dialect'>): Promise<string | null> {
  if (store.dialect !== 'postgres') return null;
  const r = await sql<{ schema: string | null }>`select current_schema() as schema`.execute(store.db);
  const schema = r.rows[0]?.schema ?? 'public';
  if (schema === 'public') return 'videoconduit';
  // A channel is an identifier (quoted in LISTEN; at most 63 bytes): a digest keeps odd names usable.
  const safe = /^[a-z0-9_]{1,40}$/.test(schema) ? schema : createHash('sha256').update(schema).digest('hex').slice(0, 16);
  return `videoconduit_${safe}`;
}
