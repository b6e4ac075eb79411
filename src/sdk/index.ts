// The VideoConduit TypeScript SDK (browser and Node). Node file helpers: ./node.ts.
export { createClient, type ClientOptions, type SubmitOptions, type VideoConduit, type Job, type JobAccepted, type Account, type ApiKey, type Webhook, type Page } from './client.js';
export type { DownloadRequest, PreviewRequest, TranscribeRequest, TranslateRequest, FingerprintRequest, CommentsRequest, WebhookCreateRequest, WebhookUpdateRequest, JobListQuery } from './client.js';
export { VideoConduitError, WaitTimeoutError, errorMessage, issueText, type ApiErrorBody } from './errors.js';
export type { WaitOptions } from './wait.js';
export { verifyWebhook, WebhookVerificationError, type WebhookEvent } from './webhooks.js';
export type { components, paths } from './openapi.js';
