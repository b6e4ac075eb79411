import { Type } from '@sinclair/typebox';
import type { App } from '../app.js';

export const API_VERSION = '1.0.0';

const VersionInfo = Type.Object({
  current_version: Type.String(),
  versions: Type.Record(Type.String(), Type.Object({ status: Type.String(), deprecated: Type.Boolean(), sunset: Type.Union([Type.String(), Type.Null()]) })),
});

export function metaRoutes(app: App): void {
  app.get('/api/version', { schema: { tags: ['meta'], summary: 'API versions', security: [], response: { 200: VersionInfo } } }, async () => ({
    current_version: API_VERSION,
    versions: { v1: { status: 'active', deprecated: false, sunset: null } },
  }));
  app.get('/openapi.json', { schema: { hide: true } }, async () => app.swagger());
}
