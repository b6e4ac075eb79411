// bench/info: GET /v1/info end to end vs two anchors on the same local fixture URLs:
// - warm in-process yt-dlp (bench/warm-anchor.ts): the extraction alone, yt-dlp already
//   imported and warm, same options as our /v1/info run, no egress proxy: a fresh
//   YoutubeDL(params) per call ("warm"), and one reused YoutubeDL ("reused", its extractor
//   list, SSL context and connection pool built once). Target for a direct file: api <= 3x warm.
// - the yt-dlp CLI (`yt-dlp -J`), which pays the interpreter start-up on every call.
// Cache disabled, so every API call really extracts. Ours goes through the egress proxy
// (VC_EGRESS_PROXY=false in the environment measures it without).
import { infoArgs } from '../src/media/ytdlp/args.js';
import { guardArgs } from '../src/media/ytdlp/guards.js';
import { median, run, startBench, timeit, YTDLP } from './harness.js';
import { startWarmYtdlp } from './warm-anchor.js';

const rounds = Number(process.env.ROUNDS ?? 7);
const b = await startBench();
const warm = startWarmYtdlp();
const fmt = (ms: number) => `${ms.toFixed(0).padStart(5)} ms`;
try {
  for (const p of ['/media/video.mp4', '/hls/master.m3u8', '/page/jsonld.html']) {
    const url = b.site.url(p);
    // The argv our runner passes (runner.ts: info options, then the guards, then `-- url`).
    const argv = [...infoArgs(url, { playlist: true }).slice(0, -2), ...guardArgs(), '--', url];
    const sides = {
      api: async () => {
        const res = await fetch(`${b.base}/v1/info?url=${encodeURIComponent(url)}`, { headers: b.auth });
        if (res.status !== 200) throw new Error(`info ${res.status}: ${await res.text()}`);
        await res.json();
      },
      warm: () => warm.extract(argv),
      reused: () => warm.extract(argv, { reuse: true }),
      cli: () => run(YTDLP, ['-J', '--no-warnings', '--ignore-config', '--no-cache-dir', url], { maxBuffer: 64 << 20 }),
    };
    const times: Record<keyof typeof sides, number[]> = { api: [], warm: [], reused: [], cli: [] };
    for (const fn of Object.values(sides)) await fn(); // warm-up: page cache, fork server, regexes
    // Alternated, so load drift (other helpers on the box) hits every side alike.
    for (let i = 0; i < rounds; i++) for (const [k, fn] of Object.entries(sides)) times[k as keyof typeof sides].push(await timeit(fn));
    const [api, w, r, cli] = [median(times.api), median(times.warm), median(times.reused), median(times.cli)];
    const vs = (anchor: number) => `${(api / anchor).toFixed(2)}x`;
    console.log(`info ${p.padEnd(18)} api ${fmt(api)}  warm in-process ${fmt(w)}  ratio ${vs(w)}   reused ${fmt(r)} ${vs(r)}   raw yt-dlp CLI ${fmt(cli)} ${vs(cli)}  (median of ${rounds})`);
  }
  console.log('(api goes through the egress proxy and probes a direct file with ffprobe; the warm anchor does neither)');
} finally {
  warm.close();
  await b.close();
}
process.exit(0);
