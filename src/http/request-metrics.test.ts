// The tallied request series scrape exactly as prom-client's own Counter and Histogram would
// have for the same requests (what dashboards and alerts were written against).
import { Counter, Histogram, Registry } from 'prom-client';
import { describe, expect, it } from 'vitest';
import { RequestMetrics } from './request-metrics.js';

const BUCKETS = [0.005, 0.01, 0.1, 1];
const REQUESTS: [string, string, number, number][] = [
  ['GET', '/v1/jobs/:job_id', 200, 0.003],
  ['GET', '/v1/jobs/:job_id', 200, 0.005], // on a bound: counted in it (le is "less or equal")
  ['GET', '/v1/jobs/:job_id', 404, 0.02],
  ['POST', '/v1/preview', 202, 0.4],
  ['POST', '/v1/preview', 422, 7], // above every bound: +Inf only
  ['GET', '(unmatched)', 404, 0.0001],
];

/** Each exposition line with its labels sorted, so label order does not matter. */
function normalized(text: string): string[] {
  return text
    .split('\n')
    .filter((l) => l && !l.startsWith('#'))
    .map((l) => {
      const m = /^([^{ ]+)(?:\{(.*)\})? (.+)$/.exec(l)!;
      const labels = (m[2] ?? '').split(/,(?=[a-z_]+=")/).filter(Boolean).sort().join(',');
      return `${m[1]}{${labels}} ${m[3]}`;
    })
    .sort();
}

describe('RequestMetrics', () => {
  it("exports what prom-client's Counter and Histogram export for the same requests", async () => {
    const reference = new Registry();
    const counter = new Counter({ name: 'req_total', help: 'HTTP requests handled by this process, by route pattern and status', labelNames: ['method', 'route', 'status'], registers: [reference] });
    const histogram = new Histogram({ name: 'req_seconds', help: 'HTTP request duration in this process', labelNames: ['method', 'route'], buckets: BUCKETS, registers: [reference] });
    const ours = new Registry();
    const tally = new RequestMetrics(BUCKETS);
    tally.register(ours, { requests: 'req_total', seconds: 'req_seconds' });
    for (const [method, route, status, seconds] of REQUESTS) {
      counter.inc({ method, route, status: String(status) });
      histogram.observe({ method, route }, seconds);
      tally.observe(method, route, status, seconds);
    }
    const [want, got] = [await reference.metrics(), await ours.metrics()];
    expect(normalized(got)).toEqual(normalized(want));
    expect(normalized(got)).toContain('req_seconds_bucket{le="0.005",method="GET",route="/v1/jobs/:job_id"} 2');
    // HELP and TYPE lines too.
    expect(got.split('\n').filter((l) => l.startsWith('#')).sort()).toEqual(want.split('\n').filter((l) => l.startsWith('#')).sort());
  });
});
