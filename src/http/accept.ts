// Accepting a POST job request: URL policy (refusals cost nothing), load shedding, then the
// lifecycle's submit (idempotency key, charge, per-account limit and job in one transaction,
// whose notification wakes a worker on any host).
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Config } from '../config.js';
import { ApiError } from '../errors.js';
import type { JobType } from '../jobs/registry.js';
import type { UrlPolicy } from '../net/urlpolicy.js';
import type { Lifecycle } from '../queue/lifecycle.js';
import type { Store } from '../store/db.js';
import { findIdempotent } from '../store/idempotency.js';
import { sealSecrets, secretsKey, type JobSecrets } from '../store/job-secrets.js';
import { countJobs } from '../store/jobs.js';
import { idempotencyOf } from './idempotency.js';

export interface AcceptDeps {
  config: Readonly<Config>;
  store: Store;
  lifecycle: Lifecycle;
  urlPolicy: UrlPolicy;
  /** Seals a job's secrets (store/job-secrets.ts). */
  signingSecret: string;
}

export interface AcceptInput {
  accountId: string;
  jobType: JobType;
  url: string;
  payload: unknown;
  cost: number;
  metadata: unknown;
  webhookUrl: string | null;
  /** Kept apart from `payload` (the job's stored request), sealed, deleted when the job ends. */
  secrets?: JobSecrets | null;
}

const MAX_METADATA_BYTES = 4096;

export async function checkUrl(policy: UrlPolicy, url: string, field = 'url'): Promise<void> {
  const verdict = await policy.check(url);
  if (!verdict.ok) throw new ApiError('url_not_allowed', `${field} is not allowed: ${verdict.reason}`);
}

export async function acceptJob(deps: AcceptDeps, request: FastifyRequest, reply: FastifyReply, input: AcceptInput) {
  const { config, store } = deps;
  const idem = idempotencyOf(request);
  if (idem) {
    const replayed = await findIdempotent(store.db, input.accountId, idem);
    if (replayed) return reply.code(replayed.statusCode).header('Idempotent-Replayed', 'true').send(replayed.body);
  }
  if (input.metadata !== undefined && JSON.stringify(input.metadata).length > MAX_METADATA_BYTES) {
    throw new ApiError('validation_error', [{ loc: ['body', 'metadata'], msg: `metadata is limited to ${MAX_METADATA_BYTES} bytes of JSON`, type: 'too_large' }]);
  }
  await checkUrl(deps.urlPolicy, input.url);
  if (input.webhookUrl) await checkUrl(deps.urlPolicy, input.webhookUrl, 'webhook_url');
  if ((await countJobs(store.db, { statuses: ['pending'] })) >= config.queueMaxDepth) {
    throw new ApiError('service_unavailable', 'The job queue is full; retry later.', {}, { 'Retry-After': '30' });
  }
  // The per-account active-job limit is checked inside the submit transaction (exact across hosts).
  const secrets = input.secrets ?? null;
  const accepted = await deps.lifecycle.submit(
    {
      accountId: input.accountId,
      jobType: input.jobType,
      request: input.payload,
      metadata: input.metadata ?? null,
      webhookUrl: input.webhookUrl,
      cost: input.cost,
      sealSecrets: secrets ? (jobId) => sealSecrets(secretsKey(deps.signingSecret), jobId, secrets) : null,
    },
    idem,
  );
  if (accepted.replayed) void reply.header('Idempotent-Replayed', 'true');
  return reply.code(accepted.statusCode).send(accepted.body);
}
