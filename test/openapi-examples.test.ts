// The OpenAPI document people read: every operation documented with examples, every example
// valid against its own schema, every request example accepted by the server.
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestService, type TestService } from './helpers/service.js';

const ADMIN = 'admin-key-for-examples-0123456789';

interface Media {
  schema?: Record<string, unknown>;
  example?: unknown;
  examples?: Record<string, { value: unknown }>;
}
type Doc = { paths: Record<string, Record<string, { requestBody?: { content: Record<string, Media> }; responses: Record<string, { description: string; content?: Record<string, Media> }> }>>; components: unknown; tags: { name: string }[] };

const examplesOf = (m: Media): unknown[] => (m.examples ? Object.values(m.examples).map((e) => e.value) : m.example !== undefined ? [m.example] : []);

describe('openapi examples', () => {
  let svc: TestService;
  let doc: Doc;
  beforeAll(async () => {
    svc = await startTestService('sqlite', { VC_ADMIN_KEY: ADMIN }, { startQueue: false });
    doc = (await svc.app.inject({ method: 'GET', url: '/openapi.json' })).json();
  });
  afterAll(async () => svc?.stop());

  const operations = () => Object.entries(doc.paths).flatMap(([path, ops]) => Object.entries(ops).map(([method, op]) => ({ key: `${method.toUpperCase()} ${path}`, path, method, op })));

  it('documents every status and gives every body and response an example', () => {
    const gaps: string[] = [];
    for (const { key, op } of operations()) {
      for (const media of Object.values(op.requestBody?.content ?? {})) if (examplesOf(media).length === 0) gaps.push(`${key} request body`);
      for (const [status, res] of Object.entries(op.responses)) {
        if (!res.description || res.description === 'Default Response') gaps.push(`${key} ${status} description`);
        for (const [type, media] of Object.entries(res.content ?? {})) {
          if (media.schema?.format !== 'binary' && examplesOf(media).length === 0) gaps.push(`${key} ${status} ${type}`);
        }
      }
    }
    expect(gaps, 'add them to src/http/openapi-examples.ts').toEqual([]);
    expect(operations().length).toBeGreaterThan(30);
  });

  it('orders tags core -> jobs -> account -> webhooks -> admin', () => {
    const names = doc.tags.map((t) => t.name);
    for (const [a, b] of [['info', 'jobs'], ['download', 'jobs'], ['jobs', 'account'], ['account', 'webhooks'], ['webhooks', 'admin']]) expect(names.indexOf(a), `${a} before ${b}`).toBeLessThan(names.indexOf(b));
    const firstPath = Object.keys(doc.paths)[0];
    expect(firstPath).toBe('/v1/info');
  });

  it('every example validates against its own schema', () => {
    const ajv = new Ajv2020({ strict: false, allErrors: true });
    addFormats.default(ajv);
    let checked = 0;
    const failures: string[] = [];
    for (const { key, op } of operations()) {
      const media = [...Object.entries(op.requestBody?.content ?? {}).map(([t, m]) => [`request ${t}`, m] as const), ...Object.entries(op.responses).flatMap(([s, r]) => Object.entries(r.content ?? {}).map(([t, m]) => [`${s} ${t}`, m] as const))];
      for (const [where, m] of media) {
        if (!m.schema || m.schema.format === 'binary') continue;
        const validate = ajv.compile({ ...m.schema, components: doc.components });
        for (const example of examplesOf(m)) {
          checked++;
          if (!validate(example)) failures.push(`${key} ${where}: ${ajv.errorsText(validate.errors)}`);
        }
      }
    }
    expect(failures).toEqual([]);
    expect(checked).toBeGreaterThan(60);
  });

  it('the server accepts every request example', async () => {
    const user = await svc.account(1000);
    const admin = { authorization: `Bearer ${ADMIN}` };
    const hook = await svc.app.inject({ method: 'POST', url: '/v1/webhooks', headers: user.auth, payload: { url: 'http://127.0.0.1:9/hook', events: ['job.completed'] } });
    const ids: Record<string, string> = { webhook_id: hook.json().id, account_id: user.id };
    // No network here: media and webhook URLs point at this machine (VC_URL_ALLOWLIST=127.0.0.1).
    const local = (v: unknown): unknown =>
      JSON.parse(JSON.stringify(v), (k, x: unknown) => (typeof x === 'string' && (k === 'url' || k === 'webhook_url') ? 'http://127.0.0.1:9/example' : x));
    let sent = 0;
    for (const { key, path, method, op } of operations()) {
      for (const example of examplesOf(op.requestBody?.content['application/json'] ?? {})) {
        const url = path.replace(/\{(\w+)\}/g, (_, name: string) => ids[name]);
        const res = await svc.app.inject({ method: method.toUpperCase() as 'POST', url, headers: path.startsWith('/v1/admin') ? admin : user.auth, payload: local(example) as object });
        sent++;
        // The compare example names jobs this fresh account does not have, and POST /v1/info looks
        // its (unreachable) URL up at once: anything but a 4xx about the body will do.
        const ok = res.statusCode < 300 || (key === 'POST /v1/fingerprint/compare' && res.statusCode === 404) || (key === 'POST /v1/info' && res.statusCode === 502);
        expect(ok, `${key} ${JSON.stringify(example)} -> ${res.statusCode} ${res.body}`).toBe(true);
      }
    }
    expect(sent).toBeGreaterThan(12);
  });
});
