/** The owner's prompt for details an upgraded installation lacks (missing-details.service.ts). */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { requireAuth } from '../../http/request-auth.js';
import { STORE_DETAILS, type MissingDetailsService } from './missing-details.service.js';

const missingDetails = z.object({
  stores: z.array(
    z.object({ storeId: z.string(), storeName: z.string(), missing: z.array(z.enum(STORE_DETAILS)) }),
  ),
  upiVpaMissing: z.boolean(),
});

export function missingDetailsApiRoutes(service: MissingDetailsService) {
  return (api: FastifyInstance): void => {
    const r = api.withTypeProvider<ZodTypeProvider>();
    r.get(
      '/setup/missing-details',
      {
        config: { access: { permission: 'settings.manage' } },
        schema: {
          tags: ['setup'],
          querystring: z.object({ include: z.enum(['skipped']).optional() }).strict(),
          response: { 200: missingDetails },
        },
      },
      async (request) => service.missing(requireAuth(request), request.query.include === 'skipped'),
    );
    r.post(
      '/setup/missing-details/skips',
      {
        config: { access: { permission: 'settings.manage' } },
        schema: {
          tags: ['setup'],
          body: z
            .object({
              storeId: z.uuid().nullable(),
              details: z.array(z.string().min(1).max(20)).min(1).max(8),
            })
            .strict(),
        },
      },
      async (request, reply) => {
        await service.skip(requireAuth(request), request.body.storeId, request.body.details);
        return reply.code(204).send();
      },
    );
  };
}
