// bench/info: GET /v1/info end to end vs `yt-dlp -J` on the same local fixture URLs.
// Cache disabled, so every API call really extracts.
import { compare, run, startBench, YTDLP } from './harness.js';

const rounds = Number(process.env.ROUNDS ?? 7);
const b = await startBench();
try {
  for (const p of ['/media/video.mp4', '/hls/master.m3u8', '/page/jsonld.html']) {
    const url = b.site.url(p);
    await compare(
      `info ${p}`,
      rounds,
      async () => {
        const res = await fetch(`${b.base}/v1/info?url=${encodeURIComponent(url)}`, { headers: b.auth });
        if (res.status !== 200) throw new Error(`info ${res.status}: ${await res.text()}`);
        await res.json();
      },
      () => run(YTDLP, ['-J', '--no-warnings', '--ignore-config', '--no-cache-dir', url], { maxBuffer: 64 << 20 }),
    );
  }
} finally {
  await b.close();
}
process.exit(0);
