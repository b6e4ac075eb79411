// Issue 10 item 17: jobs left no trace in the log, and failed jobs showed callers server paths
// ("cannot read media: /srv/…/data/work/<id>-1/source.mp4: Invalid data…"). Now each attempt
// logs one structured line when it starts and one when it ends (ids, type, attempt, time per
// stage, error code; never the URL, tokens or download links), and error details are stored
// without server paths.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startMediaSite, type MediaSite } from '../fixtures/site.js';
import { logCapture, startTestService, waitForJob, type TestService } from '../helpers/service.js';

describe('job trace and error details', () => {
  let svc: TestService;
  let site: MediaSite;
  let acct: { id: string; auth: Record<string, string> };
  const log = logCapture();
  beforeAll(async () => {
    site = await startMediaSite();
    svc = await startTestService('sqlite', { VC_LOG_LEVEL: 'info' }, { logStream: log.stream });
    acct = await svc.account(100);
  });
  afterAll(async () => {
    await svc?.stop();
    await site?.close();
  });

  const run = async (body: Record<string, unknown>) => {
    const res = await svc.app.inject({ method: 'POST', url: '/v1/download', headers: acct.auth, payload: body });
    expect(res.statusCode, res.body).toBe(202);
    return waitForJob(svc, acct.auth, res.json().job_id, 120_000);
  };
  const linesOf = (jobId: string) => log.lines().filter((l) => l.job_id === jobId && typeof l.event === 'string');

  it('logs a start and a completion line with stage times, and no URL, token or link', async () => {
    const job = await run({ url: site.url('/media/video.mp4?token=s3cr3t-token'), webhook_url: 'http://127.0.0.1:9/hook?key=hook-s3cr3t' });
    expect(job.status, JSON.stringify(job.error)).toBe('completed');
    await new Promise((r) => setTimeout(r, 100));
    const lines = linesOf(job.job_id);
    expect(lines.map((l) => l.event)).toEqual(['job.started', 'job.completed']);
    const [started, done] = lines;
    expect(started).toMatchObject({ msg: 'job started', job_id: job.job_id, account_id: acct.id, job_type: 'download', attempt: 1 });
    expect(done).toMatchObject({ msg: 'job completed', job_type: 'download', attempt: 1, error_code: null });
    expect(done?.duration_ms).toBeGreaterThan(0);
    expect(Object.keys(done?.stages_ms)).toEqual(expect.arrayContaining(['downloading', 'processing']));
    const sig = new URL(job.download_url, 'http://x').searchParams.get('sig')!;
    for (const secret of ['s3cr3t-token', 'hook-s3cr3t', sig]) expect(log.text()).not.toContain(secret);
  });

  it('logs the failure with its code, and the stored detail names no server path', async () => {
    const job = await run({ url: site.url('/media/corrupt.mp4') });
    expect(job.status).toBe('failed');
    expect(job.error.code).toBe('media_error');
    expect(job.error.detail).not.toContain(svc.dataDir);
    expect(job.error.detail).not.toMatch(/\/(tmp|work|srv|home)\//);
    await new Promise((r) => setTimeout(r, 100));
    expect(linesOf(job.job_id).map((l) => [l.event, l.error_code ?? null])).toEqual([
      ['job.started', null],
      ['job.failed', 'media_error'],
    ]);
  });
});
