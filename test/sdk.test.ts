// The TypeScript SDK against a live server over real HTTP: every operation in openapi.json is
// called through it at least once (checked at the end), jobs are followed over SSE and by
// polling, outputs are saved to disk.
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createClient, VideoConduitError, type Job, type VideoConduit } from '../src/sdk/index.js';
import { saveJobOutputs } from '../src/sdk/node.js';
import { startMediaSite, type MediaSite } from './fixtures/site.js';
import { OPENAPI_FILE } from './helpers/openapi.js';
import { startTestService, type TestService } from './helpers/service.js';

const doc = JSON.parse(fs.readFileSync(OPENAPI_FILE, 'utf8')) as { paths: Record<string, Record<string, unknown>> };
const OPERATIONS = Object.entries(doc.paths).flatMap(([p, ops]) => Object.keys(ops).map((m) => ({ key: `${m.toUpperCase()} ${p}`, method: m.toUpperCase(), re: new RegExp(`^${p.replace(/\{\w+\}/g, '[^/]+')}$`) })));

describe('SDK round trip', () => {
  let svc: TestService;
  let site: MediaSite;
  let sdk: VideoConduit;
  let receiver: http.Server;
  const called = new Set<string>();
  const out = fs.mkdtempSync(path.join(os.tmpdir(), 'vc-sdk-'));

  beforeAll(async () => {
    site = await startMediaSite();
    svc = await startTestService('sqlite');
    await svc.app.listen({ host: '127.0.0.1', port: 0 });
    const base = `http://127.0.0.1:${(svc.app.server.address() as AddressInfo).port}`;
    const { key } = await svc.account(100);
    // Records which operation each request was, to prove every endpoint was exercised.
    const recording: typeof fetch = (input, init) => {
      const req = input instanceof Request ? input : new Request(input, init);
      const url = new URL(req.url);
      const op = OPERATIONS.find((o) => o.method === req.method && o.re.test(url.pathname));
      if (op) called.add(op.key);
      return fetch(input, init);
    };
    sdk = createClient({ baseUrl: base, apiKey: key, fetch: recording });
    receiver = http.createServer((_req, res) => res.end('ok'));
    await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', r));
  });
  afterAll(async () => {
    await svc?.stop();
    await site?.close();
    await new Promise((r) => receiver?.close(r));
    fs.rmSync(out, { recursive: true, force: true });
  });

  it('meta, operations and account', async () => {
    expect((await sdk.version()).current_version).toBe('1.0.0');
    expect((await sdk.changelog()).versions.length).toBeGreaterThan(0);
    expect(await sdk.health()).toEqual({ status: 'ok' });
    expect((await sdk.ready()).status).toBe('ready');
    const metrics = await sdk.api.GET('/metrics', { parseAs: 'text' });
    expect(metrics.data).toContain('videoconduit_queue_depth');
    const account = await sdk.account();
    expect(account.credits_balance).toBe(100);
    const rotated = await sdk.rotateAccountWebhookSecret();
    expect(rotated.webhook_secret).toMatch(/^whsec_/);
    expect((await sdk.ledger()).data[0]).toMatchObject({ delta: 100 });
    expect((await sdk.keys()).data).toEqual([expect.objectContaining({ name: 'test', active: true, current: true })]);
  });

  it('info, a preview followed over SSE and by polling, outputs saved to disk', async () => {
    const info = await sdk.info(site.url('/media/video.mp4'));
    expect(info).toMatchObject({ webpage_url: site.url('/media/video.mp4'), formats: expect.any(Array) });
    const withCookies = await sdk.info(site.url('/media/video.webm'), { cookies: '127.0.0.1\tFALSE\t/\tFALSE\t0\tsession\tx' });
    expect(withCookies).toMatchObject({ vcodec: 'vp9' });
    const accepted = await sdk.preview({ url: site.url('/media/video.mp4'), preview_type: 'mosaic', columns: 2, rows: 2, width: 320 }, { idempotencyKey: 'sdk-mosaic-1' });
    expect(accepted.status).toBe('pending');
    const again = await sdk.preview({ url: site.url('/media/video.mp4'), preview_type: 'mosaic', columns: 2, rows: 2, width: 320 }, { idempotencyKey: 'sdk-mosaic-1' });
    expect(again.job_id).toBe(accepted.job_id);
    const seen: string[] = [];
    const job = await sdk.waitForJob(accepted.job_id, { onProgress: (j) => seen.push(j.status), timeoutMs: 60_000 });
    expect(job.status).toBe('completed');
    expect(seen.at(-1)).toBe('completed');
    const polled = await sdk.waitForJob(accepted.job_id, { transport: 'poll' });
    expect(polled.job_id).toBe(job.job_id);
    const saved = await saveJobOutputs(sdk, job, out);
    expect(saved.map((s) => path.basename(s.path)).sort()).toEqual(['mosaic.jpg', 'storyboard.vtt']);
    const jpeg = fs.readFileSync(path.join(out, 'mosaic.jpg'));
    expect(jpeg.subarray(0, 3)).toEqual(Buffer.from([0xff, 0xd8, 0xff]));
    expect(fs.readFileSync(path.join(out, 'storyboard.vtt'), 'utf8')).toMatch(/^WEBVTT/);
    expect((await sdk.getJob(job.job_id)).status).toBe('completed');
    expect((await sdk.listJobs({ job_type: 'preview' })).data.map((j) => j.job_id)).toContain(job.job_id);
  });

  it('every job endpoint accepts a job; cancelling one', async () => {
    const url = site.url('/media/video.mp4');
    const jobs = [
      await sdk.download({ url, format: 'mp4', quality: '360p' }),
      await sdk.transcribe({ url, model_size: 'base' }),
      await sdk.translate({ url, target_language: 'en' }),
      await sdk.fingerprint({ url }),
      await sdk.comments({ url }),
    ];
    expect(jobs.map((j) => j.job_type)).toEqual(['download', 'transcribe', 'translate', 'fingerprint', 'comments']);
    expect((await sdk.translateLanguages()).pairs.length).toBeGreaterThan(0);
    expect((await sdk.transcribeModels()).models.map((m) => m.model_size)).toContain('base');
    const cancelled: Job[] = [];
    for (const j of jobs) {
      try {
        cancelled.push(await sdk.cancelJob(j.job_id));
      } catch (err) {
        expect((err as VideoConduitError).code).toBe('conflict'); // it finished first
      }
    }
    expect(cancelled.length).toBeGreaterThan(0);
    expect(cancelled.every((j) => j.status === 'cancelled')).toBe(true);
  });

  it('errors are VideoConduitError with the contract code and a readable message', async () => {
    const missing = await sdk.getJob('00000000-0000-7000-8000-000000000000').catch((e: unknown) => e);
    expect(missing).toBeInstanceOf(VideoConduitError);
    expect(missing).toMatchObject({ status: 404, code: 'not_found' });
    const invalid = await sdk.preview({ url: site.url('/media/video.mp4'), preview_type: 'thumb' as 'gif' }).catch((e: unknown) => e);
    expect((invalid as Error).message).toBe('validation_error: preview_type must be one of gif, thumbnail, mosaic, clip');
    const compare = await sdk.compareFingerprints('00000000-0000-7000-8000-000000000001', '00000000-0000-7000-8000-000000000002').catch((e: unknown) => e);
    expect(compare).toMatchObject({ code: 'not_found' });
  });

  it('webhooks: create, list, get, update, test, deliveries, rotate, delete', async () => {
    const port = (receiver.address() as AddressInfo).port;
    const hook = await sdk.webhooks.create({ url: `http://127.0.0.1:${port}/hook`, events: ['job.completed'] });
    expect(hook.secret).toMatch(/^whsec_/);
    expect((await sdk.webhooks.list()).data.map((w) => w.id)).toContain(hook.id);
    expect((await sdk.webhooks.get(hook.id)).url).toBe(hook.url);
    expect((await sdk.webhooks.update(hook.id, { description: 'sdk' })).description).toBe('sdk');
    const sent = await sdk.webhooks.test(hook.id);
    expect(sent.type).toBe('webhook.test');
    for (let i = 0; i < 50 && (await sdk.webhooks.deliveries(hook.id)).data.length === 0; i++) await new Promise((r) => setTimeout(r, 100));
    expect((await sdk.webhooks.deliveries(hook.id)).data[0]).toMatchObject({ event_id: sent.event_id, success: true });
    expect((await sdk.webhooks.rotateSecret(hook.id)).secret).not.toBe(hook.secret);
    await sdk.webhooks.delete(hook.id);
    expect(await sdk.webhooks.get(hook.id).catch((e: unknown) => (e as VideoConduitError).code)).toBe('not_found');
  });

  it('called every operation in openapi.json', () => {
    expect(OPERATIONS.map((o) => o.key).filter((k) => !called.has(k))).toEqual([]);
  });
});
