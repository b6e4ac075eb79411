// One API host in its own network namespace, on Postgres and S3 reached over the bridge: a
// download job completes there, its output lands in the bucket, and the presigned
// download_url it hands out works from another network (the root namespace).
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAccount } from '../../src/store/accounts.js';
import { openStore } from '../../src/store/db.js';
import { createKey } from '../../src/store/keys.js';
import { startMediaSite, type MediaSite } from '../fixtures/site.js';
import { createHostNetwork, HOSTS_SKIP, type HostNetwork, type HostProcess } from '../helpers/hosts.js';
import { S3_SKIP, startSeaweed, type SeaweedS3 } from '../helpers/s3.js';

const SKIP = HOSTS_SKIP ?? S3_SKIP;
if (SKIP) console.warn(`skipping the multi-host smoke test: ${SKIP}`);

describe.skipIf(SKIP)('an API host on Postgres and S3 over the network', () => {
  let netw: HostNetwork;
  let s3: SeaweedS3;
  let site: MediaSite;
  let api: HostProcess;
  let base: string;
  let auth: Record<string, string>;
  let mediaUrl: string;

  beforeAll(async () => {
    [netw, s3, site] = await Promise.all([createHostNetwork({ hosts: ['api'] }), startSeaweed(), startMediaSite()]);
    const [s3Port, sitePort, db] = await Promise.all([netw.forward(s3.port), netw.forward(Number(new URL(site.baseUrl).port)), netw.database()]);
    const host = netw.host('api');
    mediaUrl = `http://${netw.gateway}:${sitePort}/media/video.mp4`;
    base = `http://${host.address}:8080`;
    api = host.videoconduit(['serve'], {
      ...s3.env('smoke', `http://${netw.gateway}:${s3Port}`),
      VC_DATABASE_URL: db.hostUrl,
      VC_HOST: host.address,
      VC_PORT: '8080',
      // The media site is reached through its forwarder, one port of the gateway.
      VC_URL_ALLOWLIST: `${netw.gateway}:${sitePort}`,
      // The test talks to it from the gateway address like a load balancer terminating TLS.
      VC_TRUSTED_PROXIES: netw.gateway,
      VC_LOG_LEVEL: 'info',
    });
    await api.waitForOutput(/Server listening/, 90_000);
    const store = openStore({ databaseUrl: db.localUrl, dataDir: host.dataDir });
    try {
      const acct = await createAccount(store.db, { name: 'smoke', credits: 10, rateLimitPerMinute: 1000 });
      auth = { authorization: `Bearer ${(await createKey(store.db, acct.id, 'smoke')).key}`, 'x-forwarded-proto': 'https' };
    } finally {
      await store.close();
    }
  }, 180_000);
  afterAll(async () => {
    api?.kill('SIGTERM');
    await api?.exited;
    await netw?.close();
    await Promise.all([s3?.stop(), site?.close()]);
  });

  it('completes a download whose output lands in S3, fetched through its presigned URL from another network', async () => {
    const res = await fetch(`${base}/v1/download`, { method: 'POST', headers: { ...auth, 'content-type': 'application/json' }, body: JSON.stringify({ url: mediaUrl }) });
    expect(res.status, await res.clone().text()).toBe(202);
    const { job_id } = (await res.json()) as { job_id: string };
    let job: Record<string, any> = {};
    for (const until = Date.now() + 90_000; Date.now() < until; await new Promise((r) => setTimeout(r, 250))) {
      job = (await (await fetch(`${base}/v1/jobs/${job_id}`, { headers: auth })).json()) as Record<string, any>;
      if (['completed', 'failed', 'cancelled'].includes(job.status)) break;
    }
    expect(job.status, `${JSON.stringify(job.error)}\n${api.output().slice(-3000)}`).toBe('completed');
    expect(await s3.keys(`smoke/${job_id}/`)).toEqual([`smoke/${job_id}/1/${job.result.filename}`]);
    const url = new URL(job.download_url);
    expect(url.host).toBe(`${netw.gateway}:${url.port}`); // the endpoint the host was given
    const file = await fetch(job.download_url);
    expect(file.status).toBe(200);
    expect(createHash('sha256').update(Buffer.from(await file.arrayBuffer())).digest('hex')).toBe(job.result.sha256);
    expect(file.headers.get('content-disposition')).toMatch(/^attachment; filename="/);
    // The site saw the host's request arrive through the bridge.
    expect(site.requests.some((r) => r.path === '/media/video.mp4')).toBe(true);
  }, 120_000);

  it('readyz on the host sees the database and the bucket', async () => {
    const ready = (await (await fetch(`${base}/readyz`)).json()) as { checks: Record<string, string> };
    expect(ready.checks).toMatchObject({ database: 'ok', storage: 'ok' });
  });
});
