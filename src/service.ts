// Wires config -> store, engines, URL policy, queue and HTTP app. Used by `serve` and tests.
import type { Config } from './config.js';
import { createEngines, type Engines } from './engines.js';
import { loadOrCreateSecret } from './files/signing.js';
import { openStorage, type Storage } from './files/storage.js';
import { buildApp, type App } from './http/app.js';
import { redactLogFields, redactUrlsInText } from './http/redact.js';
import { createUrlPolicy } from './net/urlpolicy.js';
import { LocalQueue } from './queue/local.js';
import { migrate, openStore, type Store } from './store/db.js';

export interface Service {
  app: App;
  store: Store;
  engines: Engines;
  storage: Storage;
  queue: LocalQueue;
  /** Binds VC_HOST:VC_PORT, and only then starts the job queue (a busy port claims nothing). */
  listen(): Promise<string>;
  /**
   * Stops claiming jobs, lets running ones finish for up to `graceMs` while the API keeps
   * answering, hands the rest back (pending, attempt not counted), then closes everything.
   */
  shutdown(graceMs: number): Promise<void>;
  /** Cuts a shutdown's grace period short (a second signal). */
  hurry(): void;
  /** shutdown(0). */
  close(): Promise<void>;
}

/** After this long, a closing server drops connections that never became idle. */
const CLOSE_CONNECTIONS_AFTER_MS = 2000;

export async function createService(config: Readonly<Config>, opts: { pgSchema?: string; startQueue?: boolean; logStream?: NodeJS.WritableStream } = {}): Promise<Service> {
  const store = openStore({ databaseUrl: config.databaseUrl, dataDir: config.dataDir, pgSchema: opts.pgSchema });
  await migrate(store);
  const urlPolicy = createUrlPolicy({ allowlist: config.urlAllowlist });
  let app: App | null = null;
  // Engines and the queue log free text (error details, command lines) that may quote a URL
  // with its token: message and fields are redacted alike. Command lines are debug detail.
  const log = (msg: string, extra: Record<string, unknown> = {}) => {
    const { level, ...fields } = extra;
    const line = redactUrlsInText(msg);
    if (level === 'debug') app?.log.debug(redactLogFields(fields), line);
    else app?.log.info(redactLogFields(fields), line);
  };
  const engines = await createEngines(config, { urlPolicy, log });
  const signingSecret = loadOrCreateSecret(config.dataDir, config.signingSecret);
  const storage = await openStorage(config, { signingSecret, log }).catch(async (err: unknown) => {
    await engines.close();
    await store.close();
    throw err;
  });
  const queue = new LocalQueue({ config, store, engines, urlPolicy, storage, signingSecret, log });
  app = await buildApp({ config, store, queue, engines, urlPolicy, signingSecret, storage, logStream: opts.logStream });
  if (opts.startQueue !== false) queue.start();
  let closing: Promise<void> | null = null;
  const shutdown = (graceMs: number): Promise<void> =>
    (closing ??= (async () => {
      await queue.shutdown(graceMs);
      // Event streams are ended by their route (preClose); a connection that never sent a
      // request would otherwise hold close() until its headers timeout.
      const force = setTimeout(() => app.server.closeAllConnections(), CLOSE_CONNECTIONS_AFTER_MS).unref();
      await app.close().finally(() => clearTimeout(force));
      await engines.close();
      storage.close();
      await store.close();
    })());
  return {
    app,
    store,
    engines,
    storage,
    queue,
    async listen() {
      const address = await app.listen({ host: config.host, port: config.port });
      queue.start();
      return address;
    },
    shutdown,
    hurry: () => queue.hurry(),
    close: () => shutdown(0),
  };
}
