/**
 * Who is calling: set on the request by the access guard (session cookie or API token) before
 * any handler runs. Handlers turn it into the actor their service calls take first.
 */
import type { FastifyRequest } from 'fastify';
import { AppError } from '../domain/app-error.js';
import type { AccessContext } from '../kernel/access-context.js';
import type { ServiceActor } from '../kernel/actor.js';
import type { AuditContext } from '../kernel/audit.js';

declare module 'fastify' {
  interface FastifyRequest {
    auth?: AccessContext;
  }
}

/** The caller's identity; a route that declared session or permission access always has one. */
export function requireAuth(request: FastifyRequest): AccessContext {
  if (request.auth === undefined) throw new AppError('unauthenticated', 'sign in first');
  return request.auth;
}

/** The audit context of a request: tenant, actor, request id and source address. */
export function auditContextOf(request: FastifyRequest): AuditContext {
  const auth = requireAuth(request);
  return { tenantId: auth.tenantId, actor: auth.actor, requestId: request.id, source: `http ${request.ip}` };
}

/** The service actor of an authenticated request. */
export function actorFromRequest(request: FastifyRequest): ServiceActor {
  const auth = requireAuth(request);
  return { tenantId: auth.tenantId, audit: auditContextOf(request), auth, userId: auth.userId };
}
