// The admin API (VC_ADMIN_KEY); the operator CLI is tested in cli.test.ts.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestService, type TestService } from './helpers/service.js';

const ADMIN = 'admin-key-for-tests-0123456789';

describe('admin API', () => {
  let svc: TestService;
  beforeAll(async () => {
    svc = await startTestService('sqlite', { VC_ADMIN_KEY: ADMIN }, { startQueue: false });
  });
  afterAll(async () => svc?.stop());
  const admin = { authorization: `Bearer ${ADMIN}` };

  it('creates accounts, adds credits, manages keys; refuses without the admin key', async () => {
    const denied = await svc.app.inject({ method: 'POST', url: '/v1/admin/accounts', payload: { name: 'x', credits: 1 } });
    expect(denied.statusCode).toBe(401);
    const userKey = await svc.account(1);
    const notAdmin = await svc.app.inject({ method: 'POST', url: '/v1/admin/accounts', headers: userKey.auth, payload: { name: 'x', credits: 1 } });
    expect(notAdmin.statusCode).toBe(401);

    const created = await svc.app.inject({ method: 'POST', url: '/v1/admin/accounts', headers: admin, payload: { name: 'acme', credits: 7 } });
    expect(created.statusCode).toBe(201);
    const { account_id, api_key } = created.json();
    expect(api_key).toMatch(/^vc_[A-Za-z0-9_-]{32}$/);
    const user = { authorization: `Bearer ${api_key}` };
    expect((await svc.app.inject({ method: 'GET', url: '/v1/account', headers: user })).json()).toMatchObject({ id: account_id, name: 'acme', credits_balance: 7 });

    const topped = await svc.app.inject({ method: 'POST', url: `/v1/admin/accounts/${account_id}/credits`, headers: admin, payload: { amount: 5 } });
    expect(topped.json().credits_balance).toBe(12);
    const ledger = (await svc.app.inject({ method: 'GET', url: '/v1/account/ledger', headers: user })).json();
    expect(ledger.data.map((e: { delta: number }) => e.delta)).toEqual([5, 7]);

    const second = await svc.app.inject({ method: 'POST', url: `/v1/admin/accounts/${account_id}/keys`, headers: admin, payload: { name: 'ci' } });
    expect(second.statusCode).toBe(201);
    const keys = (await svc.app.inject({ method: 'GET', url: `/v1/admin/accounts/${account_id}/keys`, headers: admin })).json().data;
    expect(keys).toHaveLength(2);
    expect(JSON.stringify(keys)).not.toContain(api_key); // prefix and last 4 only
    expect(keys[0]).toMatchObject({ name: 'ci', active: true, last4: second.json().api_key.slice(-4) });

    const off = await svc.app.inject({ method: 'POST', url: `/v1/admin/keys/${second.json().key_id}/deactivate`, headers: admin });
    expect(off.statusCode).toBe(204);
    const blocked = await svc.app.inject({ method: 'GET', url: '/v1/account', headers: { authorization: `Bearer ${second.json().api_key}` } });
    expect(blocked.statusCode).toBe(403);
    const gone = await svc.app.inject({ method: 'DELETE', url: `/v1/admin/keys/${second.json().key_id}`, headers: admin });
    expect(gone.statusCode).toBe(204);
    const unknown = await svc.app.inject({ method: 'GET', url: '/v1/account', headers: { authorization: `Bearer ${second.json().api_key}` } });
    expect(unknown.statusCode).toBe(401);
    const missing = await svc.app.inject({ method: 'POST', url: '/v1/admin/accounts/00000000-0000-7000-8000-000000000000/credits', headers: admin, payload: { amount: 1 } });
    expect(missing.statusCode).toBe(404);
  });

  it('is disabled without VC_ADMIN_KEY', async () => {
    const plain = await startTestService('sqlite', {}, { startQueue: false });
    try {
      const res = await plain.app.inject({ method: 'POST', url: '/v1/admin/accounts', headers: admin, payload: { name: 'x', credits: 1 } });
      expect(res.statusCode).toBe(403);
      expect(res.json().code).toBe('forbidden');
    } finally {
      await plain.stop();
    }
  });
});
