// Examples for /openapi.json and /docs: every request body and every success response.
// Keyed by "METHOD /path" as OpenAPI spells it. test/openapi-examples.test.ts checks that each
// example validates against its own schema and that the server accepts each request example;
// a new route fails that test until it has its examples here. Error examples come from
// ERROR_EXAMPLES by status (ROUTE_ERRORS overrides the code where a route means another one).

const JOB_ID = '0193a1f2-6c1d-7b3e-9a51-4f0e2d8c7b10';
const JOB_ID_2 = '0193a1f3-02aa-7c41-8e2f-1d7a9b3c5e22';
const CREATED = '2026-11-28T17:20:24Z';
const STARTED = '2026-11-28T17:20:25Z';
const DONE = '2026-11-28T17:20:27Z';
const EXPIRES = '2026-11-29T17:20:27Z';
const VIDEO = 'https://videos.example.com/watch/v123';
const FILE = (name: string) => `https://api.example.com/v1/files/${JOB_ID}/${name}?expires=1764436827&sig=Qm9uam91ciBsZSBtb25kZQ`;

export const JOB_EXAMPLE = {
  job_id: JOB_ID,
  job_type: 'preview',
  status: 'completed',
  progress: 100,
  stage: 'done',
  created_at: CREATED,
  started_at: STARTED,
  completed_at: DONE,
  credits_charged: 1,
  credits_refunded: 0,
  request: { url: VIDEO, preview_type: 'thumbnail', timestamp: 12.5, width: 480 },
  metadata: { order: 'A-1001' },
  result: { filename: 'thumbnail.jpg', width: 480, height: 270, size_bytes: 18342, mime_type: 'image/jpeg', source_access: 'seek' },
  download_url: FILE('thumbnail.jpg'),
  expires_at: EXPIRES,
  error: null,
};

const PROCESSING_JOB = { ...JOB_EXAMPLE, status: 'processing', progress: 40, stage: 'rendering', completed_at: null, result: null, download_url: null, expires_at: null };
const CANCELLED_JOB = { ...PROCESSING_JOB, status: 'cancelled', stage: 'cancelled', completed_at: DONE, error: { code: 'cancelled', detail: 'Cancelled by the caller.' } };

const accepted = (jobType: string, credits = 1) => ({ job_id: JOB_ID, status: 'pending', credits_charged: credits, job_type: jobType, created_at: CREATED });
const page = (items: unknown[]) => ({ data: items, has_more: false, next_cursor: null });

const INFO = {
  id: 'v123',
  title: 'Big Buck Bunny',
  description: 'A short open film.',
  uploader: 'Blender Foundation',
  uploader_id: 'blender',
  channel: 'Blender',
  upload_date: '20081110',
  timestamp: 1226275200,
  duration: 596.5,
  view_count: 1024,
  like_count: 64,
  comment_count: 8,
  thumbnail: 'https://videos.example.com/thumbs/v123.jpg',
  thumbnails: [{ url: 'https://videos.example.com/thumbs/v123.jpg', width: 1280, height: 720 }],
  tags: ['animation'],
  categories: ['Film'],
  chapters: [{ start_time: 0, end_time: 60, title: 'Opening' }],
  webpage_url: VIDEO,
  extractor: 'generic',
  is_live: false,
  subtitles: ['en'],
  automatic_captions: ['en', 'de'],
  width: 1280,
  height: 720,
  fps: 30,
  vcodec: 'avc1.64001f',
  acodec: 'mp4a.40.2',
  probed_fields: [],
  formats: [{ format_id: 'hls-720p', ext: 'mp4', width: 1280, height: 720, fps: 30, vcodec: 'avc1.64001f', acodec: 'mp4a.40.2', abr: 128, vbr: 2372, tbr: 2500, filesize: null, filesize_approx: 186406250, protocol: 'm3u8_native' }],
};

const ENDPOINT = {
  id: '0193a1f4-1b2c-7d3e-8f40-5a6b7c8d9e01',
  url: 'https://hooks.example.com/videoconduit',
  description: 'Production receiver',
  events: ['job.completed', 'job.failed'],
  enabled: true,
  disabled_reason: null,
  secret_hint: 'whsec_…Q2w=',
  created_at: CREATED,
  updated_at: CREATED,
};
const ENDPOINT_WITH_SECRET = { ...ENDPOINT, secret: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw8yLBGYSX2Q2w=', previous_secret_expires_at: null };

export const REQUEST_EXAMPLES: Record<string, unknown[]> = {
  'POST /v1/download': [
    { url: VIDEO, format: 'mp4', quality: '720p' },
    { url: VIDEO, format: 'mp3', audio_only: true, start: '0:30', end: '1:15', metadata: { order: 'A-1001' } },
    { url: 'https://videos.example.com/playlist/p42', playlist: true, max_items: 10, format: 'm4a', audio_only: true, audio_bitrate: 128 },
    { url: VIDEO, split_chapters: true, subtitles: ['en'], subtitles_source: 'any', subtitles_mode: 'files' },
    { url: VIDEO, format: 'mkv', video_codec: 'h265', audio_codec: 'opus', cookies: '# Netscape HTTP Cookie File\n.videos.example.com\tTRUE\t/\tTRUE\t0\tsession\tabc123\n' },
    { url: 'https://videos.example.com/live/now', live: { from_start: false, max_duration: 600 } },
  ],
  'POST /v1/info': [
    { url: VIDEO },
    { url: VIDEO, cookies: '# Netscape HTTP Cookie File\n.videos.example.com\tTRUE\t/\tTRUE\t0\tsession\tabc123\n' },
  ],
  'POST /v1/preview': [
    { url: VIDEO, preview_type: 'thumbnail', timestamp: 12.5, width: 480 },
    { url: VIDEO, preview_type: 'gif', start: '0:05', duration: 4, fps: 10, width: 320 },
    { url: VIDEO, preview_type: 'mosaic', columns: 4, rows: 3, width: 960 },
    { url: VIDEO, preview_type: 'clip', start: 30, duration: 10, webhook_url: 'https://hooks.example.com/videoconduit' },
  ],
  'POST /v1/transcribe': [{ url: VIDEO, output_format: 'srt', model_size: 'base' }],
  'POST /v1/translate': [{ url: VIDEO, target_language: 'en', output_format: 'vtt' }],
  'POST /v1/fingerprint': [{ url: VIDEO, hash_size: 16 }],
  'POST /v1/fingerprint/compare': [{ job_ids: [JOB_ID, JOB_ID_2] }],
  'POST /v1/comments': [{ url: VIDEO, max_comments: 200, sort: 'new', include_replies: false }],
  'POST /v1/webhooks': [{ url: 'https://hooks.example.com/videoconduit', events: ['job.completed', 'job.failed'], description: 'Production receiver' }],
  'PATCH /v1/webhooks/{webhook_id}': [{ events: ['job.completed', 'job.failed', 'job.cancelled'] }, { enabled: true }],
  'POST /v1/admin/accounts': [{ name: 'acme', credits: 100 }],
  'POST /v1/admin/accounts/{account_id}/credits': [{ amount: 50 }],
  'POST /v1/admin/accounts/{account_id}/keys': [{ name: 'ci' }],
};

const ACCOUNT = { id: '0193a1f0-0000-7000-8000-00000000a001', name: 'acme', plan: 'default', credits_balance: 97, rate_limit_per_minute: 60, webhook_secret_hint: 'whsec_…k3M=' };
const KEY = { id: '0193a1f0-0000-7000-8000-00000000b001', name: 'ci', prefix: 'vc_Xy12', last4: 'Qz9a', active: true, created_at: CREATED, last_used_at: DONE };

/** Success responses by operation and status. */
export const RESPONSE_EXAMPLES: Record<string, Record<string, unknown>> = {
  'GET /api/version': { 200: { current_version: '1.0.0', versions: { v1: { status: 'active', deprecated: false, sunset: null } } } },
  'GET /api/changelog': { 200: { current_version: '1.0.0', versions: [{ version: '1.0.0', date: '2026-12-02', changes: ['Initial release.'] }] } },
  'GET /healthz': { 200: { status: 'ok' } },
  'GET /readyz': { 200: { status: 'ready', checks: { database: 'ok', ffmpeg: 'ok', ffprobe: 'ok', python: 'ok', 'yt-dlp': 'ok' }, versions: { 'yt-dlp': '2026.10.26' } } },
  'GET /metrics': { 200: '# HELP videoconduit_queue_depth Jobs waiting to be claimed\n# TYPE videoconduit_queue_depth gauge\nvideoconduit_queue_depth 0\n' },
  'GET /v1/info': { 200: INFO },
  'POST /v1/info': { 200: INFO },
  'POST /v1/download': { 202: accepted('download') },
  'POST /v1/preview': { 202: accepted('preview') },
  'POST /v1/transcribe': { 202: accepted('transcribe', 3) },
  'POST /v1/translate': { 202: accepted('translate', 4) },
  'POST /v1/fingerprint': { 202: accepted('fingerprint') },
  'POST /v1/comments': { 202: accepted('comments') },
  'POST /v1/fingerprint/compare': {
    200: { similarity: 0.93, match: true, visual_similarity: 0.95, audio_similarity: 0.9, speed: 1, offset: 12, segments: [{ start_a: 0, end_a: 48, start_b: 12, end_b: 60 }] },
  },
  'GET /v1/translate/languages': {
    200: {
      pairs: [
        { source_language: '*', target_language: 'en', engine: 'whisper', route: 'whisper translate', chrf: null, alternatives: [] },
        { source_language: 'es', target_language: 'en', engine: 'apertium', route: 'apertium es->en', chrf: 44.1, alternatives: [{ engine: 'whisper', route: 'whisper translate', chrf: 34.1 }] },
        { source_language: 'en', target_language: 'pt', engine: 'bergamot', route: 'bergamot en->pt', chrf: 81.3, alternatives: [] },
      ],
      model_sizes: ['tiny.en', 'base'],
      missing_model_sizes: ['tiny', 'small', 'medium', 'large-v3'],
    },
  },
  'GET /v1/transcribe/models': {
    200: {
      models: [
        { model_size: 'base', source: 'package', multilingual: true, revision: null, realtime_factor: 0.037, samples: 12 },
        { model_size: 'small', source: 'pulled', multilingual: true, revision: 'Systran/faster-whisper-small@536b0662742c', realtime_factor: null, samples: 0 },
      ],
      device: { device: 'cpu', compute_type: 'int8' },
      missing_model_sizes: ['tiny', 'medium', 'large-v3'],
    },
  },
  'GET /v1/jobs': { 200: page([JOB_EXAMPLE]) },
  'GET /v1/jobs/{job_id}': { 200: JOB_EXAMPLE },
  'DELETE /v1/jobs/{job_id}': { 200: CANCELLED_JOB },
  'GET /v1/jobs/{job_id}/events': { 200: `event: progress\nid: ${JOB_ID}:${STARTED}\ndata: ${JSON.stringify(PROCESSING_JOB)}\n\nevent: completed\nid: ${JOB_ID}:${DONE}\ndata: ${JSON.stringify(JOB_EXAMPLE)}\n\n` },
  'GET /v1/account': { 200: ACCOUNT },
  'POST /v1/account/webhook-secret/rotate': { 200: { webhook_secret: 'whsec_9Zp1yJb0sQ4u7fXcD2eR8tW5vL3nK6mA1gH0iB7oY4k3M=', webhook_secret_hint: 'whsec_…k3M=', previous_secret_expires_at: EXPIRES } },
  'GET /v1/account/keys': {
    200: page([
      { ...KEY, current: true },
      { ...KEY, id: '0193a1ef-0000-7000-8000-00000000b000', name: 'default', prefix: 'vc_Pq7r', last4: 'x0Lm', active: false, last_used_at: null, current: false },
    ]),
  },
  'GET /v1/account/ledger': { 200: page([{ id: '0193a1f2-6c1e-7000-8000-00000000c001', created_at: CREATED, delta: -1, balance_after: 97, reason: 'charge', job_id: JOB_ID }]) },
  'POST /v1/webhooks': { 201: ENDPOINT_WITH_SECRET },
  'GET /v1/webhooks': { 200: page([ENDPOINT]) },
  'GET /v1/webhooks/{webhook_id}': { 200: ENDPOINT },
  'PATCH /v1/webhooks/{webhook_id}': { 200: ENDPOINT },
  'POST /v1/webhooks/{webhook_id}/rotate-secret': { 200: { ...ENDPOINT_WITH_SECRET, previous_secret_expires_at: EXPIRES } },
  'POST /v1/webhooks/{webhook_id}/test': { 202: { event_id: '0193a1f5-0000-7000-8000-00000000d001', type: 'webhook.test' } },
  'GET /v1/webhooks/{webhook_id}/deliveries': {
    200: page([
      {
        id: '0193a1f5-0000-7000-8000-00000000e001',
        event_id: '0193a1f5-0000-7000-8000-00000000d001',
        event_type: 'job.completed',
        attempt: 1,
        created_at: DONE,
        url: ENDPOINT.url,
        success: true,
        status_code: 200,
        duration_ms: 84,
        response_excerpt: 'ok',
        error: null,
        next_attempt_at: null,
      },
    ]),
  },
  'POST /v1/admin/accounts': { 201: { account_id: ACCOUNT.id, api_key: 'vc_3q2-7wJxV0c9kYtPz8aLmN4bR6sD1fGh', account: ACCOUNT } },
  'POST /v1/admin/accounts/{account_id}/credits': { 200: { ...ACCOUNT, credits_balance: 147 } },
  'POST /v1/admin/accounts/{account_id}/keys': { 201: { key_id: KEY.id, api_key: 'vc_Xy12mK8pL0qR3sT6uV9wZ2aB5cD8eQz9a' } },
  'GET /v1/admin/accounts/{account_id}/keys': { 200: { data: [KEY] } },
  'GET /v1/admin/workers': {
    200: {
      data: [
        {
          id: '0193a1f0-1111-7000-8000-00000000f001',
          host: 'worker-2.example.internal',
          pid: 4312,
          role: 'worker',
          concurrency: 4,
          running_jobs: 3,
          draining: false,
          alive: true,
          started_at: CREATED,
          last_seen_at: DONE,
          versions: { videoconduit: '0.1.0', node: '20.20.0', 'yt-dlp': '2026.10.26', ffmpeg: '5.1.9-0+deb12u1' },
        },
        {
          id: '0193a1f0-2222-7000-8000-00000000f002',
          host: 'api-1.example.internal',
          pid: 981,
          role: 'serve',
          concurrency: 0,
          running_jobs: 0,
          draining: false,
          alive: true,
          started_at: CREATED,
          last_seen_at: DONE,
          versions: { videoconduit: '0.1.0', node: '20.20.0', 'yt-dlp': '2026.10.26', ffmpeg: '5.1.9-0+deb12u1' },
        },
      ],
    },
  },
};

/** What each error status means, with an example body; ROUTE_ERRORS picks another code per route. */
export const ERROR_EXAMPLES: Record<string, { description: string; example: Record<string, unknown> }> = {
  400: { description: '`bad_request` (malformed JSON, an option that does not apply) or `url_not_allowed` (the URL\'s scheme, host or resolved address is refused; costs nothing)', example: { detail: 'url is not allowed: 10.0.0.1 is a private address', code: 'url_not_allowed' } },
  401: { description: '`unauthorized`: no API key, or not a valid one', example: { detail: 'Send an API key as "Authorization: Bearer vc_…".', code: 'unauthorized' } },
  402: { description: '`insufficient_credits`: the balance does not cover the price (`required`, `available`)', example: { detail: 'This request costs 1 credit; the balance is 0.', code: 'insufficient_credits', required: 1, available: 0 } },
  403: { description: '`forbidden` (the key is deactivated) or `https_required` (plain HTTP where HTTPS is required)', example: { detail: 'This API key is deactivated.', code: 'forbidden' } },
  404: { description: '`not_found`: no such id, or it belongs to another account', example: { detail: 'No such job.', code: 'not_found' } },
  409: { description: '`conflict`: an `Idempotency-Key` reused with a different body', example: { detail: 'This Idempotency-Key was already used with a different request body.', code: 'conflict' } },
  410: { description: '`gone`: the link expired or the file was swept after its retention', example: { detail: 'The download link has expired.', code: 'gone' } },
  413: { description: '`payload_too_large`: the body is over the limit (VC_BODY_LIMIT_BYTES)', example: { detail: 'The request body is larger than the limit.', code: 'payload_too_large' } },
  416: { description: 'The byte range cannot be satisfied', example: { detail: 'The requested range is not satisfiable.', code: 'bad_request' } },
  422: { description: '`validation_error`: `detail` lists each field with `loc`, `msg` and `type`', example: { detail: [{ loc: ['body', 'preview_type'], msg: 'preview_type must be one of gif, thumbnail, mosaic, clip', type: 'enum' }], code: 'validation_error' } },
  429: { description: '`rate_limited`: over the per-minute limit of the key\'s plan (or too many active jobs); `retry_after` seconds and a `Retry-After` header', example: { detail: 'Rate limit of 60 requests per minute exceeded.', code: 'rate_limited', retry_after: 12 } },
  502: { description: '`upstream_error`: the source platform failed (HTTP error, geo block, removed video)', example: { detail: 'ERROR: [generic] Unable to download webpage: HTTP Error 410: Gone', code: 'upstream_error' } },
  503: { description: '`service_unavailable`: the queue is full or the service is shutting down; a `Retry-After` header says when to retry', example: { detail: 'The job queue is full; retry later.', code: 'service_unavailable' } },
};

export const ROUTE_ERRORS: Record<string, Record<string, { description: string; example: Record<string, unknown> }>> = {
  'GET /v1/info': {
    404: { description: '`unsupported_url`: no extractor can handle the URL', example: { detail: 'Could not extract info from URL: https://videos.example.com/about', code: 'unsupported_url' } },
  },
  'POST /v1/info': {
    404: { description: '`unsupported_url`: no extractor can handle the URL', example: { detail: 'Could not extract info from URL: https://videos.example.com/about', code: 'unsupported_url' } },
  },
  'DELETE /v1/jobs/{job_id}': { 409: { description: '`conflict`: the job has already finished', example: { detail: 'The job is already completed.', code: 'conflict' } } },
  'POST /v1/fingerprint/compare': { 409: { description: '`conflict`: a job is not a completed fingerprint job', example: { detail: `Job ${JOB_ID} is not a completed fingerprint job (it is a processing fingerprint job).`, code: 'conflict' } } },
  'POST /v1/webhooks/{webhook_id}/test': { 409: { description: '`conflict`: the endpoint is disabled', example: { detail: 'The endpoint is disabled (disabled through the API); PATCH enabled=true first.', code: 'conflict' } } },
  'GET /v1/files/{job_id}/{filename}': { 403: { description: '`forbidden`: the link was tampered with', example: { detail: 'The download link is invalid.', code: 'forbidden' } } },
  'GET /readyz': { 503: { description: '`service_unavailable`: `detail` and `checks` name what is missing (`process: draining` while the process shuts down)', example: { detail: 'Not ready: ffprobe: ffprobe not found (VC_FFPROBE_PATH; run `make setup`).', code: 'service_unavailable', missing: ['ffprobe'], checks: { database: 'ok', ffmpeg: 'ok', ffprobe: 'ffprobe not found (VC_FFPROBE_PATH; run `make setup`)', python: 'ok', 'yt-dlp': 'ok' } } },
  },
  'GET /metrics': { 401: { description: '`unauthorized`: VC_METRICS_TOKEN is set and was not sent', example: { detail: 'Send the metrics token (VC_METRICS_TOKEN) as "Authorization: Bearer …".', code: 'unauthorized' } } },
};

/** Descriptions of success statuses where the schema gives none. */
export const SUCCESS_DESCRIPTIONS: Record<string, string> = {
  200: 'OK',
  201: 'Created',
  202: 'Accepted: the job is queued and charged. Follow it at the `Location` header (GET /v1/jobs/{job_id}), its /events stream, or a webhook.',
  204: 'Done; no body',
};
