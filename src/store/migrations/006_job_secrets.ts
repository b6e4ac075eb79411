import { type Kysely } from 'kysely';

// Issue 15: what a job needs for its run but must never be stored with it (its `cookies`).
// One row per job, sealed (AES-256-GCM, store/job-secrets.ts), inserted in the submit
// transaction and deleted in the transaction that ends the job; the foreign key removes any
// row whose job is deleted. Kept out of `jobs` so that no query of job rows (lists, views,
// webhook payloads, exports) can ever carry it.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('job_secrets')
    .addColumn('job_id', 'text', (c) => c.primaryKey().references('jobs.id').onDelete('cascade'))
    .addColumn('sealed', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('job_secrets').execute();
}
