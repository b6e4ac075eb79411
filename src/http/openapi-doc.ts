// Turns the document @fastify/swagger generates from the route schemas into one people can
// use: tags in reading order (core -> jobs -> account -> webhooks -> admin), paths sorted the
// same way, every status described (no "Default Response"), examples for every request body
// and response (src/http/openapi-examples.ts), a Location header on 202s, and the admin
// endpoints left out while the admin API is off (VC_ADMIN_KEY unset).
import { ERROR_EXAMPLES, REQUEST_EXAMPLES, RESPONSE_EXAMPLES, ROUTE_ERRORS, SUCCESS_DESCRIPTIONS } from './openapi-examples.js';

export const TAGS = [
  { name: 'info', description: 'Metadata of a video or playlist URL (synchronous)' },
  { name: 'download', description: 'Download and process a video or its audio (job)' },
  { name: 'preview', description: 'Thumbnails, GIFs, mosaics and clips (job)' },
  { name: 'speech', description: 'Transcripts and translations with Whisper and Apertium (job)' },
  { name: 'fingerprint', description: 'Perceptual fingerprints and duplicate matching (job)' },
  { name: 'comments', description: 'Comments of a video (job)' },
  { name: 'jobs', description: 'Follow, list and cancel jobs; Server-Sent Events' },
  { name: 'files', description: 'Job outputs behind signed, expiring links' },
  { name: 'account', description: 'The calling account, its credits and webhook secret' },
  { name: 'webhooks', description: 'Webhook endpoints and their delivery log' },
  { name: 'admin', description: 'Operator API (VC_ADMIN_KEY)' },
  { name: 'meta', description: 'Versions and changelog' },
  { name: 'operations', description: 'Health, readiness and Prometheus metrics' },
];

interface Media {
  schema?: Record<string, unknown>;
  example?: unknown;
  examples?: Record<string, { summary?: string; value: unknown }>;
}
interface Operation {
  tags?: string[];
  parameters?: { in: string; required?: boolean; schema?: { default?: unknown } }[];
  requestBody?: { content?: Record<string, Media> };
  responses?: Record<string, { description?: string; headers?: Record<string, unknown>; content?: Record<string, Media> }>;
}
export interface OpenApiDoc {
  tags?: { name: string; description?: string }[];
  paths?: Record<string, Record<string, Operation>>;
  [k: string]: unknown;
}

const METHODS = ['get', 'post', 'put', 'patch', 'delete'];

/** A short name for a request example: what kind of request it is. */
function exampleName(value: unknown, i: number): string {
  const v = value as Record<string, unknown>;
  const kind = typeof v?.preview_type === 'string' ? v.preview_type : typeof v?.format === 'string' ? v.format : null;
  return kind ?? `example${i + 1}`;
}

function setExample(media: Media, value: unknown): void {
  if (media.example === undefined && media.examples === undefined) media.example = value;
}

/**
 * A field with a default is optional to the caller: the server fills it in before checking
 * `required` (Ajv useDefaults). TypeBox lists it as required; the document (and so the SDK's
 * types) must not.
 */
export function optionalDefaults(schema: unknown): void {
  if (!schema || typeof schema !== 'object') return;
  const s = schema as { properties?: Record<string, { default?: unknown }>; required?: string[]; anyOf?: unknown[]; items?: unknown };
  if (s.properties && Array.isArray(s.required)) {
    s.required = s.required.filter((name) => s.properties?.[name]?.default === undefined);
    if (s.required.length === 0) delete s.required;
  }
  for (const sub of [...Object.values(s.properties ?? {}), ...(s.anyOf ?? []), s.items]) optionalDefaults(sub);
}

function describeResponses(key: string, op: Operation): void {
  for (const [status, response] of Object.entries(op.responses ?? {})) {
    const code = Number(status);
    const error = code >= 400 ? (ROUTE_ERRORS[key]?.[status] ?? ERROR_EXAMPLES[status]) : undefined;
    if (!response.description || response.description === 'Default Response') {
      response.description = error?.description ?? SUCCESS_DESCRIPTIONS[status] ?? 'OK';
    }
    const example = error ? error.example : RESPONSE_EXAMPLES[key]?.[status];
    for (const media of Object.values(response.content ?? {})) {
      if (example !== undefined && media.schema?.format !== 'binary') setExample(media, example);
    }
    if (code === 202 && RESPONSE_EXAMPLES[key]?.[status] && typeof (RESPONSE_EXAMPLES[key][status] as { job_id?: unknown }).job_id === 'string') {
      response.headers = { ...response.headers, Location: { description: 'The job: /v1/jobs/{job_id}', schema: { type: 'string' } } };
    }
    if (code === 429 || code === 503) {
      response.headers = { ...response.headers, 'Retry-After': { description: 'Seconds to wait before retrying', schema: { type: 'integer' } } };
    }
  }
}

export function transformOpenApi(doc: OpenApiDoc, opts: { adminEnabled: boolean }): OpenApiDoc {
  const order = new Map(TAGS.map((t, i) => [t.name, i]));
  const rank = (ops: Record<string, Operation>) => Math.min(...Object.values(ops).map((op) => order.get(op.tags?.[0] ?? '') ?? TAGS.length));
  const entries = Object.entries(doc.paths ?? {})
    .filter(([, ops]) => opts.adminEnabled || !Object.values(ops).every((op) => op.tags?.includes('admin')))
    .map(([path, ops], i) => ({ path, ops, rank: rank(ops), i }))
    .sort((a, b) => a.rank - b.rank || a.i - b.i);
  for (const { path, ops } of entries) {
    for (const method of METHODS) {
      const op = ops[method];
      if (!op) continue;
      const key = `${method.toUpperCase()} ${path}`;
      for (const p of op.parameters ?? []) if (p.in === 'query' && p.schema?.default !== undefined) p.required = false;
      const bodyExamples = REQUEST_EXAMPLES[key];
      for (const media of Object.values(op.requestBody?.content ?? {})) {
        optionalDefaults(media.schema);
        if (bodyExamples && media.example === undefined && media.examples === undefined) {
          media.examples = Object.fromEntries(bodyExamples.map((value, i) => [exampleName(value, i), { value }]));
        }
      }
      describeResponses(key, op);
    }
  }
  doc.paths = Object.fromEntries(entries.map((e) => [e.path, e.ops]));
  doc.tags = TAGS.filter((t) => opts.adminEnabled || t.name !== 'admin');
  return doc;
}
