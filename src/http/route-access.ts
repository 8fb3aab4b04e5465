/**
 * Every API route declares who may call it, in its route config: `{ access: { public: true } }`,
 * `{ access: { session: true } }` (any signed-in user) or `{ access: { permission: 'customer.read' } }`.
 * A route under /api/v1 without a declaration stops the app from starting, and the guard runs
 * before any handler.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { asSystem, asTenant } from '../db/tenant-scope.js';
import { AppError } from '../domain/app-error.js';

export type RouteAccess =
  | { readonly public: true }
  | { readonly session: true; readonly allowDuringMfaEnrollment?: boolean }
  | { readonly permission: string; readonly allowDuringMfaEnrollment?: boolean };

declare module 'fastify' {
  interface FastifyContextConfig {
    access?: RouteAccess;
  }
}

/** Decides whether a request may reach a route; throws AppError when it may not. */
export interface AccessGuard {
  check(request: FastifyRequest, access: RouteAccess): Promise<void>;
}

/** The guard before identity exists: only public routes are reachable. */
export const publicOnlyGuard: AccessGuard = {
  check(_request, access) {
    if ('public' in access) return Promise.resolve();
    return Promise.reject(new AppError('unauthenticated', 'sign in first'));
  },
};

export function isApiRoute(url: string): boolean {
  return url.startsWith('/api/v1/') || url === '/api/v1';
}

/**
 * Refuses to register an API route without an access declaration, and enforces declarations.
 * Every handler runs in a database scope (ADR 0064): a signed-in caller's handler in its
 * business's tenant scope, so on PostgreSQL row-level security holds each of its queries to that
 * business; a route without a caller (public routes, health, the web app) in the system scope,
 * where the lookups made before a business is known run.
 */
export function registerAccessControl(app: FastifyInstance, guard: AccessGuard): void {
  app.addHook('onRoute', (route) => {
    if (isApiRoute(route.url) && route.config?.access === undefined) {
      throw new Error(`route ${route.method.toString()} ${route.url} declares no access`);
    }
    const handler = route.handler;
    route.handler = function scopedHandler(
      this: FastifyInstance,
      request: FastifyRequest,
      reply: FastifyReply,
    ) {
      const tenantId = request.auth?.tenantId;
      return tenantId === undefined
        ? asSystem('request without a signed-in caller', () => handler.call(this, request, reply))
        : asTenant(tenantId, () => handler.call(this, request, reply));
    };
  });
  // onRequest: the caller is refused before the body is parsed or validated, so an anonymous
  // request learns nothing from validation errors and costs no parsing.
  app.addHook('onRequest', async (request) => {
    const access = request.routeOptions.config.access;
    if (access === undefined) return;
    await guard.check(request, access);
  });
}
