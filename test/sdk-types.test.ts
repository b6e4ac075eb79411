import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { generateSdkTypes, SDK_TYPES_FILE } from './helpers/sdk-types.js';

describe('SDK', () => {
  it('types match openapi.json (run `npm run sdk` after `npm run openapi`)', async () => {
    expect(fs.readFileSync(SDK_TYPES_FILE, 'utf8')).toBe(await generateSdkTypes());
  });

  it('imports nothing from the server and nothing Node-only outside node.ts (a browser bundle uses it)', () => {
    const dir = path.dirname(SDK_TYPES_FILE);
    for (const name of fs.readdirSync(dir).filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts'))) {
      const imports = [...fs.readFileSync(path.join(dir, name), 'utf8').matchAll(/from '([^']+)'/g)].map((m) => m[1]);
      for (const spec of imports) {
        expect(spec.startsWith('../'), `${name} imports ${spec}`).toBe(false);
        if (name !== 'node.ts') expect(spec.startsWith('node:'), `${name} imports ${spec}`).toBe(false);
      }
    }
  });
});
