// Webhook endpoints (API §7): management, the delivery log, test events, secret rotation.
// Another account's endpoint answers 404 exactly like a missing one.
import { Type, type Static } from '@sinclair/typebox';
import type { App } from '../app.js';
import { ApiError } from '../../errors.js';
import { checkUrl } from '../accept.js';
import { requireAuth } from '../guard.js';
import { decodeCursor, encodePage } from '../paging.js';
import { ListQuery, Nullable, errorResponses, page } from '../schemas.js';
import { nowIso } from '../../store/ids.js';
import type { WebhookAttemptRow, WebhookEndpointRow } from '../../store/schema.js';
import * as store from '../../store/webhooks.js';
import { JOB_EVENTS, newEventId, type WebhookEvent } from '../../webhooks/events.js';
import { secretHint } from '../../webhooks/signing.js';

const Params = Type.Object({ webhook_id: Type.String({ format: 'uuid' }) });
const EventList = Type.Array(Type.Union(JOB_EVENTS.map((e) => Type.Literal(e))), { minItems: 1, uniqueItems: true, maxItems: JOB_EVENTS.length });
const Url = Type.String({ format: 'uri', maxLength: 2048 });
const Description = Type.String({ maxLength: 500 });

const Endpoint = Type.Object({
  id: Type.String(),
  url: Type.String(),
  description: Nullable(Type.String()),
  events: Type.Array(Type.String()),
  enabled: Type.Boolean(),
  disabled_reason: Nullable(Type.String({ description: 'Why deliveries stopped: 410 Gone, 5 days of failures, or disabled through the API' })),
  secret_hint: Type.String(),
  created_at: Type.String(),
  updated_at: Type.String(),
});
const EndpointWithSecret = Type.Composite([
  Endpoint,
  Type.Object({ secret: Type.String({ description: 'whsec_<base64 of 32 bytes>; shown only here' }), previous_secret_expires_at: Nullable(Type.String()) }),
]);
const Attempt = Type.Object({
  id: Type.String(),
  event_id: Type.String(),
  event_type: Type.String(),
  attempt: Type.Integer({ description: '1 for the first try of this event' }),
  created_at: Type.String(),
  url: Type.String(),
  success: Type.Boolean(),
  status_code: Nullable(Type.Integer()),
  duration_ms: Type.Integer(),
  response_excerpt: Nullable(Type.String({ description: 'First 1 KiB of the response body' })),
  error: Nullable(Type.String()),
  next_attempt_at: Nullable(Type.String({ description: 'When the event is retried after this failure; null when it is not' })),
});
const TestSent = Type.Object({ event_id: Type.String(), type: Type.Literal('webhook.test') });

const CreateBody = Type.Object({ url: Url, events: EventList, description: Type.Optional(Description) }, { additionalProperties: false });
// Null first in the union: with type coercion on, null would otherwise be coerced to "".
const PatchBody = Type.Object(
  { url: Type.Optional(Url), events: Type.Optional(EventList), description: Type.Optional(Type.Union([Type.Null(), Description])), enabled: Type.Optional(Type.Boolean()) },
  { additionalProperties: false, minProperties: 1 },
);

function endpointView(e: WebhookEndpointRow): Static<typeof Endpoint> {
  return {
    id: e.id,
    url: e.url,
    description: e.description,
    events: JSON.parse(e.events) as string[],
    enabled: e.enabled === 1,
    disabled_reason: e.disabled_reason,
    secret_hint: secretHint(e.secret),
    created_at: e.created_at,
    updated_at: e.updated_at,
  };
}

function attemptView(a: WebhookAttemptRow): Static<typeof Attempt> {
  return {
    id: a.id,
    event_id: a.event_id,
    event_type: a.event_type,
    attempt: a.attempt,
    created_at: a.created_at,
    url: a.url,
    success: a.success === 1,
    status_code: a.status_code,
    duration_ms: a.duration_ms,
    response_excerpt: a.response_excerpt,
    error: a.error,
    next_attempt_at: a.next_attempt_at,
  };
}

const withSecret = (e: WebhookEndpointRow) => ({ ...endpointView(e), secret: e.secret, previous_secret_expires_at: e.previous_secret ? e.previous_secret_expires_at : null });

export function webhookRoutes(app: App): void {
  const db = () => app.deps.store.db;
  const owned = async (id: string, accountId: string) => {
    const ep = await store.getEndpoint(db(), id, accountId);
    if (!ep) throw new ApiError('not_found', 'No such webhook endpoint.');
    return ep;
  };
  const tags = ['webhooks'];

  app.post(
    '/v1/webhooks',
    { schema: { tags, summary: 'Create a webhook endpoint (its secret is shown once)', body: CreateBody, response: { 201: EndpointWithSecret, ...errorResponses(400, 401, 403, 422, 429) } } },
    async (request, reply) => {
      const { account } = requireAuth(request);
      await checkUrl(app.deps.urlPolicy, request.body.url);
      const ep = await store.createEndpoint(db(), { accountId: account.id, url: request.body.url, events: request.body.events, description: request.body.description ?? null });
      return reply.code(201).send(withSecret(ep));
    },
  );

  app.get(
    '/v1/webhooks',
    { schema: { tags, summary: 'List webhook endpoints, newest first', querystring: Type.Object(ListQuery, { additionalProperties: false }), response: { 200: page(Endpoint), ...errorResponses(401, 403, 422, 429) } } },
    async (request) => {
      const { account } = requireAuth(request);
      const rows = await store.listEndpoints(db(), account.id, { before: decodeCursor(request.query.cursor), limit: request.query.limit });
      return encodePage(rows, request.query.limit, endpointView);
    },
  );

  app.get(
    '/v1/webhooks/:webhook_id',
    { schema: { tags, summary: 'One webhook endpoint', params: Params, response: { 200: Endpoint, ...errorResponses(401, 403, 404, 422, 429) } } },
    async (request) => endpointView(await owned(request.params.webhook_id, requireAuth(request).account.id)),
  );

  app.patch(
    '/v1/webhooks/:webhook_id',
    {
      schema: {
        tags,
        summary: 'Change url, events, description; enabled=true re-enables a disabled endpoint',
        params: Params,
        body: PatchBody,
        response: { 200: Endpoint, ...errorResponses(400, 401, 403, 404, 422, 429) },
      },
    },
    async (request) => {
      const { account } = requireAuth(request);
      await owned(request.params.webhook_id, account.id);
      if (request.body.url !== undefined) await checkUrl(app.deps.urlPolicy, request.body.url);
      const ep = await store.updateEndpoint(db(), request.params.webhook_id, account.id, request.body);
      if (!ep) throw new ApiError('not_found', 'No such webhook endpoint.');
      return endpointView(ep);
    },
  );

  app.delete(
    '/v1/webhooks/:webhook_id',
    { schema: { tags, summary: 'Delete a webhook endpoint and its delivery log', params: Params, response: { 204: Type.Null(), ...errorResponses(401, 403, 404, 422, 429) } } },
    async (request, reply) => {
      const { account } = requireAuth(request);
      if (!(await store.deleteEndpoint(db(), request.params.webhook_id, account.id))) throw new ApiError('not_found', 'No such webhook endpoint.');
      return reply.code(204).send(null);
    },
  );

  app.get(
    '/v1/webhooks/:webhook_id/deliveries',
    {
      schema: {
        tags,
        summary: 'Delivery attempts to this endpoint, newest first',
        params: Params,
        querystring: Type.Object(ListQuery, { additionalProperties: false }),
        response: { 200: page(Attempt), ...errorResponses(401, 403, 404, 422, 429) },
      },
    },
    async (request) => {
      const ep = await owned(request.params.webhook_id, requireAuth(request).account.id);
      const rows = await store.listAttempts(db(), ep.id, { before: decodeCursor(request.query.cursor), limit: request.query.limit });
      return encodePage(rows, request.query.limit, attemptView);
    },
  );

  app.post(
    '/v1/webhooks/:webhook_id/test',
    {
      schema: {
        tags,
        summary: 'Send a webhook.test event (delivered, retried and logged like any other)',
        params: Params,
        response: { 202: TestSent, ...errorResponses(401, 403, 404, 409, 422, 429) },
      },
    },
    async (request, reply) => {
      const ep = await owned(request.params.webhook_id, requireAuth(request).account.id);
      if (!ep.enabled) throw new ApiError('conflict', `The endpoint is disabled (${ep.disabled_reason ?? 'no reason recorded'}); PATCH enabled=true first.`);
      const event: WebhookEvent = { id: newEventId(), type: 'webhook.test', created_at: nowIso(), data: { webhook_id: ep.id, message: 'A test event from VideoConduit.' } };
      await store.insertDeliveries(db(), [
        { account_id: ep.account_id, endpoint_id: ep.id, target: ep.id, url: ep.url, event_id: event.id, event_type: event.type, job_id: null, payload: JSON.stringify(event) },
      ]);
      app.deps.wakeWebhooks();
      return reply.code(202).send({ event_id: event.id, type: 'webhook.test' as const });
    },
  );

  app.post(
    '/v1/webhooks/:webhook_id/rotate-secret',
    {
      schema: {
        tags,
        summary: 'New signing secret (shown once); the old one keeps signing for 24 h',
        params: Params,
        response: { 200: EndpointWithSecret, ...errorResponses(401, 403, 404, 422, 429) },
      },
    },
    async (request) => {
      const { account } = requireAuth(request);
      const ep = await store.rotateEndpointSecret(db(), request.params.webhook_id, account.id);
      if (!ep) throw new ApiError('not_found', 'No such webhook endpoint.');
      return withSecret(ep);
    },
  );
}
