/** A staff member's masked profile, and revealing one of its personal fields, under /api/v1. */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { auditContextOf, requireAuth } from '../../http/request-auth.js';
import type { StaffProfileService } from './staff-profile.service.js';
import { revealReasons } from './step-up.policy.js';

const userParams = z.object({ userId: z.uuid() });

export function staffProfileApiRoutes(deps: { profiles: StaffProfileService }) {
  return (api: FastifyInstance): void => {
    const r = api.withTypeProvider<ZodTypeProvider>();
    r.get(
      '/users/:userId',
      {
        config: { access: { permission: 'user.manage' } },
        schema: {
          tags: ['users'],
          params: userParams,
          response: {
            200: z.object({
              userId: z.string(),
              status: z.string(),
              emailMasked: z.string(),
              nameMasked: z.string(),
            }),
          },
        },
      },
      async (request) => deps.profiles.profile(requireAuth(request), request.params.userId),
    );
    r.post(
      '/users/:userId/reveal',
      {
        config: { access: { permission: 'user.manage' } },
        schema: {
          tags: ['users'],
          params: userParams,
          body: z
            .object({
              field: z.enum(['email', 'name']),
              reason: z.object({ category: z.enum(revealReasons), text: z.string().max(500) }).strict(),
            })
            .strict(),
        },
      },
      async (request) =>
        deps.profiles.reveal(
          requireAuth(request),
          auditContextOf(request),
          request.params.userId,
          request.body.field,
          request.body.reason,
        ),
    );
  };
}
