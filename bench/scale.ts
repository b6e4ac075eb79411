// bench/scale: scale-out on PostgreSQL with real processes on this host (an API-only `serve`
// and `worker`s, one job slot each):
// 1. I/O-bound download jobs per minute with 1, 2 and 3 workers (a local source throttled
//    per connection, so a job waits on the network like a real download) -> ratio to 1 worker.
// 2. submit -> claimed latency (jobs.started_at - jobs.created_at) with NOTIFY and poll-only
//    (VC_PG_LISTEN=false).
// 3. Event-stream latency: a worker's progress write (updated_at) -> the SSE event read by a
//    client of the API process.
// 4. What one claim costs with 1,000 pending jobs of 10 accounts (the fairness sort).
// --s3 publishes the outputs to a local SeaweedFS (S3, as several hosts would); other extra
// environment for every process comes from VC_BENCH_ENV ("K=V,K=V").
// Run: npx tsx bench/scale.ts [--jobs N] [--s3]
import { JOB_TYPES } from '../src/jobs/registry.js';
import { startMediaSite } from '../test/fixtures/site.js';
import { startSeaweed } from '../test/helpers/s3.js';
import { startTestService } from '../test/helpers/service.js';
import { submit as accept } from '../test/queue/helpers.js';
import { startCluster, waitFor, type Cluster } from '../test/scale/cluster.js';

const JOBS = Number(process.argv[process.argv.indexOf('--jobs') + 1]) || 12;
const RATE = 100_000; // bytes/s per download
const s3 = process.argv.includes('--s3') ? await startSeaweed() : null;
const extraEnv: Record<string, string> = {
  ...(s3 ? s3.env('bench') : {}),
  ...Object.fromEntries(
    (process.env.VC_BENCH_ENV ?? '')
      .split(',')
      .filter(Boolean)
      .map((kv) => [kv.slice(0, kv.indexOf('=')), kv.slice(kv.indexOf('=') + 1)]),
  ),
};
const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((xs.length * p) / 100))];

const site = await startMediaSite({ throttleBytesPerSec: RATE });
console.log(`source: ${site.media.mp4.sizeBytes} bytes at ${RATE / 1000} kB/s per download (${(site.media.mp4.sizeBytes / RATE).toFixed(1)} s of transfer per job); outputs: ${s3 ? `S3 (SeaweedFS, ${s3.endpoint})` : 'the shared data dir'}${process.env.VC_BENCH_ENV ? `; env ${process.env.VC_BENCH_ENV.split(',').map((kv) => kv.split('=')[0]).join(', ')}` : ''}`);

async function withCluster<T>(env: Record<string, string>, fn: (c: Cluster, auth: Record<string, string>) => Promise<T>): Promise<T> {
  const c = await startCluster({ VC_LOG_LEVEL: 'warn', VC_MAX_ACTIVE_JOBS_PER_ACCOUNT: '10000', ...extraEnv, ...env });
  try {
    await c.startApi();
    const { auth } = await c.account(1_000_000);
    return await fn(c, auth);
  } finally {
    await c.close();
  }
}

async function submit(c: Cluster, auth: Record<string, string>, url: string): Promise<string> {
  const res = await fetch(`${c.apiBase}/v1/download`, { method: 'POST', headers: auth, body: JSON.stringify({ url }) });
  if (res.status !== 202) throw new Error(`submit: ${res.status} ${await res.text()}`);
  return ((await res.json()) as { job_id: string }).job_id;
}

// 1. Throughput.
const perMinute: number[] = [];
for (const workers of [1, 2, 3]) {
  const rate = await withCluster({}, async (c, auth) => {
    await Promise.all(Array.from({ length: workers }, (_, i) => c.startWorker(`w${i}`)));
    await submit(c, auth, site.url('/media/video.mp4')).then((id) => waitFor('warm-up', async () => (await c.job(id)).completed_at, 120_000, 100)); // fork servers warm
    const t = Date.now();
    const ids = await Promise.all(Array.from({ length: JOBS * workers }, () => submit(c, auth, site.url('/media/video.mp4'))));
    await waitFor('the jobs', async () => (await c.store.db.selectFrom('jobs').select('id').where('id', 'in', ids).where('status', '=', 'completed').execute()).length === ids.length, 600_000, 200);
    const failed = await c.store.db.selectFrom('jobs').select('id').where('id', 'in', ids).where('status', '!=', 'completed').execute();
    if (failed.length) throw new Error(`${failed.length} jobs did not complete`);
    return (ids.length / (Date.now() - t)) * 60_000;
  });
  perMinute.push(rate);
  console.log(`${workers} worker${workers > 1 ? 's' : ' '} (1 slot each)   ${rate.toFixed(1).padStart(6)} download jobs/min   ${(rate / perMinute[0]).toFixed(2)}x of 1 worker   (${JOBS * workers} jobs)`);
}

// 2. submit -> claimed.
for (const [label, listen] of [
  ['NOTIFY   ', 'true'],
  ['poll-only', 'false'],
] as const) {
  const waits = await withCluster({ VC_PG_LISTEN: listen }, async (c, auth) => {
    await c.startWorker('w');
    const out: number[] = [];
    for (let i = 0; i < 20; i++) {
      const id = await submit(c, auth, 'http://127.0.0.1:9/refused.mp4'); // fails at once: the worker is idle again
      const job = await waitFor('the claim', async () => {
        const j = await c.job(id);
        return j.started_at && j.completed_at ? j : null;
      }, 30_000, 20);
      out.push(Date.parse(job.started_at!) - Date.parse(job.created_at));
      await new Promise((r) => setTimeout(r, 150 + Math.random() * 300));
    }
    return out;
  });
  console.log(`submit -> claimed, ${label}   p50 ${pct(waits, 50)} ms   p90 ${pct(waits, 90)} ms   (20 jobs, worker idle)`);
}

// 3. Worker progress -> SSE client on the API process.
const lags = await withCluster({}, async (c, auth) => {
  await c.startWorker('w');
  const out: number[] = [];
  for (let i = 0; i < 3; i++) {
    const id = await submit(c, auth, site.url('/media/video.mp4'));
    const res = await fetch(`${c.apiBase}/v1/jobs/${id}/events`, { headers: { authorization: auth.authorization } });
    const reader = res.body!.getReader();
    const decoder = new TextDecoder();
    let text = '';
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      const now = Date.now();
      text += decoder.decode(value, { stream: true });
      const blocks = text.split('\n\n');
      text = blocks.pop() ?? '';
      for (const block of blocks) {
        const data = /^data: (.*)$/m.exec(block)?.[1];
        if (!data || !block.startsWith('event: progress')) continue;
        const job = JSON.parse(data) as { status: string; progress: number };
        // id: <job>:<updated_at> names the write this event shows (same host: one clock).
        const updated = /^id: [^:]+:(.*)$/m.exec(block)?.[1];
        if (job.status === 'processing' && job.progress > 0 && updated) out.push(now - Date.parse(updated));
      }
    }
  }
  return out;
});
console.log(`worker progress -> SSE client (API process)   p50 ${pct(lags, 50)} ms   p90 ${pct(lags, 90)} ms   (${lags.length} events)`);

// 4. Claim cost.
{
  const svc = await startTestService('postgres', { VC_MAX_ACTIVE_JOBS_PER_ACCOUNT: '10000' }, { startQueue: false });
  const accounts = await Promise.all(Array.from({ length: 10 }, () => svc.account(10_000)));
  for (let i = 0; i < 1000; i += 50) await Promise.all(Array.from({ length: 50 }, (_, j) => accept(svc, accounts[(i + j) % 10].id)));
  const times: number[] = [];
  for (let i = 0; i < 100; i++) {
    const t = performance.now();
    await svc.lifecycle.claim({ types: JOB_TYPES, workerId: 'bench', leaseMs: 60_000 });
    times.push(performance.now() - t);
  }
  console.log(`one claim with 1,000 -> 900 pending jobs of 10 accounts (PostgreSQL, in process)   p50 ${pct(times, 50).toFixed(1)} ms   p90 ${pct(times, 90).toFixed(1)} ms`);
  await svc.stop();
}
await site.close();
await s3?.stop();
process.exit(0);
