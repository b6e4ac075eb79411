// better-sqlite3 with its prepared statements kept. Kysely's SQLite driver prepares every
// query it runs; compiling the SQL was 19% of the CPU of GET /v1/jobs/{id} under load
// (bench/load.ts, node --cpu-prof), more than running the statements (14%). The SQL texts
// the service runs are a small fixed set, so each is prepared once.
import type { Database as SqliteFile, Statement } from 'better-sqlite3';
import type { SqliteDatabase } from 'kysely';
import type { VersionOf } from './read-cache.js';

/** Distinct SQL texts kept; beyond it the cache starts over (texts with varying IN lists). */
const MAX_STATEMENTS = 1_000;

export interface CachedStatements {
  database: SqliteDatabase;
  /** The file's version as store/read-cache.ts needs it: other connections' commits and this one's writes. */
  versionOf: VersionOf;
}

export function withStatementCache(file: SqliteFile): CachedStatements {
  const statements = new Map<string, Statement>();
  const dataVersion = file.prepare('PRAGMA data_version').pluck();
  // Kysely's driver prepares each statement right before running it, on one connection
  // behind its mutex: counting at prepare counts every write this process makes, before
  // its commit (a transaction's readers wait for the commit behind that mutex).
  let writes = 0;
  return {
    database: {
      prepare(sql: string) {
        const kept = statements.get(sql);
        // A statement still being iterated (a streamed select) cannot run again until it ends.
        const statement = kept && !kept.busy ? kept : file.prepare(sql);
        if (!statement.readonly) writes += 1;
        if (!kept) {
          if (statements.size >= MAX_STATEMENTS) statements.clear();
          statements.set(sql, statement);
        }
        return statement;
      },
      close() {
        statements.clear();
        file.close();
      },
    },
    versionOf: () => `${dataVersion.get() as number}:${writes}`,
  };
}
