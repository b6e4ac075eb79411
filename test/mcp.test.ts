// MCP at /mcp end to end over real HTTP with the official SDK's own client: tools, a preview
// job through wait_for_job with progress notifications, errors as tool errors with the REST
// codes, charges and rate limits exactly like REST, and no key -> 401.
import { execFile } from 'node:child_process';
import type { AddressInfo } from 'node:net';
import { promisify } from 'node:util';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import type { CallToolResult, Progress } from '@modelcontextprotocol/sdk/types.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startMediaSite, type MediaSite } from './fixtures/site.js';
import { PYTHON_MCP_CLIENT, pythonWithMcp } from './helpers/python-mcp.js';
import { startTestService, type TestService } from './helpers/service.js';

type Json = Record<string, any>;

describe('MCP server', () => {
  let svc: TestService;
  let site: MediaSite;
  let base: string;
  const clients: Client[] = [];

  async function connect(key: string): Promise<Client> {
    const transport = new StreamableHTTPClientTransport(new URL(`${base}/mcp`), { requestInit: { headers: { Authorization: `Bearer ${key}` } } });
    const client = new Client({ name: 'vitest', version: '1.0.0' });
    await client.connect(transport);
    clients.push(client);
    return client;
  }
  const call = async (client: Client, name: string, args: Json, onprogress?: (p: Progress) => void) =>
    (await client.callTool({ name, arguments: args }, undefined, onprogress ? { onprogress, timeout: 120_000 } : undefined)) as CallToolResult & { structuredContent: Json };
  const text = (r: CallToolResult) => (r.content[0] as { text: string }).text;
  const balance = async (key: string) => (await fetch(`${base}/v1/account`, { headers: { authorization: `Bearer ${key}` } }).then((r) => r.json() as Promise<Json>)).credits_balance as number;

  beforeAll(async () => {
    site = await startMediaSite();
    svc = await startTestService('sqlite');
    await svc.app.listen({ host: '127.0.0.1', port: 0 });
    base = `http://127.0.0.1:${(svc.app.server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    for (const c of clients) await c.close().catch(() => undefined);
    await svc?.stop();
    await site?.close();
  });

  it('lists the contract tools with input schemas taken from the routes', async () => {
    const { key } = await svc.account(10);
    const client = await connect(key);
    expect(client.getServerVersion()?.name).toBe('videoconduit');
    const { tools } = await client.listTools();
    expect(tools.map((t) => t.name).sort()).toEqual(
      ['get_video_info', 'download_video', 'transcribe', 'translate', 'create_preview', 'fingerprint_video', 'compare_fingerprints', 'get_comments', 'get_job', 'list_jobs', 'cancel_job', 'wait_for_job'].sort(),
    );
    const preview = tools.find((t) => t.name === 'create_preview')!;
    expect(preview.inputSchema.required).toEqual(['url', 'preview_type']); // defaults are optional
    expect(JSON.stringify(preview.inputSchema.properties?.preview_type)).toContain('mosaic');
    expect(preview.inputSchema.properties).toHaveProperty('idempotency_key');
    expect(tools.find((t) => t.name === 'get_job')!.inputSchema.required).toEqual(['job_id']);
    expect((tools.find((t) => t.name === 'wait_for_job')!.inputSchema.properties?.timeout_seconds as Json).maximum).toBe(300);
  });

  it('info, then a preview job through wait_for_job with progress, charged like REST', async () => {
    const { key } = await svc.account(10);
    const client = await connect(key);
    const url = site.url('/media/video.mp4');
    const info = await call(client, 'get_video_info', { url });
    expect(info.isError).toBeFalsy();
    expect(info.structuredContent.webpage_url).toBe(url);
    expect(text(info)).toMatch(/format/);
    expect(await balance(key)).toBe(9);

    const accepted = await call(client, 'create_preview', { url, preview_type: 'thumbnail', width: 160, idempotency_key: 'mcp-1' });
    expect(accepted.structuredContent).toMatchObject({ status: 'pending', job_type: 'preview', credits_charged: 1 });
    expect(text(accepted)).toContain('wait_for_job');
    const replay = await call(client, 'create_preview', { url, preview_type: 'thumbnail', width: 160, idempotency_key: 'mcp-1' });
    expect(replay.structuredContent.job_id).toBe(accepted.structuredContent.job_id); // no second job, no second charge
    expect(await balance(key)).toBe(8);

    const progress: Progress[] = [];
    const done = await call(client, 'wait_for_job', { job_id: accepted.structuredContent.job_id, timeout_seconds: 60 }, (p) => progress.push(p));
    expect(done.isError).toBeFalsy();
    expect(done.structuredContent).toMatchObject({ status: 'completed', result: { mime_type: 'image/jpeg' }, download_url: expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+\/v1\/files\//) });
    expect(text(done)).toContain('thumbnail.jpg');
    expect(progress.length).toBeGreaterThan(0);
    for (let i = 1; i < progress.length; i++) expect(progress[i].progress).toBeGreaterThan(progress[i - 1].progress);
    const file = await fetch(done.structuredContent.download_url as string);
    expect(Buffer.from(await file.arrayBuffer()).subarray(0, 2)).toEqual(Buffer.from([0xff, 0xd8]));

    const listed = await call(client, 'list_jobs', { job_type: 'preview', limit: 5 });
    expect(listed.structuredContent.data[0].job_id).toBe(accepted.structuredContent.job_id);
    expect((await call(client, 'get_job', { job_id: accepted.structuredContent.job_id })).structuredContent.status).toBe('completed');
    const cancel = await call(client, 'cancel_job', { job_id: accepted.structuredContent.job_id });
    expect(cancel).toMatchObject({ isError: true, structuredContent: { code: 'conflict' } });
  });

  it('errors are tool errors with the REST codes; a waiting job returns at its timeout', async () => {
    const { key } = await svc.account(0);
    const client = await connect(key);
    const bad = await call(client, 'create_preview', { url: site.url('/media/video.mp4'), preview_type: 'thumb' });
    expect(bad.isError).toBe(true);
    expect(bad.structuredContent.code).toBe('validation_error');
    expect(text(bad)).toBe('validation_error: preview_type must be one of gif, thumbnail, mosaic, clip');
    expect((await call(client, 'get_job', { job_id: '00000000-0000-7000-8000-000000000000' })).structuredContent.code).toBe('not_found');
    expect((await call(client, 'create_preview', { url: 'http://10.0.0.1/v.mp4', preview_type: 'thumbnail' })).structuredContent.code).toBe('url_not_allowed');
    const broke = await call(client, 'create_preview', { url: site.url('/media/video.mp4'), preview_type: 'thumbnail' });
    expect(broke.structuredContent).toMatchObject({ code: 'insufficient_credits', required: 1, available: 0 });
    expect((await call(client, 'wait_for_job', { job_id: '00000000-0000-7000-8000-000000000000', timeout_seconds: 301 })).structuredContent.code).toBe('validation_error');
    await expect(client.callTool({ name: 'no_such_tool', arguments: {} })).rejects.toThrow(/Unknown tool/);

    // A job another worker is running (a live lease, never finishing here) comes back unfinished at the timeout.
    const slow = await svc.account(5);
    const slowClient = await connect(slow.key);
    const queued = await svc.store.db.insertInto('jobs').values({
      id: '0193a1f2-0000-7000-8000-0000000000aa', account_id: slow.id, job_type: 'preview', status: 'processing', progress: 10, stage: 'rendering', request: '{}', metadata: null, result: null,
      error_code: null, error_detail: null, credits_charged: 0, credits_refunded: 0, webhook_url: null, attempts: 1, lease_expires_at: new Date(Date.now() + 600_000).toISOString(), process_pid: null,
      created_at: new Date().toISOString(), started_at: new Date().toISOString(), completed_at: null, expires_at: null, updated_at: new Date().toISOString(),
    }).execute();
    expect(queued).toBeDefined();
    const started = Date.now();
    const waited = await call(slowClient, 'wait_for_job', { job_id: '0193a1f2-0000-7000-8000-0000000000aa', timeout_seconds: 1 });
    expect(Date.now() - started).toBeGreaterThanOrEqual(900);
    expect(waited.structuredContent.status).toBe('processing');
    expect(text(waited)).toMatch(/call wait_for_job again/);
  });

  it('rate-limited per key exactly like REST', async () => {
    const { key } = await svc.account(10, { rateLimit: 2 });
    const client = await connect(key);
    expect((await call(client, 'list_jobs', {})).isError).toBeFalsy();
    expect((await call(client, 'list_jobs', {})).isError).toBeFalsy();
    const third = await call(client, 'list_jobs', {});
    expect(third).toMatchObject({ isError: true, structuredContent: { code: 'rate_limited' } });
    expect(third.structuredContent.retry_after).toBeGreaterThan(0);
  });

  it('no key or a bad key -> 401 before any MCP message is read; GET -> 405', async () => {
    const init = { jsonrpc: '2.0', id: 1, method: 'initialize', params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'curl', version: '1' } } };
    const headers = { 'content-type': 'application/json', accept: 'application/json, text/event-stream' };
    const none = await fetch(`${base}/mcp`, { method: 'POST', headers, body: JSON.stringify(init) });
    expect(none.status).toBe(401);
    expect(none.headers.get('www-authenticate')).toMatch(/^Bearer/);
    expect(((await none.json()) as Json).code).toBe('unauthorized');
    const bad = await fetch(`${base}/mcp`, { method: 'POST', headers: { ...headers, authorization: 'Bearer vc_nope' }, body: JSON.stringify(init) });
    expect(bad.status).toBe(401);
    await expect(connect('vc_not_a_key')).rejects.toThrow(/401|nauthorized/);
    const { key } = await svc.account(1);
    expect((await fetch(`${base}/mcp`, { headers: { authorization: `Bearer ${key}` } })).status).toBe(405);
  });

  it('one conversation with the Python SDK (a second implementation, its own protocol version)', async () => {
    const python = pythonWithMcp();
    const { key } = await svc.account(5);
    const { stdout } = await promisify(execFile)(python, [PYTHON_MCP_CLIENT, base, key, site.url('/media/video.mp4')], { timeout: 90_000 });
    const seen = JSON.parse(stdout) as Json;
    expect(seen.server).toBe('videoconduit');
    expect(seen.protocol_version).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(seen.tools).toHaveLength(12);
    expect(seen.job_status).toBe('completed');
    expect(seen.job_text).toMatch(/thumbnail\.jpg: http:\/\/127\.0\.0\.1/);
    expect(seen.progress.length).toBeGreaterThan(0);
    expect(seen.error).toEqual({ isError: true, code: 'not_found' });
    expect(await balance(key)).toBe(3); // info + preview, as over REST
  }, 180_000);
});
