// better-sqlite3 with its prepared statements kept. Kysely's SQLite driver prepares every
// query it runs; compiling the SQL was 19% of the CPU of GET /v1/jobs/{id} under load
// (bench/load.ts, node --cpu-prof), more than running the statements (14%). The SQL texts
// the service runs are a small fixed set, so each is prepared once.
import type { Database as SqliteFile, Statement } from 'better-sqlite3';
import type { SqliteDatabase } from 'kysely';

/** Distinct SQL texts kept; beyond it the cache starts over (texts with varying IN lists). */
const MAX_STATEMENTS = 1_000;

export function withStatementCache(file: SqliteFile): SqliteDatabase {
  const statements = new Map<string, Statement>();
  return {
    prepare(sql: string) {
      const kept = statements.get(sql);
      // A statement still being iterated (a streamed select) cannot run again until it ends.
      if (kept && !kept.busy) return kept;
      const fresh = file.prepare(sql);
      if (!kept) {
        if (statements.size >= MAX_STATEMENTS) statements.clear();
        statements.set(sql, fresh);
      }
      return fresh;
    },
    close() {
      statements.clear();
      file.close();
    },
  };
}
