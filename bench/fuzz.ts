// bench/fuzz: Schemathesis (PyPI, in its own venv under .cache/) against our /openapi.json on
// a real service: no 5xx, no response outside the schema. Jobs are accepted but not run.
import { execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { REPO } from '../test/helpers/service.js';
import { startBench } from './harness.js';

const VENV = path.join(REPO, '.cache', 'schemathesis-venv');
const BIN = path.join(VENV, 'bin', 'schemathesis');
if (!fs.existsSync(BIN)) {
  console.log('installing schemathesis into .cache/schemathesis-venv (once)…');
  execFileSync('python3', ['-m', 'venv', VENV], { stdio: 'inherit' });
  execFileSync(path.join(VENV, 'bin', 'pip'), ['install', '-q', 'schemathesis'], { stdio: 'inherit' });
}

const b = await startBench({ VC_ADMIN_KEY: 'fuzz-admin-key-0123456789abcdef' });
await b.service.queue.stop();
let status = 1;
try {
  // Async spawn: the service under test runs in this process and must keep serving.
  const child = spawn(
    BIN,
    [
      'run',
      `${b.base}/openapi.json`,
      '--checks', 'not_a_server_error,response_schema_conformance,status_code_conformance',
      '--max-examples', process.env.EXAMPLES ?? '25',
      '--header', `Authorization: ${b.auth.authorization}`,
      // An event stream stays open until its job ends; it has its own tests.
      '--exclude-path', '/v1/jobs/{job_id}/events',
      '--request-timeout', '20',
    ],
    { stdio: 'inherit' },
  );
  status = await new Promise<number>((resolve) => child.on('exit', (code) => resolve(code ?? 1)));
  console.log(`schemathesis exit code ${status} (0 = no failures)`);
} finally {
  await b.close();
}
process.exit(status);
