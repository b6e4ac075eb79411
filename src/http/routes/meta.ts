// Version, changelog, the OpenAPI document, and `/` (-> /docs until a dashboard is served).
import { Type } from '@sinclair/typebox';
import type { App } from '../app.js';

export const API_VERSION = '1.0.0';

/** Newest first. Add an entry with every change clients can see (new field, option, endpoint). */
export const CHANGELOG = [
  {
    version: '1.0.0',
    date: '2026-12-02',
    changes: [
      'Jobs: download, transcribe, translate, preview, fingerprint, comments; polling, Server-Sent Events and signed webhooks.',
      'GET /v1/info, POST /v1/fingerprint/compare, accounts, credit ledger, API keys (GET /v1/account/keys lists your own), idempotency keys, cursor pagination.',
      'MCP server at /mcp; /healthz, /readyz, /metrics; OpenAPI with examples; a typed TypeScript SDK and the videoconduit CLI client.',
    ],
  },
];

const VersionInfo = Type.Object({
  current_version: Type.String(),
  versions: Type.Record(Type.String(), Type.Object({ status: Type.String(), deprecated: Type.Boolean(), sunset: Type.Union([Type.String(), Type.Null()]) })),
});

const Changelog = Type.Object({
  current_version: Type.String(),
  versions: Type.Array(Type.Object({ version: Type.String(), date: Type.String({ description: 'YYYY-MM-DD' }), changes: Type.Array(Type.String()) }), { description: 'Newest first' }),
});

export function metaRoutes(app: App): void {
  const tags = ['meta'];
  app.get('/api/version', { schema: { tags, summary: 'API versions', security: [], response: { 200: VersionInfo } } }, async () => ({
    current_version: API_VERSION,
    versions: { v1: { status: 'active', deprecated: false, sunset: null } },
  }));
  app.get('/api/changelog', { schema: { tags, summary: 'What changed in each API version, newest first', security: [], response: { 200: Changelog } } }, async () => ({
    current_version: API_VERSION,
    versions: CHANGELOG,
  }));
  app.get('/openapi.json', { schema: { hide: true } }, async () => app.swagger());
}
