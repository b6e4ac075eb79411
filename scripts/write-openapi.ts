// Regenerates the committed openapi.json from the route schemas: `npm run openapi`.
import fs from 'node:fs';
import { generateOpenApi, OPENAPI_FILE } from '../test/helpers/openapi.js';

fs.writeFileSync(OPENAPI_FILE, await generateOpenApi());
console.log(`wrote ${OPENAPI_FILE}`);
process.exit(0);
