// The engines a service holds for its lifetime: the yt-dlp fork server (imports yt-dlp once)
// and a short-lived cache of /v1/info answers.
import path from 'node:path';
import type { Config } from './config.js';
import { YtdlpForkServer, runYtdlpCli, ytdlpPaths, type YtdlpRunOptions, type YtdlpRunResult } from './media/ytdlp/forkserver.js';
import { extractInfo, type InfoResult } from './media/ytdlp/info.js';
import { WhisperPool } from './media/whisper/pool.js';
import os from 'node:os';
import { REFUSED_REASON, startEgressProxy, type EgressProxy } from './net/egress-proxy.js';
import { createUrlPolicy, type UrlPolicy } from './net/urlpolicy.js';

export type InfoOutcome = InfoResult;

export interface Engines {
  runYtdlp(argv: string[], opts: YtdlpRunOptions): Promise<YtdlpRunResult>;
  info(url: string, opts: { timeoutMs: number; signal?: AbortSignal }): Promise<InfoOutcome>;
  /**
   * The egress proxy URL (with its credential) every engine network connection must use:
   * yt-dlp runs get it here as --proxy; ffmpeg/ffprobe reading http(s) inputs need it as
   * -http_proxy (see the argv builders' `proxy` options). undefined when VC_EGRESS_PROXY=false.
   */
  egressProxyUrl: string | undefined;
  /** faster-whisper workers; none start until the first transcription. */
  whisper: WhisperPool;
  close(): Promise<void>;
}

const CACHE_MAX = 1000;

export interface EngineDeps {
  /** The service's URL policy; one built from VC_URL_ALLOWLIST when omitted. */
  urlPolicy?: UrlPolicy;
  log?: (msg: string, extra?: Record<string, unknown>) => void;
}

export async function createEngines(config: Readonly<Config>, deps: EngineDeps = {}): Promise<Engines> {
  const paths = ytdlpPaths(config);
  let proxy: EgressProxy | null = null;
  if (config.egressProxy) {
    proxy = await startEgressProxy({ policy: deps.urlPolicy ?? createUrlPolicy({ allowlist: config.urlAllowlist }), log: deps.log });
    // ffmpeg bypasses even an explicit -http_proxy for hosts listed in no_proxy, and the
    // engines inherit this environment: an operator's no_proxy=127.0.0.1 would open a hole.
    for (const v of ['no_proxy', 'NO_PROXY']) delete process.env[v];
  }
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
  // Every yt-dlp run, whatever built its argv, connects through the proxy. Placed first so
  // nothing after it can change it silently (a later --proxy in argv would; none exists, and
  // the argv builders' own `proxy` option is for runs outside a service).
  // Each run gets its own proxy user name, so the proxy's refusals can be told to the run:
  // yt-dlp reports some of them only as "HTTP Error 403" or, for skipped HLS fragments, as
  // "The downloaded file is empty". A failed run with refusals gets the reason appended to
  // its stderr, where classifyYtdlpError turns it into url_not_allowed.
  let runSeq = 0;
  const runner = {
    run: async (argv: string[], opts: YtdlpRunOptions): Promise<YtdlpRunResult> => {
      const tag = `r${++runSeq}`;
      const args = [...(proxy ? ['--proxy', proxy.urlFor(tag)] : []), ...plugins, ...argv];
      let r: YtdlpRunResult;
      try {
        r = await (server ? server.run(args, opts) : runYtdlpCli(paths.ytdlp, args, opts));
      } catch (err) {
        proxy?.takeRefusals(tag);
        throw err;
      }
      const refused = proxy?.takeRefusals(tag) ?? [];
      if (r.code !== 0 && refused.length > 0) r = { ...r, stderr: `${r.stderr}\nERROR: ${REFUSED_REASON}: ${refused[0]}\n` };
      return r;
    },
  };
  const cache = new Map<string, { until: number; outcome: InfoOutcome }>();
  const whisper = new WhisperPool({
    python: paths.python,
    workers: config.whisperWorkers,
    device: config.whisperDevice,
    computeType: config.whisperComputeType,
    modelsDir: config.whisperModelsDir,
    // Workers share the cores: N workers with all cores each would only thrash.
    cpuThreads: Math.max(1, Math.floor(os.availableParallelism() / config.whisperWorkers)),
  });

  return {
    runYtdlp: runner.run,
    egressProxyUrl: proxy?.url,
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
      await Promise.all([server?.close(), whisper.close(), proxy?.close()]);
    },
  };
}
