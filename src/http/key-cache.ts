// API keys resolved once per few seconds per key, not on every request. Polling
// (GET /v1/jobs/{id}) is the hottest path and each request paid a SHA-256 plus two
// SELECTs (key, account) before reaching its one real query; bench/load.ts measured the key
// lookup at about a third of the request's CPU (docs/security.md, "Keys and links").
//
// Correctness:
// - Changes made through this process (the admin API: deactivate, activate, delete a key, any
//   account change) clear the cache at once, so the next request sees them.
// - Changes made by another process (the CLI, another API host) are seen within KEY_CACHE_TTL_MS.
// - Only what authentication needs is kept of the account (id, rate limit): a credit balance
//   or webhook secret read through here could be stale, so they are not offered at all.
// - Unknown keys are never cached: a key created elsewhere works on its first request, and
//   guessed keys cannot fill the cache.
import type { Kysely } from 'kysely';
import { findKey, hashKey, KEY_USE_RESOLUTION_MS } from '../store/keys.js';
import type { AccountRow, ApiKeyRow, Database } from '../store/schema.js';

/** The longest another process's revocation (or rate-limit change) takes to apply here. */
export const KEY_CACHE_TTL_MS = 5_000;
/** Distinct keys held at once; the oldest entry goes first beyond it. */
const MAX_ENTRIES = 10_000;

/** The account fields authentication may use (never the balance: it changes with every job). */
export type AuthAccount = Pick<AccountRow, 'id' | 'name' | 'plan' | 'rate_limit_per_minute'>;

export interface Resolved {
  key: ApiKeyRow;
  account: AuthAccount;
  /** When this key's last_used_at is next due a stamp (ms; KEY_USE_RESOLUTION_MS after the last). */
  stampDueAt: number;
}

interface Entry extends Resolved {
  expires: number;
}

function resolved(key: ApiKeyRow, { id, name, plan, rate_limit_per_minute }: AccountRow): Resolved {
  const stampDueAt = key.last_used_at === null ? 0 : Date.parse(key.last_used_at) + KEY_USE_RESOLUTION_MS;
  return { key, account: { id, name, plan, rate_limit_per_minute }, stampDueAt };
}

export class KeyCache {
  private entries = new Map<string, Entry>();
  /** Bumped by clear(): a lookup that spans a clear() does not cache what it read. */
  private generation = 0;

  constructor(private readonly ttlMs = KEY_CACHE_TTL_MS) {}

  /** The key presented (plain text) and its account, or undefined when no such key exists. */
  async resolve(db: Kysely<Database>, presented: string, now = Date.now()): Promise<Resolved | undefined> {
    const hash = hashKey(presented);
    const hit = this.entries.get(hash);
    if (hit && hit.expires > now) return hit;
    const generation = this.generation;
    const found = await findKey(db, presented);
    // A change made here while this read ran may not be in what it read: use it, keep nothing.
    if (generation !== this.generation) return found && resolved(found.key, found.account);
    if (!found) {
      this.entries.delete(hash);
      return undefined;
    }
    const entry: Entry = { ...resolved(found.key, found.account), expires: now + this.ttlMs };
    this.entries.delete(hash); // re-inserted last: Map order is then oldest first
    this.entries.set(hash, entry);
    if (this.entries.size > MAX_ENTRIES) this.entries.delete(this.entries.keys().next().value as string);
    return entry;
  }

  /** Forgets every entry: after a key or account changed through this process. */
  clear(): void {
    this.generation += 1;
    this.entries.clear();
  }
}
