// Row types as stored. JSON columns are text; booleans are 0/1 integers (one schema for SQLite and Postgres).
import type { Generated } from 'kysely';

export interface AccountRow {
  id: string;
  name: string;
  plan: string;
  credits_balance: number;
  rate_limit_per_minute: number;
  webhook_secret: string;
  /** Still valid (and signed with) until the expiry after a rotation; added by 002_webhooks. */
  previous_webhook_secret?: string | null;
  previous_webhook_secret_expires_at?: string | null;
  created_at: string;
}

export interface ApiKeyRow {
  id: string;
  account_id: string;
  name: string;
  prefix: string;
  last4: string;
  key_hash: string;
  active: number;
  created_at: string;
  last_used_at: string | null;
}

export interface LedgerRow {
  id: string;
  account_id: string;
  created_at: string;
  delta: number;
  balance_after: number;
  reason: string;
  job_id: string | null;
  /** The GET /v1/info lookup this entry reserves or refunds (004_hardening). */
  lookup_id?: string | null;
}

export type JobStatus = 'pending' | 'processing' | 'completed' | 'failed' | 'cancelled';

export interface JobRow {
  id: string;
  account_id: string;
  job_type: string;
  status: JobStatus;
  progress: number;
  stage: string;
  request: string;
  metadata: string | null;
  result: string | null;
  error_code: string | null;
  error_detail: string | null;
  credits_charged: number;
  credits_refunded: number;
  webhook_url: string | null;
  attempts: number;
  lease_expires_at: string | null;
  process_pid: number | null;
  /** "<boot id>/<start ticks>" of process_pid, so a reused pid is never killed (004_hardening). */
  process_start?: string | null;
  /** Attempts a shutdown handed back (not counted against the retry budget; 004_hardening). */
  released_attempts?: number;
  /** workers.id of the process holding the claim (005_scale_queue). */
  worker_id?: string | null;
  created_at: string;
  started_at: string | null;
  completed_at: string | null;
  expires_at: string | null;
  updated_at: string;
}

export interface IdempotencyRow {
  account_id: string;
  key: string;
  request_hash: string;
  status_code: number;
  response_body: string;
  created_at: string;
}

export interface WebhookEndpointRow {
  id: string;
  account_id: string;
  url: string;
  description: string | null;
  events: string;
  secret: string;
  previous_secret: string | null;
  previous_secret_expires_at: string | null;
  enabled: number;
  disabled_reason: string | null;
  failing_since: string | null;
  created_at: string;
  updated_at: string;
}

export type DeliveryStatus = 'pending' | 'succeeded' | 'failed';

export interface WebhookDeliveryRow {
  id: string;
  account_id: string;
  endpoint_id: string | null;
  target: string;
  url: string;
  event_id: string;
  event_type: string;
  job_id: string | null;
  payload: string;
  status: DeliveryStatus;
  attempts: number;
  next_attempt_at: string;
  last_error: string | null;
  created_at: string;
  updated_at: string;
}

export interface WebhookAttemptRow {
  id: string;
  delivery_id: string;
  account_id: string;
  endpoint_id: string | null;
  event_id: string;
  event_type: string;
  attempt: number;
  url: string;
  created_at: string;
  status_code: number | null;
  duration_ms: number;
  response_excerpt: string | null;
  error: string | null;
  success: number;
  next_attempt_at: string | null;
}

/** Added by 003_fingerprints. */
export interface FingerprintRow {
  /** Integer surrogate id: what the key index stores (4 bytes, not a 36-character uuid). */
  id: Generated<number>;
  job_id: string;
  account_id: string;
  duration_ms: number;
  interval_ms: number;
  visual: string;
  audio: string | null;
  created_at: string;
}

/** The integer id the key index uses for an account. */
export interface FingerprintAccountRow {
  id: Generated<number>;
  account_id: string;
}

export interface FingerprintKeyRow {
  /** fingerprint_accounts.id */
  acct: number;
  key: number;
  /** fingerprints.id */
  fp_id: number;
}

/** A serve or worker process (005_scale_queue). */
export interface WorkerRow {
  id: string;
  host: string;
  pid: number;
  role: string;
  concurrency: number;
  /** JSON: videoconduit, node, yt-dlp, ffmpeg. */
  versions: string;
  draining: number;
  started_at: string;
  last_seen_at: string;
}

export interface QueueAccountRow {
  account_id: string;
  /** The ticket of the account's last claim (max + 1 at each claim). */
  last_claim: number;
}

export interface RateCounterRow {
  key_id: string;
  /** Unix time in minutes. */
  minute: number;
  count: number;
}

export interface LimitSlotRow {
  id: string;
  scope: string;
  key: string;
  holder: string;
  expires_at: string;
}

/** Added by 006_job_secrets: a job's sealed secrets (cookies) until it ends. */
export interface JobSecretRow {
  job_id: string;
  sealed: string;
  created_at: string;
}

export interface Database {
  accounts: AccountRow;
  api_keys: ApiKeyRow;
  ledger_entries: LedgerRow;
  jobs: JobRow;
  idempotency_keys: IdempotencyRow;
  webhook_endpoints: WebhookEndpointRow;
  webhook_deliveries: WebhookDeliveryRow;
  webhook_attempts: WebhookAttemptRow;
  fingerprints: FingerprintRow;
  fingerprint_accounts: FingerprintAccountRow;
  fingerprint_keys: FingerprintKeyRow;
  workers: WorkerRow;
  queue_accounts: QueueAccountRow;
  rate_counters: RateCounterRow;
  limit_slots: LimitSlotRow;
  job_secrets: JobSecretRow;
  kysely_migration?: { name: string; timestamp: string; id?: Generated<number> };
}
