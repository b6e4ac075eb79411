// bench/comments: POST /v1/comments end to end (submit, extraction in the fork server,
// threading, comments.json, completion seen over SSE) vs the raw yt-dlp CLI running the
// same argv with --plugin-dirs, on FakeTube (the fake platform of the tests). Prints the
// time per 1,000 comments of each side. Target: ratio <= 1.0 (ours pays the egress proxy, the
// raw CLI connects directly).
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { commentsArgs } from '../src/media/ytdlp/comments.js';
import { REPO } from '../test/helpers/service.js';
import { measure, run, startBench, YTDLP } from './harness.js';

const rounds = Number(process.env.ROUNDS ?? 5);
const PLUGINS = path.join(REPO, 'test/fixtures/ytdlp-plugins');
// The platform runs in its own process, as a real one would: in ours it would otherwise
// share the event loop with the service being measured.
const site = spawn(path.join(REPO, 'node_modules/.bin/tsx'), [path.join(REPO, 'test/fixtures/comments-site.ts')], { stdio: ['pipe', 'pipe', 'inherit'] });
const siteBase = await new Promise<string>((resolve, reject) => {
  site.stdout.setEncoding('utf8').once('data', (s: string) => resolve(s.trim()));
  site.once('exit', (code) => reject(new Error(`comments site exited (${code})`)));
});
const watchUrl = (id: string) => `${siteBase}/faketube/watch/${id}`;
const b = await startBench({ VC_YTDLP_PLUGIN_DIRS: PLUGINS });
let worst = 0;
try {
  for (const n of [1000, 5000]) {
    const url = watchUrl(`big-${n}`);
    const req = { maxComments: n, sort: 'top' as const, includeReplies: true };
    const ours = async () => {
      const res = await fetch(`${b.base}/v1/comments`, { method: 'POST', headers: b.auth, body: JSON.stringify({ url, max_comments: n }) });
      if (res.status !== 202) throw new Error(`comments ${res.status}: ${await res.text()}`);
      const { job_id: id } = (await res.json()) as { job_id: string };
      const events = await (await fetch(`${b.base}/v1/jobs/${id}/events`, { headers: b.auth })).text();
      if (!/event: completed\n/.test(events)) throw new Error(`job ${id} did not complete: ${events.slice(-500)}`);
    };
    const raw = async () => {
      const dir = fs.mkdtempSync(path.join(b.tmp, 'raw-'));
      await run(YTDLP, ['--plugin-dirs', PLUGINS, ...commentsArgs(url, req)], { cwd: dir, maxBuffer: 64 << 20 });
      const count = (JSON.parse(fs.readFileSync(path.join(dir, 'vc-comments.json'), 'utf8')) as unknown[]).length;
      if (count !== n) throw new Error(`raw yt-dlp returned ${count} comments, not ${n}`);
      fs.rmSync(dir, { recursive: true, force: true });
    };
    const m = await measure(rounds, ours, raw);
    const per = (ms: number) => ((ms * 1000) / n).toFixed(0).padStart(5);
    const ratio = m.api / m.raw;
    worst = Math.max(worst, ratio);
    console.log(`comments ${String(n).padStart(5)}  per 1,000: api ${per(m.api)} ms   raw yt-dlp ${per(m.raw)} ms   ratio ${ratio.toFixed(2)}x  (median of ${rounds})`);
  }
} finally {
  await b.close();
  site.stdin.end();
}
console.log(worst <= 1.0 ? 'comments: within the 1.0x target' : `comments: ${worst.toFixed(2)}x is over the 1.0x target`);
process.exit(0);
