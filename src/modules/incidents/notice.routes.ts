/**
 * Regulatory notices over the API (`incident.manage`): the notices of an incident, a draft per
 * authority, editing it, recording it as sent (step-up: a statement to a regulator) or as not
 * required.
 */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Clock } from '../../domain/clock.js';
import { requireAuth } from '../../http/request-auth.js';
import { requireStepUp } from '../auth/step-up.policy.js';
import { actorFromRequest } from '../../http/request-auth.js';
import { id } from '../../kernel/schema-atoms.js';
import { incidentParams, manage, tags } from './incident.routes.js';
import { text, zonedInstant } from './incident.schemas.js';
import { notRequiredReasons, type RegulatoryNoticeService } from './regulatory-notice.service.js';

const noticeParams = z.object({ incidentId: id, authority: z.enum(['cert_in', 'dpdp_board', 'gdpr']) });

export function noticeApiRoutes(deps: { notices: RegulatoryNoticeService; clock: Clock }) {
  return (api: FastifyInstance): void => {
    const r = api.withTypeProvider<ZodTypeProvider>();
    r.get(
      '/incidents/:incidentId/notices',
      { config: manage, schema: { tags, params: incidentParams } },
      async (request) => ({
        notices: await deps.notices.list(requireAuth(request), request.params.incidentId),
      }),
    );
    r.post(
      '/incidents/:incidentId/notices/:authority/draft',
      { config: manage, schema: { tags, params: noticeParams } },
      async (request) => ({
        notice: await deps.notices.draft(
          actorFromRequest(request),
          request.params.incidentId,
          request.params.authority,
        ),
      }),
    );
    r.put(
      '/incidents/:incidentId/notices/:authority',
      {
        config: manage,
        schema: { tags, params: noticeParams, body: z.object({ body: text(20_000) }).strict() },
      },
      async (request) => ({
        notice: await deps.notices.edit(
          actorFromRequest(request),
          request.params.incidentId,
          request.params.authority,
          request.body.body,
        ),
      }),
    );
    r.post(
      '/incidents/:incidentId/notices/:authority/sent',
      {
        config: manage,
        schema: {
          tags,
          params: noticeParams,
          body: z
            .object({
              sentAt: zonedInstant.optional(),
              externalRef: z
                .string()
                .trim()
                .min(1)
                .max(100)
                .regex(/^[A-Za-z0-9 /_.:-]+$/, 'letters, digits and / _ . : -')
                .optional(),
            })
            .strict()
            .default({}),
        },
      },
      async (request) => {
        requireStepUp(requireAuth(request), deps.clock);
        const { sentAt, externalRef } = request.body;
        return {
          notice: await deps.notices.markSent(
            actorFromRequest(request),
            request.params.incidentId,
            request.params.authority,
            {
              ...(sentAt === undefined ? {} : { sentAt }),
              ...(externalRef === undefined ? {} : { externalRef }),
            },
          ),
        };
      },
    );
    r.post(
      '/incidents/:incidentId/notices/:authority/not-required',
      {
        config: manage,
        schema: {
          tags,
          params: noticeParams,
          body: z.object({ reason: z.enum(notRequiredReasons) }).strict(),
        },
      },
      async (request) => ({
        notice: await deps.notices.markNotRequired(
          actorFromRequest(request),
          request.params.incidentId,
          request.params.authority,
          request.body.reason,
        ),
      }),
    );
  };
}
