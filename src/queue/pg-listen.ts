// One LISTEN connection per process (PostgreSQL): other processes' job notifications reach
// this process's claim loops, event streams and running jobs within milliseconds. The
// connection is pinged; a lost or silent one is replaced with backoff, and every (re)connect
// tells everyone to look again (notifications sent meanwhile are gone). Polling stays as the
// fallback while it is down.
import pg from 'pg';
import type { JobEvents } from './events.js';

const PING_MS = 5000;
/** A ping unanswered this long: the connection is dead (a cut link gives no error for minutes). */
const PING_TIMEOUT_MS = 5000;
const RETRY_MIN_MS = 250;
const RETRY_MAX_MS = 5000;

export interface Listener {
  /** True while the LISTEN connection is up. */
  connected(): boolean;
  close(): Promise<void>;
}

export function listenForEvents(opts: { databaseUrl: string; pgSchema?: string; events: JobEvents; log: (msg: string, extra?: Record<string, unknown>) => void }): Listener {
  const { events, log } = opts;
  const channel = events.channel;
  if (!channel) throw new Error('listenForEvents needs a PostgreSQL store');
  let client: pg.Client | null = null;
  let up = false;
  let closed = false;
  let retryMs = RETRY_MIN_MS;
  let ping: NodeJS.Timeout | undefined;
  let retry: NodeJS.Timeout | undefined;

  const drop = (why: string) => {
    if (!client) return;
    const c = client;
    client = null;
    if (up) log('event connection lost; polling until it is back', { reason: why });
    up = false;
    clearInterval(ping);
    c.removeAllListeners('notification');
    c.on('error', () => undefined); // a late error on the dead connection
    void c.end().catch(() => undefined);
    // A socket stuck on a cut link does not end by itself.
    (c as unknown as { connection?: { stream?: { destroy(): void } } }).connection?.stream?.destroy();
    if (!closed) {
      retry = setTimeout(connect, retryMs);
      retryMs = Math.min(RETRY_MAX_MS, retryMs * 2);
    }
  };

  const connect = () => {
    if (closed) return;
    // Named for pg_stat_activity (an operator sees which connection listens, and for whom).
    const c = new pg.Client({ connectionString: opts.databaseUrl, keepAlive: true, connectionTimeoutMillis: PING_TIMEOUT_MS, application_name: `videoconduit listen ${channel}`.slice(0, 63) });
    client = c;
    c.on('error', (err) => drop(err.message));
    c.on('end', () => drop('connection ended'));
    c.on('notification', (n) => {
      if (n.channel === channel && n.payload) events.receive(n.payload);
    });
    c.connect()
      .then(() => c.query(`LISTEN "${channel}"`))
      .then(() => {
        if (client !== c) return;
        if (!up) log('listening for job events', { channel });
        up = true;
        retryMs = RETRY_MIN_MS;
        events.resync();
        ping = setInterval(() => {
          const timer = setTimeout(() => drop('ping timed out'), PING_TIMEOUT_MS);
          c.query('select 1').then(
            () => clearTimeout(timer),
            (err: unknown) => {
              clearTimeout(timer);
              drop(err instanceof Error ? err.message : String(err));
            },
          );
        }, PING_MS);
      })
      .catch((err: unknown) => {
        if (client === c) drop(err instanceof Error ? err.message : String(err));
      });
  };

  connect();
  return {
    connected: () => up,
    async close() {
      closed = true;
      clearTimeout(retry);
      clearInterval(ping);
      const c = client;
      client = null;
      up = false;
      if (c) {
        c.removeAllListeners();
        c.on('error', () => undefined);
        await c.end().catch(() => undefined);
      }
    },
  };
}
