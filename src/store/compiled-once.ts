// Queries on the hottest paths (authentication, polling) are built and compiled once per
// database handle, then run with new parameters: building and compiling a Kysely query each
// time cost about as much CPU as running it on SQLite (bench/load.ts, node --cpu-prof).
import type { Compilable, CompiledQuery, Kysely } from 'kysely';
import type { Database } from './schema.js';

/**
 * `build` makes the query from its parameters; the compiled query is then reused with the
 * parameters of each call, so `build` must use each parameter exactly once, in order.
 */
export function compiledOnce<P extends unknown[], R>(build: (db: Kysely<Database>, ...params: P) => Compilable<R>): (db: Kysely<Database>, ...params: P) => Promise<R[]> {
  const compiled = new WeakMap<Kysely<Database>, CompiledQuery<R>>();
  return async (db, ...params) => {
    let query = compiled.get(db);
    if (!query) {
      query = build(db, ...params).compile();
      compiled.set(db, query);
    }
    return (await db.executeQuery<R>({ ...query, parameters: params })).rows;
  };
}
