/**
 * Who is calling: set on the request by the access guard (session cookie or API token) before
 * any handler runs. Handlers turn it into the actor their service calls take first.
 */
import type { FastifyRequest } from 'fastify';
import { AppError } from '../domain/app-error.js';
import type { Actor, AuditContext } from '../modules/audit/audit.types.js';

export interface RequestAuth {
  readonly tenantId: string;
  readonly userId: string;
  readonly actor: Actor;
  readonly sessionId?: string;
  readonly tokenId?: string;
  readonly roles: readonly string[];
  /** Effective permissions across the stores the user is assigned to. */
  readonly permissions: ReadonlySet<string>;
  /** Store ids the user may act in, per permission scope; `all` for tenant-wide roles. */
  readonly storeIds: ReadonlySet<string> | 'all';
  /** False while an MFA-required user has not enrolled or not passed the second factor. */
  readonly mfaSatisfied: boolean;
  /** When the user last re-entered a credential (step-up), if ever in this session. */
  readonly reauthenticatedAt?: Date;
}

declare module 'fastify' {
  interface FastifyRequest {
    auth?: RequestAuth;
  }
}

/** The caller's identity; a route that declared session or permission access always has one. */
export function requireAuth(request: FastifyRequest): RequestAuth {
  if (request.auth === undefined) throw new AppError('unauthenticated', 'sign in first');
  return request.auth;
}

/** The audit context of a request: tenant, actor, request id and source address. */
export function auditContextOf(request: FastifyRequest): AuditContext {
  const auth = requireAuth(request);
  return { tenantId: auth.tenantId, actor: auth.actor, requestId: request.id, source: `http ${request.ip}` };
}
