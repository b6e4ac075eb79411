// MCP at /mcp over Streamable HTTP (the official SDK), stateless: each POST carries one
// JSON-RPC message and gets its own server instance, so any API process can answer any call.
//
// A tool call is the REST request it stands for, injected into this same Fastify app with the
// caller's Authorization header: key checks, rate limits, idempotency, charging and validation
// are the REST routes' own and cannot diverge. bench/mcp.ts measures what that costs.
import { Server } from '@modelcontextprotocol/sdk/server/index.js';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import { CallToolRequestSchema, ErrorCode, ListToolsRequestSchema, McpError, type CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import type { FastifyRequest } from 'fastify';
import type { App } from '../http/app.js';
import { bearer } from '../http/guard.js';
import { API_VERSION } from '../http/routes/meta.js';
import { ApiError } from '../errors.js';
import { findKeyForAuth } from '../store/keys.js';
import { absoluteUrls, errorSummary, toolSummary } from './summary.js';
import { REST_TOOLS, restToolDefinition, WAIT_TOOL, waitToolDefinition, type RestTool, type RouteSchemas, type ToolDefinition } from './tools.js';
import { waitForJob } from './wait.js';

type Json = Record<string, unknown>;

const INSTRUCTIONS =
  'VideoConduit turns a video URL into metadata, files, transcripts, translations, previews, fingerprints or comments. ' +
  'get_video_info answers at once; the other tools start a job: call wait_for_job with its job_id to get the result and its download_url. Each call is charged like the REST API.';

/** What a tool answers: structured content, a one-line summary, isError for API errors (same code as REST). */
function toolResult(tool: string, status: number, body: Json): CallToolResult {
  if (status >= 400) return { isError: true, content: [{ type: 'text', text: errorSummary(body) }], structuredContent: body };
  return { content: [{ type: 'text', text: toolSummary(tool, status, body) }], structuredContent: body };
}

/** The REST request a tool stands for, with the caller's credentials and transport facts. */
export function injectAs(app: App, outer: FastifyRequest) {
  const headers: Record<string, string> = { 'x-request-id': outer.id };
  for (const h of ['authorization', 'x-forwarded-proto', 'x-forwarded-for', 'user-agent']) {
    const v = outer.headers[h];
    if (typeof v === 'string') headers[h] = v;
  }
  const origin = `${outer.protocol}://${outer.host}`;
  const call = async (method: string, url: string, opts: { query?: Record<string, string>; body?: Json; headers?: Record<string, string> } = {}) => {
    const res = await app.inject({
      method: method as 'GET',
      url,
      query: opts.query,
      headers: { ...headers, ...opts.headers, ...(opts.body ? { 'content-type': 'application/json' } : {}) },
      payload: opts.body ? JSON.stringify(opts.body) : undefined,
      remoteAddress: outer.socket.remoteAddress,
    });
    const body = res.body ? (absoluteUrls(res.json(), origin) as Json) : {};
    return { status: res.statusCode, body };
  };
  return Object.assign(call, { origin });
}

async function callRestTool(tool: RestTool, routes: RouteSchemas, args: Json, rest: ReturnType<typeof injectAs>): Promise<CallToolResult> {
  const route = routes.get(`${tool.method} ${tool.path}`);
  const keysOf = (s: unknown) => Object.keys((s as { properties?: Json } | undefined)?.properties ?? {});
  const paramKeys = keysOf(route?.params);
  const queryKeys = keysOf(route?.querystring);
  const url = tool.path.replace(/:(\w+)/g, (_, name: string) => encodeURIComponent(String(args[name] ?? '')));
  const query: Record<string, string> = {};
  const body: Json = {};
  for (const [k, v] of Object.entries(args)) {
    if (k === 'idempotency_key' && tool.idempotent) continue;
    if (paramKeys.includes(k)) continue;
    if (queryKeys.includes(k)) query[k] = typeof v === 'string' ? v : JSON.stringify(v);
    else body[k] = v;
  }
  const idem = tool.idempotent && typeof args.idempotency_key === 'string' ? { 'idempotency-key': args.idempotency_key } : undefined;
  const res = await rest(tool.method, url, { query, body: tool.method === 'POST' ? body : undefined, headers: idem });
  return toolResult(tool.name, res.status, res.body);
}

export function mcpRoutes(app: App, routes: RouteSchemas): void {
  let definitions: ToolDefinition[] | null = null;
  // Built on first use: every route has registered by then.
  const tools = () => {
    const resolve = (id: string) => app.getSchema(id);
    definitions ??= [...REST_TOOLS.map((t) => restToolDefinition(t, routes, resolve)), waitToolDefinition(resolve)];
    return definitions;
  };

  const serverFor = (request: FastifyRequest) => {
    const server = new Server({ name: 'videoconduit', version: API_VERSION }, { capabilities: { tools: {} }, instructions: INSTRUCTIONS });
    const rest = injectAs(app, request);
    server.setRequestHandler(ListToolsRequestSchema, () => ({ tools: tools() }));
    server.setRequestHandler(CallToolRequestSchema, async (call, extra) => {
      const args = (call.params.arguments ?? {}) as Json;
      if (call.params.name === WAIT_TOOL) {
        const progressToken = call.params._meta?.progressToken;
        const notify = progressToken === undefined ? undefined : (progress: number, message: string) => extra.sendNotification({ method: 'notifications/progress', params: { progressToken, progress, total: 100, message } });
        const { status, body } = await waitForJob(app, rest, args, { signal: extra.signal, notify });
        return toolResult(WAIT_TOOL, status, body);
      }
      const tool = REST_TOOLS.find((t) => t.name === call.params.name);
      if (!tool) throw new McpError(ErrorCode.InvalidParams, `Unknown tool ${call.params.name}; tools/list names them.`);
      return callRestTool(tool, routes, args, rest);
    });
    return server;
  };

  // The key is checked here so a missing or bad one is a plain 401/403 (what HTTP clients and
  // MCP clients expect); the rate limit and charges apply per tool call, in the REST routes.
  const authenticate = async (request: FastifyRequest) => {
    const presented = bearer(request);
    const challenge = { 'WWW-Authenticate': 'Bearer realm="videoconduit"' };
    if (!presented) throw new ApiError('unauthorized', 'Send an API key as "Authorization: Bearer vc_…".', {}, challenge);
    const found = presented.startsWith('vc_') ? await findKeyForAuth(app.deps.store, presented) : undefined;
    if (!found) throw new ApiError('unauthorized', 'The API key is not valid.', {}, challenge);
    if (found.key.active !== 1) throw new ApiError('forbidden', 'This API key is deactivated.');
  };

  app.post('/mcp', { schema: { hide: true }, onRequest: authenticate }, async (request, reply) => {
    reply.hijack();
    for (const [k, v] of Object.entries(reply.getHeaders())) if (v !== undefined) reply.raw.setHeader(k, v);
    const server = serverFor(request);
    const transport = new StreamableHTTPServerTransport({ sessionIdGenerator: undefined });
    reply.raw.on('close', () => {
      void transport.close().catch(() => undefined);
      void server.close().catch(() => undefined);
    });
    try {
      await server.connect(transport);
      await transport.handleRequest(request.raw, reply.raw, request.body);
    } catch (err) {
      request.log.error({ err }, 'MCP request failed');
      if (!reply.raw.headersSent) reply.raw.writeHead(500, { 'content-type': 'application/json' }).end(JSON.stringify({ detail: 'Internal server error.', code: 'server_error' }));
    }
  });

  // Stateless: no server-initiated stream (GET) and no session to end (DELETE).
  const notAllowed = async (_request: FastifyRequest, reply: { code(n: number): { header(k: string, v: string): { send(b: unknown): unknown } } }) =>
    reply.code(405).header('Allow', 'POST').send({ detail: 'This MCP endpoint is stateless: POST each JSON-RPC message to /mcp.', code: 'method_not_allowed' });
  app.get('/mcp', { schema: { hide: true }, onRequest: authenticate }, notAllowed);
  app.delete('/mcp', { schema: { hide: true }, onRequest: authenticate }, notAllowed);
}
