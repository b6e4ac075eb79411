// Environment (VC_*) -> one frozen, validated Config. Startup fails listing every problem.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseStorage, type StorageConfig } from './files/location.js';
import { parseAllowEntry } from './net/allowlist.js';
import { parseUpstream, type Upstream } from './net/upstream.js';
import { DEFAULT_RETRY_SCHEDULE, parseRetrySchedule } from './webhooks/schedule.js';

export interface Config {
  host: string;
  port: number;
  dataDir: string;
  databaseUrl: string | null;
  /** LISTEN for job notifications on PostgreSQL (false: poll only, e.g. behind a transaction-mode pooler). */
  pgListen: boolean;
  /** This machine's name in the workers table and in recorded engine pids (recovery kills only its own host's). */
  hostName: string;
  publicUrl: string | null;
  /** Hosts (exact names) and CIDRs that may be fetched although private, each optionally `:port` (src/net/allowlist.ts). */
  urlAllowlist: string[];
  /** Route every engine connection through the SSRF-checking egress proxy (src/net/egress-proxy.ts); false only for debugging. */
  egressProxy: boolean;
  /** VC_UPSTREAM_PROXY: the egress proxy's own way out (http, https or socks5); null = direct. */
  upstreamProxy: Upstream | null;
  /** Engine runs reading from one source host at once, per process; 0 = no limit. */
  sourceHostConcurrency: number;
  tlsCert: string | null;
  tlsKey: string | null;
  /** CIDRs of reverse proxies whose X-Forwarded-Proto/-For is believed. */
  trustedProxies: string[];
  /** Plain HTTP from loopback clients is accepted (the local quick-start default). */
  allowLoopbackHttp: boolean;
  adminKey: string | null;
  /** Origins allowed to call the API from a browser (CORS); empty = CORS off, ['*'] = any. */
  corsOrigins: string[];
  /** Bearer token GET /metrics requires; null = open. */
  metricsToken: string | null;
  /** HMAC key for signed file URLs; null = generated once and kept in the data dir. */
  signingSecret: string | null;
  /** Where job outputs are published (VC_STORAGE_URL, VC_S3_*): a folder or an S3 bucket. */
  storage: StorageConfig;
  /** Claim loops in this process; 0 makes `serve` API-only (workers elsewhere run the jobs). */
  jobConcurrency: number;
  queueMaxDepth: number;
  maxActiveJobsPerAccount: number;
  jobLeaseSeconds: number;
  jobTimeoutSeconds: number;
  jobMaxAttempts: number;
  maxDurationSeconds: number;
  maxFileBytes: number;
  maxOutputHeight: number;
  retentionHours: number;
  infoCacheSeconds: number;
  infoTimeoutSeconds: number;
  /** Synchronous GET /v1/info lookups one account may run at once (more: 429). */
  infoMaxConcurrentPerAccount: number;
  /** Open event streams (GET /v1/jobs/{id}/events) per API key (more: 429). */
  sseMaxStreamsPerKey: number;
  /** On SIGTERM, how long running jobs may take to finish before they are handed back. */
  shutdownGraceSeconds: number;
  defaultRateLimitPerMinute: number;
  bodyLimitBytes: number;
  logLevel: string;
  venvDir: string;
  ffmpegPath: string;
  ffprobePath: string;
  /** Chromaprint's fpcalc (audio fingerprints for POST /v1/fingerprint). */
  fpcalcPath: string;
  /** Long-lived faster-whisper processes (each keeps its models loaded). */
  whisperWorkers: number;
  whisperDevice: 'auto' | 'cpu' | 'cuda';
  /** CTranslate2 compute type (int8, int8_float16, float16, float32…); null = float16 on a GPU, int8 on the CPU. */
  whisperComputeType: string | null;
  /** Folders of Whisper models named by size (an operator's, and `videoconduit models pull`'s). */
  whisperModelsDir: string;
  /** A LibreTranslate-compatible endpoint (…/translate, …/languages); null = not used. */
  translateUrl: string | null;
  /** Folders of yt-dlp plugin packages (VC_YTDLP_PLUGIN_DIRS), absolute; every run loads them. */
  ytdlpPluginDirs: string[];
  /** Previews read the source with ffmpeg directly where it can seek ('auto') or always download it first. */
  previewSourceAccess: 'auto' | 'download';
  /** Waits (ms) before each webhook retry; entries + 1 attempts in all. */
  webhookRetrySchedule: number[];
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n  - ${problems.join('\n  - ')}`);
  }
}

type Env = Record<string, string | undefined>;

/** Reads and validates the environment; throws ConfigError with every problem found. */
export function loadConfig(env: Env = process.env): Readonly<Config> {
  const problems: string[] = [];
  const str = (name: string, def: string): string => {
    const v = env[name];
    return v === undefined || v === '' ? def : v;
  };
  const opt = (name: string): string | null => {
    const v = env[name];
    return v === undefined || v === '' ? null : v;
  };
  const int = (name: string, def: number, min: number, max: number): number => {
    const raw = env[name];
    if (raw === undefined || raw === '') return def;
    const n = Number(raw);
    if (!Number.isInteger(n) || n < min || n > max) {
      problems.push(`${name}=${raw}: expected an integer from ${min} to ${max}`);
      return def;
    }
    return n;
  };
  const bool = (name: string, def: boolean): boolean => {
    const raw = env[name];
    if (raw === undefined || raw === '') return def;
    if (/^(1|true|yes|on)$/i.test(raw)) return true;
    if (/^(0|false|no|off)$/i.test(raw)) return false;
    problems.push(`${name}=${raw}: expected true or false`);
    return def;
  };
  const list = (name: string): string[] =>
    str(name, '')
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean);

  const dataDir = path.resolve(str('VC_DATA_DIR', './data'));
  const databaseUrl = opt('VC_DATABASE_URL');
  if (databaseUrl && !/^postgres(ql)?:\/\//.test(databaseUrl)) {
    problems.push(`VC_DATABASE_URL: expected a postgres:// URL`);
  }
  const hostName = str('VC_HOSTNAME', os.hostname());
  if (!/^[A-Za-z0-9._-]{1,253}$/.test(hostName)) problems.push(`VC_HOSTNAME=${hostName}: use letters, digits, dots, dashes and underscores`);
  const jobConcurrency = int('VC_JOB_CONCURRENCY', 2, 0, 256);
  if (jobConcurrency === 0 && !databaseUrl) problems.push('VC_JOB_CONCURRENCY=0 (API only) needs VC_DATABASE_URL: with SQLite no other process runs the jobs');
  const publicUrl = opt('VC_PUBLIC_URL');
  if (publicUrl && !/^https?:\/\/[^/]+/.test(publicUrl)) {
    problems.push(`VC_PUBLIC_URL=${publicUrl}: expected an http(s):// base URL`);
  }
  const tlsCert = opt('VC_TLS_CERT');
  const tlsKey = opt('VC_TLS_KEY');
  if ((tlsCert === null) !== (tlsKey === null)) problems.push('VC_TLS_CERT and VC_TLS_KEY must be set together');
  const cidrLike = /^[0-9a-fA-F:.]+(\/\d{1,3})?$/;
  const trustedProxies = list('VC_TRUSTED_PROXIES');
  for (const p of trustedProxies) if (!cidrLike.test(p)) problems.push(`VC_TRUSTED_PROXIES: "${p}" is not an IP or CIDR`);
  const urlAllowlist = list('VC_URL_ALLOWLIST');
  for (const entry of urlAllowlist) {
    try {
      parseAllowEntry(entry);
    } catch (err) {
      problems.push(`VC_URL_ALLOWLIST: ${(err as Error).message}`);
    }
  }
  let upstreamProxy: Upstream | null = null;
  const upstreamRaw = opt('VC_UPSTREAM_PROXY');
  if (upstreamRaw !== null) {
    try {
      upstreamProxy = parseUpstream(upstreamRaw);
    } catch (err) {
      problems.push(`VC_UPSTREAM_PROXY: ${(err as Error).message}`);
    }
    if (!bool('VC_EGRESS_PROXY', true)) problems.push('VC_UPSTREAM_PROXY needs the egress proxy (VC_EGRESS_PROXY=true): the engines reach the upstream only through it');
  }
  const logLevel = str('VC_LOG_LEVEL', 'info');
  if (!['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'].includes(logLevel)) {
    problems.push(`VC_LOG_LEVEL=${logLevel}: expected fatal|error|warn|info|debug|trace|silent`);
  }
  const signingSecret = opt('VC_SIGNING_SECRET');
  if (signingSecret !== null && signingSecret.length < 32) problems.push('VC_SIGNING_SECRET: use at least 32 characters');
  const adminKey = opt('VC_ADMIN_KEY');
  if (adminKey !== null && adminKey.length < 24) problems.push('VC_ADMIN_KEY: use at least 24 characters');

  const storage = parseStorage(
    { url: opt('VC_STORAGE_URL'), endpoint: opt('VC_S3_ENDPOINT'), forcePathStyle: opt('VC_S3_FORCE_PATH_STYLE') === null ? null : bool('VC_S3_FORCE_PATH_STYLE', false) },
    dataDir,
    problems,
  );

  const corsOrigins = list('VC_CORS_ORIGINS');
  for (const o of corsOrigins) if (o !== '*' && !/^https?:\/\/[^/\s]+$/.test(o)) problems.push(`VC_CORS_ORIGINS: "${o}" is not an origin like https://app.example.com (or *)`);
  const metricsToken = opt('VC_METRICS_TOKEN');
  if (metricsToken !== null && metricsToken.length < 16) problems.push('VC_METRICS_TOKEN: use at least 16 characters');

  const schedule = parseRetrySchedule(str('VC_WEBHOOK_RETRY_SCHEDULE', DEFAULT_RETRY_SCHEDULE));
  if (!schedule.ok) problems.push(`VC_WEBHOOK_RETRY_SCHEDULE: ${schedule.problem}`);

  const ytdlpPluginDirs = list('VC_YTDLP_PLUGIN_DIRS').map((d) => path.resolve(d));
  for (const d of ytdlpPluginDirs) if (!isDirectory(d)) problems.push(`VC_YTDLP_PLUGIN_DIRS: "${d}" is not a directory`);

  const previewSourceAccess = str('VC_PREVIEW_SOURCE_ACCESS', 'auto');
  if (previewSourceAccess !== 'auto' && previewSourceAccess !== 'download') problems.push(`VC_PREVIEW_SOURCE_ACCESS=${previewSourceAccess}: expected auto|download`);

  const whisperDevice = str('VC_WHISPER_DEVICE', 'auto');
  if (!['auto', 'cpu', 'cuda'].includes(whisperDevice)) problems.push(`VC_WHISPER_DEVICE=${whisperDevice}: expected auto|cpu|cuda`);
  const whisperComputeType = opt('VC_WHISPER_COMPUTE_TYPE');
  if (whisperComputeType !== null && !/^(default|auto|int8|int8_float16|int8_bfloat16|int8_float32|int16|float16|bfloat16|float32)$/.test(whisperComputeType)) {
    problems.push(`VC_WHISPER_COMPUTE_TYPE=${whisperComputeType}: not a CTranslate2 compute type`);
  }
  const translateUrl = opt('VC_TRANSLATE_URL');
  if (translateUrl && !/^https?:\/\/[^/]+/.test(translateUrl)) problems.push(`VC_TRANSLATE_URL=${translateUrl}: expected an http(s):// base URL`);

  const config: Config = {
    host: str('VC_HOST', '127.0.0.1'),
    port: int('VC_PORT', 8080, 0, 65535),
    dataDir,
    databaseUrl,
    pgListen: bool('VC_PG_LISTEN', true),
    hostName,
    publicUrl: publicUrl ? publicUrl.replace(/\/+$/, '') : null,
    urlAllowlist,
    egressProxy: bool('VC_EGRESS_PROXY', true),
    upstreamProxy,
    sourceHostConcurrency: int('VC_SOURCE_HOST_CONCURRENCY', 0, 0, 1000),
    tlsCert,
    tlsKey,
    trustedProxies,
    allowLoopbackHttp: bool('VC_ALLOW_LOOPBACK_HTTP', true),
    adminKey,
    corsOrigins,
    metricsToken,
    signingSecret,
    storage,
    jobConcurrency,
    queueMaxDepth: int('VC_QUEUE_MAX_DEPTH', 1000, 1, 1_000_000),
    maxActiveJobsPerAccount: int('VC_MAX_ACTIVE_JOBS_PER_ACCOUNT', 50, 1, 100_000),
    jobLeaseSeconds: int('VC_JOB_LEASE_SECONDS', 30, 1, 3600),
    jobTimeoutSeconds: int('VC_JOB_TIMEOUT_SECONDS', 3600, 1, 86_400),
    jobMaxAttempts: int('VC_JOB_MAX_ATTEMPTS', 2, 1, 10),
    maxDurationSeconds: int('VC_MAX_DURATION_SECONDS', 4 * 3600, 1, 7 * 86_400),
    maxFileBytes: int('VC_MAX_FILE_BYTES', 4 * 1024 ** 3, 1024, Number.MAX_SAFE_INTEGER),
    maxOutputHeight: int('VC_MAX_OUTPUT_HEIGHT', 2160, 144, 8640),
    retentionHours: int('VC_RETENTION_HOURS', 24, 1, 24 * 365),
    infoCacheSeconds: int('VC_INFO_CACHE_SECONDS', 60, 0, 86_400),
    infoTimeoutSeconds: int('VC_INFO_TIMEOUT_SECONDS', 60, 1, 3600),
    infoMaxConcurrentPerAccount: int('VC_INFO_MAX_CONCURRENT_PER_ACCOUNT', 4, 1, 1000),
    sseMaxStreamsPerKey: int('VC_SSE_MAX_STREAMS_PER_KEY', 20, 1, 10_000),
    shutdownGraceSeconds: int('VC_SHUTDOWN_GRACE_SECONDS', 25, 0, 3600),
    defaultRateLimitPerMinute: int('VC_DEFAULT_RATE_LIMIT', 60, 1, 1_000_000),
    bodyLimitBytes: int('VC_BODY_LIMIT_BYTES', 64 * 1024, 1024, 100 * 1024 * 1024),
    logLevel,
    venvDir: path.resolve(str('VC_VENV_DIR', './.venv')),
    ffmpegPath: str('VC_FFMPEG_PATH', 'ffmpeg'),
    ffprobePath: str('VC_FFPROBE_PATH', 'ffprobe'),
    fpcalcPath: str('VC_FPCALC_PATH', 'fpcalc'),
    whisperWorkers: int('VC_WHISPER_WORKERS', 1, 1, 64),
    whisperDevice: whisperDevice === 'cpu' || whisperDevice === 'cuda' ? whisperDevice : 'auto',
    whisperComputeType,
    whisperModelsDir: path.resolve(str('VC_WHISPER_MODELS_DIR', path.join(dataDir, 'models', 'whisper'))),
    translateUrl: translateUrl ? translateUrl.replace(/\/+$/, '') : null,
    ytdlpPluginDirs,
    previewSourceAccess: previewSourceAccess === 'download' ? 'download' : 'auto',
    webhookRetrySchedule: schedule.ok ? schedule.waitsMs : [],
  };
  if (problems.length > 0) throw new ConfigError(problems);
  return Object.freeze(config);
}

function isDirectory(p: string): boolean {
  try {
    return fs.statSync(p).isDirectory();
  } catch {
    return false;
  }
}
