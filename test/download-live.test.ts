// Live streams end to end against a local HLS stream that grows while the job runs (FakeTube
// lists one more 1 s segment every second, no #EXT-X-ENDLIST): refused fast without `live`,
// recorded for max_duration with it, from the live edge or from the start.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDownloadEnv, type DownloadEnv } from './helpers/downloads.js';

const segmentsRead = (e: DownloadEnv, since: number) =>
  e.ft.requests.filter((r) => r.start >= since && /^\/faketube\/live\/seg\d{3}\.ts$/.test(r.path)).map((r) => Number(/(\d{3})/.exec(r.path)?.[1]));

describe('live streams', () => {
  let e: DownloadEnv;
  beforeAll(async () => {
    e = await startDownloadEnv({}, { faketube: { liveInitialSegments: 6 } });
  });
  afterAll(async () => e?.stop());

  it('without `live`, fails fast with limit_exceeded naming the option, refunded, nothing recorded', async () => {
    const since = Date.now();
    const job = await e.download({ url: e.ft.videoUrl('live') });
    expect(job.status).toBe('failed');
    expect(job.error).toMatchObject({ code: 'limit_exceeded', detail: expect.stringMatching(/live stream.*"live": \{"max_duration"/) });
    expect(Date.now() - since).toBeLessThan(5000);
    expect(job.credits_refunded).toBe(1);
    expect(segmentsRead(e, since)).toEqual([]);
  });

  it('records max_duration seconds from the live edge, waiting for segments the stream adds meanwhile', async () => {
    const since = Date.now();
    const listedAtStart = e.ft.liveListed();
    const job = await e.download({ url: e.ft.videoUrl('live'), live: { max_duration: 5 } });
    expect(job.status, JSON.stringify(job.error)).toBe('completed');
    expect(job.result).toMatchObject({ live: true, vcodec: 'h264', acodec: 'aac', height: 180 });
    expect(job.result.duration).toBeGreaterThan(4.5);
    expect(job.result.duration).toBeLessThan(5.6);
    const read = segmentsRead(e, since);
    expect(Math.min(...read)).toBeGreaterThan(0); // not from the start
    expect(Math.max(...read)).toBeGreaterThanOrEqual(listedAtStart); // a segment that did not exist when the job began
  });

  it('from_start records from the first segment the stream still lists', async () => {
    const since = Date.now();
    const job = await e.download({ url: e.ft.videoUrl('live'), live: { from_start: true, max_duration: 3 }, format: 'mkv' });
    expect(job.status, JSON.stringify(job.error)).toBe('completed');
    expect(job.result.duration).toBeCloseTo(3, 0);
    expect(Math.min(...segmentsRead(e, since))).toBe(0);
  });

  it('refuses a max_duration over the server limit (422)', async () => {
    const res = await e.svc.app.inject({ method: 'POST', url: '/v1/download', headers: e.auth, payload: { url: e.ft.videoUrl('live'), live: { max_duration: 7 * 86_400 } } });
    expect(res.statusCode).toBe(422);
    expect(res.json().detail[0]).toMatchObject({ loc: ['body', 'live'], msg: expect.stringMatching(/max_duration is limited to 14400 s/) });
  });
});
