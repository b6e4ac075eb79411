// Builds the dashboard (web/) into web/dist, which the API serves at /. Run by `make setup`
// when web/ or the SDK (src/sdk) changed; `npm run web:build` runs it by hand and
// `npm run web:dev` serves web/ with live reload, proxying the API to VC_API_URL.
//   1. Vite (Preact JSX through Vite's own oxc transform: no Babel plugin needed). The
//      dashboard calls the API through the SDK in src/sdk (web/src/api.ts imports it by a
//      relative path), typed by the SDK's committed openapi.d.ts: nothing is generated here.
//   2. The first-load budget: index.html plus every script and stylesheet it loads,
//      gzipped, must stay within FIRST_LOAD_BUDGET_KB (issue 13: 150 KB).
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { build, createServer, type InlineConfig } from 'vite';

const REPO = path.resolve(import.meta.dirname, '..');
const WEB = path.join(REPO, 'web');
const DIST = path.join(WEB, 'dist');
const FIRST_LOAD_BUDGET_KB = 150;

const config: InlineConfig = {
  root: WEB,
  configFile: false,
  logLevel: 'warn',
  oxc: { jsx: { runtime: 'automatic', importSource: 'preact' } },
  build: { outDir: DIST, emptyOutDir: true, target: 'es2022', assetsInlineLimit: 0, sourcemap: false },
};

/** Gzipped bytes of index.html and the scripts, module preloads and stylesheets it references. */
export function firstLoadBytes(dist: string): { files: { name: string; gzip: number }[]; total: number } {
  const html = fs.readFileSync(path.join(dist, 'index.html'));
  const refs = [...html.toString().matchAll(/(?:src|href)="\/(assets\/[^"]+\.(?:js|css))"/g)].map((m) => m[1]);
  const files = [{ name: 'index.html', gzip: zlib.gzipSync(html, { level: 9 }).length }];
  for (const ref of new Set(refs)) files.push({ name: ref, gzip: zlib.gzipSync(fs.readFileSync(path.join(dist, ref)), { level: 9 }).length });
  return { files, total: files.reduce((n, f) => n + f.gzip, 0) };
}

async function main(): Promise<void> {
  if (process.argv.includes('--dev')) {
    const target = process.env.VC_API_URL ?? 'http://127.0.0.1:8080';
    const proxy = Object.fromEntries(['/v1', '/openapi.json', '/docs', '/api'].map((p) => [p, { target, changeOrigin: false }]));
    const server = await createServer({ ...config, logLevel: 'info', server: { proxy } });
    await server.listen();
    server.printUrls();
    console.log(`  API proxied to ${target} (VC_API_URL)`);
    return;
  }
  await build(config);
  const { files, total } = firstLoadBytes(DIST);
  const kb = (n: number) => (n / 1024).toFixed(1);
  for (const f of files) console.log(`      ${f.name.padEnd(40)} ${kb(f.gzip).padStart(6)} KB gzipped`);
  console.log(`      first load: ${kb(total)} KB gzipped (budget ${FIRST_LOAD_BUDGET_KB} KB)`);
  if (total > FIRST_LOAD_BUDGET_KB * 1024) {
    fs.rmSync(path.join(DIST, 'index.html'));
    throw new Error(`the dashboard's first load is ${kb(total)} KB gzipped, over the ${FIRST_LOAD_BUDGET_KB} KB budget`);
  }
}

await main();
