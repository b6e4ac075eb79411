// Builds the dashboard (web/) into web/dist, which the API serves at /. Run by `make setup`
// when web/ or openapi.json changed; `npm run web:build` runs it by hand and
// `npm run web:dev` serves web/ with live reload, proxying the API to VC_API_URL.
//   1. API types: openapi-typescript turns the committed openapi.json into
//      web/src/generated/openapi.d.ts (what web/src/api.ts checks its calls against).
//   2. Vite (Preact JSX through Vite's own oxc transform: no Babel plugin needed).
//   3. The first-load budget: index.html plus every script and stylesheet it loads,
//      gzipped, must stay within FIRST_LOAD_BUDGET_KB (issue 13: 150 KB).
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import openapiTS, { astToString } from 'openapi-typescript';
import { build, createServer, type InlineConfig } from 'vite';

const REPO = path.resolve(import.meta.dirname, '..');
const WEB = path.join(REPO, 'web');
const DIST = path.join(WEB, 'dist');
const FIRST_LOAD_BUDGET_KB = 150;

async function writeApiTypes(): Promise<void> {
  const doc = JSON.parse(fs.readFileSync(path.join(REPO, 'openapi.json'), 'utf8')) as Parameters<typeof openapiTS>[0];
  const out = path.join(WEB, 'src', 'generated', 'openapi.d.ts');
  fs.mkdirSync(path.dirname(out), { recursive: true });
  const text = `// Generated from openapi.json by scripts/build-web.ts; do not edit.\n${astToString(await openapiTS(doc))}`;
  if (!fs.existsSync(out) || fs.readFileSync(out, 'utf8') !== text) fs.writeFileSync(out, text);
}

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
  await writeApiTypes();
  if (process.argv.includes('--types-only')) return;
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
