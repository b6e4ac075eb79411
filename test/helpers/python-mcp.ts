// The Python MCP SDK (PyPI `mcp`) in its own venv under .cache/, installed on first use.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { REPO } from './service.js';

const VENV = path.join(REPO, '.cache', 'mcp-venv');
export const PYTHON_MCP_CLIENT = path.join(REPO, 'test', 'mcp', 'python_client.py');

/** The venv's python with `mcp` importable (installs it once: about 10 s). */
export function pythonWithMcp(): string {
  const python = path.join(VENV, 'bin', 'python');
  const ready = path.join(VENV, '.mcp-installed');
  if (!fs.existsSync(ready)) {
    execFileSync('python3', ['-m', 'venv', VENV], { stdio: 'inherit' });
    execFileSync(path.join(VENV, 'bin', 'pip'), ['install', '-q', 'mcp>=1.9'], { stdio: 'inherit' });
    fs.writeFileSync(ready, '');
  }
  return python;
}
