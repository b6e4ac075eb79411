// Issue 10 item 7: a lone UTF-16 surrogate (valid JSON escape, invalid Unicode) in `filename`
// became an output file name; building its signed link threw (encodeURIComponent), so
// GET /v1/jobs answered 500 for the whole account until the job expired (24 h).
// Fixed at both depths: such input is refused (422), and a stored name of that kind (a title
// from the source, a row written before the fix) never breaks serialisation.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestService, type TestService } from '../helpers/service.js';

const LONE = '\\ud800'; // as the JSON text carries it

describe('lone surrogates', () => {
  let svc: TestService;
  let acct: { id: string; auth: { authorization: string } };
  beforeAll(async () => {
    svc = await startTestService('sqlite', {}, { startQueue: false });
    acct = await svc.account(100);
  });
  afterAll(async () => svc?.stop());

  const postRaw = (url: string, json: string) =>
    svc.app.inject({ method: 'POST', url, headers: { ...acct.auth, 'content-type': 'application/json' }, payload: json });

  it('refuses them in any JSON body field with 422 naming the field, at no cost', async () => {
    const res = await postRaw('/v1/download', `{"url":"http://127.0.0.1:9/v.mp4","filename":"a${LONE}b"}`);
    expect(res.statusCode, res.body).toBe(422);
    expect(res.json()).toMatchObject({ code: 'validation_error', detail: [{ loc: ['body', 'filename'], type: 'unicode' }] });
    const meta = await postRaw('/v1/download', `{"url":"http://127.0.0.1:9/v.mp4","metadata":{"k${LONE}":1}}`);
    expect(meta.statusCode).toBe(422);
    const hook = await postRaw('/v1/webhooks', `{"url":"http://127.0.0.1:9/h","events":["job.completed"],"description":"x\\udfff"}`);
    expect(hook.json()).toMatchObject({ code: 'validation_error', detail: [{ loc: ['body', 'description'] }] });
    // A proper pair (an emoji) is fine.
    expect((await postRaw('/v1/download', `{"url":"http://127.0.0.1:9/v.mp4","filename":"a\\ud83d\\ude00b"}`)).statusCode).toBe(202);
    // Paths that do not decode to Unicode are refused in the error shape, not Fastify's own.
    const bad = await svc.app.inject({ method: 'GET', url: '/v1/webhooks/%ED%A0%80', headers: acct.auth });
    expect(bad.statusCode).toBe(400);
    expect(bad.json()).toEqual({ detail: expect.any(String), code: 'bad_request' });
    const balance = (await svc.app.inject({ method: 'GET', url: '/v1/account', headers: acct.auth })).json().credits_balance;
    expect(balance).toBe(99);
  });

  it('a stored output name with a lone surrogate still lists, shows and downloads', async () => {
    const { job } = await svc.lifecycle.submit({ accountId: acct.id, jobType: 'download', request: { url: 'http://127.0.0.1:9/v.mp4' }, metadata: null, webhookUrl: null, cost: 1 }, null);
    const name = 'clip\ud800.mp4';
    const dir = path.join(svc.dataDir, 'files', job!.id);
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(path.join(dir, name), 'data'); // on disk the surrogate becomes U+FFFD
    const now = Date.now();
    await svc.store.db
      .updateTable('jobs')
      .set({ status: 'completed', stage: 'completed', progress: 100, result: JSON.stringify({ filename: name, mime_type: 'video/mp4' }), completed_at: new Date(now).toISOString(), expires_at: new Date(now + 3600_000).toISOString() })
      .where('id', '=', job!.id)
      .execute();
    const list = await svc.app.inject({ method: 'GET', url: '/v1/jobs', headers: acct.auth });
    expect(list.statusCode, list.body).toBe(200);
    const one = await svc.app.inject({ method: 'GET', url: `/v1/jobs/${job!.id}`, headers: acct.auth });
    expect(one.statusCode, one.body).toBe(200);
    const link = one.json().download_url as string;
    expect(link).toContain('clip%EF%BF%BD.mp4');
    const file = await svc.app.inject({ method: 'GET', url: link });
    expect(file.statusCode, file.body).toBe(200);
    expect(file.body).toBe('data');
  });
});
