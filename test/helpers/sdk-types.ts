import fs from 'node:fs';
import path from 'node:path';
import openapiTS, { astToString } from 'openapi-typescript';
import { OPENAPI_FILE } from './openapi.js';
import { REPO } from './service.js';

export const SDK_TYPES_FILE = path.join(REPO, 'src', 'sdk', 'openapi.d.ts');

/** The SDK's types as openapi-typescript writes them from the committed openapi.json. */
export async function generateSdkTypes(): Promise<string> {
  const doc = JSON.parse(fs.readFileSync(OPENAPI_FILE, 'utf8')) as Record<string, unknown>;
  const ast = await openapiTS(doc as never);
  return `// Generated from openapi.json by \`npm run sdk\` (openapi-typescript). Do not edit.\n${astToString(ast)}`;
}
