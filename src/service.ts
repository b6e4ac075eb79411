// Wires config -> store, engines, URL policy, job notifications, lifecycle, queue, webhook
// dispatcher and (for `serve`) the HTTP app. `serve` and `worker` are the same runtime: a
// worker has no HTTP server, an API-only `serve` (VC_JOB_CONCURRENCY=0) claims no jobs.
import type { Config } from './config.js';
import { createEngines, type Engines } from './engines.js';
import { loadOrCreateSecret } from './files/signing.js';
import { openStorage, type Storage } from './files/storage.js';
import { buildApp, type App } from './http/app.js';
import { createLimits, type Limits } from './http/limits.js';
import { redactLogFields, redactUrlsInText } from './http/redact.js';
import { registry as defaultRegistry, type Registry } from './jobs/registry.js';
import { jobViewer } from './jobs/view.js';
import type { LogFn } from './log.js';
import { createUrlPolicy, type UrlPolicy } from './net/urlpolicy.js';
import { channelFor, JobEvents } from './queue/events.js';
import { Lifecycle } from './queue/lifecycle.js';
import { LocalQueue } from './queue/local.js';
import { listenForEvents, type Listener } from './queue/pg-listen.js';
import { Presence, type Role } from './queue/presence.js';
import { migrate, openStore, type Store } from './store/db.js';
import { sweepLimits } from './store/limits.js';
import { expireWorkers } from './store/workers.js';
import { WebhookDispatcher } from './webhooks/dispatcher.js';

/** Where log lines go: the app's logger (serve) or a JSON-lines logger (worker). */
export interface LogSink {
  info(fields: Record<string, unknown>, msg: string): void;
  debug(fields: Record<string, unknown>, msg: string): void;
}

export interface Runtime {
  config: Readonly<Config>;
  store: Store;
  engines: Engines;
  urlPolicy: UrlPolicy;
  signingSecret: string;
  /** Where outputs are published (a folder or S3); also makes every download link. */
  storage: Storage;
  events: JobEvents;
  lifecycle: Lifecycle;
  registry: Registry;
  queue: LocalQueue;
  webhooks: WebhookDispatcher;
  presence: Presence;
  limits: Limits;
  /** The LISTEN connection (PostgreSQL), null on SQLite. */
  listener: Listener | null;
  log: LogFn;
  /** Starts the background work: claim loops (unless VC_JOB_CONCURRENCY=0), webhook delivery, the workers-table row. */
  start(): void;
  /** True from the first signal on (GET /readyz answers 503). */
  draining(): boolean;
  /**
   * Stops claiming jobs, lets running ones finish for up to `graceMs`, hands the rest back
   * (pending, attempt not counted: another worker claims them at once), then closes everything.
   */
  shutdown(graceMs: number): Promise<void>;
  /** Cuts a shutdown's grace period short (a second signal). */
  hurry(): void;
  /** shutdown(0). */
  close(): Promise<void>;
}

export interface RuntimeOptions {
  role: Role;
  /** A private PostgreSQL schema (tests). */
  pgSchema?: string;
  /** Job types with their handlers (tests inject handlers; default: the real ones). */
  registry?: Registry;
  /** Where log lines go; it may be set after creation (the app's logger exists only then). */
  sink: () => LogSink | null;
  /** Closed after the queue has stopped and before the engines (the HTTP server). */
  beforeEngines?: () => Promise<void>;
  /** Idle claim loops look this often without a notification (tests). */
  pollMs?: number;
}

export async function createRuntime(config: Readonly<Config>, opts: RuntimeOptions): Promise<Runtime> {
  const store = openStore({ databaseUrl: config.databaseUrl, dataDir: config.dataDir, pgSchema: opts.pgSchema });
  await migrate(store);
  const urlPolicy = createUrlPolicy({ allowlist: config.urlAllowlist });
  // Engines and the queue log free text (error details, command lines) that may quote a URL
  // with its token: message and fields are redacted alike. Command lines are debug detail.
  const log: LogFn = (msg, extra = {}) => {
    const { level, ...fields } = extra;
    const line = redactUrlsInText(msg);
    if (level === 'debug') opts.sink()?.debug(redactLogFields(fields), line);
    else opts.sink()?.info(redactLogFields(fields), line);
  };
  const engines = await createEngines(config, { urlPolicy, log });
  const signingSecret = loadOrCreateSecret(config.dataDir, config.signingSecret);
  const storage = await openStorage(config, { signingSecret, log }).catch(async (err: unknown) => {
    await engines.close();
    await store.close();
    throw err;
  });
  const registry = opts.registry ?? defaultRegistry;
  const events = new JobEvents(await channelFor(store));
  const listener = store.dialect === 'postgres' && config.databaseUrl && config.pgListen ? listenForEvents({ databaseUrl: config.databaseUrl, events, log }) : null;
  const lifecycle = new Lifecycle({
    store,
    events,
    view: jobViewer(storage),
    retentionMs: config.retentionHours * 3600 * 1000,
    maxActivePerAccount: config.maxActiveJobsPerAccount,
  });
  const presence = new Presence({ store, config, role: opts.role, log });
  const limits = createLimits(store, presence.id);
  // Webhook deliveries have their own table and loop (docs/webhooks.md); every process sends.
  const webhooks = new WebhookDispatcher({ config, store, urlPolicy, log });
  events.on((e) => e.kind === 'webhooks' && webhooks.wake());
  events.onResync(() => webhooks.wake());
  const queue = new LocalQueue({
    config,
    store,
    engines,
    urlPolicy,
    storage,
    signingSecret,
    lifecycle,
    events,
    registry,
    workerId: presence.id,
    log,
    pollMs: opts.pollMs,
    sweep: async () => {
      await webhooks.sweep();
      await expireWorkers(store.db);
      await sweepLimits(store.db);
    },
  });

  let draining = false;
  let closing: Promise<void> | null = null;
  const shutdown = (graceMs: number): Promise<void> =>
    (closing ??= (async () => {
      draining = true;
      await presence.drain();
      await queue.shutdown(graceMs);
      await opts.beforeEngines?.();
      await webhooks.stop();
      await listener?.close();
      await limits.close();
      await presence.stop();
      await engines.close();
      storage.close();
      await store.close();
    })());
  return {
    config,
    store,
    engines,
    urlPolicy,
    signingSecret,
    storage,
    events,
    lifecycle,
    registry,
    queue,
    webhooks,
    presence,
    limits,
    listener,
    log,
    start() {
      presence.start();
      webhooks.start();
      if (config.jobConcurrency > 0) queue.start();
    },
    draining: () => draining,
    shutdown,
    hurry: () => queue.hurry(),
    close: () => shutdown(0),
  };
}

export interface Service extends Runtime {
  app: App;
  /** Binds VC_HOST:VC_PORT, and only then starts the job queue (a busy port claims nothing). */
  listen(): Promise<string>;
}

/** After this long, a closing server drops connections that never became idle. */
const CLOSE_CONNECTIONS_AFTER_MS = 2000;

export interface ServiceOptions {
  pgSchema?: string;
  /** false: nothing runs in the background until start() or listen() (tests). */
  startQueue?: boolean;
  logStream?: NodeJS.WritableStream;
  registry?: Registry;
  pollMs?: number;
}

export async function createService(config: Readonly<Config>, opts: ServiceOptions = {}): Promise<Service> {
  let app: App | null = null;
  const runtime = await createRuntime(config, {
    role: 'serve',
    pgSchema: opts.pgSchema,
    registry: opts.registry,
    pollMs: opts.pollMs,
    sink: () => app?.log ?? null,
    beforeEngines: async () => {
      if (!app) return;
      // Event streams are ended by their route (preClose); a connection that never sent a
      // request would otherwise hold close() until its headers timeout.
      const server = app.server;
      const force = setTimeout(() => server.closeAllConnections(), CLOSE_CONNECTIONS_AFTER_MS).unref();
      await app.close().finally(() => clearTimeout(force));
    },
  });
  app = await buildApp({
    config,
    store: runtime.store,
    engines: runtime.engines,
    urlPolicy: runtime.urlPolicy,
    signingSecret: runtime.signingSecret,
    storage: runtime.storage,
    lifecycle: runtime.lifecycle,
    events: runtime.events,
    registry: runtime.registry,
    limits: runtime.limits,
    wakeWebhooks: () => runtime.webhooks.wake(),
    onRunEvent: (listener) => runtime.queue.onRunEvent(listener),
    draining: runtime.draining,
    logStream: opts.logStream,
  });
  if (opts.startQueue !== false) runtime.start();
  const built = app;
  return {
    ...runtime,
    app: built,
    async listen() {
      const address = await built.listen({ host: config.host, port: config.port });
      runtime.start();
      return address;
    },
  };
}
