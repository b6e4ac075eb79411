// Kysely over SQLite (embedded default, WAL) or PostgreSQL (VC_DATABASE_URL). One migration set.
import fs from 'node:fs';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import pg from 'pg';
import { Kysely, Migrator, PostgresDialect, SqliteDialect, sql, type Migration } from 'kysely';
import { ReadCache } from './read-cache.js';
import type { Database } from './schema.js';
import { withStatementCache } from './sqlite-statements.js';
import * as m001 from './migrations/001_init.js';
import * as m002 from './migrations/002_webhooks.js';
import * as m003 from './migrations/003_fingerprints.js';
import * as m004 from './migrations/004_hardening.js';
import * as m005 from './migrations/005_scale_queue.js';
import * as m006 from './migrations/006_job_secrets.js';

export type DialectName = 'sqlite' | 'postgres';

export interface Store {
  db: Kysely<Database>;
  dialect: DialectName;
  /** The Postgres schema in use when not the default (tests). */
  pgSchema?: string;
  /** Exact cache of the authentication and polling reads (SQLite only: store/read-cache.ts). */
  reads: ReadCache | null;
  close(): Promise<void>;
}

export interface StoreOptions {
  databaseUrl: string | null;
  dataDir: string;
  /** Postgres schema to use (tests isolate themselves in their own schema). */
  pgSchema?: string;
}

const MIGRATIONS: Record<string, Migration> = {
  '001_init': m001,
  '002_webhooks': m002,
  '003_fingerprints': m003,
  '004_hardening': m004,
  '005_scale_queue': m005,
  '006_job_secrets': m006,
};

export function sqlitePath(dataDir: string): string {
  return path.join(dataDir, 'videoconduit.db');
}

export function openStore(opts: StoreOptions): Store {
  if (opts.databaseUrl) {
    const pool = new pg.Pool({
      connectionString: opts.databaseUrl,
      max: 10,
      // A database out of reach fails a new connection in 10 s rather than never; keep-alive
      // notices a dead peer on idle connections (workers self-fence on their own clock).
      connectionTimeoutMillis: 10_000,
      keepAlive: true,
      ...(opts.pgSchema ? { options: `-c search_path=${opts.pgSchema}` } : {}),
    });
    const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
    return { db, dialect: 'postgres', pgSchema: opts.pgSchema, reads: null, close: () => db.destroy() };
  }
  fs.mkdirSync(opts.dataDir, { recursive: true });
  const file = new SQLite(sqlitePath(opts.dataDir));
  // WAL lets readers run beside the writer; synchronous=FULL fsyncs every commit so an
  // acknowledged job or ledger entry survives kill -9 and power loss alike.
  file.pragma('journal_mode = WAL');
  file.pragma('synchronous = FULL');
  file.pragma('busy_timeout = 10000');
  file.pragma('foreign_keys = ON');
  const { database, versionOf } = withStatementCache(file);
  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database }) });
  return { db, dialect: 'sqlite', reads: new ReadCache(versionOf), close: () => db.destroy() };
}

export async function migrate(store: Store): Promise<string[]> {
  return store.db.connection().execute(async (conn) => {
    // Serialise concurrent migrators (several serve/worker processes starting at once);
    // the lock is per session, hence one pinned connection.
    if (store.dialect === 'postgres') await sql`select pg_advisory_lock(727274)`.execute(conn);
    try {
      // Kysely looks its bookkeeping tables up across all schemas unless told which one:
      // with several schemas in one database (parallel tests) it would find another's.
      const migrator = new Migrator({ db: conn, provider: { getMigrations: () => Promise.resolve(MIGRATIONS) }, ...(store.pgSchema ? { migrationTableSchema: store.pgSchema } : {}) });
      const { error, results } = await migrator.migrateToLatest();
      if (error) throw error instanceof Error ? error : new Error(String(error));
      return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
    } finally {
      if (store.dialect === 'postgres') await sql`select pg_advisory_unlock(727274)`.execute(conn);
    }
  });
}

/** Unique-constraint violations on either database. */
export function isUniqueViolation(err: unknown): boolean {
  const e = err as { code?: string } | null;
  return e?.code === '23505' || e?.code === 'SQLITE_CONSTRAINT_PRIMARYKEY' || e?.code === 'SQLITE_CONSTRAINT_UNIQUE';
}
