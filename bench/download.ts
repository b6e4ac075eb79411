// bench/download: POST /v1/download + waiting for completion vs the raw yt-dlp CLI fetching
// the same fixture into the same container.
import fs from 'node:fs';
import path from 'node:path';
import { compare, run, startBench, YTDLP } from './harness.js';

const rounds = Number(process.env.ROUNDS ?? 5);
const b = await startBench();

async function apiDownload(body: Record<string, unknown>): Promise<void> {
  const res = await fetch(`${b.base}/v1/download`, { method: 'POST', headers: b.auth, body: JSON.stringify(body) });
  if (res.status !== 202) throw new Error(`download ${res.status}: ${await res.text()}`);
  const { job_id } = (await res.json()) as { job_id: string };
  // SSE: no polling delay added to the measurement.
  const events = await fetch(`${b.base}/v1/jobs/${job_id}/events`, { headers: b.auth });
  const text = await events.text();
  if (!text.includes('event: completed')) throw new Error(`job ${job_id} did not complete: ${text.slice(-500)}`);
}

let n = 0;
async function rawDownload(url: string, args: string[]): Promise<void> {
  const out = path.join(b.tmp, `raw-${n++}`);
  await run(YTDLP, ['--ignore-config', '--no-cache-dir', '--no-warnings', '--no-progress', ...args, '-o', `${out}.%(ext)s`, url]);
  for (const f of fs.readdirSync(b.tmp)) if (f.startsWith(path.basename(out))) fs.rmSync(path.join(b.tmp, f));
}

try {
  const mp4 = b.site.url('/media/video.mp4');
  await compare('download mp4 (stream copy)', rounds, () => apiDownload({ url: mp4 }), () => rawDownload(mp4, ['-f', 'bv*+ba/b', '-S', 'res:1080,vcodec:h264,acodec:aac', '--merge-output-format', 'mp4']));
  const hls = b.site.url('/hls/master.m3u8');
  await compare('download hls -> mp4', rounds, () => apiDownload({ url: hls }), () => rawDownload(hls, ['-f', 'bv*+ba/b', '-S', 'res:1080,vcodec:h264,acodec:aac', '--merge-output-format', 'mp4']));
  const long = b.site.url('/media/long.mp4');
  await compare('download 60 s mp4 -> mp3', rounds, () => apiDownload({ url: long, format: 'mp3' }), () => rawDownload(long, ['-x', '--audio-format', 'mp3']));
} finally {
  await b.close();
}
process.exit(0);
