/** Roles, role grants and the shop's sign-in settings under /api/v1 (all behind step-up). */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Clock } from '../../domain/clock.js';
import { auditContextOf, requireAuth } from '../../http/request-auth.js';
import { MAX_PASSWORD_LENGTH } from './password.policy.js';
import type { RoleService } from './roles.service.js';
import { requireStepUp } from './step-up.policy.js';

export function roleApiRoutes(deps: { roles: RoleService; clock: Clock }) {
  return (api: FastifyInstance): void => {
    const r = api.withTypeProvider<ZodTypeProvider>();
    r.get(
      '/roles',
      { config: { access: { permission: 'role.manage' } }, schema: { tags: ['roles'] } },
      async (request) => ({
        roles: await deps.roles.list(requireAuth(request)),
      }),
    );
    r.post(
      '/roles',
      {
        config: { access: { permission: 'role.manage' } },
        schema: {
          tags: ['roles'],
          body: z
            .object({
              name: z.string().regex(/^[a-z][a-z0-9_-]{1,39}$/, 'lower-case letters, digits, - and _'),
              permissions: z.array(z.string().max(64)).max(64),
            })
            .strict(),
        },
      },
      async (request, reply) => {
        const a = requireAuth(request);
        requireStepUp(a, deps.clock);
        const id = await deps.roles.createRole(
          a,
          auditContextOf(request),
          request.body.name,
          request.body.permissions,
        );
        return reply.code(201).send({ id });
      },
    );
    r.put(
      '/users/:userId/roles',
      {
        config: { access: { permission: 'role.manage' } },
        schema: {
          tags: ['roles'],
          params: z.object({ userId: z.uuid() }),
          body: z
            .object({
              role: z.string().min(1).max(40),
              storeId: z.union([z.uuid(), z.literal('*')]),
              granted: z.boolean(),
            })
            .strict(),
        },
      },
      async (request, reply) => {
        const a = requireAuth(request);
        requireStepUp(a, deps.clock);
        await deps.roles.setGrant(a, auditContextOf(request), {
          userId: request.params.userId,
          ...request.body,
        });
        return reply.code(204).send();
      },
    );
    r.get(
      '/settings/sign-in',
      {
        config: { access: { permission: 'settings.manage' } },
        schema: {
          tags: ['settings'],
          response: {
            200: z.object({
              minPasswordLength: z.number(),
              pciMode: z.boolean(),
              counterIdleMinutes: z.number().nullable(),
            }),
          },
        },
      },
      async (request) => deps.roles.settings(requireAuth(request)),
    );
    r.put(
      '/settings/sign-in',
      {
        config: { access: { permission: 'settings.manage' } },
        schema: {
          tags: ['settings'],
          body: z
            .object({
              minPasswordLength: z.number().int().min(0).max(MAX_PASSWORD_LENGTH),
              pciMode: z.boolean(),
              counterIdleMinutes: z.number().int().min(5).max(480),
            })
            .strict(),
        },
      },
      async (request, reply) => {
        const a = requireAuth(request);
        requireStepUp(a, deps.clock);
        await deps.roles.updateSettings(a, auditContextOf(request), request.body);
        return reply.code(204).send();
      },
    );
  };
}
