// Wires config -> store, engines, URL policy, queue and HTTP app. Used by `serve` and tests.
import type { Config } from './config.js';
import { createEngines, type Engines } from './engines.js';
import { loadOrCreateSecret } from './files/signing.js';
import { buildApp, type App } from './http/app.js';
import { redactLogFields } from './http/redact.js';
import { createUrlPolicy } from './net/urlpolicy.js';
import { LocalQueue } from './queue/local.js';
import { migrate, openStore, type Store } from './store/db.js';

export interface Service {
  app: App;
  store: Store;
  engines: Engines;
  queue: LocalQueue;
  close(): Promise<void>;
}

export async function createService(config: Readonly<Config>, opts: { pgSchema?: string; startQueue?: boolean; logStream?: NodeJS.WritableStream } = {}): Promise<Service> {
  const store = openStore({ databaseUrl: config.databaseUrl, dataDir: config.dataDir, pgSchema: opts.pgSchema });
  await migrate(store);
  const urlPolicy = createUrlPolicy({ allowlist: config.urlAllowlist });
  let app: App | null = null;
  // Engines and the queue log free text (error details) that may quote a URL with its token.
  const log = (msg: string, extra?: Record<string, unknown>) => app?.log.info(redactLogFields(extra ?? {}), msg);
  const engines = await createEngines(config, { urlPolicy, log });
  const signingSecret = loadOrCreateSecret(config.dataDir, config.signingSecret);
  const queue = new LocalQueue({ config, store, engines, urlPolicy, signingSecret, log });
  app = await buildApp({ config, store, queue, engines, urlPolicy, signingSecret, logStream: opts.logStream });
  if (opts.startQueue !== false) queue.start();
  let closed = false;
  return {
    app,
    store,
    engines,
    queue,
    async close() {
      if (closed) return;
      closed = true;
      await app.close();
      await queue.stop();
      await engines.close();
      await store.close();
    },
  };
}
