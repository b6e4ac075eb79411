// End to end: real yt-dlp and ffmpeg against the local media site, through the API.
import { execFileSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isProcessAlive } from '../src/media/process/run.js';
import { startMediaSite, type MediaSite } from './fixtures/site.js';
import { startTestService, waitForJob, type TestService } from './helpers/service.js';

function ffprobe(file: string): { format: { duration: string }; streams: { codec_type: string; codec_name: string; width?: number; height?: number }[] } {
  return JSON.parse(execFileSync('ffprobe', ['-v', 'error', '-print_format', 'json', '-show_format', '-show_streams', file], { encoding: 'utf8' }));
}

describe('download jobs', () => {
  let svc: TestService;
  let site: MediaSite;
  let auth: { authorization: string };
  beforeAll(async () => {
    site = await startMediaSite();
    svc = await startTestService('sqlite', { VC_JOB_CONCURRENCY: '2' });
    auth = (await svc.account(100)).auth;
  });
  afterAll(async () => {
    await svc?.stop();
    await site?.close();
  });

  async function download(body: Record<string, unknown>) {
    const res = await svc.app.inject({ method: 'POST', url: '/v1/download', headers: auth, payload: body });
    expect(res.statusCode, res.body).toBe(202);
    return waitForJob(svc, auth, res.json().job_id, 90_000);
  }

  async function fetchFile(job: Record<string, any>, headers: Record<string, string> = {}) {
    const u = new URL(job.download_url, 'http://x');
    return svc.app.inject({ method: 'GET', url: u.pathname + u.search, headers });
  }

  it('downloads an H.264 mp4 by stream copy and serves it with Range', async () => {
    const job = await download({ url: site.url('/media/video.mp4'), filename: 'My clip' });
    expect(job.status, JSON.stringify(job.error)).toBe('completed');
    expect(job.progress).toBe(100);
    const r = job.result;
    expect(r).toMatchObject({ filename: 'My clip.mp4', mime_type: 'video/mp4', vcodec: 'h264', acodec: 'aac', width: 640, height: 360, format: 'mp4' });
    expect(r.duration).toBeCloseTo(6, 0);
    expect(r.sha256).toMatch(/^[0-9a-f]{64}$/);
    const file = await fetchFile(job);
    expect(file.statusCode).toBe(200);
    expect(file.headers['content-type']).toBe('video/mp4');
    expect(Number(file.headers['content-length'])).toBe(r.size_bytes);
    expect(file.headers['content-disposition']).toMatch(/^attachment; filename=/);
    const { createHash } = await import('node:crypto');
    expect(createHash('sha256').update(file.rawPayload).digest('hex')).toBe(r.sha256);
    const part = await fetchFile(job, { range: 'bytes=100-199' });
    expect(part.statusCode).toBe(206);
    expect(part.headers['content-range']).toBe(`bytes 100-199/${r.size_bytes}`);
    expect(part.rawPayload.equals(file.rawPayload.subarray(100, 200))).toBe(true);
    const tampered = new URL(job.download_url, 'http://x');
    tampered.searchParams.set('expires', String(Number(tampered.searchParams.get('expires')) + 1));
    const t = await svc.app.inject({ method: 'GET', url: tampered.pathname + tampered.search });
    expect(t.statusCode).toBe(403);
  });

  it('expires outputs after retention: links answer 410 and files are swept', async () => {
    const job = await download({ url: site.url('/media/audio.m4a'), format: 'm4a' });
    expect(job.status, JSON.stringify(job.error)).toBe('completed');
    expect(job.result).toMatchObject({ mime_type: 'audio/mp4', acodec: 'aac' });
    const { signFilePath } = await import('../src/files/signing.js');
    const { loadOrCreateSecret } = await import('../src/files/signing.js');
    const secret = loadOrCreateSecret(svc.dataDir, null);
    const stale = signFilePath(secret, job.job_id, job.result.filename, new Date(Date.now() - 1000));
    expect((await svc.app.inject({ method: 'GET', url: stale })).statusCode).toBe(410);
    await svc.store.db.updateTable('jobs').set({ expires_at: new Date(Date.now() - 1000).toISOString() }).where('id', '=', job.job_id).execute();
    await svc.queue.maintain();
    const { existsSync } = await import('node:fs');
    expect(existsSync(`${svc.dataDir}/files/${job.job_id}`)).toBe(false);
    const after = (await svc.app.inject({ method: 'GET', url: `/v1/jobs/${job.job_id}`, headers: auth })).json();
    expect(after).toMatchObject({ status: 'completed', stage: 'expired', download_url: null });
    expect((await fetchFile(job)).statusCode).toBe(410);
  });

  it('transcodes to webm, scales under a quality ceiling, and trims', async () => {
    const job = await download({ url: site.url('/media/video.mp4'), format: 'webm', quality: '240p', start: 1, end: '00:04' });
    expect(job.status, JSON.stringify(job.error)).toBe('completed');
    expect(job.result).toMatchObject({ mime_type: 'video/webm', height: 240, format: 'webm' });
    expect(['vp9', 'vp8', 'av1']).toContain(job.result.vcodec);
    expect(job.result.duration).toBeGreaterThan(2.5);
    expect(job.result.duration).toBeLessThan(3.6);
  });

  it('extracts audio as mp3 and picks the best HLS variant under the ceiling', async () => {
    const mp3 = await download({ url: site.url('/media/video.webm'), format: 'mp3' });
    expect(mp3.status, JSON.stringify(mp3.error)).toBe('completed');
    expect(mp3.result).toMatchObject({ mime_type: 'audio/mpeg', acodec: 'mp3', vcodec: null, width: null });
    const hls = await download({ url: site.url('/hls/master.m3u8'), quality: '240p' });
    expect(hls.status, JSON.stringify(hls.error)).toBe('completed');
    expect(hls.result.height).toBe(180);
    const path = `${svc.dataDir}/files/${hls.job_id}/1/${hls.result.filename}`; // attempt 1's outputs
    const streams = ffprobe(path).streams.map((s) => s.codec_type);
    expect(streams).toEqual(expect.arrayContaining(['video', 'audio']));
  });

  it('fails a corrupt source with media_error and refunds it', async () => {
    const a = await svc.account(1);
    const res = await svc.app.inject({ method: 'POST', url: '/v1/download', headers: a.auth, payload: { url: site.url('/media/corrupt.mp4') } });
    const job = await waitForJob(svc, a.auth, res.json().job_id);
    expect(job.status).toBe('failed');
    expect(job.error.code).toBe('media_error');
    expect(job.credits_refunded).toBe(1);
    expect(job.download_url).toBeNull();
    const acct = (await svc.app.inject({ method: 'GET', url: '/v1/account', headers: a.auth })).json();
    expect(acct.credits_balance).toBe(1);
  });

  it('checks the URL again when the job starts (refused: url_not_allowed, refunded)', async () => {
    const a = await svc.account(1);
    // Stored directly, as if the host had resolved to a public address at submit time.
    const accepted = await svc.lifecycle.submit({ accountId: a.id, jobType: 'download', request: { url: 'http://127.0.0.2:9/v.mp4', format: 'mp4', quality: '1080p', audio_only: false, start: null, end: null, embed_metadata: true, subtitles: [], filename: null }, metadata: null, webhookUrl: null, cost: 1 }, null);
    const job = await waitForJob(svc, a.auth, accepted.body.job_id as string);
    expect(job.status).toBe('failed');
    // The policy's own words: refused before any engine started (not by the egress proxy).
    expect(job.error).toMatchObject({ code: 'url_not_allowed', detail: expect.stringMatching(/^address 127\.0\.0\.2 .*loopback/) });
    expect(job.credits_refunded).toBe(1);
  });

  it('fails unsupported and missing sources with their codes', async () => {
    const nov = await download({ url: site.url('/page/novideo.html') });
    expect(nov.error.code).toBe('unsupported_url');
    const missing = await download({ url: site.url('/missing') });
    expect(missing.error.code).toBe('upstream_error');
  });

  it('enforces the duration ceiling with limit_exceeded', async () => {
    const strict = await startTestService('sqlite', { VC_MAX_DURATION_SECONDS: '10' });
    try {
      const a = await strict.account(5);
      const res = await strict.app.inject({ method: 'POST', url: '/v1/download', headers: a.auth, payload: { url: site.url('/media/long.mp4') } });
      const job = await waitForJob(strict, a.auth, res.json().job_id);
      expect(job.error?.code).toBe('limit_exceeded');
      expect(job.credits_refunded).toBe(1);
    } finally {
      await strict.stop();
    }
  });

  it('times out a source that dribbles, with timeout and no leftover process', async () => {
    const quick = await startTestService('sqlite', { VC_JOB_TIMEOUT_SECONDS: '3' });
    try {
      const a = await quick.account(5);
      const res = await quick.app.inject({ method: 'POST', url: '/v1/download', headers: a.auth, payload: { url: site.url('/slow/video.mp4') } });
      const job = await waitForJob(quick, a.auth, res.json().job_id, 30_000);
      expect(job.error?.code).toBe('timeout');
      expect(job.credits_refunded).toBe(1);
    } finally {
      await quick.stop();
    }
  });

  it('cancels a running job, killing the engine', async () => {
    const res = await svc.app.inject({ method: 'POST', url: '/v1/download', headers: auth, payload: { url: site.url('/slow/video.mp4') } });
    const id = res.json().job_id;
    let row: { process_pid: number | null } = { process_pid: null };
    for (let i = 0; i < 100 && !row.process_pid; i++) {
      await new Promise((r) => setTimeout(r, 100));
      row = await svc.store.db.selectFrom('jobs').select(['process_pid']).where('id', '=', id).executeTakeFirstOrThrow();
    }
    const del = await svc.app.inject({ method: 'DELETE', url: `/v1/jobs/${id}`, headers: auth });
    expect(del.statusCode).toBe(200);
    expect(del.json().status).toBe('cancelled');
    await new Promise((r) => setTimeout(r, 3000));
    expect(row.process_pid).toBeTruthy();
    expect(isProcessAlive(row.process_pid!)).toBe(false);
    const job = (await svc.app.inject({ method: 'GET', url: `/v1/jobs/${id}`, headers: auth })).json();
    expect(job.status).toBe('cancelled');
  });

  it('streams job events over SSE until completion', async () => {
    const res = await svc.app.inject({ method: 'POST', url: '/v1/download', headers: auth, payload: { url: site.url('/media/video.webm'), format: 'mkv' } });
    const id = res.json().job_id;
    const address = await svc.app.listen({ host: '127.0.0.1', port: 0 });
    const events = await fetch(`${address}/v1/jobs/${id}/events`, { headers: auth });
    expect(events.headers.get('content-type')).toMatch(/text\/event-stream/);
    const text = await events.text();
    expect(text).toMatch(/event: completed\n/);
    const last = text.trim().split('\n\n').pop()!;
    const data = JSON.parse(last.split('\n').find((l) => l.startsWith('data: '))!.slice(6));
    expect(data).toMatchObject({ job_id: id, status: 'completed', progress: 100 });
    // A finished job's stream answers at once with its terminal event.
    const done = await (await fetch(`${address}/v1/jobs/${id}/events`, { headers: auth })).text();
    expect(done.match(/^event: /gm)).toHaveLength(1);
    expect(done).toMatch(/^event: completed\n/);
  });
});
