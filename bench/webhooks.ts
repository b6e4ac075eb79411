// bench/webhooks: deliveries per second to a local receiver, and the latency from a job's
// completion (its completed_at) to the signed delivery arriving. Target p50 < 100 ms.
import { insertDeliveries, type NewDelivery } from '../src/store/webhooks.js';
import { newEventId } from '../src/webhooks/events.js';
import { startReceiver } from '../test/fixtures/receiver.js';
import { median, startBench } from './harness.js';

const JOBS = Number(process.env.ROUNDS ?? 15);
const BURST = Number(process.env.BURST ?? 1000);
const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))];

const rx = await startReceiver();
const b = await startBench();
try {
  const post = async (url: string, body: unknown) => {
    const res = await fetch(`${b.base}${url}`, { method: 'POST', headers: b.auth, body: JSON.stringify(body) });
    if (res.status >= 300) throw new Error(`${url} ${res.status}: ${await res.text()}`);
    return (await res.json()) as Record<string, any>;
  };
  const ep = await post('/v1/webhooks', { url: rx.url('/jobs'), events: ['job.completed'] });
  rx.secret('/jobs', ep.secret);

  // 1. Latency: real download jobs, one at a time; completion -> delivery received.
  const lat: number[] = [];
  for (let i = 0; i < JOBS; i++) {
    const job = await post('/v1/download', { url: b.site.url('/media/audio.m4a') });
    const [got] = (await rx.waitFor('/jobs', i + 1, 120_000)).slice(i);
    if (!got.standardOk || !got.customOk || got.json.data.job_id !== job.job_id) throw new Error('bad delivery');
    lat.push(got.at - Date.parse(got.json.data.completed_at));
  }
  console.log(`webhook latency completion->delivery  p50 ${median(lat).toFixed(0)} ms   p90 ${pct(lat, 90).toFixed(0)} ms   max ${Math.max(...lat).toFixed(0)} ms  (${JOBS} jobs; target p50 < 100 ms)`);

  // 2. Throughput: a burst of events queued at once, drained by the dispatcher.
  rx.secret('/burst', ep.secret);
  const acct = ep.id ? (await b.service.store.db.selectFrom('webhook_endpoints').select('account_id').where('id', '=', ep.id).executeTakeFirstOrThrow()).account_id : '';
  await b.service.store.db.updateTable('webhook_endpoints').set({ url: rx.url('/burst') }).where('id', '=', ep.id).execute();
  const rows: NewDelivery[] = Array.from({ length: BURST }, () => {
    const id = newEventId();
    return { account_id: acct, endpoint_id: ep.id, target: ep.id, url: rx.url('/burst'), event_id: id, event_type: 'webhook.test', job_id: null, payload: JSON.stringify({ id, type: 'webhook.test', created_at: new Date().toISOString(), data: { n: 1 } }) };
  });
  const t0 = performance.now();
  for (let i = 0; i < rows.length; i += 200) await insertDeliveries(b.service.store.db, rows.slice(i, i + 200));
  b.service.webhooks.wake();
  const got = await rx.waitFor('/burst', BURST, 300_000);
  const secs = (performance.now() - t0) / 1000;
  if (!got.every((g) => g.standardOk && g.customOk)) throw new Error('unverified delivery in burst');
  console.log(`webhook throughput                     ${(BURST / secs).toFixed(0)} deliveries/s  (${BURST} events, SQLite, local receiver, all verified)`);
} finally {
  await b.close();
  await rx.close();
}
process.exit(0);
