// Issue 10 item 10: credit grants had no upper bound. 1e30 passed the integer schema and the
// CLI check, SQLite then stored the balance and the ledger as floats, and Postgres (32-bit
// integer column) would fail the grant with a 500. Grants are now bounded (MAX_CREDIT_GRANT
// per grant, MAX_CREDIT_BALANCE per account) on every surface, and balances stay integers.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_CREDIT_BALANCE, MAX_CREDIT_GRANT } from '../../src/store/accounts.js';
import { REPO, STORES, startTestService, testEnv, type TestService } from '../helpers/service.js';

const ADMIN = 'admin-key-for-tests-0123456789';
const admin = { authorization: `Bearer ${ADMIN}` };

describe.each(STORES)('credit grants are bounded (%s)', (kind) => {
  let svc: TestService;
  beforeAll(async () => {
    svc = await startTestService(kind, { VC_ADMIN_KEY: ADMIN }, { startQueue: false });
  });
  afterAll(async () => svc?.stop());

  it('refuses 1e30 and anything over the per-grant maximum, keeping the balance', async () => {
    const a = await svc.account(5);
    for (const amount of [1e30, MAX_CREDIT_GRANT + 1, 2 ** 53]) {
      const res = await svc.app.inject({ method: 'POST', url: `/v1/admin/accounts/${a.id}/credits`, headers: admin, payload: { amount } });
      expect(res.statusCode, `${amount}: ${res.body}`).toBe(422);
      expect(res.json().code).toBe('validation_error');
    }
    const created = await svc.app.inject({ method: 'POST', url: '/v1/admin/accounts', headers: admin, payload: { name: 'big', credits: 1e30 } });
    expect(created.statusCode).toBe(422);
    expect((await svc.app.inject({ method: 'GET', url: '/v1/account', headers: a.auth })).json().credits_balance).toBe(5);
  });

  it('refuses a grant that would take the balance over the maximum, and stays integral', async () => {
    const a = await svc.account(0);
    for (const amount of [MAX_CREDIT_GRANT, MAX_CREDIT_BALANCE - MAX_CREDIT_GRANT]) {
      const ok = await svc.app.inject({ method: 'POST', url: `/v1/admin/accounts/${a.id}/credits`, headers: admin, payload: { amount } });
      expect(ok.statusCode, ok.body).toBe(200);
    }
    const over = await svc.app.inject({ method: 'POST', url: `/v1/admin/accounts/${a.id}/credits`, headers: admin, payload: { amount: 1 } });
    expect(over.statusCode).toBe(422);
    expect(JSON.stringify(over.json().detail)).toContain(String(MAX_CREDIT_BALANCE));
    const balance = (await svc.app.inject({ method: 'GET', url: '/v1/account', headers: a.auth })).json().credits_balance;
    expect(balance).toBe(MAX_CREDIT_BALANCE);
    const ledger = (await svc.app.inject({ method: 'GET', url: '/v1/account/ledger', headers: a.auth })).json();
    expect(ledger.data.every((e: { delta: number; balance_after: number }) => Number.isInteger(e.delta) && Number.isInteger(e.balance_after))).toBe(true);
    if (kind === 'sqlite') {
      const types = await sql<{ t: string }>`select distinct typeof(credits_balance) as t from accounts`.execute(svc.store.db);
      expect(types.rows.map((r) => r.t)).toEqual(['integer']);
    }
  });
});

describe('CLI grants are bounded', () => {
  const BIN = path.join(REPO, 'bin', 'videoconduit');
  let dataDir: string;
  beforeAll(() => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'vc-credits-'));
  });
  afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));
  const cli = (...args: string[]) => spawnSync(BIN, args, { env: { ...process.env, ...testEnv(dataDir) }, encoding: 'utf8' });

  it('refuses 1e30 for accounts create and credits add with a one-line error', () => {
    const big = cli('accounts', 'create', '--name', 'x', '--credits', '1e30', '--json');
    expect(big.status).toBe(2); // wrong usage (docs/cli.md)
    expect(big.stderr).toMatch(/--credits.*expected a whole number from 0 to 1000000000/);
    const made = cli('accounts', 'create', '--name', 'x', '--credits', String(MAX_CREDIT_GRANT), '--json');
    expect(made.status, made.stderr).toBe(0);
    const id = JSON.parse(made.stdout).account_id as string;
    const add = cli('credits', 'add', '--account', id, '--amount', '1e30');
    expect(add.status).toBe(2);
    expect(add.stderr).toMatch(/--amount.*expected a whole number from 1 to 1000000000/);
    expect(cli('credits', 'add', '--account', id, '--amount', String(MAX_CREDIT_BALANCE - MAX_CREDIT_GRANT)).status).toBe(0);
    const overflow = cli('credits', 'add', '--account', id, '--amount', '1');
    expect(overflow.status).toBe(1); // the command failed (docs/cli.md)
    // One line of error (after the line saying which database the command used).
    expect(overflow.stderr.trim().split('\n')).toEqual([expect.stringMatching(/^database: /), expect.stringMatching(/would exceed the maximum balance of 2000000000$/)]);
    expect(overflow.stderr).not.toMatch(/at .*\.ts:\d+/); // no stack trace
  });
});
