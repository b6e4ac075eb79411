// Hooks added to chosen routes only (from an onRoute hook), so other routes, polling above
// all, pay nothing for them.
import type { RouteOptions } from 'fastify';

export function routeMethods(route: RouteOptions): string[] {
  return Array.isArray(route.method) ? route.method : [route.method];
}

/** Appends `hook` to the route's own hooks of kind `name` (a route has one, an array or none). */
export function appendRouteHook(route: RouteOptions, name: 'preValidation' | 'preHandler' | 'preSerialization' | 'onSend', hook: unknown): void {
  const current = route[name] as unknown;
  (route as unknown as Record<string, unknown>)[name] = [...(Array.isArray(current) ? current : current ? [current] : []), hook];
}
