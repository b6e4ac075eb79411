// bench/load: load from a second process (autocannon) against a real `serve`-equivalent
// service: job polling and submits below and above the rate limit, and a second account
// polling at the same time. Prints error counts, 429s and whether Retry-After was sent.
// Polling is measured against an anchor in the same run: a bare Fastify app in its own
// process (bench/bare-fastify.ts) serving the same job JSON, alternated with ours. Beside
// throughput it prints each server's CPU time per request: on a shared machine whose other
// tenants slow both sides unevenly, that ratio moves far less than requests per second.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startBench } from './harness.js';

interface Result {
  requests: { average: number; total: number };
  latency: { p50: number; p99: number };
  errors: number;
  timeouts: number;
  non2xx: number;
  statusCodeStats: Record<string, { count: number }>;
}

/** autocannon in its own process, as a separate client would be. */
function autocannon(args: string[]): Promise<Result> {
  return new Promise((resolve, reject) => {
    const child = spawn('npx', ['autocannon', '--json', ...args], { stdio: ['ignore', 'pipe', 'ignore'] });
    let out = '';
    child.stdout.on('data', (c: Buffer) => (out += c.toString()));
    child.on('exit', (code) => (code === 0 ? resolve(JSON.parse(out) as Result) : reject(new Error(`autocannon exited ${code}`))));
  });
}

const cpuMicros = (u: NodeJS.CpuUsage) => u.user + u.system;

/** The anchor server, fed `json` to serve; its base URL, its CPU time so far (µs) and a stop function. */
async function bareFastify(json: string): Promise<{ base: string; cpu(): Promise<number>; stop(): Promise<void> }> {
  const script = path.join(path.dirname(fileURLToPath(import.meta.url)), 'bare-fastify.ts');
  const child = spawn(process.execPath, ['--import', 'tsx', script], { stdio: ['pipe', 'pipe', 'inherit'] });
  child.stdin.end(json);
  const [line] = (await once(child.stdout, 'data')) as [Buffer];
  return {
    base: line.toString().trim(),
    cpu: async () => cpuMicros((await (await fetch(`${line.toString().trim()}/__cpu`)).json()) as NodeJS.CpuUsage),
    async stop() {
      child.kill('SIGTERM');
      if (child.exitCode === null) await once(child, 'exit');
    },
  };
}

const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
/** Rounds of polling, alternating ours and the anchor so load drift from other work hits both. */
const POLL_ROUNDS = Number(process.env.BENCH_POLL_ROUNDS ?? 3);

const codes = (r: Result) => Object.entries(r.statusCodeStats).map(([c, s]) => `${c}:${s.count}`).join(' ');

const b = await startBench({ VC_QUEUE_MAX_DEPTH: '100000', VC_MAX_ACTIVE_JOBS_PER_ACCOUNT: '100000' });
try {
  const db = b.service.store.db;
  const { createAccount } = await import('../src/store/accounts.js');
  const { createKey } = await import('../src/store/keys.js');
  const account = async (limit: number) => {
    const a = await createAccount(db, { name: `load-${limit}`, credits: 1_000_000, rateLimitPerMinute: limit });
    return `Bearer ${(await createKey(db, a.id, 'load')).key}`;
  };
  await b.service.queue.stop(); // submits stay pending: this measures the API, not the engines
  const generous = await account(1_000_000);
  const submit = await fetch(`${b.base}/v1/download`, { method: 'POST', headers: { authorization: generous, 'content-type': 'application/json' }, body: JSON.stringify({ url: 'http://127.0.0.1:9/x.mp4' }) });
  const { job_id } = (await submit.json()) as { job_id: string };

  const jobJson = await (await fetch(`${b.base}/v1/jobs/${job_id}`, { headers: { authorization: generous } })).text();
  const bare = await bareFastify(jobJson);
  const ours: Result[] = [];
  const anchor: number[] = [];
  // CPU µs per request of each server, per round (ours runs in this process, autocannon does not).
  const oursCpu: number[] = [];
  const anchorCpu: number[] = [];
  const perRequest = async (cpuNow: () => Promise<number> | number, round: () => Promise<Result>, into: number[]) => {
    const before = await cpuNow();
    const r = await round();
    into.push(((await cpuNow()) - before) / r.requests.total);
    return r;
  };
  const ourCpu = () => cpuMicros(process.cpuUsage());
  try {
    // Warm-up, not counted: JIT, caches and connections of both sides.
    await autocannon(['-c', '20', '-d', '2', `${bare.base}/v1/jobs/${job_id}`]);
    await autocannon(['-c', '20', '-d', '2', '-H', `authorization=${generous}`, `${b.base}/v1/jobs/${job_id}`]);
    for (let i = 0; i < POLL_ROUNDS; i++) {
      anchor.push((await perRequest(bare.cpu, () => autocannon(['-c', '20', '-d', '5', `${bare.base}/v1/jobs/${job_id}`]), anchorCpu)).requests.average);
      ours.push(await perRequest(ourCpu, () => autocannon(['-c', '20', '-d', '5', '-H', `authorization=${generous}`, `${b.base}/v1/jobs/${job_id}`]), oursCpu));
    }
  } finally {
    await bare.stop();
  }
  const poll = ours[ours.length - 1];
  const pollRate = mean(ours.map((r) => r.requests.average));
  const bareRate = mean(anchor);
  // Each round's ratio is of two runs next to each other in time: the median of those is the
  // figure least moved by other load on the machine.
  const median = (xs: number[]) => {
    const s = [...xs].sort((x, y) => x - y);
    return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
  };
  const ratio = median(ours.map((r, i) => r.requests.average / anchor[i]));
  const cpuRatio = median(oursCpu.map((c, i) => anchorCpu[i] / c));
  console.log(`poll rounds  ours ${ours.map((r) => r.requests.average.toFixed(0)).join(' ')}  bare ${anchor.map((r) => r.toFixed(0)).join(' ')} req/s`);
  console.log(`poll  ${pollRate.toFixed(0)} req/s  bare fastify ${bareRate.toFixed(0)} req/s  ratio ${(100 * ratio).toFixed(0)}%  (means of ${POLL_ROUNDS} alternated rounds, median per-round ratio; ${jobJson.length}-byte job JSON)`);
  console.log(`poll CPU per request  ours ${oursCpu.map((c) => c.toFixed(1)).join(' ')}  bare ${anchorCpu.map((c) => c.toFixed(1)).join(' ')} µs  bare/ours ${(100 * cpuRatio).toFixed(0)}%  (median per round)`);
  console.log(`poll below limit      ${pollRate.toFixed(0)} req/s  p50 ${poll.latency.p50} ms  p99 ${poll.latency.p99} ms  errors ${poll.errors}  non-2xx ${poll.non2xx}  [${codes(poll)}]`);

  const submits = await autocannon(['-c', '10', '-d', '5', '-m', 'POST', '-H', `authorization=${generous}`, '-H', 'content-type=application/json', '-b', JSON.stringify({ url: 'http://127.0.0.1:9/x.mp4' }), `${b.base}/v1/download`]);
  console.log(`submit below limit    ${submits.requests.average.toFixed(0)} req/s  p50 ${submits.latency.p50} ms  p99 ${submits.latency.p99} ms  errors ${submits.errors}  non-2xx ${submits.non2xx}  [${codes(submits)}]`);

  const limited = await account(600);
  const [over, other] = await Promise.all([
    autocannon(['-c', '20', '-d', '5', '-H', `authorization=${limited}`, `${b.base}/v1/account`]),
    autocannon(['-c', '2', '-d', '5', '-H', `authorization=${generous}`, `${b.base}/v1/account`]),
  ]);
  const retry = await fetch(`${b.base}/v1/account`, { headers: { authorization: limited } });
  console.log(`account above 600/min   [${codes(over)}]  errors ${over.errors}; a 429 carries Retry-After: ${retry.status === 429 ? retry.headers.get('retry-after') : 'n/a (window reset)'}`);
  console.log(`other account at once [${codes(other)}]  errors ${other.errors}  p99 ${other.latency.p99} ms`);
  const ledger = await db.selectFrom('ledger_entries').select((eb) => eb.fn.sum<number>('delta').as('s')).executeTakeFirstOrThrow();
  const balances = await db.selectFrom('accounts').select((eb) => eb.fn.sum<number>('credits_balance').as('s')).executeTakeFirstOrThrow();
  console.log(`ledger sum ${Number(ledger.s)} = balances ${Number(balances.s)}: ${Number(ledger.s) === Number(balances.s)}`);
} finally {
  await b.close();
}
process.exit(0);
