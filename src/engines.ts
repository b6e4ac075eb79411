// The engines a service holds for its lifetime: the egress proxy every engine connects
// through, the yt-dlp runner (a fork server that imports yt-dlp once), the ffmpeg/ffprobe and
// fpcalc runners, the faster-whisper workers, and a short-lived cache of /v1/info answers.
// Each runner gets only what it needs (paths, the proxy), never the whole Config.
import os from 'node:os';
import path from 'node:path';
import type { Config } from './config.js';
import { createFfmpeg, type Ffmpeg } from './media/ffmpeg/runner.js';
import { createFpcalc, type Fpcalc } from './media/fingerprint/fpcalc.js';
import { HostSlots } from './media/process/host-slots.js';
import { plainScope, type SourceCookies } from './media/process/scope.js';
import { createInfoProbes } from './media/source/early-probe.js';
import type { Pins } from './media/source/open.js';
import { WhisperPool } from './media/whisper/pool.js';
import { ytdlpPaths } from './media/ytdlp/forkserver.js';
import { extractInfo, type InfoResult } from './media/ytdlp/info.js';
import { startYtdlp, type Ytdlp } from './media/ytdlp/runner.js';
import { startEgressProxy, type EgressProxy } from './net/egress-proxy.js';
import { PinnedDocuments } from './net/pinned.js';
import { createUrlPolicy, type UrlPolicy } from './net/urlpolicy.js';

export type InfoOutcome = InfoResult;

export interface Engines {
  ytdlp: Ytdlp;
  ffmpeg: Ffmpeg;
  fpcalc: Fpcalc;
  /** Documents the egress proxy serves to the engines (pinned HLS playlists); null without the proxy. */
  pins: Pins | null;
  /**
   * GET/POST /v1/info: the page's metadata, with the media facts probed when the page gives
   * none (media/source/facts.ts). Answers are cached briefly per URL, except lookups with cookies.
   */
  info(url: string, opts: { timeoutMs: number; signal?: AbortSignal; cookies?: SourceCookies | null }): Promise<InfoOutcome>;
  /**
   * The egress proxy's URL (with its credential), for diagnostics and tests: the runners hand
   * each run its own URL, in the environment. undefined when VC_EGRESS_PROXY=false.
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
  const documents = new PinnedDocuments();
  let proxy: EgressProxy | undefined;
  if (config.egressProxy) {
    proxy = await startEgressProxy({ policy: deps.urlPolicy ?? createUrlPolicy({ allowlist: config.urlAllowlist }), log: deps.log, documents, upstream: config.upstreamProxy ?? undefined });
  }
  // One per process, shared by both runners: a source host counts yt-dlp and ffmpeg runs alike.
  const hostSlots = new HostSlots(config.sourceHostConcurrency);
  const ytdlp = await startYtdlp({
    python: paths.python,
    cli: paths.ytdlp,
    socketPath: path.join(config.dataDir, 'run', `ytdlp-${process.pid}.sock`),
    ffmpegLocation: config.ffmpegPath,
    pluginDirs: config.ytdlpPluginDirs,
    egress: proxy,
    hostSlots,
  });
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

  const ffmpeg = createFfmpeg({ ffmpeg: config.ffmpegPath, ffprobe: config.ffprobePath }, proxy, hostSlots);
  const probes = createInfoProbes(ffmpeg, config.sourceHostConcurrency === 0);
  return {
    ytdlp,
    ffmpeg,
    fpcalc: createFpcalc(config.fpcalcPath),
    pins: proxy ? documents : null,
    egressProxyUrl: proxy?.url,
    whisper,
    async info(url, opts) {
      // A lookup with cookies may see what others may not (members-only): never shared.
      const shared = !opts.cookies;
      const hit = shared ? cache.get(url) : undefined;
      if (hit && hit.until > Date.now()) return hit.outcome;
      const scope = plainScope(opts);
      // A direct file's probe starts beside the extraction (early-probe.ts).
      const early = probes.start(url, scope);
      let outcome = await extractInfo(ytdlp, url, scope);
      if (outcome.ok && outcome.probe && !('entries' in outcome.info)) {
        outcome = { ok: true, info: await probes.facts(url, outcome.info, outcome.probe, scope, early) };
      } else probes.drop(early);
      if (shared && outcome.ok && config.infoCacheSeconds > 0) {
        if (cache.size >= CACHE_MAX) cache.delete(cache.keys().next().value as string);
        cache.set(url, { until: Date.now() + config.infoCacheSeconds * 1000, outcome });
      }
      return outcome;
    },
    async close() {
      await Promise.all([ytdlp.close(), whisper.close(), proxy?.close()]);
    },
  };
}
