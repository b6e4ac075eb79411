// Regenerates src/sdk/openapi.d.ts from the committed openapi.json: `npm run sdk`
// (`npm run openapi` runs it too). test/sdk-types.test.ts fails when it drifts.
import fs from 'node:fs';
import { generateSdkTypes, SDK_TYPES_FILE } from '../test/helpers/sdk-types.js';

fs.writeFileSync(SDK_TYPES_FILE, await generateSdkTypes());
console.log(`wrote ${SDK_TYPES_FILE}`);
