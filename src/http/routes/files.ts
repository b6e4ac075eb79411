import path from 'node:path';
import { Type } from '@sinclair/typebox';
import type { App } from '../app.js';
import { ApiError } from '../../errors.js';
import { outputMime, outputNames } from '../../files/outputs.js';
import { sendFile } from '../../files/send.js';
import { verifyFileRequest } from '../../files/signing.js';
import { errorResponses } from '../schemas.js';
import { getJob } from '../../store/jobs.js';
import { toWellFormed } from '../../unicode.js';

const Params = Type.Object({ job_id: Type.String({ format: 'uuid' }), filename: Type.String({ minLength: 1, maxLength: 400 }) });
/** How long the presigned GET behind a /v1/files redirect lives (the /v1/files link itself may live longer). */
const REDIRECT_LINK_MS = 3600_000;

const Query = Type.Object({ expires: Type.Optional(Type.String({ maxLength: 20 })), sig: Type.Optional(Type.String({ maxLength: 100 })) }, { additionalProperties: false });

export function fileRoutes(app: App): void {
  // The signature is the credential: a download link works without an API key until it expires.
  const handler = async (
    request: { params: { job_id: string; filename: string }; query: { expires?: string; sig?: string } },
    reply: Parameters<typeof sendFile>[1],
  ) => {
    const { job_id, filename } = request.params;
    const check = verifyFileRequest(app.deps.signingSecret, job_id, filename, request.query.expires, request.query.sig);
    if (check === 'bad_signature') throw new ApiError('forbidden', 'The download link is invalid.');
    if (check === 'expired') throw new ApiError('gone', 'The download link has expired.');
    const job = await getJob(app.deps.store.db, job_id);
    const result = job?.result ? (JSON.parse(job.result) as Record<string, unknown>) : {};
    if (!job || job.status !== 'completed' || job.stage === 'expired') throw new ApiError('gone', 'The file is no longer available.');
    // The signed name is checked against the job's own outputs, so no name can walk the tree.
    // Names compare as the router decoded them (a stored lone surrogate arrives as U+FFFD).
    const stored = outputNames(result).find((n) => toWellFormed(n) === filename);
    if (stored === undefined || path.basename(filename) !== filename) throw new ApiError('not_found', 'No such file.');
    const output = { jobId: job_id, attempt: job.attempts, filename: stored, mimeType: outputMime(result, stored) };
    const { storage } = app.deps;
    if (storage.kind === 's3') {
      // The object is in the bucket: send the client there with a fresh presigned GET. Links
      // written into outputs (a storyboard's image) go through here.
      const until = Math.min(job.expires_at ? Date.parse(job.expires_at) : Infinity, Date.now() + REDIRECT_LINK_MS);
      return reply.code(302).header('Cache-Control', 'no-store').redirect(storage.link(output, new Date(until)));
    }
    try {
      return await sendFile(request as never, reply, await storage.pathOf(output), { filename, mimeType: output.mimeType });
    } catch (err) {
      if (err instanceof ApiError && err.code === 'not_found') throw new ApiError('gone', 'The file is no longer available.');
      throw err;
    }
  };
  const schema = {
    tags: ['files'],
    summary: 'Download a job output through its signed link (Range supported)',
    security: [],
    params: Params,
    querystring: Query,
    response: {
      302: { type: 'null', description: 'Object storage (S3): `Location` is a presigned GET of the object, valid for up to an hour', headers: { Location: { type: 'string', format: 'uri' } } },
      200: { description: 'The whole file', content: { 'application/octet-stream': { schema: { type: 'string', format: 'binary' } } } },
      206: { description: 'The requested byte range', content: { 'application/octet-stream': { schema: { type: 'string', format: 'binary' } } } },
      416: { description: 'The range cannot be satisfied', content: { 'application/json': { schema: Type.Ref('Error') } } },
      // 403 tampered link, 404 not one of the job's files, 410 expired or swept, 422 malformed id.
      ...errorResponses(403, 404, 410, 422),
    },
  };
  app.get('/v1/files/:job_id/:filename', { schema }, (req, reply) => handler(req, reply));
}
