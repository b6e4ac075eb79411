// Outputs in a real S3 server (SeaweedFS checks signatures and expiry): a job's download_url
// is a presigned GET that works (Range, Content-Disposition, Content-Type), expires, and
// refuses tampering; retention deletes the objects; a stale attempt's objects are deleted and
// never linked; another account still gets 404.
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { CreateMultipartUploadCommand, ListMultipartUploadsCommand, UploadPartCommand } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { loadOrCreateSecret, signFilePath } from '../../src/files/signing.js';
import { Attempt, outputDirOf } from '../../src/queue/attempt.js';
import { JOB_TYPES } from '../../src/jobs/registry.js';
import { startMediaSite, type MediaSite } from '../fixtures/site.js';
import { S3_SKIP, startSeaweed, type SeaweedS3 } from '../helpers/s3.js';
import { startTestService, waitForJob, type TestService } from '../helpers/service.js';

const PREFIX = 'vc-out';

describe.skipIf(S3_SKIP)('outputs in S3 (SeaweedFS)', () => {
  let s3: SeaweedS3;
  let svc: TestService;
  let site: MediaSite;
  let acct: { id: string; auth: { authorization: string } };
  let job: Record<string, any>;

  beforeAll(async () => {
    [s3, site] = await Promise.all([startSeaweed(), startMediaSite()]);
    const { VC_STORAGE_URL, VC_S3_ENDPOINT, ...aws } = s3.env(PREFIX);
    Object.assign(process.env, aws); // the standard AWS chain reads the process environment
    svc = await startTestService('sqlite', { VC_STORAGE_URL, VC_S3_ENDPOINT });
    acct = await svc.account(100);
    const res = await svc.app.inject({ method: 'POST', url: '/v1/download', headers: acct.auth, payload: { url: site.url('/media/video.mp4'), filename: 'Clip «été»' } });
    job = await waitForJob(svc, acct.auth, res.json().job_id, 90_000);
  }, 180_000);
  afterAll(async () => {
    await svc?.stop();
    await Promise.all([s3?.stop(), site?.close()]);
  });

  const jobPrefix = (id: string) => `${PREFIX}/${id}/`;
  const view = async (id: string, auth = acct.auth) => (await svc.app.inject({ method: 'GET', url: `/v1/jobs/${id}`, headers: auth })).json();

  it('publishes the output under the attempt key; download_url is a presigned GET with the right headers and Range', async () => {
    expect(job.status, JSON.stringify(job.error)).toBe('completed');
    expect(await s3.keys(jobPrefix(job.job_id))).toEqual([`${jobPrefix(job.job_id)}1/Clip «été».mp4`]);
    // Scratch stays local to the worker and is gone; nothing was written to a local files/.
    expect(fs.existsSync(path.join(svc.dataDir, 'files'))).toBe(false);
    // (The attempt removes its scratch just after the completion commits.)
    await vi.waitFor(() => expect(fs.readdirSync(path.join(svc.dataDir, 'work'))).toEqual([]), { timeout: 10_000, interval: 50 });

    const url = new URL(job.download_url);
    expect(url.origin).toBe(s3.endpoint);
    expect(url.searchParams.get('X-Amz-Signature')).toMatch(/^[0-9a-f]{64}$/);
    const res = await fetch(job.download_url);
    expect(res.status).toBe(200);
    const body = Buffer.from(await res.arrayBuffer());
    expect(body.length).toBe(job.result.size_bytes);
    expect(createHash('sha256').update(body).digest('hex')).toBe(job.result.sha256);
    expect(res.headers.get('content-type')).toBe('video/mp4');
    expect(res.headers.get('content-disposition')).toBe(`attachment; filename="Clip _ete_.mp4"; filename*=UTF-8''Clip%20%C2%AB%C3%A9t%C3%A9%C2%BB.mp4`);

    const part = await fetch(job.download_url, { headers: { range: 'bytes=100-199' } });
    expect(part.status).toBe(206);
    expect(part.headers.get('content-range')).toBe(`bytes 100-199/${job.result.size_bytes}`);
    expect(Buffer.from(await part.arrayBuffer()).equals(body.subarray(100, 200))).toBe(true);
  });

  it('a /v1/files link (as written into outputs) redirects to a fresh presigned GET', async () => {
    const secret = loadOrCreateSecret(svc.dataDir, null);
    const link = signFilePath(secret, job.job_id, job.result.filename, new Date(Date.now() + 600_000));
    const res = await svc.app.inject({ method: 'GET', url: link });
    expect(res.statusCode).toBe(302);
    expect(res.headers['cache-control']).toBe('no-store');
    const target = String(res.headers.location);
    expect(target.startsWith(`${s3.endpoint}/`)).toBe(true);
    expect((await fetch(target, { headers: { range: 'bytes=0-9' } })).status).toBe(206);
  });

  it('S3 refuses a tampered link: signature, another object, other response headers', async () => {
    const other = new URL(job.download_url);
    const sig = other.searchParams.get('X-Amz-Signature')!;
    other.searchParams.set('X-Amz-Signature', sig.replace(/^./, (c) => (c === '0' ? '1' : '0')));
    const tamperedSig = await fetch(other);
    expect(tamperedSig.status).toBe(403);
    expect(await tamperedSig.text()).toMatch(/SignatureDoesNotMatch/);

    await s3.put(`${PREFIX}/another-job/1/secret.mp4`, 'another tenant');
    const moved = new URL(job.download_url);
    moved.pathname = `/${s3.bucket}/${PREFIX}/another-job/1/secret.mp4`;
    expect((await fetch(moved)).status).toBe(403);

    const inline = new URL(job.download_url);
    inline.searchParams.set('response-content-disposition', 'inline');
    expect((await fetch(inline)).status).toBe(403);
  });

  it('the link expires with the output (S3 refuses it after expiry), and retention deletes the objects', async () => {
    const res = await svc.app.inject({ method: 'POST', url: '/v1/download', headers: acct.auth, payload: { url: site.url('/media/audio.m4a'), format: 'm4a' } });
    const short = await waitForJob(svc, acct.auth, res.json().job_id, 90_000);
    expect(short.status, JSON.stringify(short.error)).toBe('completed');
    await svc.store.db.updateTable('jobs').set({ expires_at: new Date(Date.now() + 2500).toISOString() }).where('id', '=', short.job_id).execute();
    const link = (await view(short.job_id)).download_url as string;
    expect(Number(new URL(link).searchParams.get('X-Amz-Expires'))).toBeLessThanOrEqual(3);
    expect((await fetch(link)).status).toBe(200);
    expect(await s3.keys(jobPrefix(short.job_id))).toHaveLength(1);
    await new Promise((r) => setTimeout(r, 4000));
    const expired = await fetch(link);
    expect(expired.status).toBe(403);
    expect(await expired.text()).toMatch(/expired/i);

    await svc.queue.maintain(); // the queue's own maintenance may have run already
    expect(await s3.keys(jobPrefix(short.job_id))).toEqual([]);
    expect(await view(short.job_id)).toMatchObject({ status: 'completed', stage: 'expired', download_url: null });
  }, 120_000);

  it('a stale attempt publishes nothing that stays, and the completing attempt deletes what a dead one left', async () => {
    const res = await svc.app.inject({ method: 'POST', url: '/v1/download', headers: acct.auth, payload: { url: 'http://127.0.0.1:9/never.mp4' } });
    const id = res.json().job_id as string;
    await svc.queue.stop(); // this test drives the attempts itself
    const claim = () => svc.lifecycle.claim({ types: JOB_TYPES, workerId: 'test', leaseMs: 30_000 });
    let claimed = await claim();
    while (claimed && claimed.id !== id) claimed = await claim();
    const first = claimed!;
    const deps = { ...svc, log: () => {} };
    const stale = new Attempt(first, deps);
    fs.mkdirSync(outputDirOf(svc.config, first), { recursive: true });
    fs.writeFileSync(path.join(outputDirOf(svc.config, first), 'out.mp4'), 'stale result');

    // The lease expired meanwhile: the job was recovered and claimed again elsewhere.
    await svc.lifecycle.retry({ id, attempt: first.attempts });
    const second = (await claim())!;
    expect(second.attempts).toBe(first.attempts + 1);
    expect(await stale.settle({ ok: true, result: { filename: 'out.mp4', mime_type: 'video/mp4' } })).toBe('lost');
    expect(await s3.keys(jobPrefix(id))).toEqual([]);
    expect(await view(id)).toMatchObject({ status: 'processing', download_url: null });

    // A third, crashed attempt's upload lingers (its worker died after uploading).
    await s3.put(`${jobPrefix(id)}${second.attempts + 5}/out.mp4`, 'orphan');
    const current = new Attempt(second, deps);
    fs.mkdirSync(outputDirOf(svc.config, second), { recursive: true });
    fs.writeFileSync(path.join(outputDirOf(svc.config, second), 'out.mp4'), 'fresh result');
    expect(await current.settle({ ok: true, result: { filename: 'out.mp4', mime_type: 'video/mp4' } })).toBe('completed');
    expect(await s3.keys(jobPrefix(id))).toEqual([`${jobPrefix(id)}${second.attempts}/out.mp4`]);
    const done = await view(id);
    expect(new URL(done.download_url).pathname).toBe(`/${s3.bucket}/${jobPrefix(id)}${second.attempts}/out.mp4`);
    expect(await (await fetch(done.download_url)).text()).toBe('fresh result');
  });

  it('lease recovery deletes what the dead attempt uploaded, unfinished multipart uploads included', async () => {
    await svc.queue.stop(); // this test recovers the job itself
    const res = await svc.app.inject({ method: 'POST', url: '/v1/download', headers: acct.auth, payload: { url: 'http://127.0.0.1:9/never.mp4' } });
    const id = res.json().job_id as string;
    await svc.store.db.updateTable('jobs').set({ status: 'processing', attempts: 1, lease_expires_at: new Date(Date.now() - 1000).toISOString() }).where('id', '=', id).execute();
    await s3.put(`${jobPrefix(id)}1/done.mp4`, 'uploaded before the crash');
    const mpu = await s3.client.send(new CreateMultipartUploadCommand({ Bucket: s3.bucket, Key: `${jobPrefix(id)}1/big.mp4` }));
    await s3.client.send(new UploadPartCommand({ Bucket: s3.bucket, Key: `${jobPrefix(id)}1/big.mp4`, UploadId: mpu.UploadId, PartNumber: 1, Body: Buffer.alloc(5 * 1024 * 1024) }));
    const pending = async () => ((await s3.client.send(new ListMultipartUploadsCommand({ Bucket: s3.bucket, Prefix: jobPrefix(id) }))).Uploads ?? []).length;
    expect(await pending()).toBe(1);
    await svc.queue.maintain();
    expect((await view(id)).status).toBe('pending'); // requeued for another attempt
    expect(await s3.keys(jobPrefix(id))).toEqual([]);
    expect(await pending()).toBe(0);
  });

  it('another account still gets 404 for the job, and its files are reachable only through the owner’s links', async () => {
    const other = await svc.account(10);
    const res = await svc.app.inject({ method: 'GET', url: `/v1/jobs/${job.job_id}`, headers: other.auth });
    expect(res.statusCode).toBe(404);
    expect(res.json()).toMatchObject({ code: 'not_found' });
    const list = (await svc.app.inject({ method: 'GET', url: '/v1/jobs', headers: other.auth })).json();
    expect(list.data).toEqual([]);
    // Without a signature the bucket is closed (no anonymous reads).
    const bare = new URL(job.download_url);
    bare.search = '';
    expect((await fetch(bare)).status).toBe(403);
  });

  it('readyz reports the bucket', async () => {
    const ready = await svc.app.inject({ method: 'GET', url: '/readyz' });
    expect(ready.json()).toMatchObject({ status: 'ready', checks: { storage: 'ok' } });
  });
});

describe.skipIf(S3_SKIP)('S3 storage that does not answer', () => {
  it('readyz names the bucket problem', async () => {
    const s3 = await startSeaweed();
    const { VC_S3_ENDPOINT, ...aws } = s3.env();
    Object.assign(process.env, aws);
    const svc = await startTestService('sqlite', { VC_STORAGE_URL: 's3://no-such-bucket', VC_S3_ENDPOINT }, { startQueue: false });
    try {
      const res = await svc.app.inject({ method: 'GET', url: '/readyz' });
      expect(res.statusCode).toBe(503);
      expect(res.json()).toMatchObject({ code: 'service_unavailable', missing: ['storage'], checks: { storage: expect.stringContaining('no-such-bucket') } });
      await s3.stop();
      const down = await svc.app.inject({ method: 'GET', url: '/readyz' });
      expect(down.json().checks.storage).toMatch(/no-such-bucket/);
    } finally {
      await svc.stop();
      await s3.stop();
    }
  });
});
