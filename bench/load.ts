// bench/load: load from a second process (autocannon) against a real `serve`-equivalent
// service: job polling and submits below and above the rate limit, and a second account
// polling at the same time. Prints error counts, 429s and whether Retry-After was sent.
import { spawn } from 'node:child_process';
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

  const poll = await autocannon(['-c', '20', '-d', '5', '-H', `authorization=${generous}`, `${b.base}/v1/jobs/${job_id}`]);
  console.log(`poll below limit      ${poll.requests.average.toFixed(0)} req/s  p50 ${poll.latency.p50} ms  p99 ${poll.latency.p99} ms  errors ${poll.errors}  non-2xx ${poll.non2xx}  [${codes(poll)}]`);

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
