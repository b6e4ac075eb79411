// The installed Whisper models, as models.py lists them (packages, an operator's folders and
// pulled models in VC_WHISPER_MODELS_DIR). Asked again whenever the models folder changes, so
// a size pulled or copied in while the service runs is offered at once, without a restart;
// otherwise the last answer is reused (a listing costs a Python start, ~60 ms).
import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { runProcess } from '../process/run.js';

export const MODELS_SCRIPT = fileURLToPath(new URL('./models.py', import.meta.url));

export type ModelSource = 'package' | 'folder' | 'pulled';

export interface InstalledModel {
  path: string;
  multilingual: boolean;
  source: ModelSource;
  /** PyPI packages (source "package"). */
  packages?: string[];
  /** Hub repository and commit (source "pulled"). */
  repo?: string;
  revision?: string;
}

export interface ModelCatalog {
  installed: Record<string, InstalledModel>;
  /** Size -> why it is not installed and how to get it. */
  missing: Record<string, string>;
  /** Subfolders of the models folder that are not usable models, and why. */
  folderProblems: Record<string, string>;
}

/** Runs `models.py list` with the models folder an operator configured. */
export async function listModels(python: string, modelsDir: string, env: NodeJS.ProcessEnv = process.env): Promise<ModelCatalog> {
  try {
    const r = await runProcess(python, [MODELS_SCRIPT, 'list'], { timeoutMs: 30_000, env: { ...env, VC_WHISPER_MODELS_DIR: modelsDir } });
    if (r.code !== 0) return broken(`models.py list failed: ${r.stderr.trim().split('\n').pop() ?? r.code}`);
    const raw = JSON.parse(r.stdout) as { installed: Record<string, InstalledModel>; missing: Record<string, string>; folder_problems?: Record<string, string> };
    return { installed: raw.installed, missing: raw.missing, folderProblems: raw.folder_problems ?? {} };
  } catch (err) {
    return broken((err as Error).message);
  }
}

function broken(why: string): ModelCatalog {
  return { installed: {}, missing: { '*': why }, folderProblems: {} };
}

/** mtimes of the models folder and its subfolders: changes when a model is added, removed or filled in. */
export async function folderFingerprint(dir: string): Promise<string> {
  try {
    const entries = await readdir(dir, { withFileTypes: true });
    const parts = [String((await stat(dir)).mtimeMs)];
    for (const e of entries) {
      if (e.isDirectory() && !e.name.startsWith('.')) parts.push(`${e.name}:${(await stat(path.join(dir, e.name))).mtimeMs}`);
    }
    return parts.join('|');
  } catch {
    return 'absent';
  }
}

export class ModelCatalogCache {
  private current: { fingerprint: string; catalog: Promise<ModelCatalog> } | null = null;

  constructor(private readonly opts: { python: string; modelsDir: string }) {}

  async get(): Promise<ModelCatalog> {
    const fingerprint = await folderFingerprint(this.opts.modelsDir);
    if (this.current?.fingerprint !== fingerprint) {
      const catalog = listModels(this.opts.python, this.opts.modelsDir);
      this.current = { fingerprint, catalog };
      // A failed listing (a Python that is not installed yet) is not kept.
      void catalog.then((c) => {
        if ('*' in c.missing && this.current?.catalog === catalog) this.current = null;
      });
    }
    return this.current.catalog;
  }
}
