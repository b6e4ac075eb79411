// Scale-out across hosts (network namespaces, test/helpers/hosts.ts): an API host and two
// worker hosts, each with its own disk and VC_HOSTNAME, on PostgreSQL and S3 reached over the
// bridge, downloading from a throttled source. kill -9 of a worker host mid-download, a worker
// host cut off for longer than the lease, and SIGTERM of a worker: every job completes once,
// charged once, with exactly one object. Needs root (CI); skips with the reason otherwise.
// test/scale/processes.test.ts runs the same scenarios with processes on one host.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createAccount } from '../../src/store/accounts.js';
import { openStore, type Store } from '../../src/store/db.js';
import { createKey } from '../../src/store/keys.js';
import type { JobRow } from '../../src/store/schema.js';
import { startMediaSite, type MediaSite } from '../fixtures/site.js';
import { createHostNetwork, HOSTS_SKIP, isRunning, type Host, type HostNetwork, type HostProcess } from '../helpers/hosts.js';
import { S3_SKIP, startSeaweed, type SeaweedS3 } from '../helpers/s3.js';
import { waitFor } from './cluster.js';

const SKIP = HOSTS_SKIP ?? S3_SKIP;
if (SKIP) console.warn(`skipping the multi-host scale-out tests: ${SKIP}`);

const PREFIX = 'scale';
const SECRET = 'a-signing-secret-shared-by-every-host-0123';

describe.skipIf(SKIP)('scale-out across hosts (PostgreSQL + S3 over a network)', () => {
  let netw: HostNetwork;
  let s3: SeaweedS3;
  let site: MediaSite;
  let store: Store;
  let env: Record<string, string>;
  let base: string;
  let auth: Record<string, string>;
  let media: string;
  const workers: HostProcess[] = [];

  beforeAll(async () => {
    [netw, s3, site] = await Promise.all([createHostNetwork({ hosts: ['api', 'worker-a', 'worker-b'] }), startSeaweed(), startMediaSite({ throttleBytesPerSec: 100_000 })]);
    const [s3Port, sitePort, db] = await Promise.all([netw.forward(s3.port), netw.forward(Number(new URL(site.baseUrl).port)), netw.database()]);
    media = `http://${netw.gateway}:${sitePort}/media/long.mp4`; // 560 kB: about 6 s
    env = {
      ...s3.env(PREFIX, `http://${netw.gateway}:${s3Port}`),
      VC_DATABASE_URL: db.hostUrl,
      VC_URL_ALLOWLIST: `${netw.gateway}:${sitePort}`,
      VC_SIGNING_SECRET: SECRET,
      VC_JOB_LEASE_SECONDS: '2',
      VC_SHUTDOWN_GRACE_SECONDS: '1',
      VC_LOG_LEVEL: 'info',
    };
    const apiHost = netw.host('api');
    base = `http://${apiHost.address}:8080`;
    const api = apiHost.videoconduit(['serve'], { ...env, VC_HOSTNAME: 'api', VC_HOST: apiHost.address, VC_PORT: '8080', VC_JOB_CONCURRENCY: '0', VC_TRUSTED_PROXIES: netw.gateway });
    await api.waitForOutput(/Server listening/, 90_000);
    store = openStore({ databaseUrl: db.localUrl, dataDir: apiHost.dataDir });
    const acct = await createAccount(store.db, { name: 'hosts', credits: 100, rateLimitPerMinute: 10_000 });
    auth = { authorization: `Bearer ${(await createKey(store.db, acct.id, 'hosts')).key}`, 'x-forwarded-proto': 'https' };
  }, 180_000);
  afterEach(async () => {
    for (const w of workers.splice(0)) w.kill('SIGKILL');
    for (const name of ['worker-a', 'worker-b']) {
      netw.host(name).restore();
      netw.host(name).kill9();
    }
  });
  afterAll(async () => {
    await store?.close();
    await netw?.close();
    await Promise.all([s3?.stop(), site?.close()]);
  });

  const startWorker = async (host: Host): Promise<{ proc: HostProcess; id: string }> => {
    const proc = host.videoconduit(['worker'], { ...env, VC_HOSTNAME: host.name, VC_JOB_CONCURRENCY: '1' });
    workers.push(proc);
    const line = await proc.waitForOutput(/VideoConduit worker \S+/, 90_000);
    return { proc, id: line.split(' ')[2] };
  };
  const submit = async (): Promise<string> => {
    const res = await fetch(`${base}/v1/download`, { method: 'POST', headers: { ...auth, 'content-type': 'application/json' }, body: JSON.stringify({ url: media }) });
    expect(res.status, await res.clone().text()).toBe(202);
    return ((await res.json()) as { job_id: string }).job_id;
  };
  const job = (id: string): Promise<JobRow> => store.db.selectFrom('jobs').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
  const running = (id: string) => waitFor('the download to start', async () => ((await job(id)).process_pid ? job(id) : null), 60_000, 100);
  const done = (id: string) => waitFor('the job to end', async () => ((await job(id)).completed_at ? job(id) : null), 120_000, 250);
  const charges = (id: string) => store.db.selectFrom('ledger_entries').select(['reason', 'delta']).where('job_id', '=', id).execute();
  /** The job's objects: exactly the completing attempt's file. */
  const objects = (id: string) => s3.keys(`${PREFIX}/${id}/`);

  it('kill -9 of a worker host mid-download: the other host completes the job, charged once, one object', async () => {
    const [a, b] = await Promise.all([startWorker(netw.host('worker-a')), startWorker(netw.host('worker-b'))]);
    const id = await submit();
    const first = await running(id);
    const [dead, alive] = first.worker_id === a.id ? [netw.host('worker-a'), b] : [netw.host('worker-b'), a];
    const t = Date.now();
    expect(dead.kill9()).toBeGreaterThan(0);
    const end = await done(id);
    console.log(`[hosts: kill -9] job completed on the other host ${Date.now() - t} ms after the kill (lease 2 s)`);
    expect(end, end.error_detail ?? '').toMatchObject({ status: 'completed', attempts: 2, worker_id: alive.id });
    expect(await charges(id)).toEqual([{ reason: 'charge', delta: -1 }]);
    expect(await objects(id)).toEqual([`${PREFIX}/${id}/2/${(JSON.parse(end.result!) as { filename: string }).filename}`]);
  }, 180_000);

  it('a worker host cut off for longer than the lease: the other completes the job; back online, the first publishes nothing', async () => {
    const cutHost = netw.host('worker-a');
    const a = await startWorker(cutHost);
    const id = await submit();
    const first = await running(id);
    expect(first.worker_id).toBe(a.id);
    // Cut at once: worker B starts after the cut (starting it first took long enough on a
    // loaded machine for the whole download to finish) and recovers the expired lease.
    const t = Date.now();
    cutHost.cut();
    // The cut-off worker stops its own engine (nobody else may kill a process of another host).
    const stopped = waitFor('the engine of the cut-off host to stop', async () => !isRunning(first.process_pid!), 20_000, 100).then(() => Date.now() - t);
    const b = await startWorker(netw.host('worker-b'));
    const stoppedMs = await stopped;
    const end = await done(id);
    console.log(`[hosts: link cut] engine stopped by its own host after ${stoppedMs} ms (lease 2 s); job completed on the other host after ${Date.now() - t} ms`);
    expect(end).toMatchObject({ status: 'completed', attempts: 2, worker_id: b.id });
    const filename = (JSON.parse(end.result!) as { filename: string }).filename;
    cutHost.restore();
    await a.proc.waitForOutput(/"event":"job\.lost"/, 30_000);
    await new Promise((r) => setTimeout(r, 3000)); // anything it still meant to write has gone through by now
    expect(await job(id)).toMatchObject({ status: 'completed', attempts: 2, worker_id: b.id, completed_at: end.completed_at, result: end.result });
    expect(await charges(id)).toEqual([{ reason: 'charge', delta: -1 }]);
    expect(await objects(id)).toEqual([`${PREFIX}/${id}/2/${filename}`]);
    expect(a.proc.output()).toMatch(/database unreachable.*job attempt fenced/);
  }, 180_000);

  it('SIGTERM of a worker: its job is handed back and completes on the other host', async () => {
    const [a, b] = await Promise.all([startWorker(netw.host('worker-a')), startWorker(netw.host('worker-b'))]);
    const id = await submit();
    const first = await running(id);
    const [leaving, staying] = first.worker_id === a.id ? [a, b] : [b, a];
    const t = Date.now();
    leaving.proc.kill('SIGTERM');
    expect(await leaving.proc.exited).toEqual({ code: 0, signal: null });
    const end = await done(id);
    console.log(`[hosts: SIGTERM] the job completed on the other host ${Date.now() - t} ms after the signal (grace 1 s)`);
    expect(end).toMatchObject({ status: 'completed', attempts: 2, released_attempts: 1, credits_refunded: 0, error_code: null, worker_id: staying.id });
    expect(await charges(id)).toEqual([{ reason: 'charge', delta: -1 }]);
    expect(await objects(id)).toHaveLength(1);
  }, 180_000);
});
