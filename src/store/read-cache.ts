// An exact cache for the reads on the hottest path (authenticating a key, polling a job) on
// SQLite. A poll's two indexed reads were ~20–25 µs of its ~60 µs of CPU (bench/load.ts,
// node --cpu-prof). Nothing here is stale by a bounded time: every entry belongs to one
// version of the database, and the version changes with every commit —
//  - of another connection or process (`videoconduit keys revoke`, a second `serve`):
//    SQLite's `PRAGMA data_version` changes on this connection when another one commits;
//  - of this connection: data_version does not see those, so every statement this process
//    prepares that can write counts one (store/sqlite-statements.ts).
// A change of version drops every entry. The version is read before the load and an entry is
// kept only if no newer version was seen meanwhile, so no entry predates a commit its version
// counts. PostgreSQL has no such cheap version; there every read goes to the database.

/** Reads the database's current version: equal results mean no commit in between. */
export type VersionOf = () => string;

/** Entries beyond this drop the lot (an attacker's many keys cannot grow memory). */
const MAX_ENTRIES = 10_000;

export class ReadCache {
  private current = '';
  private entries = new Map<string, unknown>();

  constructor(private readonly versionOf: VersionOf) {}

  /**
   * The database's version now (~3 µs: SQLite takes and drops a read lock to tell). A request
   * reads it once and makes all its reads at it, so they are one snapshot as of its start.
   */
  version(): string {
    return this.versionOf();
  }

  /**
   * `load(arg)`'s value for `key` at `version` (read now if not given); a miss (undefined) is
   * not kept. `load` takes its argument so hot callers pass a function made once, not a closure.
   */
  async get<A, T extends object>(key: string, load: (arg: A) => Promise<T | undefined>, arg: A, version: string = this.versionOf()): Promise<T | undefined> {
    if (version === this.current) {
      const kept = this.entries.get(key) as T | undefined;
      if (kept !== undefined) return kept;
    } else {
      // Only a newer version may replace the current one: a request holding an older
      // snapshot (read before a commit another request has already seen) reads past the cache.
      if (version !== this.versionOf()) return load(arg);
      this.entries.clear();
      this.current = version;
    }
    const value = await load(arg);
    // Another call may have seen a newer version while this one loaded: then this value may
    // predate a commit it would now be filed under.
    if (value !== undefined && this.current === version) {
      if (this.entries.size >= MAX_ENTRIES) this.entries.clear();
      this.entries.set(key, Object.freeze(value));
    }
    return value;
  }
}
