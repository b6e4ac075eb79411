import type { Kysely } from 'kysely';

// Fingerprints (POST /v1/fingerprint): one row per completed fingerprint job, and the lookup
// index of 16-bit hash bands (visual) and item prefixes (audio), one row per distinct key per
// job. Portable types only, as in 001.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('fingerprints')
    .addColumn('job_id', 'text', (c) => c.primaryKey())
    .addColumn('account_id', 'text', (c) => c.notNull().references('accounts.id').onDelete('cascade'))
    .addColumn('duration_ms', 'integer', (c) => c.notNull())
    .addColumn('interval_ms', 'integer', (c) => c.notNull())
    .addColumn('visual', 'text', (c) => c.notNull()) // base64, 8 bytes big-endian per sample
    .addColumn('audio', 'text') // base64, 4 bytes little-endian per Chromaprint item
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('fingerprints_account').on('fingerprints').columns(['account_id', 'created_at']).execute();
  await db.schema
    .createTable('fingerprint_keys')
    .addColumn('account_id', 'text', (c) => c.notNull())
    .addColumn('key', 'integer', (c) => c.notNull())
    .addColumn('job_id', 'text', (c) => c.notNull().references('fingerprints.job_id').onDelete('cascade'))
    .execute();
  await db.schema.createIndex('fingerprint_keys_lookup').on('fingerprint_keys').columns(['account_id', 'key', 'job_id']).execute();
  await db.schema.createIndex('fingerprint_keys_job').on('fingerprint_keys').columns(['job_id']).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('fingerprint_keys').execute();
  await db.schema.dropTable('fingerprints').execute();
}
