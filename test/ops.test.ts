// Operations endpoints (§10), the changelog, `/`, Location on 202, CORS, and /metrics parsed
// by a Prometheus parser that is independent of prom-client.
import parsePrometheusTextFormat from 'parse-prometheus-text-format';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startMediaSite, type MediaSite } from './fixtures/site.js';
import { startTestService, waitForJob, type TestService } from './helpers/service.js';

type Family = { name: string; type: string; metrics: { value?: string; labels?: Record<string, string> }[] };

/**
 * A strict reading of the text format, line by line (the npm parser above merges the series
 * of a labelled histogram into one): HELP, TYPE, or `name{label="value",…} number`; every
 * sample belongs to a declared family.
 */
function samples(text: string): { name: string; labels: Record<string, string>; value: number }[] {
  const out: { name: string; labels: Record<string, string>; value: number }[] = [];
  const types = new Map<string, string>();
  for (const line of text.split('\n')) {
    if (line === '') continue;
    const type = /^# TYPE ([a-zA-Z_:][a-zA-Z0-9_:]*) (counter|gauge|histogram|summary|untyped)$/.exec(line);
    if (type) types.set(type[1], type[2]);
    if (line.startsWith('#')) {
      expect(line, 'comment').toMatch(/^# (HELP|TYPE) [a-zA-Z_:][a-zA-Z0-9_:]* .*$/);
      continue;
    }
    const m = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{((?:[a-zA-Z_][a-zA-Z0-9_]*="(?:[^"\\]|\\.)*",?)*)\})? (-?[0-9.e+-]+|NaN|\+Inf|-Inf)$/.exec(line);
    expect(m, `sample line: ${line}`).not.toBeNull();
    const name = m![1];
    const family = [...types.keys()].find((f) => name === f || (types.get(f) === 'histogram' && [`${f}_bucket`, `${f}_sum`, `${f}_count`].includes(name)));
    expect(family, `declared family of ${name}`).toBeDefined();
    const labels = Object.fromEntries([...(m![2] ?? '').matchAll(/([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g)].map((x) => [x[1], x[2]]));
    out.push({ name, labels, value: Number(m![3]) });
  }
  return out;
}

describe('operations', () => {
  let svc: TestService;
  let site: MediaSite;
  beforeAll(async () => {
    site = await startMediaSite();
    svc = await startTestService('sqlite', { VC_TRUSTED_PROXIES: '10.9.0.0/16' });
  });
  afterAll(async () => {
    await svc?.stop();
    await site?.close();
  });

  it('healthz and readyz answer without a key, also over plain HTTP from another host', async () => {
    const remote = { remoteAddress: '10.1.2.3' };
    const health = await svc.app.inject({ method: 'GET', url: '/healthz', ...remote });
    expect(health.statusCode).toBe(200);
    expect(health.json()).toEqual({ status: 'ok' });
    const ready = await svc.app.inject({ method: 'GET', url: '/readyz', ...remote });
    expect(ready.statusCode).toBe(200);
    expect(ready.json()).toMatchObject({ status: 'ready', checks: { database: 'ok', ffmpeg: 'ok', ffprobe: 'ok', 'yt-dlp': 'ok' } });
    // The API itself still refuses plain HTTP from there.
    expect((await svc.app.inject({ method: 'GET', url: '/api/version', ...remote })).json().code).toBe('https_required');
  });

  it('readyz answers 503 naming what is missing', async () => {
    const broken = await startTestService('sqlite', { VC_FFPROBE_PATH: '/nonexistent/ffprobe' }, { startQueue: false });
    try {
      const res = await broken.app.inject({ method: 'GET', url: '/readyz' });
      expect(res.statusCode).toBe(503);
      expect(res.headers['retry-after']).toBe('5');
      expect(res.json()).toMatchObject({ code: 'service_unavailable', missing: ['ffprobe'], checks: { database: 'ok', ffprobe: expect.stringContaining('/nonexistent/ffprobe not found') } });
      expect(res.json().detail).toContain('ffprobe');
    } finally {
      await broken.stop();
    }
  });

  it('changelog, version and / (the dashboard; test/browser/assets.test.ts covers the unbuilt fallback to /docs)', async () => {
    const log = (await svc.app.inject({ method: 'GET', url: '/api/changelog' })).json();
    expect(log.current_version).toBe('1.0.0');
    expect(log.versions[0]).toMatchObject({ version: '1.0.0', date: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/) });
    expect(log.versions[0].changes.length).toBeGreaterThan(0);
    const root = await svc.app.inject({ method: 'GET', url: '/' });
    expect(root.statusCode).toBe(200);
    expect(root.headers['content-type']).toMatch(/^text\/html/);
  });

  it('a 202 has a Location header naming its job; a job run shows in /metrics', async () => {
    const a = await svc.account(10);
    const res = await svc.app.inject({ method: 'POST', url: '/v1/preview', headers: a.auth, payload: { url: site.url('/media/video.mp4'), preview_type: 'thumbnail', width: 160 } });
    expect(res.statusCode).toBe(202);
    expect(res.headers.location).toBe(`/v1/jobs/${res.json().job_id}`);
    const job = await waitForJob(svc, a.auth, res.json().job_id);
    expect(job.status).toBe('completed');
    await svc.app.inject({ method: 'GET', url: '/v1/jobs/00000000-0000-7000-8000-000000000000', headers: a.auth });

    const text = (await svc.app.inject({ method: 'GET', url: '/metrics' })).body;
    const families = parsePrometheusTextFormat(text) as Family[];
    const family = (name: string) => {
      const f = families.find((x) => x.name === `videoconduit_${name}`);
      expect(f, name).toBeDefined();
      return f!;
    };
    const sample = (name: string, labels: Record<string, string>) => family(name).metrics.find((m) => Object.entries(labels).every(([k, v]) => m.labels?.[k] === v));
    expect(Number(sample('jobs', { job_type: 'preview', status: 'completed' })?.value)).toBe(1);
    expect(family('queue_depth').metrics[0].value).toBe('0');
    expect(Number(sample('http_requests_total', { method: 'POST', route: '/v1/preview', status: '202' })?.value)).toBe(1);
    expect(Number(sample('http_requests_total', { method: 'GET', route: '/v1/jobs/:job_id', status: '404' })?.value)).toBe(1);
    expect(family('job_duration_seconds').type).toBe('HISTOGRAM');
    // The run's timings are recorded just after the job's row turns completed.
    let lines = samples(text);
    for (let i = 0; i < 20 && !lines.some((l) => l.name === 'videoconduit_job_duration_seconds_count'); i++) {
      await new Promise((r) => setTimeout(r, 100));
      lines = samples((await svc.app.inject({ method: 'GET', url: '/metrics' })).body);
    }
    const count = lines.find((l) => l.name === 'videoconduit_job_duration_seconds_count' && l.labels.job_type === 'preview' && l.labels.status === 'completed');
    expect(count?.value).toBe(1);
    const stages = lines.filter((l) => l.name === 'videoconduit_job_stage_duration_seconds_count' && l.labels.job_type === 'preview');
    expect(stages.length).toBeGreaterThan(0);
    expect(sample('webhook_deliveries', { status: 'failed' })?.value).toBe('0');
    expect(family('job_failures').type).toBe('GAUGE');
  });

  it('VC_METRICS_TOKEN guards /metrics; CORS is off by default and follows VC_CORS_ORIGINS', async () => {
    const preflight = { method: 'OPTIONS' as const, url: '/v1/account', headers: { origin: 'https://app.example.com', 'access-control-request-method': 'GET' } };
    expect((await svc.app.inject(preflight)).headers['access-control-allow-origin']).toBeUndefined();
    const other = await startTestService('sqlite', { VC_METRICS_TOKEN: 'metrics-token-0123456789', VC_CORS_ORIGINS: 'https://app.example.com' }, { startQueue: false });
    try {
      expect((await other.app.inject({ method: 'GET', url: '/metrics' })).statusCode).toBe(401);
      expect((await other.app.inject({ method: 'GET', url: '/metrics', headers: { authorization: 'Bearer wrong-token-0123456789' } })).statusCode).toBe(401);
      const ok = await other.app.inject({ method: 'GET', url: '/metrics', headers: { authorization: 'Bearer metrics-token-0123456789' } });
      expect(ok.statusCode).toBe(200);
      expect(ok.headers['content-type']).toMatch(/^text\/plain/);
      const pre = await other.app.inject(preflight);
      expect(pre.statusCode).toBe(204);
      expect(pre.headers['access-control-allow-origin']).toBe('https://app.example.com');
      expect(String(pre.headers['access-control-allow-headers'])).toMatch(/Authorization/);
      const a = await other.account(1);
      const get = await other.app.inject({ method: 'GET', url: '/v1/account', headers: { ...a.auth, origin: 'https://app.example.com' } });
      expect(get.headers['access-control-allow-origin']).toBe('https://app.example.com');
      expect(String(get.headers['access-control-expose-headers'])).toMatch(/X-RateLimit-Remaining/);
      const evil = await other.app.inject({ ...preflight, headers: { ...preflight.headers, origin: 'https://evil.example.net' } });
      expect(evil.headers['access-control-allow-origin']).toBeUndefined();
    } finally {
      await other.stop();
    }
  });
});
