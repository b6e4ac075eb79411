// The dashboard (web/, built into web/dist by `make setup`) served at / with its client-side
// routes, and the API reference at /docs. Files are read once at start-up (the whole build is
// ~100 KB) and compressed on first use, so a request is a map lookup.
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import type { FastifyReply, FastifyRequest } from 'fastify';
import scalar, { type FastifyApiReferenceOptions } from '@scalar/fastify-api-reference';
import type { App } from '../app.js';

export const DASHBOARD_DIST = path.resolve(import.meta.dirname, '../../../web/dist');

/** Client-side routes (web/src/routes.ts): each answers index.html, so a job's URL can be opened, bookmarked and reloaded. */
export const DASHBOARD_ROUTES = ['/', '/jobs', '/jobs/:job_id', '/new', '/new/:job_type', '/account', '/webhooks', '/webhooks/:webhook_id'];

/**
 * What the dashboard may load: its own scripts and styles only; images and media also from
 * the sources users submit (a direct media URL plays beside its transcript); API calls to
 * this origin only.
 */
export const DASHBOARD_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data: blob: http: https:",
  "media-src 'self' blob: http: https:",
  "connect-src 'self'",
  "font-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

interface Asset {
  type: string;
  etag: string;
  identity: Buffer;
  gzip?: Buffer;
  br?: Buffer;
}

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json',
  '.txt': 'text/plain; charset=utf-8',
};

function loadAsset(file: string): Asset {
  const identity = fs.readFileSync(file);
  return {
    type: TYPES[path.extname(file)] ?? 'application/octet-stream',
    etag: `"${createHash('sha256').update(identity).digest('base64url').slice(0, 22)}"`,
    identity,
  };
}

/** Every file of the build by URL path ("/assets/index-3f2a.js"), or null when it was not built. */
export function loadDashboard(dist = DASHBOARD_DIST): Map<string, Asset> | null {
  if (!fs.existsSync(path.join(dist, 'index.html'))) return null;
  const out = new Map<string, Asset>();
  for (const rel of fs.readdirSync(dist, { recursive: true, encoding: 'utf8' })) {
    const file = path.join(dist, rel);
    if (fs.statSync(file).isFile()) out.set(`/${rel.split(path.sep).join('/')}`, loadAsset(file));
  }
  return out;
}

function send(request: FastifyRequest, reply: FastifyReply, asset: Asset, headers: Record<string, string>): FastifyReply {
  void reply.headers({ ...headers, 'Content-Type': asset.type, ETag: asset.etag, Vary: 'Accept-Encoding', 'X-Content-Type-Options': 'nosniff' });
  if (request.headers['if-none-match'] === asset.etag) return reply.code(304).send();
  const accepts = String(request.headers['accept-encoding'] ?? '');
  if (/\bbr\b/.test(accepts)) {
    asset.br ??= zlib.brotliCompressSync(asset.identity, { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 11 } });
    return reply.header('Content-Encoding', 'br').send(asset.br);
  }
  if (/\bgzip\b/.test(accepts)) {
    asset.gzip ??= zlib.gzipSync(asset.identity, { level: 9 });
    return reply.header('Content-Encoding', 'gzip').send(asset.gzip);
  }
  return reply.send(asset.identity);
}

const PAGE_HEADERS = {
  'Cache-Control': 'no-cache',
  'Content-Security-Policy': DASHBOARD_CSP,
  'Referrer-Policy': 'no-referrer',
  'X-Frame-Options': 'DENY',
};
// Vite puts a content hash in every file name under assets/, so those never change.
const IMMUTABLE = { 'Cache-Control': 'public, max-age=31536000, immutable' };

export function dashboardRoutes(app: App, dist = DASHBOARD_DIST): void {
  const files = loadDashboard(dist);
  const index = files?.get('/index.html');
  for (const route of DASHBOARD_ROUTES) {
    app.get(route, { schema: { hide: true } }, async (request, reply) => {
      // Not built (setup skipped the web build): the API reference is the next best page.
      if (!index) return reply.redirect('/docs', 302);
      return send(request, reply, index, PAGE_HEADERS);
    });
  }
  for (const [urlPath, asset] of files ?? []) {
    if (urlPath === '/index.html') continue;
    const headers = urlPath.startsWith('/assets/') ? IMMUTABLE : { 'Cache-Control': 'public, max-age=3600' };
    app.get(urlPath, { schema: { hide: true } }, async (request, reply) => send(request, reply, asset, headers));
  }
  // Browsers ask for /favicon.ico on pages that name no icon (/docs, a file link).
  const icon = files?.get('/favicon.svg');
  if (icon) app.get('/favicon.ico', { schema: { hide: true } }, async (request, reply) => send(request, reply, icon, { 'Cache-Control': 'public, max-age=86400' }));
}

/** Scalar's reference at /docs, from the bundle inside the npm package: nothing is fetched from a CDN. */
export async function docsRoutes(app: App): Promise<void> {
  await app.register(scalar, {
    routePrefix: '/docs',
    logLevel: 'warn',
    configuration: {
      url: '/openapi.json',
      pageTitle: 'VideoConduit API reference',
      favicon: '/favicon.svg',
      // Fonts would come from Scalar's servers; the system fonts are fine and work offline.
      withDefaultFonts: false,
      theme: 'default',
      metaData: { title: 'VideoConduit API reference' },
      // Self-hosted and offline: none of Scalar's hosted services (telemetry, AI agent, MCP
      // generator, deploy/share toolbar).
      telemetry: false,
      agent: { disabled: true },
      mcp: { disabled: true },
      showToolbar: 'never',
      showDeveloperTools: 'never',
      // Options the bundled standalone script reads but this version's types do not list yet.
    } as FastifyApiReferenceOptions['configuration'],
    hooks: {
      onRequest: (_request, reply, done) => {
        void reply.header('Cache-Control', 'no-cache');
        void reply.header('X-Content-Type-Options', 'nosniff');
        done();
      },
    },
  });
}
