import { type Kysely } from 'kysely';

// Issue 10 (service hardening), portable types as in 001:
// - jobs.released_attempts: attempts handed back by a shutdown (SIGTERM) rather than used up;
//   `attempts` stays monotonic (it fences every write), the retry budget counts
//   attempts - released_attempts.
// - jobs.process_start: identity of the engine process group recorded in process_pid
//   ("<boot id>/<start time in clock ticks>", /proc/<pid>/stat field 22), so recovery never kills
//   a pid that was reused after a reboot or a long-dead worker.
// - ledger_entries.lookup_id: the synchronous lookup (GET /v1/info) an entry belongs to; its
//   reserve and its refund are unique per lookup like a job's charge and refund.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('jobs').addColumn('released_attempts', 'integer', (c) => c.notNull().defaultTo(0)).execute();
  await db.schema.alterTable('jobs').addColumn('process_start', 'text').execute();
  await db.schema.alterTable('ledger_entries').addColumn('lookup_id', 'text').execute();
  await db.schema.createIndex('ledger_lookup_reason').unique().on('ledger_entries').columns(['lookup_id', 'reason']).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('ledger_lookup_reason').execute();
  await db.schema.alterTable('ledger_entries').dropColumn('lookup_id').execute();
  await db.schema.alterTable('jobs').dropColumn('process_start').execute();
  await db.schema.alterTable('jobs').dropColumn('released_attempts').execute();
}
