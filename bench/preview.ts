// bench/preview: each preview type as an API job vs the plain ffmpeg command doing the same
// work on the same URL, vs the naive path (download the whole file, then run ffmpeg on it),
// on a generated 3-minute source served over local HTTP. Also prints how many bytes of the
// source the server sent for each API job (including what sat unread in socket buffers
// when ffmpeg stopped reading: an upper bound on what crossed the wire).
// Quick iterations: CASES=thumb170 NAIVE=0 ROUNDS=5 npx tsx bench/preview.ts
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { localMedia, networkMedia } from '../src/media/ffmpeg/input.js';
import { clipArgs, gifArgs, thumbnailArgs, type PreviewInput } from '../src/media/ffmpeg/preview-args.js';
import { evenTimes, layoutTiles, mosaicArgs } from '../src/media/ffmpeg/preview-mosaic.js';
import { REPO } from '../test/helpers/service.js';
import { serveDir } from '../test/helpers/static-server.js';
import { median, startBench, timeit } from './harness.js';

const run = promisify(execFile);
const rounds = Number(process.env.ROUNDS ?? 3);
const DURATION = 180;
/** The link the source is served over: 20 Mbit/s, a common per-connection rate from a CDN. */
const MBPS = Number(process.env.BENCH_MBPS ?? 20);
/** CASES=thumb170,mosaic runs only those cases (keys below); unset runs all five. */
const only = process.env.CASES ? new Set(process.env.CASES.split(',').map((s) => s.trim())) : null;
/** NAIVE=0 skips the download-then-ffmpeg path (the slow one) for quick iterations. */
const withNaive = process.env.NAIVE !== '0';

/** 640x360, 25 fps, x264's default 10 s keyframe interval (sparse: the hard case for seeking). */
async function source(): Promise<string> {
  const dir = path.join(REPO, '.cache', 'bench');
  const file = path.join(dir, `preview-src-${DURATION}.mp4`);
  if (fs.existsSync(file)) return file;
  fs.mkdirSync(dir, { recursive: true });
  const tmp = `${file}.${process.pid}.mp4`;
  await run('ffmpeg', [
    '-v', 'error', '-y',
    '-f', 'lavfi', '-i', `testsrc2=size=640x360:rate=25:duration=${DURATION}`,
    '-f', 'lavfi', '-i', `sine=frequency=440:duration=${DURATION}`,
    '-c:v', 'libx264', '-preset', 'ultrafast', '-crf', '28', '-g', '250', '-pix_fmt', 'yuv420p',
    '-c:a', 'aac', '-b:a', '64k', '-movflags', '+faststart', tmp,
  ]);
  fs.renameSync(tmp, file);
  return file;
}

const file = await source();
const size = fs.statSync(file).size;
const server = await serveDir(path.dirname(file), { bytesPerSec: (MBPS * 1e6) / 8 });
const url = server.url(path.basename(file));
const b = await startBench();
const out = path.join(b.tmp, 'out');
fs.mkdirSync(out);

async function job(body: Record<string, unknown>): Promise<Record<string, unknown>> {
  const res = await fetch(`${b.base}/v1/preview`, { method: 'POST', headers: b.auth, body: JSON.stringify({ url, ...body }) });
  if (res.status !== 202) throw new Error(`preview ${res.status}: ${await res.text()}`);
  const { job_id } = (await res.json()) as { job_id: string };
  const text = await (await fetch(`${b.base}/v1/jobs/${job_id}/events`, { headers: b.auth })).text();
  if (!text.includes('event: completed')) throw new Error(`job ${job_id} did not complete: ${text.slice(-500)}`);
  const view = (await (await fetch(`${b.base}/v1/jobs/${job_id}`, { headers: b.auth })).json()) as { result: Record<string, unknown> };
  return view.result;
}

const ffmpeg = (args: string[]) => run('ffmpeg', args, { maxBuffer: 64 << 20 });
const remote: PreviewInput = { input: networkMedia(url, 'file'), videoStream: 'v:0' };
const naiveFile = path.join(b.tmp, 'naive.mp4');
const local: PreviewInput = { input: localMedia(naiveFile), videoStream: 'v:0' };
/** The naive path: fetch every byte to disk, then the same ffmpeg command on the file. */
async function naive(args: (src: PreviewInput) => string[]): Promise<void> {
  const res = await fetch(url);
  fs.writeFileSync(naiveFile, Buffer.from(await res.arrayBuffer()));
  await ffmpeg(args(local));
  fs.rmSync(naiveFile);
}

interface Case {
  key: string;
  name: string;
  body: Record<string, unknown>;
  raw: (src: PreviewInput) => string[];
}
const tiles = layoutTiles(evenTimes(DURATION, 16), 4, 120, 66);
const allCases: Case[] = [
  { key: 'thumb170', name: 'thumbnail at 170 s', body: { preview_type: 'thumbnail', timestamp: 170 }, raw: (s) => thumbnailArgs(s, { time: 170, width: 480, output: path.join(out, 't.jpg') }) },
  { key: 'thumb5', name: 'thumbnail at 5 s', body: { preview_type: 'thumbnail', timestamp: 5 }, raw: (s) => thumbnailArgs(s, { time: 5, width: 480, output: path.join(out, 't.jpg') }) },
  { key: 'mosaic', name: 'mosaic 4x4', body: { preview_type: 'mosaic' }, raw: (s) => mosaicArgs(s, tiles, path.join(out, 'm.jpg')) },
  { key: 'gif', name: 'gif 5 s at 120 s', body: { preview_type: 'gif', start: 120 }, raw: (s) => gifArgs(s, { start: 120, duration: 5, fps: 10, width: 480, format: 'gif', output: path.join(out, 'g.gif') }) },
  { key: 'clip', name: 'clip 10 s at 150 s', body: { preview_type: 'clip', start: 150, width: 480 }, raw: (s) => clipArgs(s, null, { start: 150, duration: 10, width: 480, maxHeight: 2160, output: path.join(out, 'c.mp4') }) },
];
const cases = allCases.filter((c) => only === null || only.has(c.key));
if (cases.length === 0) throw new Error(`CASES=${process.env.CASES}: none of thumb170, thumb5, mosaic, gif, clip`);

console.log(`source: ${DURATION} s, 640x360, 10 s GOP, ${(size / 1e6).toFixed(1)} MB over local HTTP at ${MBPS} Mbit/s; median of ${rounds}`);
console.log(`${'preview'.padEnd(22)} ${'api'.padStart(8)} ${'raw ffmpeg'.padStart(11)} ${'naive'.padStart(8)}   api/raw  api-raw  naive/api  source bytes sent for the job`);
try {
  for (const c of cases) {
    await job(c.body); // warm (fork server, page cache)
    const api: number[] = [];
    const raw: number[] = [];
    const slow: number[] = [];
    let fetched = 0;
    let access = '';
    for (let i = 0; i < rounds; i++) {
      server.resetBytes();
      api.push(await timeit(async () => (access = String((await job(c.body)).source_access))));
      fetched = server.bytesSent();
      raw.push(await timeit(() => ffmpeg(c.raw(remote))));
      if (withNaive) slow.push(await timeit(() => naive(c.raw)));
    }
    const [a, r] = [median(api), median(raw)];
    const n = withNaive ? median(slow) : null;
    const naiveMs = n === null ? '—'.padStart(9) : `${n.toFixed(0).padStart(6)} ms`;
    const naiveRatio = n === null ? '—' : `${(n / a).toFixed(1)}x`;
    console.log(
      `${c.name.padEnd(22)} ${a.toFixed(0).padStart(6)} ms ${r.toFixed(0).padStart(8)} ms ${naiveMs}   ${(a / r).toFixed(2).padStart(6)}x ${(a - r).toFixed(0).padStart(5)} ms ${naiveRatio.padStart(9)}  ${((fetched / size) * 100).toFixed(1)}% (${access})`,
    );
  }
  // For reference: the usual one-pass mosaic (decode everything, keep N frames, tile them).
  if (only === null || only.has('mosaic')) {
    const conventional = await timeit(() =>
      ffmpeg(['-v', 'error', '-y', '-protocol_whitelist', 'http,tcp', '-i', url, '-vf', `fps=16/${DURATION},scale=120:66,tile=4x4`, '-frames:v', '1', path.join(out, 'm2.jpg')]),
    );
    console.log(`${'mosaic, fps+tile pass'.padEnd(22)} ${'—'.padStart(8)} ${conventional.toFixed(0).padStart(8)} ms   (the conventional full-decode command, one run)`);
  }
} finally {
  await b.close();
  await server.close();
}
process.exit(0);
