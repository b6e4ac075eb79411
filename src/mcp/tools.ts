// The MCP tools (contract §9) and where each one goes in the REST API. Input and output
// schemas are read from the routes' own TypeBox schemas as Fastify registered them (one
// source): a tool's arguments are the route's path parameters, query and body together.
import type { TSchema } from '@sinclair/typebox';
import type { RouteOptions } from 'fastify';
import { optionalDefaults } from '../http/openapi-doc.js';

export interface RestTool {
  name: string;
  method: 'GET' | 'POST' | 'DELETE';
  path: string;
  /** What the tool does for an agent; the route's summary follows it. */
  lead: string;
  /** POST job tools take an idempotency_key (sent as the Idempotency-Key header). */
  idempotent?: boolean;
}

export const REST_TOOLS: RestTool[] = [
  { name: 'get_video_info', method: 'GET', path: '/v1/info', lead: 'Metadata of a video or playlist URL: title, duration, uploader, formats, chapters, subtitles (1 credit).' },
  { name: 'download_video', method: 'POST', path: '/v1/download', lead: 'Download a video (or its audio) as a file; starts a job (1-2 credits).', idempotent: true },
  { name: 'transcribe', method: 'POST', path: '/v1/transcribe', lead: 'Transcribe the speech of a video with Whisper; starts a job (3 credits).', idempotent: true },
  { name: 'translate', method: 'POST', path: '/v1/translate', lead: 'Transcribe and translate the speech of a video; starts a job (4 credits).', idempotent: true },
  { name: 'create_preview', method: 'POST', path: '/v1/preview', lead: 'Make a thumbnail, GIF, mosaic or short clip of a video; starts a job (1 credit).', idempotent: true },
  { name: 'fingerprint_video', method: 'POST', path: '/v1/fingerprint', lead: 'Perceptual fingerprint of a video, matched against earlier ones; starts a job (1 credit).', idempotent: true },
  { name: 'compare_fingerprints', method: 'POST', path: '/v1/fingerprint/compare', lead: 'Compare two completed fingerprint jobs (free).' },
  { name: 'get_comments', method: 'POST', path: '/v1/comments', lead: 'Extract the comments of a video; starts a job (1 credit).', idempotent: true },
  { name: 'get_job', method: 'GET', path: '/v1/jobs/:job_id', lead: 'A job: status, progress, result and download_url once completed (free).' },
  { name: 'list_jobs', method: 'GET', path: '/v1/jobs', lead: "The caller's jobs, newest first (free)." },
  { name: 'cancel_job', method: 'DELETE', path: '/v1/jobs/:job_id', lead: 'Cancel a pending or processing job (free).' },
];

export const WAIT_TOOL = 'wait_for_job';
export const WAIT_MAX_SECONDS = 300;
/** Below the 60 s request timeout common MCP clients use, so a plain call returns in time. */
export const WAIT_DEFAULT_SECONDS = 50;

export interface ToolDefinition {
  name: string;
  description: string;
  inputSchema: { type: 'object'; properties: Record<string, unknown>; required?: string[]; additionalProperties?: boolean };
  outputSchema?: { type: 'object'; [k: string]: unknown };
  annotations?: Record<string, unknown>;
}

interface RouteSchema {
  summary?: string;
  description?: string;
  params?: TSchema;
  querystring?: TSchema;
  body?: TSchema;
  response?: Record<string, TSchema>;
}

/** Route schemas by "METHOD /path", filled by Fastify's onRoute hook as routes register. */
export type RouteSchemas = Map<string, RouteSchema>;

export function recordRouteSchemas(addHook: (name: 'onRoute', fn: (route: RouteOptions) => void) => unknown): RouteSchemas {
  const schemas: RouteSchemas = new Map();
  addHook('onRoute', (route) => {
    for (const method of [route.method].flat()) schemas.set(`${method} ${route.url}`, (route.schema ?? {}) as RouteSchema);
  });
  return schemas;
}

/** A plain JSON Schema copy: TypeBox's symbols and $ids dropped, shared refs ($ref "Job") inlined. */
function plain(schema: unknown, resolve: (id: string) => unknown): Record<string, unknown> {
  return JSON.parse(JSON.stringify(schema), (key, value: unknown) => {
    if (value && typeof value === 'object' && typeof (value as { $ref?: unknown }).$ref === 'string') {
      const target = resolve((value as { $ref: string }).$ref);
      return target ? plain(target, resolve) : value;
    }
    return key === '$id' ? undefined : value;
  }) as Record<string, unknown>;
}

const ERROR_OUTPUT = {
  type: 'object',
  properties: { code: { type: 'string', description: 'The contract error code, e.g. not_found, validation_error, insufficient_credits' }, detail: {} },
  required: ['code', 'detail'],
};

export function restToolDefinition(tool: RestTool, routes: RouteSchemas, resolve: (id: string) => unknown): ToolDefinition {
  const route = routes.get(`${tool.method} ${tool.path}`);
  if (!route) throw new Error(`MCP tool ${tool.name}: no route ${tool.method} ${tool.path}`);
  const parts = [route.params, route.querystring, route.body].filter(Boolean).map((s) => plain(s, resolve) as { properties?: Record<string, unknown>; required?: string[] });
  const properties = Object.assign({}, ...parts.map((p) => p.properties ?? {})) as Record<string, unknown>;
  const required = parts.flatMap((p) => p.required ?? []);
  if (tool.idempotent) properties.idempotency_key = { type: 'string', minLength: 1, maxLength: 255, description: 'Retry-safe: the same key and arguments within 24 h return the first job instead of starting (and charging) another' };
  const inputSchema: ToolDefinition['inputSchema'] = { type: 'object', properties, required, additionalProperties: false };
  optionalDefaults(inputSchema);
  const success = route.response?.['200'] ?? route.response?.['202'];
  const out = success ? plain(success, resolve) : null;
  const readOnly = tool.method === 'GET';
  return {
    name: tool.name,
    description: [tool.lead, route.summary, route.description].filter(Boolean).join(' '),
    inputSchema,
    // Tool errors carry {code, detail} as structured content too, so the schema admits both.
    ...(out?.type === 'object' ? { outputSchema: { type: 'object', anyOf: [out, ERROR_OUTPUT] } } : {}),
    annotations: { readOnlyHint: readOnly, destructiveHint: tool.method === 'DELETE', idempotentHint: readOnly, openWorldHint: tool.path !== '/v1/jobs' && tool.path !== '/v1/jobs/:job_id' },
  };
}

export function waitToolDefinition(resolve: (id: string) => unknown): ToolDefinition {
  const job = plain(resolve('Job'), resolve);
  return {
    name: WAIT_TOOL,
    description: `Wait until a job ends (completed, failed or cancelled) or timeout_seconds pass, then return the job (free). Sends progress notifications while it waits when the call carries a progressToken. A job still running at the timeout is returned as it is: call again.`,
    inputSchema: {
      type: 'object',
      properties: {
        job_id: { type: 'string', format: 'uuid' },
        timeout_seconds: { type: 'integer', minimum: 1, maximum: WAIT_MAX_SECONDS, default: WAIT_DEFAULT_SECONDS, description: `At most ${WAIT_MAX_SECONDS}; the default ${WAIT_DEFAULT_SECONDS} returns before the 60 s request timeout of common clients` },
      },
      required: ['job_id'],
      additionalProperties: false,
    },
    outputSchema: { type: 'object', anyOf: [job, ERROR_OUTPUT] },
    annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false },
  };
}
