// A thumbnail at a given time, a gif or a clip of a direct media URL starts ffmpeg while the
// probe runs (src/jobs/preview.ts, startEarly): the probe's verdict must still decide.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startMediaSite, type MediaSite } from './fixtures/site.js';
import { startTestService, waitForJob, type TestService } from './helpers/service.js';
import { serveDir, type StaticServer } from './helpers/static-server.js';

type Json = Record<string, any>;

describe('previews rendered while the probe runs', () => {
  let site: MediaSite;
  let files: StaticServer;
  let dir: string;
  let svc: TestService;
  let auth: Record<string, string>;

  beforeAll(async () => {
    site = await startMediaSite();
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vc-early-'));
    // An audio file under a video name: the URL looks like a direct video, the probe says otherwise.
    fs.copyFileSync(site.media.audio.path, path.join(dir, 'audio-only.mp4'));
    files = await serveDir(dir);
    // video.mp4 lasts 6 s: over this ceiling.
    svc = await startTestService('sqlite', { VC_MAX_DURATION_SECONDS: '5' });
    auth = (await svc.account(20)).auth;
  }, 120_000);
  afterAll(async () => {
    await svc?.stop();
    await site?.close();
    await files?.close();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  async function preview(body: Json): Promise<Json> {
    const res = await svc.app.inject({ method: 'POST', url: '/v1/preview', headers: auth, payload: body });
    expect(res.statusCode, res.body).toBe(202);
    return waitForJob(svc, auth, res.json().job_id, 60_000);
  }

  it('a source over the limits fails limit_exceeded even though the frame was rendered meanwhile', async () => {
    for (const body of [
      { preview_type: 'thumbnail', timestamp: 1 },
      { preview_type: 'gif', start: 1 },
    ]) {
      const job = await preview({ url: site.url('/media/video.mp4'), ...body });
      expect(job.status, JSON.stringify(body)).toBe('failed');
      expect(job.error.code).toBe('limit_exceeded');
      expect(job.result).toBeNull();
      expect(job.download_url).toBeNull();
      expect(job.credits_refunded).toBe(1);
    }
  });

  it('a direct URL without video fails media_error from the probe; a corrupt one fails media_error', async () => {
    const audio = await preview({ url: files.url('audio-only.mp4'), preview_type: 'thumbnail', timestamp: 1 });
    expect(audio.status).toBe('failed');
    expect(audio.error).toMatchObject({ code: 'media_error', detail: expect.stringMatching(/no video stream/) });
    const corrupt = await preview({ url: site.url('/media/corrupt.mp4'), preview_type: 'thumbnail', timestamp: 1 });
    expect(corrupt.status).toBe('failed');
    expect(corrupt.error.code).toBe('media_error');
  });
});
