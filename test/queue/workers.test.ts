// The workers table on both databases: a process registers with its host, role, concurrency
// and versions, shows as draining while it shuts down (and /readyz answers 503 meanwhile),
// leaves when it stops, and rows of processes that vanished expire. GET /v1/admin/workers and
// `doctor` read it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runDoctor } from '../../src/doctor.js';
import { nowIso } from '../../src/store/ids.js';
import { STORES, startTestService, type TestService } from '../helpers/service.js';
import { urlWithSchema } from '../scale/cluster.js';
import { Gate, submit, until } from './helpers.js';

const ADMIN = 'admin-key-for-workers-0123456789';

describe.each(STORES)('workers table (%s)', (kind) => {
  let svc: TestService;
  const gate = new Gate();
  const workers = async () => (await svc.app.inject({ method: 'GET', url: '/v1/admin/workers', headers: { authorization: `Bearer ${ADMIN}` } })).json().data as Record<string, any>[];

  beforeAll(async () => {
    svc = await startTestService(kind, { VC_ADMIN_KEY: ADMIN, VC_JOB_CONCURRENCY: '3', VC_HOSTNAME: 'box-1' }, { registry: gate.registry() });
  });
  afterAll(async () => svc?.stop());

  it('lists this process with its host, pid, role, concurrency, running jobs and versions', async () => {
    const a = await svc.account(10);
    const id = await submit(svc, a.id);
    await gate.waitStarted(id);
    const [me] = await until(async () => (await workers()).length === 1, 5000, 'registration').then(workers);
    expect(me).toMatchObject({ id: svc.presence.id, host: 'box-1', pid: process.pid, role: 'serve', concurrency: 3, running_jobs: 1, draining: false, alive: true });
    expect(me.versions).toMatchObject({ videoconduit: expect.stringMatching(/^\d+\.\d+\.\d+/), node: process.versions.node, 'yt-dlp': expect.stringMatching(/^\d{4}\./), ffmpeg: expect.any(String) });
    gate.finish(id);
    expect((await svc.app.inject({ method: 'GET', url: '/v1/admin/workers' })).statusCode).toBe(401);
  });

  it('doctor shows the processes; rows not seen for 10 minutes expire', async () => {
    const stale = { id: '0193a1f0-0000-7000-8000-00000000dead', host: 'gone-host', pid: 1, role: 'worker', concurrency: 4, versions: '{}', draining: 0, started_at: nowIso(Date.now() - 3600_000), last_seen_at: nowIso(Date.now() - 11 * 60_000) };
    await svc.store.db.insertInto('workers').values(stale).execute();
    const doctor = await runDoctor({ ...svc.config, databaseUrl: svc.pgSchema ? urlWithSchema(svc.config.databaseUrl!, svc.pgSchema) : null });
    const check = doctor.checks.find((c) => c.name === 'workers')!;
    expect(check).toMatchObject({ ok: true, detail: expect.stringMatching(/^1 alive \(3 job slots\), 1 not seen for 30 s/) });
    expect(doctor.workers?.map((w) => [w.host, w.alive])).toEqual(expect.arrayContaining([['box-1', true], ['gone-host', false]]));
    await svc.queue.maintain();
    expect((await workers()).map((w) => w.host)).toEqual(['box-1']);
  });

  it('a draining process says so, in the list and on /readyz, and leaves the list when it stops', async () => {
    const a = await svc.account(10);
    const id = await submit(svc, a.id);
    await gate.waitStarted(id);
    expect((await svc.app.inject({ method: 'GET', url: '/readyz' })).statusCode).toBe(200);
    const closing = svc.shutdown(30_000); // the job is still running: the grace period holds
    await until(async () => (await workers())[0]?.draining === true, 5000, 'draining in the list');
    const ready = await svc.app.inject({ method: 'GET', url: '/readyz' });
    expect(ready.statusCode).toBe(503);
    expect(ready.json()).toMatchObject({ code: 'service_unavailable', checks: { process: 'draining (shutting down)' }, missing: ['process'] });
    const list = await workers();
    gate.finish(id);
    await closing;
    expect(list[0]).toMatchObject({ draining: true, running_jobs: 1 });
    const { openStore } = await import('../../src/store/db.js');
    const store = openStore({ databaseUrl: svc.config.databaseUrl, dataDir: svc.dataDir, pgSchema: svc.pgSchema ?? undefined });
    try {
      expect(await store.db.selectFrom('workers').selectAll().execute()).toEqual([]);
      expect(await store.db.selectFrom('jobs').select('status').where('id', '=', id).executeTakeFirstOrThrow()).toEqual({ status: 'completed' });
    } finally {
      await store.close();
    }
  });
});
