// Item: every engine connection goes through the egress policy, whatever the protocol. A page
// may name ftp:// or rtmp:// sources; with start/end, yt-dlp hands the download to ffmpeg,
// which used to connect to them directly (the egress proxy sees only HTTP). The canary sits
// on 127.0.0.2, which the test allow-list (127.0.0.1) does not open.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { outcome, told, runJob, startCanary, startHostileSite, type Canary, type HostileSite } from '../helpers/hostile.js';
import { startTestService, type TestService } from '../helpers/service.js';

describe('non-web protocols named by a page', () => {
  let svc: TestService;
  let evil: HostileSite;
  let canary: Canary;
  let auth: { authorization: string };

  beforeAll(async () => {
    canary = await startCanary('127.0.0.2');
    evil = await startHostileSite();
    const at = `127.0.0.2:${canary.port}`;
    for (const [name, src] of [
      ['ftp', `ftp://${at}/media/video.mp4`],
      ['rtmp', `rtmp://${at}/live/video`],
      ['rtsp', `rtsp://${at}/live/video`],
    ]) {
      evil.route(`/${name}.html`, { type: 'text/html', body: `<!doctype html><html><head><title>${name}</title></head><body><video src="${src}"></video></body></html>` });
    }
    svc = await startTestService('sqlite', { VC_JOB_CONCURRENCY: '2' });
    auth = (await svc.account(100)).auth;
  });
  afterAll(async () => {
    await svc?.stop();
    await evil?.close();
    await canary?.close();
  });

  it.each(['ftp', 'rtmp', 'rtsp'])('%s source with start/end: the job fails and nothing connects to the canary', async (name) => {
    canary.reset();
    const job = await runJob(svc, auth, '/v1/download', { url: evil.url(`/${name}.html`), start: 0, end: 1 });
    expect(job.status).toBe('failed');
    expect(canary.connections()).toBe(0);
  });

  it.each(['ftp', 'rtmp'])('%s source without a trim, and as a preview or transcript: no connection either', async (name) => {
    canary.reset();
    const jobs = await Promise.all([
      runJob(svc, auth, '/v1/download', { url: evil.url(`/${name}.html`) }),
      runJob(svc, auth, '/v1/preview', { url: evil.url(`/${name}.html`), preview_type: 'thumbnail' }),
      runJob(svc, auth, '/v1/transcribe', { url: evil.url(`/${name}.html`), model_size: 'tiny.en' }),
    ]);
    for (const job of jobs) expect(outcome(job), told(job)).not.toBe('completed');
    expect(canary.connections()).toBe(0);
  });
});
