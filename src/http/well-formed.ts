// Request bodies must be valid Unicode: JSON may spell a lone surrogate ("\ud800"), but no
// such text can become a file name, a URL or a Postgres-safe value downstream. One hook for
// every route, so no field (filename, metadata, description…) can let one through.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { ApiError } from '../errors.js';
import { findIllFormed } from '../unicode.js';
import { appendRouteHook, routeMethods } from './route-hooks.js';

export async function rejectIllFormedBody(request: FastifyRequest): Promise<void> {
  if (request.body === undefined || request.body === null) return;
  const at = findIllFormed(request.body);
  if (at) throw new ApiError('validation_error', [{ loc: ['body', ...at], msg: 'text must be valid Unicode (a lone UTF-16 surrogate was sent)', type: 'unicode' }]);
}

/** Checks the bodies of every route with one (call before the routes are added). */
export function checkBodiesAreWellFormed(app: FastifyInstance): void {
  app.addHook('onRoute', (route) => {
    if (routeMethods(route).some((m) => m === 'POST' || m === 'PUT' || m === 'PATCH')) appendRouteHook(route, 'preValidation', rejectIllFormedBody);
  });
}
