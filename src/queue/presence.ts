// This process in the workers table: registered at start with its host, pid, role,
// concurrency and versions, seen every 10 s, marked draining on shutdown and removed when it
// exits. A row whose process vanished (kill -9, lost host) stops being `alive` after 30 s
// and is deleted by maintenance after 10 min. GET /v1/admin/workers and `doctor` read it.
import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import fs from 'node:fs';
import path from 'node:path';
import type { Config } from '../config.js';
import { parseFfmpegVersion } from '../doctor.js';
import type { Store } from '../store/db.js';
import { nowIso, uuidv7 } from '../store/ids.js';
import { registerWorker, removeWorker, touchWorker } from '../store/workers.js';

const SEEN_EVERY_MS = 10_000;
const VERSION_TIMEOUT_MS = 5000;

export type Role = 'serve' | 'worker';

export class Presence {
  /** This process's workers.id; also recorded on the jobs it claims. */
  readonly id = uuidv7();
  private timer: NodeJS.Timeout | null = null;
  private draining = false;
  private registered: Promise<void> | null = null;

  constructor(private readonly deps: { store: Store; config: Readonly<Config>; role: Role; log: (msg: string, extra?: Record<string, unknown>) => void }) {}

  start(): void {
    if (this.timer) return;
    const { store, config, role } = this.deps;
    const startedAt = nowIso();
    const register = async () =>
      registerWorker(store.db, {
        id: this.id,
        host: config.hostName,
        pid: process.pid,
        role,
        concurrency: config.jobConcurrency,
        versions: JSON.stringify(await versionsOnce(config)),
        draining: this.draining ? 1 : 0,
        started_at: startedAt,
        last_seen_at: nowIso(),
      });
    this.registered = register().catch((err: unknown) => this.deps.log('could not register in the workers table', { err: String(err) }));
    this.timer = setInterval(() => {
      // A row deleted while this process was cut off from the database comes back.
      touchWorker(store.db, this.id, this.draining)
        .then((present) => (present ? undefined : register()))
        .catch(() => undefined);
    }, SEEN_EVERY_MS);
    this.timer.unref();
  }

  /** Shown in the workers list while a shutdown lets running jobs finish. */
  async drain(): Promise<void> {
    this.draining = true;
    await this.registered;
    await touchWorker(this.deps.store.db, this.id, true).catch(() => undefined);
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.registered;
    await removeWorker(this.deps.store.db, this.id).catch(() => undefined);
  }
}

let cached: Promise<Record<string, string | null>> | null = null;

/** The versions a rolling deploy needs to see side by side: ours, Node's, yt-dlp's, ffmpeg's. */
function versionsOnce(config: Readonly<Config>): Promise<Record<string, string | null>> {
  cached ??= (async () => ({
    videoconduit: await packageVersion(),
    node: process.versions.node,
    'yt-dlp': await ytdlpVersion(config.venvDir),
    ffmpeg: await ffmpegVersion(config.ffmpegPath),
  }))();
  return cached;
}

async function packageVersion(): Promise<string | null> {
  try {
    const pkg = JSON.parse(await readFile(path.join(import.meta.dirname, '..', '..', 'package.json'), 'utf8')) as { version?: string };
    return pkg.version ?? null;
  } catch {
    return null;
  }
}

/** Read from the package's version.py: running yt-dlp to ask costs a Python start (~0.3 s). */
async function ytdlpVersion(venvDir: string): Promise<string | null> {
  const lib = path.join(venvDir, 'lib');
  const pythons = fs.existsSync(lib) ? fs.readdirSync(lib).filter((d) => d.startsWith('python')) : [];
  for (const py of pythons) {
    try {
      const text = await readFile(path.join(lib, py, 'site-packages', 'yt_dlp', 'version.py'), 'utf8');
      const m = /__version__\s*=\s*['"]([^'"]+)['"]/.exec(text);
      if (m) return m[1];
    } catch {
      /* not in this interpreter's folder */
    }
  }
  return null;
}

function ffmpegVersion(ffmpeg: string): Promise<string | null> {
  return new Promise((resolve) => {
    execFile(ffmpeg, ['-version'], { timeout: VERSION_TIMEOUT_MS }, (err, stdout) => resolve(err ? null : (parseFfmpegVersion(String(stdout))?.version ?? null)));
  });
}
