import { PostgresAdapter, sql, type Kysely } from 'kysely';

// Issue 11 (scale-out, queue half), portable types as in 001:
// - workers: one row per serve/worker process (registered at start, seen every few seconds,
//   deleted once stale) for GET /v1/admin/workers and `videoconduit doctor`.
// - jobs.worker_id: the process that holds the claim (recovery of engines stays on its host).
// - queue_accounts: a ticket per account, the number of the last claim of one of its jobs
//   (strictly increasing: timestamps tie within a millisecond); claims go to the account
//   served least recently (fairness across accounts).
// - rate_counters, limit_slots: per-key rate limits and per-account/per-key concurrency caps
//   shared by every API process on PostgreSQL (SQLite keeps them in memory).
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('workers')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('host', 'text', (c) => c.notNull())
    .addColumn('pid', 'integer', (c) => c.notNull())
    .addColumn('role', 'text', (c) => c.notNull()) // serve | worker
    .addColumn('concurrency', 'integer', (c) => c.notNull())
    .addColumn('versions', 'text', (c) => c.notNull()) // JSON object
    .addColumn('draining', 'integer', (c) => c.notNull())
    .addColumn('started_at', 'text', (c) => c.notNull())
    .addColumn('last_seen_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema.alterTable('jobs').addColumn('worker_id', 'text').execute();

  await db.schema
    .createTable('queue_accounts')
    .addColumn('account_id', 'text', (c) => c.primaryKey().references('accounts.id').onDelete('cascade'))
    .addColumn('last_claim', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('queue_accounts_last_claim').on('queue_accounts').column('last_claim').execute();

  await db.schema
    .createTable('rate_counters')
    .addColumn('key_id', 'text', (c) => c.primaryKey())
    .addColumn('minute', 'integer', (c) => c.notNull()) // Unix time in minutes (fits a 32-bit integer)
    .addColumn('count', 'integer', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('limit_slots')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('scope', 'text', (c) => c.notNull()) // info | sse
    .addColumn('key', 'text', (c) => c.notNull()) // account or API key id
    .addColumn('holder', 'text', (c) => c.notNull()) // workers.id of the API process
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('limit_slots_key').on('limit_slots').columns(['scope', 'key']).execute();
  if (db.getExecutor().adapter instanceof PostgresAdapter) {
    // Written on every request: unlogged tables write no WAL, so a commit waits for no disk
    // flush (bench/load.ts: the logged table halved polling throughput). A crash empties them,
    // which forgets at most a minute of counts and a minute of slots.
    await sql`alter table rate_counters set unlogged`.execute(db);
    await sql`alter table limit_slots set unlogged`.execute(db);
  }
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const t of ['limit_slots', 'rate_counters', 'queue_accounts', 'workers']) await db.schema.dropTable(t).execute();
  await db.schema.alterTable('jobs').dropColumn('worker_id').execute();
}
