// The one place that renders errors: {"detail","code",...extra}. Never leaks a stack trace.
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { ApiError } from '../errors.js';
import { validationIssues, type AjvIssue } from './validation.js';

function send(reply: FastifyReply, err: ApiError): FastifyReply {
  for (const [k, v] of Object.entries(err.headers)) void reply.header(k, v);
  return reply.code(err.status).send({ detail: err.detail, code: err.code, ...err.extra });
}

export function installErrorHandling(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError & { validationContext?: string }, request: FastifyRequest, reply: FastifyReply) => {
    if (error instanceof ApiError) return send(reply, error);
    if (error.validation) {
      return send(reply, new ApiError('validation_error', validationIssues(error.validationContext ?? 'body', error.validation as AjvIssue[])));
    }
    switch (error.code) {
      case 'FST_ERR_CTP_BODY_TOO_LARGE':
        return send(reply, new ApiError('payload_too_large', 'The request body is larger than the limit.'));
      case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
        return send(reply, new ApiError('bad_request', 'Send the body as application/json.'));
      case 'FST_ERR_CTP_EMPTY_JSON_BODY':
        return send(reply, new ApiError('bad_request', 'The JSON body is empty.'));
      case 'FST_ERR_CTP_INVALID_JSON_BODY':
        return send(reply, new ApiError('bad_request', 'The body is not valid JSON.'));
    }
    if (error instanceof SyntaxError || (error.statusCode === 400 && !error.statusCode.toString().startsWith('5'))) {
      return send(reply, new ApiError('bad_request', error.message || 'Malformed request.'));
    }
    if (error.statusCode === 413) return send(reply, new ApiError('payload_too_large', 'The request body is larger than the limit.'));
    if (error.statusCode === 415) return send(reply, new ApiError('bad_request', 'Send the body as application/json.'));
    request.log.error({ err: error }, 'unhandled error');
    return send(reply, new ApiError('server_error', 'Internal server error.'));
  });
  app.setNotFoundHandler((request, reply) => send(reply, new ApiError('not_found', `No route ${request.method} ${request.url.split('?')[0]}.`)));
}
