import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadConfig } from '../../src/config.js';
import { createService } from '../../src/service.js';
import { REPO, testEnv } from './service.js';

export const OPENAPI_FILE = path.join(REPO, 'openapi.json');

/** The document exactly as GET /openapi.json serves it, pretty-printed. */
export async function generateOpenApi(): Promise<string> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'vc-openapi-'));
  const svc = await createService(loadConfig(testEnv(dataDir)), { startQueue: false });
  try {
    const res = await svc.app.inject({ method: 'GET', url: '/openapi.json' });
    return `${JSON.stringify(res.json(), null, 2)}\n`;
  } finally {
    await svc.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}
