// buildApp(config, deps): the Fastify app without listening, so tests use inject().
import fs from 'node:fs';
import { randomUUID } from 'node:crypto';
import Fastify, { type FastifyBaseLogger, type FastifyInstance, type FastifyReply, type FastifyRequest, type RawServerDefault } from 'fastify';
import swagger from '@fastify/swagger';
import cors from '@fastify/cors';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Config } from '../config.js';
import { ApiError } from '../errors.js';
import type { Engines } from '../engines.js';
import type { Storage } from '../files/storage.js';
import { jobViewer, type JobView, type ViewedJob } from '../jobs/view.js';
import type { UrlPolicy } from '../net/urlpolicy.js';
import type { JobEvents } from '../queue/events.js';
import type { Lifecycle } from '../queue/lifecycle.js';
import type { OnRunEvent } from '../queue/queue.js';
import type { Registry } from '../jobs/registry.js';
import type { Store } from '../store/db.js';
import { installErrorHandling } from './errors.js';
import { httpsAllowed, makeAuthenticate } from './guard.js';
import type { Limits } from './limits.js';
import { installIdempotency } from './idempotency.js';
import { appendRouteHook, routeMethods } from './route-hooks.js';
import { ErrorBody, JobObject } from './schemas.js';
import { redactRequestUrl } from './redact.js';
import { checkBodiesAreWellFormed } from './well-formed.js';
import { accountRoutes } from './routes/account.js';
import { adminRoutes } from './routes/admin.js';
import { commentsRoutes } from './routes/comments.js';
import { dashboardRoutes, docsRoutes } from './routes/dashboard.js';
import { downloadRoutes } from './routes/download.js';
import { fileRoutes } from './routes/files.js';
import { fingerprintRoutes } from './routes/fingerprint.js';
import { infoRoutes } from './routes/info.js';
import { jobRoutes } from './routes/jobs.js';
import { previewRoutes } from './routes/preview.js';
import { speechRoutes } from './routes/speech.js';
import { webhookRoutes } from './routes/webhooks.js';
import { API_VERSION, metaRoutes } from './routes/meta.js';
import { opsRoutes } from './routes/ops.js';
import { createMetrics } from './metrics.js';
import { transformOpenApi, TAGS, type OpenApiDoc } from './openapi-doc.js';
import { mcpRoutes } from '../mcp/server.js';
import { recordRouteSchemas } from '../mcp/tools.js';

export interface AppDeps {
  config: Readonly<Config>;
  store: Store;
  /** Every change of a job (submit, cancel) goes through it. */
  lifecycle: Lifecycle;
  /** Job notifications from every process (event streams, MCP waits). */
  events: JobEvents;
  /** Job types: prices. */
  registry: Registry;
  /** Rate limits and caps (shared by every API process on PostgreSQL). */
  limits: Limits;
  /** Webhook deliveries were just created here (a test event): send them now. */
  wakeWebhooks(): void;
  /** Run events of the jobs this process runs (metrics); absent in an API-only process. */
  onRunEvent?: OnRunEvent;
  /** True while the process shuts down (GET /readyz answers 503 so load balancers move on). */
  draining(): boolean;
  engines: Engines;
  urlPolicy: UrlPolicy;
  signingSecret: string;
  /** Where job outputs are published and how their links are made. */
  storage: Storage;
  /** Where the log goes (stdout when omitted); tests read it. */
  logStream?: NodeJS.WritableStream;
}

export type App = FastifyInstance<RawServerDefault, IncomingMessage, ServerResponse, FastifyBaseLogger, TypeBoxTypeProvider> & {
  deps: AppDeps;
  view(job: ViewedJob): JobView;
};

const OPS_PATHS = new Set(['/healthz', '/readyz', '/metrics']);

const REQUEST_ID_RE = /^[A-Za-z0-9._:-]{1,128}$/;

export async function buildApp(deps: AppDeps): Promise<App> {
  const { config } = deps;
  const fastify = Fastify({
    logger: {
      level: config.logLevel,
      ...(deps.logStream ? { stream: deps.logStream } : {}),
      // Fastify's own request line, minus credentials in the URL (signed file links, tokens).
      serializers: { req: (req: FastifyRequest) => ({ method: req.method, url: redactRequestUrl(req.url), host: req.host, remoteAddress: req.ip, remotePort: req.socket?.remotePort }) },
    },
    bodyLimit: config.bodyLimitBytes,
    trustProxy: config.trustedProxies.length > 0 ? config.trustedProxies : false,
    requestIdHeader: false,
    // Long enough that over-long ids and file names reach schema validation (a 422 in our
    // error shape) rather than the router's bare 414.
    routerOptions: { maxParamLength: 1000 },
    // Malformed requests Node's parser rejects before Fastify sees them still get our shape.
    clientErrorHandler: (err: NodeJS.ErrnoException & { code?: string }, socket) => {
      const status = err.code === 'HPE_HEADER_OVERFLOW' ? 431 : 400;
      const body = JSON.stringify({ detail: status === 431 ? 'Request headers are too large.' : 'Malformed HTTP request.', code: 'bad_request' });
      if (socket.writable) socket.end(`HTTP/1.1 ${status} ${status === 431 ? 'Request Header Fields Too Large' : 'Bad Request'}\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`);
    },
    // A path that does not percent-decode (`/v1/webhooks/%ED%A0%80`) is refused by the router
    // before any handler: in our error shape too.
    frameworkErrors: (_err, _request, reply) => {
      void (reply as FastifyReply).code(400).send({ detail: 'The request path is not valid percent-encoded UTF-8.', code: 'bad_request' });
    },
    genReqId: (req) => {
      const given = req.headers['x-request-id'];
      return typeof given === 'string' && REQUEST_ID_RE.test(given) ? given : randomUUID();
    },
    // verbose: validation errors carry their schema, so a union's message can list what it allows.
    ajv: { customOptions: { removeAdditional: false, coerceTypes: 'array', useDefaults: true, verbose: true } },
    ...(config.tlsCert && config.tlsKey ? { https: { cert: fs.readFileSync(config.tlsCert), key: fs.readFileSync(config.tlsKey) } } : {}),
  }).withTypeProvider<TypeBoxTypeProvider>();
  const app = fastify as unknown as App;
  app.decorate('deps', deps);
  app.decorate('view', jobViewer(deps.storage));
  app.decorateRequest('auth', null);

  installErrorHandling(app);
  app.addSchema(ErrorBody);
  app.addSchema(JobObject);

  // The hooks every request runs take callbacks, not promises: polling is the hottest path
  // and each async hook costs it a promise and a microtask turn (bench/load.ts).
  const loopbackPeers = new WeakMap<object, boolean>();
  app.addHook('onRequest', (request, reply, done) => {
    void reply.header('X-API-Version', API_VERSION);
    void reply.header('X-Request-Id', request.id);
    // Probes and scrapers (load balancers, Kubernetes, Prometheus) speak plain HTTP to the
    // process; these answers carry no account data (VC_METRICS_TOKEN guards /metrics).
    if (!OPS_PATHS.has(request.routeOptions.url ?? '') && !httpsAllowed(config, request, loopbackPeers)) return done(new ApiError('https_required', 'Use HTTPS for this API.'));
    done();
  });
  checkBodiesAreWellFormed(app);

  const metrics = createMetrics(deps.store, deps.onRunEvent);
  app.addHook('onResponse', (request, reply, done) => {
    metrics.observeRequest(request.method, request.routeOptions.url ?? '(unmatched)', reply.statusCode, reply.elapsedTime / 1000);
    done();
  });
  app.addHook('onClose', async () => metrics.close());
  // 202 Accepted points at the job it created (replays of an Idempotency-Key too). Only POST
  // routes answer 202, so only they carry the hook.
  const locateJob = async (_request: FastifyRequest, reply: FastifyReply, payload: unknown) => {
    const jobId = reply.statusCode === 202 ? (payload as { job_id?: unknown } | null)?.job_id : undefined;
    if (typeof jobId === 'string') void reply.header('Location', `/v1/jobs/${jobId}`);
    return payload;
  };
  app.addHook('onRoute', (route) => {
    if (routeMethods(route).includes('POST')) appendRouteHook(route, 'preSerialization', locateJob);
  });
  if (config.corsOrigins.length > 0) {
    await app.register(cors, {
      origin: config.corsOrigins.includes('*') ? '*' : config.corsOrigins,
      methods: ['GET', 'POST', 'PATCH', 'DELETE'],
      allowedHeaders: ['Authorization', 'Content-Type', 'Idempotency-Key', 'X-Request-Id', 'Last-Event-ID', 'Mcp-Session-Id', 'Mcp-Protocol-Version'],
      exposedHeaders: ['Location', 'Retry-After', 'X-Request-Id', 'X-API-Version', 'X-RateLimit-Limit', 'X-RateLimit-Remaining', 'X-RateLimit-Reset', 'Idempotent-Replayed', 'Content-Disposition', 'Mcp-Session-Id'],
      maxAge: 600,
    });
  }

  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: { title: 'VideoConduit API', version: API_VERSION, description: 'Video URL in; metadata, downloads and more out. See README.md.' },
      components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer', description: 'An API key: vc_…' } } },
      security: [{ bearer: [] }],
      tags: TAGS,
    },
    transformObject: (doc) => transformOpenApi(('openapiObject' in doc ? doc.openapiObject : doc.swaggerObject) as OpenApiDoc, { adminEnabled: config.adminKey !== null }) as never,
    refResolver: { buildLocalReference: (json, _base, _frag, i) => (typeof json.$id === 'string' ? json.$id : `def-${i}`) },
  });
  await docsRoutes(app);

  // The MCP tools take their schemas from the routes as they register (one source).
  const routeSchemas = recordRouteSchemas((name, fn) => app.addHook(name, fn));
  metaRoutes(app);
  opsRoutes(app, metrics);
  mcpRoutes(app, routeSchemas);
  dashboardRoutes(app);
  fileRoutes(app);
  adminRoutes(app);
  const authenticate = makeAuthenticate(deps.store, deps.limits);
  await app.register(async (scope) => {
    scope.addHook('onRequest', authenticate);
    const s = scope as unknown as App;
    installIdempotency(s);
    accountRoutes(s);
    jobRoutes(s);
    infoRoutes(s);
    downloadRoutes(s);
    previewRoutes(s);
    fingerprintRoutes(s);
    commentsRoutes(s);
    speechRoutes(s);
    webhookRoutes(s);
  });
  return app;
}
