// GET /v1/account/keys: the caller's own keys (prefix and last 4 only, never the hash), newest
// first in cursor pages, the calling key marked, last use recorded; another account's keys
// are never visible, also through a cursor made from one of them.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { setKeyActive, createKey, hashKey, noteKeyUsed, KEY_USE_RESOLUTION_MS } from '../src/store/keys.js';
import { STORES, startTestService, type TestService } from './helpers/service.js';

describe.each(STORES)('GET /v1/account/keys (%s)', (kind) => {
  let svc: TestService;
  let a: Awaited<ReturnType<TestService['account']>>;
  let b: Awaited<ReturnType<TestService['account']>>;
  const aKeys: { id: string; key: string }[] = [];
  let bKey: { id: string; key: string };

  beforeAll(async () => {
    svc = await startTestService(kind, {}, { startQueue: false });
    a = await svc.account(10);
    b = await svc.account(10);
    for (const name of ['ci', 'laptop', 'retired']) {
      await new Promise((r) => setTimeout(r, 3)); // UUIDv7 orders by the millisecond only
      const { key, row } = await createKey(svc.store.db, a.id, name);
      aKeys.push({ id: row.id, key });
    }
    await setKeyActive(svc.store.db, aKeys[2].id, false);
    await new Promise((r) => setTimeout(r, 3));
    const made = await createKey(svc.store.db, b.id, 'b-only');
    bKey = { id: made.row.id, key: made.key };
  });
  afterAll(async () => svc?.stop());

  const list = (auth: Record<string, string>, query = '') => svc.app.inject({ method: 'GET', url: `/v1/account/keys${query}`, headers: auth });

  it("lists the caller's keys newest first, deactivated ones too, the calling key marked, nothing secret", async () => {
    const res = await list({ authorization: `Bearer ${aKeys[0].key}` });
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.data.map((k: { name: string }) => k.name)).toEqual(['retired', 'laptop', 'ci', 'test']);
    expect(body).toMatchObject({ has_more: false, next_cursor: null });
    const ci = body.data.find((k: { id: string }) => k.id === aKeys[0].id);
    expect(ci).toEqual({ id: aKeys[0].id, name: 'ci', prefix: aKeys[0].key.slice(0, 7), last4: aKeys[0].key.slice(-4), active: true, created_at: expect.any(String), last_used_at: expect.any(String), current: true });
    expect(body.data.filter((k: { current: boolean }) => k.current)).toHaveLength(1);
    expect(body.data.find((k: { name: string }) => k.name === 'retired')).toMatchObject({ active: false, last_used_at: null });
    const text = res.body;
    for (const k of [...aKeys, bKey]) {
      expect(text).not.toContain(k.key);
      expect(text).not.toContain(hashKey(k.key));
    }
    expect(text).not.toContain('key_hash');
  });

  it("never shows another account's keys, not even through a cursor made from one of them", async () => {
    const mine = (await list(b.auth)).json();
    expect(mine.data.map((k: { name: string }) => k.name)).toEqual(['b-only', 'test']);
    expect(JSON.stringify(mine)).not.toContain(a.id);
    for (const k of aKeys) expect(mine.data.some((x: { id: string }) => x.id === k.id)).toBe(false);
    // A's newest key id as B's cursor: B gets B's keys older than it (its own), never A's.
    const foreignCursor = Buffer.from(aKeys[2].id).toString('base64url');
    const paged = (await list(b.auth, `?cursor=${foreignCursor}`)).json();
    expect(paged.data.every((k: { name: string }) => ['b-only', 'test'].includes(k.name))).toBe(true);
  });

  it('pages with limit and cursor; refuses a bad limit or cursor, a missing key and a deactivated one', async () => {
    const first = (await list(a.auth, '?limit=3')).json();
    expect(first.data).toHaveLength(3);
    expect(first.has_more).toBe(true);
    const second = (await list(a.auth, `?limit=3&cursor=${first.next_cursor}`)).json();
    expect(second.data.map((k: { name: string }) => k.name)).toEqual(['test']);
    expect(second).toMatchObject({ has_more: false, next_cursor: null });
    for (const q of ['?limit=0', '?limit=101', '?cursor=not-a-cursor', '?extra=1']) {
      const res = await list(a.auth, q);
      expect(res.statusCode, q).toBe(422);
      expect(res.json().code).toBe('validation_error');
    }
    expect((await list({})).statusCode).toBe(401);
    const off = await list({ authorization: `Bearer ${aKeys[2].key}` });
    expect(off.statusCode).toBe(403);
    expect(off.json().code).toBe('forbidden');
  });

  it('records last use at most once a minute, and not for a refused key', async () => {
    const auth = { authorization: `Bearer ${aKeys[1].key}` };
    const usedAt = async (id: string) => (await list(a.auth)).json().data.find((k: { id: string }) => k.id === id).last_used_at as string | null;
    expect(await usedAt(aKeys[1].id)).toBeNull();
    await list(auth);
    const stamped = await usedAt(aKeys[1].id);
    expect(Date.now() - Date.parse(stamped!)).toBeLessThan(10_000);
    await list(auth);
    expect(await usedAt(aKeys[1].id)).toBe(stamped); // within the minute: no second write
    const row = await svc.store.db.selectFrom('api_keys').selectAll().where('id', '=', aKeys[1].id).executeTakeFirstOrThrow();
    const later = Date.parse(stamped!) + KEY_USE_RESOLUTION_MS + 1;
    await noteKeyUsed(svc.store.db, row, later);
    expect(await usedAt(aKeys[1].id)).toBe(new Date(later).toISOString());
    expect(await usedAt(aKeys[2].id)).toBeNull(); // its 403 above did not count as use
  });
});
