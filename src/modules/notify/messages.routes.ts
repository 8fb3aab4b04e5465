/**
 * Messages over the API: the list of what the shop sent with each message's real state
 * (`monitoring.read`) and "retry now" for one that failed (`monitoring.manage`, audited).
 */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actorFromRequest, requireAuth } from '../../http/request-auth.js';
import { messageStates } from './message-states.js';
import type { MessageService } from './messages.service.js';

const read = { access: { permission: 'monitoring.read' } } as const;
const act = { access: { permission: 'monitoring.manage' } } as const;

export function messagesApiRoutes(messages: MessageService) {
  return (api: FastifyInstance): void => {
    const r = api.withTypeProvider<ZodTypeProvider>();
    r.get(
      '/messages',
      {
        config: read,
        schema: {
          tags: ['alerts'],
          querystring: z
            .object({
              state: z.enum(messageStates).optional(),
              limit: z.coerce.number().int().min(1).max(200).default(100),
            })
            .strict(),
        },
      },
      async (request) => ({
        messages: await messages.list(requireAuth(request).tenantId, request.query),
      }),
    );
    r.post(
      '/messages/:id/retry',
      { config: act, schema: { tags: ['alerts'], params: z.object({ id: z.uuid() }) } },
      async (request) => ({ message: await messages.retryNow(actorFromRequest(request), request.params.id) }),
    );
  };
}
