// A hostile file declares a frame size of its choosing, and a decoder allocates it as told:
// one 8200×8200 frame is 100 MB of decoded picture, and sizes up to 65535×65535 are valid.
// checkLimits refuses such a source, but only after ffprobe has decoded its first frame, and a
// preview's early render starts before that verdict. Every input we decode carries -max_pixels
// (media/ffmpeg/input.ts, 8192×8192): the file fails limit_exceeded naming its resolution, as
// it did when the probe could read it, and no decoder allocates the frame.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { outcome, told, runJob, startHostileSite, type HostileSite } from '../helpers/hostile.js';
import { startTestService, type TestService } from '../helpers/service.js';

/** One gray 8200×8200 JPEG frame in Matroska (~400 KB): over the limit by 1.5 megapixels. */
function hugeFrameFile(dir: string): Buffer {
  const out = path.join(dir, 'huge.mkv');
  execFileSync('ffmpeg', ['-v', 'error', '-y', '-f', 'lavfi', '-i', 'color=c=gray:s=8200x8200:d=1:r=1', '-frames:v', '1', '-c:v', 'mjpeg', '-q:v', '31', out]);
  return fs.readFileSync(out);
}

describe('engines decode frames up to 8192×8192 only', () => {
  let svc: TestService;
  let evil: HostileSite;
  let auth: Record<string, string>;
  let tmp: string;

  beforeAll(async () => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'vc-frame-'));
    evil = await startHostileSite();
    evil.route('/huge.mkv', { type: 'video/x-matroska', body: hugeFrameFile(tmp) });
    svc = await startTestService('sqlite');
    auth = (await svc.account(20)).auth;
  });
  afterAll(async () => {
    await svc?.stop();
    await evil?.close();
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  it.each([
    ['thumbnail', '/v1/preview', { preview_type: 'thumbnail', timestamp: 0 }],
    ['fingerprint', '/v1/fingerprint', {}],
  ])('%s of a file with 8200×8200 frames fails limit_exceeded naming its resolution', async (_name, route, extra) => {
    const job = await runJob(svc, auth, route, { url: evil.url('/huge.mkv'), ...extra });
    expect(outcome(job), told(job)).toBe('limit_exceeded');
    expect(job.error.detail).toBe('resolution 8200x8200 is beyond what this service processes');
    expect(job.credits_refunded).toBe(job.credits_charged);
  });
});
