// bench/download: POST /v1/download + waiting for completion vs the raw yt-dlp CLI fetching
// the same fixture into the same container; a 10-entry playlist (one job, entries in parallel
// on the warm fork server) vs the CLI downloading the same playlist; a chapter split vs
// yt-dlp --split-chapters, and the split alone (our one-pass segment muxer) vs ffmpeg cutting
// chapter by chapter.
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { chapterFileName, splitArgs } from '../src/media/ffmpeg/chapters.js';
import { localMedia } from '../src/media/ffmpeg/input.js';
import { plainScope } from '../src/media/process/scope.js';
import { startFakeTube } from '../test/fixtures/faketube-platform.js';
import { ensureFixtureMedia } from '../test/fixtures/media.js';
import { PLUGINS } from '../test/helpers/downloads.js';
import { compare, measure, run, startBench, YTDLP } from './harness.js';

const rounds = Number(process.env.ROUNDS ?? 5);
const b = await startBench({ VC_YTDLP_PLUGIN_DIRS: PLUGINS });
const ft = await startFakeTube({ memberCookie: 'session=bench' });
const slowFt = await startFakeTube({ memberCookie: 'session=bench', latencyMs: 80, mediaBytesPerSecond: 2_000_000 });
const exec = promisify(execFile);

async function apiDownload(body: Record<string, unknown>): Promise<Record<string, unknown>> {
  const res = await fetch(`${b.base}/v1/download`, { method: 'POST', headers: b.auth, body: JSON.stringify(body) });
  if (res.status !== 202) throw new Error(`download ${res.status}: ${await res.text()}`);
  const { job_id } = (await res.json()) as { job_id: string };
  // SSE: no polling delay added to the measurement.
  const events = await fetch(`${b.base}/v1/jobs/${job_id}/events`, { headers: b.auth });
  const text = await events.text();
  if (!text.includes('event: completed')) throw new Error(`job ${job_id} did not complete: ${text.slice(-500)}`);
  const last = text.trim().split('\n').reverse().find((l) => l.startsWith('data: ')) ?? 'data: {}';
  return JSON.parse(last.slice(6)) as Record<string, unknown>;
}

let n = 0;
async function rawDownload(url: string, args: string[]): Promise<void> {
  const dir = path.join(b.tmp, `raw-${n++}`);
  fs.mkdirSync(dir);
  // -P: every output template (chapter files' too) lands in dir, never in the working directory.
  await run(YTDLP, ['--ignore-config', '--no-cache-dir', '--no-warnings', '--no-progress', '--plugin-dirs', PLUGINS, '-P', dir, ...args, '-o', '%(title)s.%(ext)s', url]);
  fs.rmSync(dir, { recursive: true, force: true });
}

const MP4 = ['-f', 'bv*+ba/b', '-S', 'res:1080,vcodec:h264,acodec:aac', '--merge-output-format', 'mp4'];

try {
  const mp4 = b.site.url('/media/video.mp4');
  await compare('download mp4 (stream copy)', rounds, () => apiDownload({ url: mp4 }), () => rawDownload(mp4, MP4));
  const hls = b.site.url('/hls/master.m3u8');
  await compare('download hls -> mp4', rounds, () => apiDownload({ url: hls }), () => rawDownload(hls, MP4));
  const long = b.site.url('/media/long.mp4');
  await compare('download 60 s mp4 -> mp3', rounds, () => apiDownload({ url: long, format: 'mp3' }), () => rawDownload(long, ['-x', '--audio-format', 'mp3']));

  // One job for the whole playlist (entries tagged, checked and zipped) vs the CLI walking it:
  // plain, and with the tags and chapters our files carry (--embed-metadata --embed-chapters).
  // First from a local server that answers at once (CPU-bound: the worst case for a pipeline
  // of processes per entry), then from one that answers like a platform across the internet.
  for (const [label, platform] of [['local', ft], ['80 ms, 2 MB/s', slowFt]] as const) {
    const ten = platform.playlistUrl('ten');
    const api = () => apiDownload({ url: ten, playlist: true, max_items: 10 });
    await compare(`playlist of 10 (${label})`, rounds, api, () => rawDownload(ten, MP4));
    await compare(`  vs CLI --embed-metadata`, rounds, api, () => rawDownload(ten, [...MP4, '--embed-metadata', '--embed-chapters']));
  }

  // Ten 6 s chapters of a 60 s video: our job (download, chapters, split, zip) vs yt-dlp's own
  // --split-chapters (one ffmpeg per chapter, on top of the whole file it keeps).
  const lecture = ft.videoUrl('lecture');
  await compare('split 10 chapters (end to end)', rounds, () => apiDownload({ url: lecture, split_chapters: true }), () => rawDownload(lecture, [...MP4, '--split-chapters', '-o', 'chapter:%(section_number)02d - %(section_title)s.%(ext)s']));

  // The split alone, on the same local file: one ffmpeg pass (segment muxer) vs ffmpeg once per chapter.
  const media = path.join(b.tmp, 'lecture.mp4');
  await exec('ffmpeg', ['-v', 'error', '-y', '-i', (await ensureFixtureMedia()).long.path, '-c', 'copy', media]);
  const starts = Array.from({ length: 10 }, (_, i) => i * 6);
  const ours = async () => {
    const dir = fs.mkdtempSync(path.join(b.tmp, 'split-'));
    const split = splitArgs({ input: localMedia(media), starts, muxer: 'mp4', ext: 'mp4', videoEncoder: null, hasVideo: true, dir });
    const r = await b.service.engines.ffmpeg.run(split.args, plainScope({ timeoutMs: 60_000 }), { durationSeconds: 60 });
    if ('code' in r) throw new Error(r.detail);
    starts.forEach((_, i) => fs.renameSync(split.part(i), path.join(dir, chapterFileName(i, 10, `Part ${i + 1}`, 'mp4'))));
    fs.rmSync(dir, { recursive: true, force: true });
  };
  const perChapter = async () => {
    const dir = fs.mkdtempSync(path.join(b.tmp, 'cut-'));
    for (const [i, s] of starts.entries()) {
      await exec('ffmpeg', ['-v', 'error', '-y', '-ss', String(s), '-to', String(s + 6), '-i', media, '-map', '0', '-c', 'copy', '-movflags', '+faststart', path.join(dir, chapterFileName(i, 10, `Part ${i + 1}`, 'mp4'))]);
    }
    fs.rmSync(dir, { recursive: true, force: true });
  };
  const m = await measure(rounds, ours, perChapter);
  console.log(`${'split 10 chapters (split stage)'.padEnd(34)} ours ${m.api.toFixed(0).padStart(5)} ms   ffmpeg per chapter ${m.raw.toFixed(0).padStart(5)} ms   ratio ${(m.api / m.raw).toFixed(2)}x  (median of ${rounds})`);
} finally {
  await ft.close();
  await slowFt.close();
  await b.close();
}
process.exit(0);
