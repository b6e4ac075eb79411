// `videoconduit serve`: the service's process lifecycle (start, listen, signals, exit).
//
// - The port is bound before the job queue starts: a second `serve` on a busy port exits at
//   once with one line and never claims a job (it would run them under its own config).
// - SIGTERM/SIGINT: /readyz answers 503 (draining), claiming stops, running jobs get
//   VC_SHUTDOWN_GRACE_SECONDS to finish, the rest are handed back to the queue (pending,
//   attempt not counted, no refund, no webhook; another worker claims them at once), their
//   engines are killed, exit 0. A second signal skips what is left of the grace period.
import net from 'node:net';
import type { Config } from './config.js';
import type { LogFn } from './log.js';
import { describeDatabase } from './store/describe.js';

/** After a second signal, the process exits by this time whatever still runs. */
const HARD_EXIT_MS = 15_000;

/** One line for the errors `listen` can meet at start-up, or null for anything else. */
export function listenProblem(err: unknown, config: Pick<Config, 'host' | 'port'>): string | null {
  switch ((err as NodeJS.ErrnoException | null)?.code) {
    case 'EADDRINUSE':
      return `port ${config.port} is in use; set VC_PORT`;
    case 'EACCES':
      return `port ${config.port} needs privileges this process does not have; set VC_PORT to 1024 or above`;
    case 'EADDRNOTAVAIL':
      return `${config.host} is not an address of this machine; set VC_HOST`;
    default:
      return null;
  }
}

/**
 * Tries to bind the port for a moment, so a busy port fails in about a second rather than after
 * the engines' start-up (seconds on a loaded host). Only a fast path: the real bind is
 * Service.listen(), and a port taken in between fails there the same way, still before any job.
 */
function probePort(host: string, port: number): Promise<unknown> {
  if (port === 0) return Promise.resolve(null);
  return new Promise((resolve) => {
    const probe = net.createServer();
    probe.once('error', resolve);
    probe.listen({ host, port, exclusive: true }, () => probe.close(() => resolve(null)));
  });
}

export async function serve(config: Readonly<Config>): Promise<void> {
  const busy = listenProblem(await probePort(config.host, config.port), config);
  if (busy) {
    console.error(busy);
    process.exit(1);
  }
  // Imported here so the other commands don't load the HTTP stack.
  const { createService } = await import('./service.js');
  console.error(describeDatabase(config));
  const service = await createService(config, { startQueue: false });
  let address: string;
  try {
    address = await service.listen();
  } catch (err) {
    await service.close();
    const problem = listenProblem(err, config);
    if (!problem) throw err;
    console.error(problem);
    process.exit(1);
  }
  onShutdownSignals(service, config, (msg, fields) => service.app.log.info(fields ?? {}, msg));
  const jobs = config.jobConcurrency > 0 ? `${config.jobConcurrency} job slots` : 'API only: workers run the jobs';
  console.log(`VideoConduit listening on ${address} (docs: ${address}/docs; ${jobs})`);
}

/**
 * SIGTERM/SIGINT: shut down with the grace period, then exit 0 (1 when the shutdown failed).
 * A second signal hands running jobs back at once and exits within HARD_EXIT_MS.
 */
export function onShutdownSignals(target: { shutdown(graceMs: number): Promise<void>; hurry(): void }, config: Pick<Config, 'shutdownGraceSeconds'>, log: LogFn): void {
  let signals = 0;
  const onSignal = (signal: NodeJS.Signals) => {
    signals += 1;
    if (signals > 1) {
      log(`${signal} again: handing running jobs back now`);
      target.hurry();
      // Handing back takes a few seconds (engines get SIGTERM, then SIGKILL); never longer.
      setTimeout(() => process.exit(1), HARD_EXIT_MS).unref();
      return;
    }
    log(`${signal}: shutting down (running jobs get ${config.shutdownGraceSeconds} s to finish)`);
    target.shutdown(config.shutdownGraceSeconds * 1000).then(
      () => process.exit(0),
      (err: unknown) => {
        log('shutdown failed', { err: String(err) });
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
}
