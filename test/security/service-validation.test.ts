// Issue 10 item 8: input validation that let nonsense through.
// - "start":"Infinity" (coerced to a number by the schema) was accepted and silently dropped;
// - end: 1e-9 reached yt-dlp as "*0-1e-9";
// - a download whose start lies past the source's end failed as media_error, not out_of_range;
// - created_after=10000-01-01 and created_after=1 were accepted as times.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startMediaSite, type MediaSite } from '../fixtures/site.js';
import { startTestService, waitForJob, type TestService } from '../helpers/service.js';

const VIDEO = 'http://127.0.0.1:9/video.mp4';

describe('time inputs and list filters', () => {
  let svc: TestService;
  let auth: { authorization: string };
  beforeAll(async () => {
    svc = await startTestService('sqlite', {}, { startQueue: false });
    auth = (await svc.account(1000)).auth;
  });
  afterAll(async () => svc?.stop());

  const post = (route: string, body: Record<string, unknown>) => svc.app.inject({ method: 'POST', url: route, headers: auth, payload: body });
  const request = async (route: string, body: Record<string, unknown>) => {
    const res = await post(route, body);
    expect(res.statusCode, res.body).toBe(202);
    return (await svc.app.inject({ method: 'GET', url: `/v1/jobs/${res.json().job_id}`, headers: auth })).json().request;
  };

  it.each([
    ['/v1/download', 'start', 'Infinity'],
    ['/v1/download', 'end', 'Infinity'],
    ['/v1/download', 'start', '1e400'],
    ['/v1/download', 'start', '-1'],
    ['/v1/download', 'start', 1e12],
    ['/v1/preview', 'start', 'Infinity'],
    ['/v1/fingerprint', 'timestamp', 'Infinity'],
  ])('%s refuses %s=%s with 422', async (route, field, value) => {
    const extra = route === '/v1/preview' ? { preview_type: 'gif' } : {};
    const res = await post(route, { url: VIDEO, ...extra, [field]: value });
    expect(res.statusCode, res.body).toBe(422);
    expect(res.json().code).toBe('validation_error');
    expect(JSON.stringify(res.json().detail)).toContain(field);
  });

  it('rounds times to the millisecond: 1e-9 is 0, and an end of 0 is refused', async () => {
    const res = await post('/v1/download', { url: VIDEO, end: 1e-9 });
    expect(res.statusCode, res.body).toBe(422);
    expect(res.json().detail[0].loc).toEqual(['body', 'end']);
    expect((await request('/v1/download', { url: VIDEO, start: '1e-9', end: 0.0015 })).start).toBe(0);
    expect((await request('/v1/download', { url: VIDEO, end: 0.0015 })).end).toBe(0.002);
    expect((await request('/v1/download', { url: VIDEO, start: '00:01.23456' })).start).toBe(1.235);
    expect((await request('/v1/preview', { url: VIDEO, preview_type: 'thumbnail', timestamp: 2.0004 })).timestamp).toBe(2);
  });

  it.each(['10000-01-01', '1', '2026-01-01', '2026-02-31T00:00:00Z', '2026-01-01T25:00:00Z', '2026-01-01 00:00:00', 'yesterday'])(
    'GET /v1/jobs refuses created_after=%s (RFC 3339 date-time required)',
    async (value) => {
      const res = await svc.app.inject({ method: 'GET', url: `/v1/jobs?created_after=${encodeURIComponent(value)}`, headers: auth });
      expect(res.statusCode, res.body).toBe(422);
      expect(res.json().detail[0].loc).toEqual(['query', 'created_after']);
    },
  );

  it('accepts RFC 3339 date-times with Z, an offset or fractions', async () => {
    for (const value of ['2026-01-01T00:00:00Z', '2026-01-01T01:00:00+01:00', '2026-01-01T00:00:00.123456z', '2099-12-31t23:59:59-05:30']) {
      const res = await svc.app.inject({ method: 'GET', url: `/v1/jobs?created_before=${encodeURIComponent(value)}`, headers: auth });
      expect(res.statusCode, `${value}: ${res.body}`).toBe(200);
    }
  });
});

describe('download start past the end of the source', () => {
  let svc: TestService;
  let site: MediaSite;
  let auth: { authorization: string };
  beforeAll(async () => {
    site = await startMediaSite();
    svc = await startTestService('sqlite');
    auth = (await svc.account(100)).auth;
  });
  afterAll(async () => {
    await svc?.stop();
    await site?.close();
  });

  it.each(['/media/video.mp4', '/hls/master.m3u8'])('%s: out_of_range, refunded', async (p) => {
    const res = await svc.app.inject({ method: 'POST', url: '/v1/download', headers: auth, payload: { url: site.url(p), start: 100 } });
    expect(res.statusCode).toBe(202);
    const job = await waitForJob(svc, auth, res.json().job_id, 120_000);
    expect(job.status).toBe('failed');
    expect(job.error.code, JSON.stringify(job.error)).toBe('out_of_range');
    expect(job.error.detail).toMatch(/start/);
    expect(job.credits_refunded).toBe(1);
  });
});
