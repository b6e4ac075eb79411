// HTTPS policy (a): when the server terminates TLS itself, requests over it are accepted
// from anywhere; /docs renders the OpenAPI document.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import https from 'node:https';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestService, type TestService } from './helpers/service.js';

function get(url: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    https
      .get(url, { rejectUnauthorized: false }, (res) => {
        let body = '';
        res.on('data', (c) => (body += c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      })
      .on('error', reject);
  });
}

describe('TLS termination', () => {
  let svc: TestService;
  let dir: string;
  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vc-tls-'));
    execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '1', '-subj', '/CN=127.0.0.1', '-keyout', path.join(dir, 'key.pem'), '-out', path.join(dir, 'cert.pem')], { stdio: 'ignore' });
    svc = await startTestService('sqlite', { VC_TLS_CERT: path.join(dir, 'cert.pem'), VC_TLS_KEY: path.join(dir, 'key.pem'), VC_ALLOW_LOOPBACK_HTTP: 'false' }, { startQueue: false });
  });
  afterAll(async () => {
    await svc?.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('serves the API over HTTPS and the docs page', async () => {
    const base = await svc.app.listen({ host: '127.0.0.1', port: 0 });
    expect(base).toMatch(/^https:/);
    const version = await get(`${base}/api/version`);
    expect(version.status).toBe(200);
    expect(JSON.parse(version.body).current_version).toBe('1.0.0');
    const docs = await get(`${base}/docs/`);
    expect(docs.status).toBe(200);
    expect(docs.body).toMatch(/scalar/i);
  });

  it('rejects a half-configured TLS setup at startup', async () => {
    const { loadConfig, ConfigError } = await import('../src/config.js');
    expect(() => loadConfig({ VC_TLS_CERT: '/x.pem' })).toThrow(ConfigError);
  });
});

describe('plain HTTP with loopback disallowed', () => {
  it('answers 403 https_required even from loopback', async () => {
    const svc = await startTestService('sqlite', { VC_ALLOW_LOOPBACK_HTTP: 'false' }, { startQueue: false });
    try {
      const res = await svc.app.inject({ method: 'GET', url: '/api/version' });
      expect(res.statusCode).toBe(403);
      expect(res.json()).toMatchObject({ code: 'https_required' });
    } finally {
      await svc.stop();
    }
  });
});
