// `videoconduit models list|pull`: the operator's view of the Whisper models, and the one way
// the project downloads any (src/media/whisper/pull.py).
import { spawn } from 'node:child_process';
import path from 'node:path';
import type { Command } from 'commander';
import { loadConfig, type Config } from '../config.js';
import { listModels, MODELS_SCRIPT } from '../media/whisper/catalog.js';
import { MODEL_SIZES, SIZE_ALIASES } from '../media/whisper/sizes.js';

export function registerModelsCommands(program: Command): void {
  const models = program.command('models').description('Whisper model sizes: which are installed, and pulling more');
  models
    .command('list')
    .description('installed Whisper sizes, where each comes from (package, folder, pulled), and the sizes that are not installed')
    .option('--json', 'print JSON')
    .action(async (opts: { json?: boolean }) => {
      process.exitCode = await modelsList(loadConfig(), opts);
    });
  models
    .command('pull')
    .description(
      'download the standard faster-whisper conversion of SIZE with the Hugging Face client into VC_WHISPER_MODELS_DIR ' +
        '(verified, then moved into place; a running service offers it at once). HF_ENDPOINT (a mirror), HF_TOKEN and HF_HUB_OFFLINE apply.',
    )
    .argument('<size>', `one of ${[...MODEL_SIZES, ...Object.keys(SIZE_ALIASES)].join(', ')}`)
    .option('--revision <rev>', 'a branch, tag or commit of the model repository')
    .option('--force', 'download again even when the size is installed')
    .option('--json', 'print JSON')
    .action(async (size: string, opts: PullOptions) => {
      process.exitCode = await modelsPull(loadConfig(), size, opts);
    });
}

const python = (config: Readonly<Config>) => path.join(config.venvDir, 'bin', 'python');

export async function modelsList(config: Readonly<Config>, opts: { json?: boolean } = {}): Promise<number> {
  const catalog = await listModels(python(config), config.whisperModelsDir);
  if (opts.json) {
    console.log(JSON.stringify({ models_dir: config.whisperModelsDir, ...catalog }, null, 2));
    return '*' in catalog.missing ? 1 : 0;
  }
  if ('*' in catalog.missing) {
    console.error(`cannot list models: ${catalog.missing['*']} (run \`make setup\`)`);
    return 1;
  }
  const rows = [['SIZE', 'SOURCE', 'LANGUAGES', 'FROM']];
  for (const [size, m] of Object.entries(catalog.installed)) {
    const from = m.source === 'package' ? (m.packages ?? []).join(' ') : m.source === 'pulled' ? `${m.repo}@${(m.revision ?? '').slice(0, 12)} in ${m.path}` : m.path;
    rows.push([size, m.source, m.multilingual ? 'any' : 'English', from]);
  }
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => r[i].length)));
  for (const r of rows) console.log(r.map((c, i) => (i === r.length - 1 ? c : c.padEnd(widths[i]))).join('  '));
  console.log(`\nmodels folder: ${config.whisperModelsDir}`);
  const missing = Object.keys(catalog.missing);
  if (missing.length) console.log(`not installed: ${missing.join(', ')} (videoconduit models pull SIZE)`);
  for (const [name, why] of Object.entries(catalog.folderProblems)) console.log(`warning: ${path.join(config.whisperModelsDir, name)}: ${why}`);
  return 0;
}

export interface PullOptions {
  revision?: string;
  force?: boolean;
  json?: boolean;
}

/** Runs the pull with the hub client's progress on stderr; the result line on stdout. */
export function modelsPull(config: Readonly<Config>, size: string, opts: PullOptions = {}): Promise<number> {
  const args = [MODELS_SCRIPT, 'pull', size, '--dir', config.whisperModelsDir];
  if (opts.revision) args.push('--revision', opts.revision);
  if (opts.force) args.push('--force');
  return new Promise((resolve) => {
    const child = spawn(python(config), args, { stdio: ['ignore', 'pipe', 'inherit'], env: { ...process.env, PYTHONUNBUFFERED: '1' } });
    let out = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (out += d));
    child.on('error', (err) => {
      console.error(`cannot run ${python(config)}: ${err.message} (run \`make setup\`)`);
      resolve(1);
    });
    child.on('close', (code) => {
      if (code !== 0) return resolve(code ?? 1);
      const r = JSON.parse(out.trim().split('\n').pop() ?? '{}') as { size: string; path: string; repo: string; revision: string; bytes: number };
      if (opts.json) console.log(JSON.stringify(r));
      else console.log(`pulled ${r.size}: ${r.repo}@${r.revision.slice(0, 12)}, ${(r.bytes / 1e6).toFixed(0)} MB, verified, in ${r.path}`);
      resolve(0);
    });
  });
}
