// The one place that renders errors: {"detail","code",...extra}. Never leaks a stack trace.
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { ApiError, type ValidationIssue } from '../errors.js';

interface AjvIssue {
  instancePath: string;
  keyword: string;
  message?: string;
  params: Record<string, unknown>;
}

export function validationIssues(context: string, issues: AjvIssue[]): ValidationIssue[] {
  return issues.map((i) => {
    const loc: (string | number)[] = [context];
    for (const part of i.instancePath.split('/').slice(1)) loc.push(/^\d+$/.test(part) ? Number(part) : decodeURIComponent(part));
    if (i.keyword === 'required' && typeof i.params.missingProperty === 'string') loc.push(i.params.missingProperty);
    if (i.keyword === 'additionalProperties' && typeof i.params.additionalProperty === 'string') {
      loc.push(i.params.additionalProperty);
      return { loc, msg: 'unknown field', type: 'extra_forbidden' };
    }
    return { loc, msg: i.message ?? 'invalid value', type: i.keyword };
  });
}

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
