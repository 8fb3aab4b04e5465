/**
 * The incident-response programme (`incident.manage`): the post-incident review with its actions,
 * drills (scenarios, schedule, start, cancel, evidence), and the incident-response plan with its
 * review date.
 */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { requireAuth } from '../../http/request-auth.js';
import { actorFromRequest } from '../../http/request-auth.js';
import { id, isoDate } from '../../kernel/schema-atoms.js';
import { drillScenarios, scenarioCodes } from './drill-scenarios.js';
import type { DrillService } from './drill.service.js';
import { incidentParams, manage, tags } from './incident.routes.js';
import { text, zonedInstant } from './incident.schemas.js';
import { planContent } from './ir-plan.defaults.js';
import type { IncidentPlanService } from './ir-plan.service.js';
import type { ReviewService } from './review.service.js';

const drillParams = z.object({ drillId: id });

export function programApiRoutes(deps: {
  reviews: ReviewService;
  drills: DrillService;
  plan: IncidentPlanService;
}) {
  return (api: FastifyInstance): void => {
    const r = api.withTypeProvider<ZodTypeProvider>();
    r.get(
      '/incidents/:incidentId/review',
      { config: manage, schema: { tags, params: incidentParams } },
      async (request) => deps.reviews.get(requireAuth(request), request.params.incidentId),
    );
    r.put(
      '/incidents/:incidentId/review',
      {
        config: manage,
        schema: {
          tags,
          params: incidentParams,
          body: z.object({ rootCause: text(5000), whatWorked: text(5000), toImprove: text(5000) }).strict(),
        },
      },
      async (request) => ({
        review: await deps.reviews.save(actorFromRequest(request), request.params.incidentId, request.body),
      }),
    );
    r.post(
      '/incidents/:incidentId/review/actions',
      {
        config: manage,
        schema: {
          tags,
          params: incidentParams,
          body: z.object({ description: text(1000), ownerUserId: id, dueOn: isoDate }).strict(),
        },
      },
      async (request, reply) => {
        const actionId = await deps.reviews.addAction(
          actorFromRequest(request),
          request.params.incidentId,
          request.body,
        );
        return reply.code(201).send({ id: actionId });
      },
    );
    r.post(
      '/incidents/:incidentId/review/actions/:actionId/done',
      { config: manage, schema: { tags, params: z.object({ incidentId: id, actionId: id }) } },
      async (request, reply) => {
        await deps.reviews.completeAction(
          actorFromRequest(request),
          request.params.incidentId,
          request.params.actionId,
        );
        return reply.code(204).send();
      },
    );
    r.get('/drills', { config: manage, schema: { tags } }, async (request) => ({
      scenarios: drillScenarios,
      drills: await deps.drills.list(requireAuth(request)),
    }));
    r.post(
      '/drills',
      {
        config: manage,
        schema: {
          tags,
          body: z
            .object({
              scenario: z.enum(scenarioCodes),
              scheduledFor: zonedInstant.optional(),
              repeatDays: z.number().int().min(7).max(366).optional(),
              startNow: z.boolean().optional(),
            })
            .strict(),
        },
      },
      async (request, reply) => {
        const actor = actorFromRequest(request);
        const { scenario, scheduledFor, repeatDays, startNow } = request.body;
        let drill = await deps.drills.schedule(actor, {
          scenario,
          ...(scheduledFor === undefined ? {} : { scheduledFor }),
          ...(repeatDays === undefined ? {} : { repeatDays }),
        });
        if (startNow === true) drill = await deps.drills.start(actor, drill.id);
        return reply.code(201).send({ drill });
      },
    );
    r.post(
      '/drills/:drillId/start',
      { config: manage, schema: { tags, params: drillParams } },
      async (request) => ({
        drill: await deps.drills.start(actorFromRequest(request), request.params.drillId),
      }),
    );
    r.post(
      '/drills/:drillId/cancel',
      { config: manage, schema: { tags, params: drillParams } },
      async (request) => ({
        drill: await deps.drills.cancel(actorFromRequest(request), request.params.drillId),
      }),
    );
    r.get('/incident-plan', { config: manage, schema: { tags } }, async (request) =>
      deps.plan.get(requireAuth(request)),
    );
    r.put(
      '/incident-plan',
      {
        config: manage,
        schema: { tags, body: z.object({ content: planContent, reviewBy: isoDate }).strict() },
      },
      async (request) =>
        deps.plan.save(actorFromRequest(request), request.body.content, request.body.reviewBy),
    );
  };
}
