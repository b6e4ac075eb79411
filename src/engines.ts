// The engines a service holds for its lifetime: the yt-dlp fork server (imports yt-dlp once)
// and a short-lived cache of /v1/info answers.
import path from 'node:path';
import type { Config } from './config.js';
import { YtdlpForkServer, runYtdlpCli, ytdlpPaths, type YtdlpRunOptions, type YtdlpRunResult } from './media/ytdlp/forkserver.js';
import { extractInfo, type InfoResult } from './media/ytdlp/info.js';
import { WhisperPool } from './media/whisper/pool.js';
import os from 'node:os';

export type InfoOutcome = InfoResult;

export interface Engines {
  runYtdlp(argv: string[], opts: YtdlpRunOptions): Promise<YtdlpRunResult>;
  info(url: string, opts: { timeoutMs: number; signal?: AbortSignal }): Promise<InfoOutcome>;
  /** faster-whisper workers; none start until the first transcription. */
  whisper: WhisperPool;
  close(): Promise<void>;
}

const CACHE_MAX = 1000;

export async function createEngines(config: Readonly<Config>): Promise<Engines> {
  const paths = ytdlpPaths(config);
  let server: YtdlpForkServer | null = null;
  try {
    server = await YtdlpForkServer.start({
      python: paths.python,
      socketPath: path.join(config.dataDir, 'run', `ytdlp-${process.pid}.sock`),
      ffmpegLocation: config.ffmpegPath,
      pluginDirs: config.ytdlpPluginDirs,
    });
  } catch {
    server = null; // fall back to one CLI process per call: slower start, same behaviour
  }
  // Operator plugins (VC_YTDLP_PLUGIN_DIRS) apply to every run, whichever way it runs.
  const plugins = config.ytdlpPluginDirs.flatMap((d) => ['--plugin-dirs', d]);
  const runner = {
    run: (argv: string[], opts: YtdlpRunOptions) => {
      const args = [...plugins, ...argv];
      return server ? server.run(args, opts) : runYtdlpCli(paths.ytdlp, args, opts);
    },
  };
  const cache = new Map<string, { until: number; outcome: InfoOutcome }>();
  const whisper = new WhisperPool({
    python: paths.python,
    workers: config.whisperWorkers,
    device: config.whisperDevice,
    computeType: config.whisperComputeType,
    // Workers share the cores: N workers with all cores each would only thrash.
    cpuThreads: Math.max(1, Math.floor(os.availableParallelism() / config.whisperWorkers)),
  });

  return {
    runYtdlp: runner.run,
    whisper,
    async info(url, opts) {
      const hit = cache.get(url);
      if (hit && hit.until > Date.now()) return hit.outcome;
      const outcome = await extractInfo(runner, url, opts);
      if (outcome.ok && config.infoCacheSeconds > 0) {
        if (cache.size >= CACHE_MAX) cache.delete(cache.keys().next().value as string);
        cache.set(url, { until: Date.now() + config.infoCacheSeconds * 1000, outcome });
      }
      return outcome;
    },
    async close() {
      await Promise.all([server?.close(), whisper.close()]);
    },
  };
}
