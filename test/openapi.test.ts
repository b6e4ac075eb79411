import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { generateOpenApi, OPENAPI_FILE } from './helpers/openapi.js';

describe('openapi.json', () => {
  it('matches the committed copy (run `npm run openapi` after changing a route schema)', async () => {
    const live = await generateOpenApi();
    const doc = JSON.parse(live);
    expect(doc.openapi).toBe('3.1.0');
    for (const p of ['/v1/info', '/v1/download', '/v1/jobs', '/v1/jobs/{job_id}', '/v1/jobs/{job_id}/events', '/v1/account', '/v1/account/ledger', '/v1/files/{job_id}/{filename}', '/api/version']) {
      expect(doc.paths, p).toHaveProperty([p]);
    }
    expect(fs.readFileSync(OPENAPI_FILE, 'utf8')).toBe(live);
  });
});
