// `videoconduit serve`: the service's process lifecycle (start, listen, signals, exit).
import type { Config } from './config.js';

export async function serve(config: Readonly<Config>): Promise<void> {
  // Imported here so the other commands don't load the HTTP stack.
  const { createService } = await import('./service.js');
  const service = await createService(config);
  const stop = (signal: string) => {
    service.app.log.info(`${signal}: shutting down`);
    service.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGINT', () => stop('SIGINT'));
  process.once('SIGTERM', () => stop('SIGTERM'));
  const address = await service.app.listen({ host: config.host, port: config.port });
  console.log(`VideoConduit listening on ${address} (docs: ${address}/docs)`);
}
