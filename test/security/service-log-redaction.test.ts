// Issue 10 item 11: signed /v1/files links are bearer credentials, and Fastify's request log
// wrote them whole ("url":"/v1/files/<id>/<name>?expires=…&sig=…"). Request logs now drop the
// query of file routes and mask other secret-bearing URL parts.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { logCapture, startTestService, type TestService } from '../helpers/service.js';

describe('request logs', () => {
  let svc: TestService;
  const log = logCapture();
  beforeAll(async () => {
    svc = await startTestService('sqlite', { VC_LOG_LEVEL: 'info' }, { startQueue: false, logStream: log.stream });
  });
  afterAll(async () => svc?.stop());

  it('never contain a signed file link or a token in a source URL', async () => {
    const acct = await svc.account(10);
    const { job } = await svc.lifecycle.submit({ accountId: acct.id, jobType: 'download', request: { url: 'http://127.0.0.1:9/v.mp4' }, metadata: null, webhookUrl: null, cost: 1 }, null);
    fs.mkdirSync(path.join(svc.dataDir, 'files', job!.id), { recursive: true });
    fs.writeFileSync(path.join(svc.dataDir, 'files', job!.id, 'clip.mp4'), 'data');
    await svc.store.db
      .updateTable('jobs')
      .set({ status: 'completed', stage: 'completed', result: JSON.stringify({ filename: 'clip.mp4', mime_type: 'video/mp4' }), completed_at: new Date().toISOString(), expires_at: new Date(Date.now() + 3600_000).toISOString() })
      .where('id', '=', job!.id)
      .execute();
    const link = (await svc.app.inject({ method: 'GET', url: `/v1/jobs/${job!.id}`, headers: acct.auth })).json().download_url as string;
    const sig = new URL(link, 'http://x').searchParams.get('sig')!;
    expect((await svc.app.inject({ method: 'GET', url: link })).statusCode).toBe(200);
    await svc.app.inject({ method: 'GET', url: `/v1/info?url=${encodeURIComponent('http://10.0.0.1/v.mp4?token=hunter2secret')}`, headers: acct.auth });

    const urls = log.lines().filter((l) => l.req?.url).map((l) => l.req.url as string);
    expect(urls).toContain(`/v1/files/${job!.id}/clip.mp4?[redacted]`);
    expect(urls.some((u) => u.startsWith('/v1/info?url='))).toBe(true);
    expect(log.text()).not.toContain(sig);
    expect(log.text()).not.toContain('hunter2secret');
  });
});
