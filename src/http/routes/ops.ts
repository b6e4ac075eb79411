// Operations (contract §10): liveness, readiness and Prometheus metrics. No API key: they are
// for load balancers, orchestrators and Prometheus (VC_METRICS_TOKEN guards /metrics).
import { timingSafeEqual, createHash } from 'node:crypto';
import { sql } from 'kysely';
import { Type } from '@sinclair/typebox';
import type { App } from '../app.js';
import { ApiError } from '../../errors.js';
import { resolveExecutable } from '../../doctor.js';
import { ytdlpPaths } from '../../media/ytdlp/forkserver.js';
import { installedYtdlpVersion } from '../../media/ytdlp/version.js';
import { bearer } from '../guard.js';
import type { Metrics } from '../metrics.js';
import { errorResponses } from '../schemas.js';

/** Engine look-ups are a few stat() calls; cached so a probe every second costs nothing. */
const ENGINE_CHECK_TTL_MS = 10_000;
const DB_TIMEOUT_MS = 2000;

const Health = Type.Object({ status: Type.Literal('ok') });
const Ready = Type.Object({
  status: Type.Literal('ready'),
  checks: Type.Record(Type.String(), Type.String(), { description: 'database, ffmpeg, ffprobe, python, yt-dlp, and storage when outputs go to S3: "ok" or what is wrong' }),
  versions: Type.Record(Type.String(), Type.String(), { description: 'installed engine releases, e.g. {"yt-dlp": "2026.10.26"} (`make setup` keeps yt-dlp current)' }),
});

type Checks = Record<string, string>;

async function engineChecks(app: App): Promise<Checks> {
  const { config } = app.deps;
  const { python, ytdlp } = ytdlpPaths(config);
  const look = async (name: string, program: string, how: string): Promise<[string, string]> => [name, (await resolveExecutable(program)) ? 'ok' : `${program} not found (${how})`];
  const { storage } = app.deps;
  // The bucket (HEAD, 2 s at most) when outputs go to S3; a folder is the data dir's business.
  const bucket = async (): Promise<[string, string][]> => (storage.kind === 's3' ? [['storage', (await storage.check()) ?? 'ok']] : []);
  const [found, stored] = await Promise.all([
    Promise.all([
      look('ffmpeg', config.ffmpegPath, 'VC_FFMPEG_PATH; run `make setup`'),
      look('ffprobe', config.ffprobePath, 'VC_FFPROBE_PATH; run `make setup`'),
      look('python', python, 'VC_VENV_DIR; run `make setup`'),
      look('yt-dlp', ytdlp, 'VC_VENV_DIR; run `make setup`'),
    ]),
    bucket(),
  ]);
  return Object.fromEntries([...found, ...stored]);
}

async function databaseCheck(app: App): Promise<string> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<string>((resolve) => {
    timer = setTimeout(() => resolve(`no answer within ${DB_TIMEOUT_MS} ms`), DB_TIMEOUT_MS);
  });
  const query = sql`select 1`.execute(app.deps.store.db).then(
    () => 'ok',
    (err: unknown) => `error: ${err instanceof Error ? err.message : String(err)}`,
  );
  try {
    return await Promise.race([query, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

const sameSecret = (a: string, b: string) => timingSafeEqual(createHash('sha256').update(a).digest(), createHash('sha256').update(b).digest());

export function opsRoutes(app: App, metrics: Metrics): void {
  let engines: { at: number; checks: Checks; versions: Record<string, string> } | null = null;
  const tags = ['operations'];

  app.get('/healthz', { schema: { tags, summary: 'Liveness: 200 while the process serves', security: [], response: { 200: Health } } }, async () => ({ status: 'ok' as const }));

  app.get(
    '/readyz',
    {
      schema: {
        tags,
        summary: 'Readiness: the database answers, the engines are installed, the S3 bucket (if used) answers and the process is not shutting down',
        description: '503 (service_unavailable) names what is missing in `detail` and `checks`; a process that is draining (SIGTERM) answers 503 with checks.process "draining".',
        security: [],
        response: { 200: Ready, ...errorResponses(503) },
      },
    },
    async () => {
      if (!engines || Date.now() - engines.at > ENGINE_CHECK_TTL_MS) {
        const ytdlp = await installedYtdlpVersion(app.deps.config.venvDir);
        engines = { at: Date.now(), checks: await engineChecks(app), versions: ytdlp ? { 'yt-dlp': ytdlp } : {} };
      }
      const checks: Checks = { database: await databaseCheck(app), ...engines.checks };
      // Draining: running jobs finish, but load balancers should send new requests elsewhere.
      if (app.deps.draining()) checks.process = 'draining (shutting down)';
      const missing = Object.entries(checks).filter(([, v]) => v !== 'ok');
      if (missing.length > 0) {
        engines = null; // look again next time: the operator may be fixing it now
        throw new ApiError('service_unavailable', `Not ready: ${missing.map(([k, v]) => `${k}: ${v}`).join('; ')}.`, { checks, missing: missing.map(([k]) => k) }, { 'Retry-After': '5' });
      }
      return { status: 'ready' as const, checks, versions: engines.versions };
    },
  );

  app.get(
    '/metrics',
    {
      schema: {
        tags,
        summary: 'Prometheus metrics (text format 0.0.4)',
        description: 'Open unless VC_METRICS_TOKEN is set; then send it as a Bearer token. See docs/operations.md for the series.',
        security: [],
        produces: ['text/plain'],
        response: { 200: { description: 'Prometheus text exposition format', content: { 'text/plain': { schema: { type: 'string' } } } }, ...errorResponses(401) },
      },
    },
    async (request, reply) => {
      const token = app.deps.config.metricsToken;
      if (token) {
        const given = bearer(request);
        if (!given || !sameSecret(given, token)) throw new ApiError('unauthorized', 'Send the metrics token (VC_METRICS_TOKEN) as "Authorization: Bearer …".');
      }
      const body = await metrics.registry.metrics();
      return reply.type(metrics.registry.contentType).send(body);
    },
  );
}
