// Shared by the test/download-*.test.ts files: a real service whose yt-dlp knows FakeTube
// (the plugin in test/fixtures/ytdlp-plugins), the fake platform itself, and small helpers.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { startFakeTube, type FakeTube, type FakeTubeOptions } from '../fixtures/faketube-platform.js';
import { REPO, startTestService, waitForJob, type StoreKind, type TestService } from './service.js';

export const PLUGINS = path.join(REPO, 'test/fixtures/ytdlp-plugins');
export const MEMBER_COOKIE = { name: 'session', value: 'canary-7f3a9c1e-members' };
export const COOKIES_TXT = `# Netscape HTTP Cookie File\n127.0.0.1\tFALSE\t/\tFALSE\t0\t${MEMBER_COOKIE.name}\t${MEMBER_COOKIE.value}\n`;

export interface DownloadEnv {
  svc: TestService;
  ft: FakeTube;
  auth: Record<string, string>;
  /** Submits a download (asserting 202) and waits for the job to end. */
  download(body: Record<string, unknown>, auth?: Record<string, string>): Promise<Record<string, any>>;
  /** A job output by its signed link. */
  fetch(url: string): Promise<{ status: number; type: string; body: Buffer }>;
  /** The path of a job's output file (published under files/<job>/<attempt>/). */
  file(job: Record<string, any>, name: string): string;
  stop(): Promise<void>;
}

export async function startDownloadEnv(env: Record<string, string> = {}, opts: { logStream?: NodeJS.WritableStream; faketube?: Partial<FakeTubeOptions>; store?: StoreKind } = {}): Promise<DownloadEnv> {
  const ft = await startFakeTube({ memberCookie: `${MEMBER_COOKIE.name}=${MEMBER_COOKIE.value}`, ...opts.faketube });
  const svc = await startTestService(opts.store ?? 'sqlite', { VC_YTDLP_PLUGIN_DIRS: PLUGINS, VC_JOB_CONCURRENCY: '2', ...env }, { logStream: opts.logStream });
  const { auth } = await svc.account(10_000);
  return {
    svc,
    ft,
    auth,
    async download(body, a = auth) {
      const res = await svc.app.inject({ method: 'POST', url: '/v1/download', headers: a, payload: body });
      if (res.statusCode !== 202) throw new Error(`POST /v1/download answered ${res.statusCode}: ${res.body}`);
      return waitForJob(svc, a, res.json().job_id, 120_000);
    },
    async fetch(url) {
      const u = new URL(url, 'http://x');
      const res = await svc.app.inject({ method: 'GET', url: u.pathname + u.search });
      return { status: res.statusCode, type: String(res.headers['content-type']), body: res.rawPayload };
    },
    file: (job, name) => {
      const dir = path.join(svc.dataDir, 'files', job.job_id);
      const attempt = fs.readdirSync(dir).find((a) => fs.existsSync(path.join(dir, a, name)));
      return path.join(dir, attempt ?? '1', name);
    },
    async stop() {
      await svc.stop();
      await ft.close();
    },
  };
}

export interface Probed {
  format: { duration: string; format_name: string };
  streams: { codec_type: string; codec_name: string; bit_rate?: string; tags?: Record<string, string> }[];
  chapters: { start_time: string; end_time: string; tags?: { title?: string } }[];
}

export function ffprobe(file: string): Probed {
  return JSON.parse(execFileSync('ffprobe', ['-v', 'error', '-print_format', 'json', '-show_format', '-show_streams', '-show_chapters', file], { encoding: 'utf8' }));
}

/** MD5 of a file's first video stream's packets: equal for a stream copy, different after an encode. */
export function videoPacketsMd5(file: string): string {
  return execFileSync('ffmpeg', ['-v', 'error', '-i', file, '-map', '0:v:0', '-c', 'copy', '-f', 'md5', '-'], { encoding: 'utf8' }).trim();
}

/** Names and sizes inside a ZIP, read by Python's zipfile (which also checks every CRC). */
export function zipListing(file: string): { name: string; size: number }[] {
  const script = 'import json,sys,zipfile\nz=zipfile.ZipFile(sys.argv[1])\nassert z.testzip() is None\nprint(json.dumps([{"name":i.filename,"size":i.file_size} for i in z.infolist()]))';
  return JSON.parse(execFileSync('python3', ['-c', script, file], { encoding: 'utf8' }));
}
