/**
 * Access reviews over the API: campaigns and their items for reviewers (`access_review.decide`:
 * owners, admins and managers; each sees the items they may decide), a decision per item (a
 * removal is a privilege change and needs a recent re-authentication), and starting a campaign and
 * the review settings for those who manage users (`user.manage`).
 */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Clock } from '../../domain/clock.js';
import { auditContextOf, requireAuth } from '../../http/request-auth.js';
import { requireStepUp } from '../auth/step-up.policy.js';
import type { AccessReviewService } from './access-review.service.js';
import type { AccessReviewViews } from './access-review.views.js';

const decide = { access: { permission: 'access_review.decide' } } as const;
const manage = { access: { permission: 'user.manage' } } as const;
const tags = ['access-reviews'];

const settingsBody = z
  .object({
    frequencyMonths: z.union([z.literal(1), z.literal(3), z.literal(6), z.literal(12)]),
    dueDays: z.number().int().min(1).max(60),
  })
  .strict();

export interface AccessReviewRouteDeps {
  service: AccessReviewService;
  views: AccessReviewViews;
  clock: Clock;
}

export function accessReviewApiRoutes(deps: AccessReviewRouteDeps) {
  return (api: FastifyInstance): void => {
    const r = api.withTypeProvider<ZodTypeProvider>();
    r.get(
      '/access-reviews',
      {
        config: decide,
        schema: {
          tags,
          querystring: z.object({ limit: z.coerce.number().int().min(1).max(100).default(20) }).strict(),
        },
      },
      async (request) => ({
        campaigns: await deps.views.list(requireAuth(request).tenantId, request.query.limit),
      }),
    );
    r.post('/access-reviews', { config: manage, schema: { tags } }, async (request, reply) => {
      const auth = requireAuth(request);
      const campaign = await deps.service.start(auditContextOf(request), 'manual', auth.userId);
      return reply.code(201).send({ campaign });
    });
    r.get('/access-reviews/settings', { config: manage, schema: { tags } }, async (request) =>
      deps.service.settings(requireAuth(request).tenantId),
    );
    r.put(
      '/access-reviews/settings',
      { config: manage, schema: { tags, body: settingsBody } },
      async (request) => {
        requireStepUp(requireAuth(request), deps.clock);
        return deps.service.updateSettings(auditContextOf(request), request.body);
      },
    );
    r.get(
      '/access-reviews/:id',
      { config: decide, schema: { tags, params: z.object({ id: z.uuid() }) } },
      async (request) => deps.views.detail(requireAuth(request), request.params.id),
    );
    r.post(
      '/access-reviews/:id/items/:itemId/decision',
      {
        config: decide,
        schema: {
          tags,
          params: z.object({ id: z.uuid(), itemId: z.uuid() }),
          body: z.object({ decision: z.enum(['confirm', 'remove']) }).strict(),
        },
      },
      async (request) => {
        const auth = requireAuth(request);
        if (request.body.decision === 'remove') requireStepUp(auth, deps.clock);
        const campaign = await deps.service.decide(
          auth,
          auditContextOf(request),
          request.params.id,
          request.params.itemId,
          request.body.decision,
        );
        return { campaign };
      },
    );
  };
}
