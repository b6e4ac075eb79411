// The exact read cache on a real SQLite file: served from memory only while no connection —
// this one or another, as the CLI's — has committed anything since the entry was read.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createAccount } from './accounts.js';
import { migrate, openStore, type Store } from './db.js';
import { createKey, findKeyForAuth } from './keys.js';
import { ReadCache } from './read-cache.js';

describe('ReadCache on SQLite', () => {
  let dir: string;
  let store: Store;
  let reads: ReadCache;
  let loads: number;
  const loadBalance = (accountId: string) => {
    loads += 1;
    return store.db.selectFrom('accounts').select('credits_balance').where('id', '=', accountId).executeTakeFirst();
  };
  const balance = (accountId: string, version?: string) => reads.get(`acct:${accountId}`, loadBalance, accountId, version);

  beforeEach(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vc-readcache-'));
    store = openStore({ databaseUrl: null, dataDir: dir });
    await migrate(store);
    reads = store.reads!;
    loads = 0;
  });
  afterEach(async () => {
    await store.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('serves repeated reads from memory while nothing is written', async () => {
    const a = await createAccount(store.db, { name: 'a', credits: 5, rateLimitPerMinute: 60 });
    for (let i = 0; i < 5; i++) expect(await balance(a.id)).toEqual({ credits_balance: 5 });
    expect(loads).toBe(1);
  });

  it("reads again after this connection's write, in or out of a transaction", async () => {
    const a = await createAccount(store.db, { name: 'a', credits: 5, rateLimitPerMinute: 60 });
    await balance(a.id);
    await store.db.updateTable('accounts').set({ credits_balance: 7 }).where('id', '=', a.id).execute();
    expect(await balance(a.id)).toEqual({ credits_balance: 7 });
    // A read asked for while a transaction holds the connection waits for its commit.
    let during: Promise<unknown> = Promise.resolve();
    await store.db.transaction().execute(async (trx) => {
      await trx.updateTable('accounts').set({ credits_balance: 9 }).where('id', '=', a.id).execute();
      during = balance(a.id);
      await new Promise((r) => setTimeout(r, 20));
    });
    expect(await during).toEqual({ credits_balance: 9 });
    expect(await balance(a.id)).toEqual({ credits_balance: 9 });
    expect(loads).toBe(3);
  });

  it("reads again after another connection's commit (the CLI's)", async () => {
    const a = await createAccount(store.db, { name: 'a', credits: 5, rateLimitPerMinute: 60 });
    await balance(a.id);
    const cli = openStore({ databaseUrl: null, dataDir: dir });
    try {
      await cli.db.updateTable('accounts').set({ credits_balance: 1 }).where('id', '=', a.id).execute();
    } finally {
      await cli.close();
    }
    expect(await balance(a.id)).toEqual({ credits_balance: 1 });
    expect(loads).toBe(2);
  });

  it('does not keep a value loaded while a newer version was seen', async () => {
    const a = await createAccount(store.db, { name: 'a', credits: 5, rateLimitPerMinute: 60 });
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    // A load that read the old balance and finishes only after a write and a newer read.
    const slow = reads.get(
      `acct:${a.id}`,
      async (id: string) => {
        const row = await loadBalance(id);
        await gate;
        return row;
      },
      a.id,
    );
    await new Promise((r) => setTimeout(r, 10));
    await store.db.updateTable('accounts').set({ credits_balance: 2 }).where('id', '=', a.id).execute();
    expect(await balance(a.id)).toEqual({ credits_balance: 2 });
    release();
    expect(await slow).toEqual({ credits_balance: 5 });
    expect(await balance(a.id)).toEqual({ credits_balance: 2 });
  });

  it("makes a request's reads at its own snapshot, and an older snapshot never replaces a newer one", async () => {
    const a = await createAccount(store.db, { name: 'a', credits: 5, rateLimitPerMinute: 60 });
    const before = reads.version();
    expect(await balance(a.id, before)).toEqual({ credits_balance: 5 });
    await store.db.updateTable('accounts').set({ credits_balance: 3 }).where('id', '=', a.id).execute();
    const after = reads.version();
    expect(after).not.toBe(before);
    expect(await balance(a.id, after)).toEqual({ credits_balance: 3 });
    loads = 0;
    // The older snapshot reads past the cache (it sees the newer row: never older than asked)…
    expect(await balance(a.id, before)).toEqual({ credits_balance: 3 });
    expect(loads).toBe(1);
    // …and leaves the newer snapshot's entries in place.
    expect(await balance(a.id, after)).toEqual({ credits_balance: 3 });
    expect(loads).toBe(1);
  });

  it('authenticates from it and refuses a key the moment another connection deactivates it', async () => {
    const a = await createAccount(store.db, { name: 'a', credits: 5, rateLimitPerMinute: 60 });
    const { key, row } = await createKey(store.db, a.id, 'k');
    expect((await findKeyForAuth(store, key))?.key.active).toBe(1);
    const cli = openStore({ databaseUrl: null, dataDir: dir });
    await cli.db.updateTable('api_keys').set({ active: 0 }).where('id', '=', row.id).execute();
    await cli.close();
    expect((await findKeyForAuth(store, key))?.key.active).toBe(0);
    expect(await findKeyForAuth(store, 'vc_unknown')).toBeUndefined();
  });
});
