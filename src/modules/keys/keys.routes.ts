/** Key inventory and rotation over the API (permission `keys.manage`). */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Clock } from '../../domain/clock.js';
import { auditContextOf, requireAuth } from '../../http/request-auth.js';
import type { KeyRing } from './key-ring.service.js';
import { keyInventory } from './keys.service.js';
import type { RotationService } from './rotation.service.js';

const purposes = ['customer_pii', 'payment_ref', 'documents', 'staff_pii', 'auth_secrets'] as const;

const progress = z.object({
  id: z.string(),
  keyId: z.string(),
  fromVersion: z.number(),
  toVersion: z.number(),
  status: z.enum(['running', 'completed', 'failed']),
  rowsDone: z.number(),
  rowsTotal: z.number(),
});

export function keysApiRoutes(deps: { keyRing: KeyRing; rotation: RotationService; clock: Clock }) {
  return (api: FastifyInstance): void => {
    const r = api.withTypeProvider<ZodTypeProvider>();
    r.get(
      '/keys',
      { config: { access: { permission: 'keys.manage' } }, schema: { tags: ['keys'] } },
      async (request) => ({
        keys: await keyInventory(deps.keyRing, deps.clock, requireAuth(request).tenantId),
      }),
    );
    r.post(
      '/keys/rotations',
      {
        config: { access: { permission: 'keys.manage' } },
        schema: {
          tags: ['keys'],
          body: z.object({ purpose: z.enum(purposes) }).strict(),
          response: { 202: progress },
        },
      },
      async (request, reply) => {
        const started = await deps.rotation.start(
          requireAuth(request).tenantId,
          request.body.purpose,
          auditContextOf(request),
        );
        return reply.status(202).send(started);
      },
    );
    r.get(
      '/keys/rotations/:id',
      {
        config: { access: { permission: 'keys.manage' } },
        schema: { tags: ['keys'], params: z.object({ id: z.uuid() }), response: { 200: progress } },
      },
      async (request) => deps.rotation.progress(requireAuth(request).tenantId, request.params.id),
    );
  };
}
