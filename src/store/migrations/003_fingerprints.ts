import { PostgresAdapter, sql, type Kysely } from 'kysely';

// Fingerprints (POST /v1/fingerprint): one row per completed fingerprint job, and the lookup
// index (see src/store/fingerprints.ts), one row per distinct sampled key per fingerprint.
// Portable types as in 001; the only dialect differences are how the integer surrogate id is
// generated and that SQLite stores the key table WITHOUT ROWID (its primary key is the table,
// so each row is stored once, not in a table plus an index).
export async function up(db: Kysely<unknown>): Promise<void> {
  const postgres = db.getExecutor().adapter instanceof PostgresAdapter;
  await db.schema
    .createTable('fingerprints')
    // SQLite: an `integer primary key` is the rowid, assigned on insert.
    .addColumn('id', postgres ? 'serial' : 'integer', (c) => c.primaryKey())
    .addColumn('job_id', 'text', (c) => c.notNull().unique())
    .addColumn('account_id', 'text', (c) => c.notNull().references('accounts.id').onDelete('cascade'))
    .addColumn('duration_ms', 'integer', (c) => c.notNull())
    .addColumn('interval_ms', 'integer', (c) => c.notNull())
    .addColumn('visual', 'text', (c) => c.notNull()) // base64, 8 bytes big-endian per sample
    .addColumn('audio', 'text') // base64, 4 bytes little-endian per Chromaprint item
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('fingerprints_account').on('fingerprints').columns(['account_id', 'created_at']).execute();
  // An integer id per account for the key rows (4 bytes instead of a 36-character uuid in
  // every row: the index is most of the database).
  await db.schema
    .createTable('fingerprint_accounts')
    .addColumn('id', postgres ? 'serial' : 'integer', (c) => c.primaryKey())
    .addColumn('account_id', 'text', (c) => c.notNull().unique().references('accounts.id').onDelete('cascade'))
    .execute();
  // No foreign key to fingerprints.id: it would need a second index on fp_id (to cascade) as
  // big as the table itself. Key rows go with their account (the key prefix makes that cheap);
  // fingerprints are never deleted on their own.
  let keys = db.schema
    .createTable('fingerprint_keys')
    .addColumn('acct', 'integer', (c) => c.notNull().references('fingerprint_accounts.id').onDelete('cascade'))
    .addColumn('key', 'integer', (c) => c.notNull())
    .addColumn('fp_id', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('fingerprint_keys_pk', ['acct', 'key', 'fp_id']);
  if (!postgres) keys = keys.modifyEnd(sql`without rowid`);
  await keys.execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('fingerprint_keys').execute();
  await db.schema.dropTable('fingerprint_accounts').execute();
  await db.schema.dropTable('fingerprints').execute();
}
