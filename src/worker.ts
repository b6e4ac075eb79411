// `videoconduit worker`: the claim loops, maintenance and webhook delivery of `serve`, without
// HTTP. Any number of workers on any number of hosts share one PostgreSQL database (and object
// storage): jobs are claimed with SKIP LOCKED, notifications wake them within milliseconds,
// and SIGTERM hands unfinished jobs back for another worker (docs/deploy.md).
import type { Config } from './config.js';
import { CliError, ExitCode } from './cli/errors.js';
import { jsonLogger } from './log.js';
import { onShutdownSignals } from './serve.js';
import { describeDatabase } from './store/describe.js';

export async function worker(config: Readonly<Config>): Promise<void> {
  if (!config.databaseUrl) {
    throw new CliError('needs PostgreSQL: set VC_DATABASE_URL (with SQLite, `videoconduit serve` runs the jobs itself)', ExitCode.Failure);
  }
  if (config.jobConcurrency < 1) throw new CliError('VC_JOB_CONCURRENCY=0 leaves a worker nothing to do; set it to 1 or more', ExitCode.Failure);
  console.error(describeDatabase(config));
  const logger = jsonLogger(config.logLevel);
  // Imported here so the other commands don't load the engines.
  const { createRuntime } = await import('./service.js');
  const runtime = await createRuntime(config, { role: 'worker', sink: () => logger });
  runtime.start();
  onShutdownSignals(runtime, config, (msg, fields) => logger.info(fields ?? {}, msg));
  console.error(`VideoConduit worker ${runtime.presence.id} on ${config.hostName} (pid ${process.pid}): ${config.jobConcurrency} job slots`);
}
