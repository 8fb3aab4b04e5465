/** Staff management (invites, disabling, ending sessions) and API tokens, under /api/v1. */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Clock } from '../../domain/clock.js';
import { auditContextOf, requireAuth } from '../../http/request-auth.js';
import type { ApiTokenService } from './api-token.service.js';
import { MAX_PASSWORD_LENGTH } from './password.policy.js';
import type { SessionService } from './session.service.js';
import { requireStepUp } from './step-up.policy.js';
import type { InviteService } from './invite.service.js';
import type { UserService } from './user.service.js';

export interface UserRouteDeps {
  users: UserService;
  invites: InviteService;
  sessions: SessionService;
  apiTokens: ApiTokenService;
  clock: Clock;
}

const userParams = z.object({ userId: z.uuid() });

export function userApiRoutes(deps: UserRouteDeps) {
  return (api: FastifyInstance): void => {
    const r = api.withTypeProvider<ZodTypeProvider>();
    r.post(
      '/users/invites',
      {
        config: { access: { permission: 'user.manage' } },
        schema: {
          tags: ['users'],
          body: z
            .object({
              role: z.string().min(1).max(64),
              storeId: z.union([z.uuid(), z.literal('*')]),
              /** The person's email: only it can redeem the invite. */
              email: z.email().max(254).optional(),
            })
            .strict(),
        },
      },
      async (request, reply) => {
        const a = requireAuth(request);
        requireStepUp(a, deps.clock);
        const invite = await deps.invites.createInvite(
          a,
          auditContextOf(request),
          request.body.role,
          request.body.storeId,
          request.body.email,
        );
        return reply.code(201).send(invite);
      },
    );
    r.post(
      '/auth/invites/accept',
      {
        config: { access: { public: true } },
        schema: {
          tags: ['users'],
          body: z
            .object({
              token: z.string().min(10).max(200),
              email: z.string().min(3).max(254),
              displayName: z.string().min(1).max(120),
              password: z
                .string()
                .min(1)
                .max(MAX_PASSWORD_LENGTH * 4),
            })
            .strict(),
        },
      },
      async (request, reply) => {
        const { token, ...input } = request.body;
        const userId = await deps.invites.acceptInvite(token, input);
        return reply.code(201).send({ userId });
      },
    );
    r.post(
      '/users/:userId/disable',
      {
        config: { access: { permission: 'user.manage' } },
        schema: { tags: ['users'], params: userParams },
      },
      async (request, reply) => {
        const a = requireAuth(request);
        requireStepUp(a, deps.clock);
        await deps.users.disableUser(a, auditContextOf(request), request.params.userId);
        return reply.code(204).send();
      },
    );
    r.delete(
      '/users/:userId/sessions',
      {
        config: { access: { permission: 'user.manage' } },
        schema: { tags: ['users'], params: userParams },
      },
      async (request) => {
        const a = requireAuth(request);
        const ended = await deps.users.revokeSessions(a, auditContextOf(request), request.params.userId);
        return { ended };
      },
    );
    r.post(
      '/api-tokens',
      {
        config: { access: { permission: 'user.manage' } },
        schema: {
          tags: ['users'],
          body: z
            .object({
              name: z.string().min(1).max(80),
              scopes: z.array(z.string().max(64)).min(1).max(40),
              expiresInDays: z.number().int().min(1).max(366),
            })
            .strict(),
        },
      },
      async (request, reply) => {
        const a = requireAuth(request);
        requireStepUp(a, deps.clock);
        const created = await deps.apiTokens.create(a, auditContextOf(request), {
          name: request.body.name,
          scopes: request.body.scopes,
          expiresInMs: request.body.expiresInDays * 86_400_000,
        });
        return reply.code(201).send(created);
      },
    );
    r.delete(
      '/api-tokens/:tokenId',
      {
        config: { access: { permission: 'user.manage' } },
        schema: { tags: ['users'], params: z.object({ tokenId: z.uuid() }) },
      },
      async (request, reply) => {
        const a = requireAuth(request);
        await deps.apiTokens.revoke(a.tenantId, auditContextOf(request), request.params.tokenId);
        return reply.code(204).send();
      },
    );
  };
}
