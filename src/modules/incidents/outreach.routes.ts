/**
 * Talking to people about an incident (`incident.manage`): preview and send the notice to the
 * affected customers (sending asks for step-up), what was sent to whom, the inquiries and their
 * answers (opening customers' questions and answering ask for step-up), and the reports that came
 * in from the public page (opening one asks for step-up: it may hold the reporter's contact).
 */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Clock } from '../../domain/clock.js';
import { requireAuth } from '../../http/request-auth.js';
import { requireStepUp } from '../auth/step-up.policy.js';
import { actorFromRequest } from '../../http/request-auth.js';
import { id } from '../../kernel/schema-atoms.js';
import type { CustomerNoticeService } from './customer-notice.service.js';
import { incidentParams, manage, tags } from './incident.routes.js';
import { incidentInput, text } from './incident.schemas.js';
import type { InquiryService } from './inquiry.service.js';
import type { SecurityReportService } from './security-report.service.js';

const noticeRequest = z
  .object({
    language: z.enum(['en', 'hi', 'both']),
    channels: z
      .array(z.enum(['email', 'sms']))
      .min(1)
      .max(2)
      .refine((c) => new Set(c).size === c.length, 'each channel once'),
    summary: z.object({ en: text(600), hi: text(600).optional() }).strict(),
  })
  .strict();

const reportParams = z.object({ reportId: id });

export interface OutreachRouteDeps {
  notices: CustomerNoticeService;
  inquiries: InquiryService;
  reports: SecurityReportService;
  clock: Clock;
}

export function outreachApiRoutes(deps: OutreachRouteDeps) {
  return (api: FastifyInstance): void => {
    const r = api.withTypeProvider<ZodTypeProvider>();
    const stepUp = (request: Parameters<typeof requireAuth>[0]) =>
      requireStepUp(requireAuth(request), deps.clock);
    r.post(
      '/incidents/:incidentId/customer-notices/preview',
      { config: manage, schema: { tags, params: incidentParams, body: noticeRequest } },
      async (request) =>
        deps.notices.preview(actorFromRequest(request), request.params.incidentId, request.body),
    );
    r.post(
      '/incidents/:incidentId/customer-notices',
      { config: manage, schema: { tags, params: incidentParams, body: noticeRequest } },
      async (request, reply) => {
        stepUp(request);
        const sent = await deps.notices.send(
          actorFromRequest(request),
          request.params.incidentId,
          request.body,
        );
        return reply.code(201).send(sent);
      },
    );
    r.get(
      '/incidents/:incidentId/customer-notices',
      { config: manage, schema: { tags, params: incidentParams } },
      async (request) => ({
        batches: await deps.notices.list(requireAuth(request), request.params.incidentId),
      }),
    );
    r.get(
      '/incidents/:incidentId/customer-notices/:customerId',
      { config: manage, schema: { tags, params: z.object({ incidentId: id, customerId: id }) } },
      async (request) => ({
        messages: await deps.notices.sentTo(
          requireAuth(request),
          request.params.incidentId,
          request.params.customerId,
        ),
      }),
    );
    r.get(
      '/incidents/:incidentId/inquiries',
      { config: manage, schema: { tags, params: incidentParams } },
      async (request) => {
        stepUp(request);
        return { inquiries: await deps.inquiries.list(actorFromRequest(request), request.params.incidentId) };
      },
    );
    r.post(
      '/incidents/:incidentId/inquiries/:inquiryId/answer',
      {
        config: manage,
        schema: {
          tags,
          params: z.object({ incidentId: id, inquiryId: id }),
          body: z.object({ answer: text(2000) }).strict(),
        },
      },
      async (request, reply) => {
        stepUp(request);
        await deps.inquiries.answer(
          actorFromRequest(request),
          request.params.incidentId,
          request.params.inquiryId,
          request.body.answer,
        );
        return reply.code(204).send();
      },
    );
    r.get(
      '/security-reports',
      {
        config: manage,
        schema: {
          tags,
          querystring: z.object({ status: z.enum(['new', 'promoted', 'closed']).optional() }).strict(),
        },
      },
      async (request) => ({ reports: await deps.reports.list(requireAuth(request), request.query.status) }),
    );
    r.get(
      '/security-reports/:reportId',
      { config: manage, schema: { tags, params: reportParams } },
      async (request) => {
        stepUp(request);
        return { report: await deps.reports.read(actorFromRequest(request), request.params.reportId) };
      },
    );
    r.post(
      '/security-reports/:reportId/incident',
      {
        config: manage,
        schema: { tags, params: reportParams, body: incidentInput.partial().strict().default({}) },
      },
      async (request, reply) => {
        const incidentId = await deps.reports.promote(
          actorFromRequest(request),
          request.params.reportId,
          request.body,
        );
        return reply.code(201).send({ incidentId });
      },
    );
    r.post(
      '/security-reports/:reportId/close',
      { config: manage, schema: { tags, params: reportParams } },
      async (request) => ({
        report: await deps.reports.close(actorFromRequest(request), request.params.reportId),
      }),
    );
  };
}
