// Prometheus metrics (GET /metrics), one registry per app (no process-wide state).
//
// Two kinds of series, so several API/worker processes add up right:
// - From the database at scrape time (the same on every process; aggregate with max, not
//   sum): jobs by type and status, queue depth, failed jobs by error code, webhook deliveries.
// - Observed by this process (each job and request is handled by exactly one process, so
//   summing across instances is right): HTTP requests, job and stage durations of the jobs
//   this process ran.
import { Gauge, Histogram, Registry } from 'prom-client';
import { sql } from 'kysely';
import type { OnRunEvent, RunEvent } from '../queue/queue.js';
import type { Store } from '../store/db.js';
import { RequestMetrics } from './request-metrics.js';

const PREFIX = 'videoconduit_';
/** Job run times span a thumbnail (under a second) to a long transcription (an hour). */
const JOB_BUCKETS = [0.5, 1, 2, 5, 10, 30, 60, 120, 300, 600, 1800, 3600];
const HTTP_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];

export interface Metrics {
  registry: Registry;
  observeRequest(method: string, route: string, status: number, seconds: number): void;
  close(): void;
}

export function createMetrics(store: Store, onRunEvent?: OnRunEvent): Metrics {
  const registry = new Registry();
  const db = store.db;

  const requests = new RequestMetrics(HTTP_BUCKETS);
  requests.register(registry, { requests: `${PREFIX}http_requests_total`, seconds: `${PREFIX}http_request_duration_seconds` });
  const jobSeconds = new Histogram({ name: `${PREFIX}job_duration_seconds`, help: 'Run time of the job attempts this process ran, by type and outcome', labelNames: ['job_type', 'status'], buckets: JOB_BUCKETS, registers: [registry] });
  const stageSeconds = new Histogram({ name: `${PREFIX}job_stage_duration_seconds`, help: 'Time spent in each stage of the jobs this process ran', labelNames: ['job_type', 'stage'], buckets: JOB_BUCKETS, registers: [registry] });

  new Gauge({
    name: `${PREFIX}jobs`,
    help: 'Jobs in the database by type and status (completed, failed and cancelled only grow; from the database: the same on every process)',
    labelNames: ['job_type', 'status'],
    registers: [registry],
    async collect() {
      const rows = await db.selectFrom('jobs').select(['job_type', 'status', sql<number>`count(*)`.as('n')]).groupBy(['job_type', 'status']).execute();
      this.reset();
      for (const r of rows) this.set({ job_type: r.job_type, status: r.status }, Number(r.n));
    },
  });
  new Gauge({
    name: `${PREFIX}queue_depth`,
    help: 'Jobs waiting to be claimed (status pending; from the database)',
    registers: [registry],
    async collect() {
      const r = await db.selectFrom('jobs').select(sql<number>`count(*)`.as('n')).where('status', '=', 'pending').executeTakeFirst();
      this.set(Number(r?.n ?? 0));
    },
  });
  new Gauge({
    name: `${PREFIX}job_failures`,
    help: 'Failed jobs by type and error code (engine failures: media_error = ffmpeg could not decode, upstream_error = yt-dlp or the platform, timeout; from the database)',
    labelNames: ['job_type', 'code'],
    registers: [registry],
    async collect() {
      const rows = await db
        .selectFrom('jobs')
        .select(['job_type', 'error_code', sql<number>`count(*)`.as('n')])
        .where('status', '=', 'failed')
        .groupBy(['job_type', 'error_code'])
        .execute();
      this.reset();
      for (const r of rows) this.set({ job_type: r.job_type, code: r.error_code ?? 'unknown' }, Number(r.n));
    },
  });
  new Gauge({
    name: `${PREFIX}webhook_deliveries`,
    help: 'Webhook deliveries (one per event and target) by status: pending, succeeded, failed (from the database)',
    labelNames: ['status'],
    registers: [registry],
    async collect() {
      const rows = await db.selectFrom('webhook_deliveries').select(['status', sql<number>`count(*)`.as('n')]).groupBy('status').execute();
      this.reset();
      for (const s of ['pending', 'succeeded', 'failed']) this.set({ status: s }, 0);
      for (const r of rows) this.set({ status: r.status }, Number(r.n));
    },
  });
  new Gauge({
    name: `${PREFIX}webhook_attempts`,
    help: 'Webhook delivery attempts in the delivery log by result (from the database)',
    labelNames: ['result'],
    registers: [registry],
    async collect() {
      const rows = await db.selectFrom('webhook_attempts').select(['success', sql<number>`count(*)`.as('n')]).groupBy('success').execute();
      this.reset();
      for (const s of ['success', 'failure']) this.set({ result: s }, 0);
      for (const r of rows) this.set({ result: Number(r.success) === 1 ? 'success' : 'failure' }, Number(r.n));
    },
  });

  const onRun = (e: RunEvent) => {
    if (e.kind === 'stage') stageSeconds.observe({ job_type: e.jobType, stage: e.stage || 'none' }, e.seconds);
    else jobSeconds.observe({ job_type: e.jobType, status: e.status }, e.seconds);
  };
  const unsubscribe = onRunEvent?.(onRun) ?? (() => {});

  return {
    registry,
    observeRequest(method, route, status, seconds) {
      requests.observe(method, route, status, seconds);
    },
    close: unsubscribe,
  };
}
