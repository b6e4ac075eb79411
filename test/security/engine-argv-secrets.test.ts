// Item: the egress proxy's credential never appears in an engine's command line, which every
// local user can read (`ps`, /proc/<pid>/cmdline); it travels in the environment, readable by
// the service's own user only. Checked on the real process table while engines run.
import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startMediaSite, type MediaSite } from '../fixtures/site.js';
import { startTestService, type TestService } from '../helpers/service.js';

interface Proc {
  pid: number;
  argv: string[];
  env: string;
}

/** Every process of ours we may read: its argv and its environment. */
function processes(): Proc[] {
  const out: Proc[] = [];
  for (const d of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) continue;
    try {
      const argv = fs.readFileSync(`/proc/${d}/cmdline`, 'utf8').split('\0').filter(Boolean);
      const env = fs.readFileSync(`/proc/${d}/environ`, 'utf8');
      out.push({ pid: Number(d), argv, env });
    } catch {
      // gone, or not ours
    }
  }
  return out;
}

describe('the egress proxy credential stays out of argv', () => {
  let svc: TestService;
  let site: MediaSite;
  let auth: { authorization: string };

  beforeAll(async () => {
    site = await startMediaSite();
    svc = await startTestService('sqlite', { VC_JOB_CONCURRENCY: '3' });
    auth = (await svc.account(100)).auth;
  });
  afterAll(async () => {
    await svc?.stop();
    await site?.close();
  });

  it('ffmpeg, ffprobe and yt-dlp (and the ffmpeg it starts) carry it in their environment only', async () => {
    const token = new URL(svc.engines.egressProxyUrl ?? '').password;
    expect(token).toMatch(/^[0-9a-f]{48}$/);
    // A source sent at 1 KiB/s keeps every engine running long enough to be looked at.
    const slow = site.url('/slow/video.mp4');
    const jobs: string[] = [];
    for (const [route, body] of [
      ['/v1/transcribe', { url: slow, model_size: 'tiny.en' }],
      ['/v1/preview', { url: slow, preview_type: 'thumbnail' }],
      ['/v1/download', { url: slow, start: 0, end: 1 }],
    ] as const) {
      const res = await svc.app.inject({ method: 'POST', url: route, headers: auth, payload: body });
      expect(res.statusCode, res.body).toBe(202);
      jobs.push(res.json().job_id);
    }
    const seen = new Map<string, Proc>();
    const leaks: Proc[] = [];
    const until = Date.now() + 20_000;
    while (Date.now() < until && !['ffmpeg', 'ffprobe', 'yt-dlp ffmpeg'].every((k) => seen.has(k))) {
      for (const p of processes()) {
        if (p.argv.some((a) => a.includes(token))) leaks.push(p);
        if (!p.env.includes(token)) continue;
        const name = p.argv[0]?.split('/').pop() ?? '';
        // yt-dlp starts its ffmpeg as `ffmpeg -y …`; ours start with -hide_banner or -v.
        const key = name === 'ffmpeg' && p.argv[1] === '-y' ? 'yt-dlp ffmpeg' : name;
        seen.set(key, p);
      }
      await new Promise((r) => setTimeout(r, 50));
    }
    for (const id of jobs) await svc.app.inject({ method: 'DELETE', url: `/v1/jobs/${id}`, headers: auth });
    expect(leaks.map((p) => p.argv.join(' '))).toEqual([]);
    expect([...seen.keys()].sort(), [...seen.values()].map((p) => p.argv.join(' ')).join('\n')).toEqual(['ffmpeg', 'ffprobe', 'yt-dlp ffmpeg']);
  });
});
