// Item: a truncated source is a failure, not a short success. The server cuts the file (a
// complete HTTP answer, Content-Length and all) while its header still declares the whole
// duration; the engines read what is there and exit 0.
import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startMediaSite, type MediaSite } from '../fixtures/site.js';
import { outcome, told, runJob, startHostileSite, type HostileSite } from '../helpers/hostile.js';
import { startTestService, type TestService } from '../helpers/service.js';

describe('truncated sources', () => {
  let svc: TestService;
  let site: MediaSite;
  let evil: HostileSite;
  let auth: { authorization: string };

  beforeAll(async () => {
    site = await startMediaSite();
    evil = await startHostileSite();
    // video.mp4 is 6 s with its index (moov) first: a quarter of the bytes still declares 6 s.
    const whole = fs.readFileSync(site.media.mp4.path);
    evil.route('/cut.mp4', { type: 'video/mp4', body: whole.subarray(0, Math.floor(whole.length / 4)) });
    evil.route('/whole.mp4', { type: 'video/mp4', body: whole });
    svc = await startTestService('sqlite', { VC_JOB_CONCURRENCY: '2' });
    auth = (await svc.account(100)).auth;
  });
  afterAll(async () => {
    await svc?.stop();
    await site?.close();
    await evil?.close();
  });

  it.each([
    ['download', '/v1/download', {}],
    ['download mp3', '/v1/download', { format: 'mp3' }],
    ['download with start/end', '/v1/download', { start: 1, end: 5 }],
    ['transcribe', '/v1/transcribe', { model_size: 'tiny.en' }],
  ])('%s of a cut file: media_error naming both durations', async (_name, route, extra) => {
    const job = await runJob(svc, auth, route, { url: evil.url('/cut.mp4'), ...extra });
    expect(outcome(job), told(job)).toBe('media_error');
    expect(job.error.detail).toMatch(/truncated/);
  });

  it.each([
    ['the whole file', {}, 6],
    ['a window inside it', { start: 1, end: 5 }, 4],
    ['a window running past its end', { start: 4, end: 60 }, 2],
  ])('the complete file still downloads: %s', async (_name, extra, seconds) => {
    const job = await runJob(svc, auth, '/v1/download', { url: evil.url('/whole.mp4'), ...extra });
    expect(outcome(job), told(job)).toBe('completed');
    expect(job.result.duration).toBeCloseTo(seconds, 0);
  });
});
