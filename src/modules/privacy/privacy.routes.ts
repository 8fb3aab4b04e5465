/**
 * Staff routes of the consent ledger and data-subject requests under /api/v1: consent capture at
 * the counter (`consent.capture`), requests logged at the counter (`privacy.request.create`),
 * handled in the back office (`privacy.manage`), export downloads and the marketing list
 * (`customer.export`, with step-up and a reason). Compliance routes are in compliance.routes.ts.
 */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Clock } from '../../domain/clock.js';
import { actorFromRequest } from '../../http/request-auth.js';
import type { ConsentService } from './consent.service.js';
import type { CustomerErasureService } from './customer-erasure.service.js';
import type { ExportService } from './export.service.js';
import type { MarketingExport } from './marketing-export.js';
import type { RequestService } from './requests.service.js';
import {
  binary,
  closeInput,
  consentInput,
  consentState,
  customerParams,
  exportView,
  extensionReasons,
  idParams,
  includeAadhaar,
  marketingInput,
  newRequestInput,
  protection,
  requestView,
} from './privacy.schemas.js';
import { complianceApiRoutes, type ComplianceRouteDeps } from './compliance.routes.js';

export interface PrivacyRouteDeps extends ComplianceRouteDeps {
  consent: ConsentService;
  requests: RequestService;
  exports: ExportService;
  erasure: CustomerErasureService;
  marketing: MarketingExport;
  clock: Clock;
}

const tags = ['privacy'];
const manage = { access: { permission: 'privacy.manage' } } as const;

export function privacyApiRoutes(deps: PrivacyRouteDeps) {
  return (api: FastifyInstance): void => {
    const r = api.withTypeProvider<ZodTypeProvider>();
    const states = { 200: z.object({ consents: z.array(consentState) }) };
    r.get(
      '/customers/:customerId/consents',
      {
        config: { access: { permission: 'customer.read' } },
        schema: { tags, params: customerParams, response: states },
      },
      async (request) => ({
        consents: await deps.consent.current(actorFromRequest(request), request.params.customerId),
      }),
    );
    r.get(
      '/customers/:customerId/consents/history',
      { config: manage, schema: { tags, params: customerParams } },
      async (request) => ({
        events: await deps.consent.history(actorFromRequest(request), request.params.customerId),
      }),
    );
    r.post(
      '/customers/:customerId/consents',
      {
        config: { access: { permission: 'consent.capture' } },
        schema: { tags, params: customerParams, body: consentInput, response: states },
      },
      async (request) => {
        const { purposes, granted, source, noticeVersion, storeId } = request.body;
        return {
          consents: await deps.consent.record(actorFromRequest(request), {
            customerId: request.params.customerId,
            purposes,
            granted,
            source,
            ...(noticeVersion === undefined ? {} : { noticeVersion }),
            ...(storeId === undefined ? {} : { storeId }),
          }),
        };
      },
    );
    r.post(
      '/privacy/marketing-export',
      {
        config: { access: { permission: 'customer.export' } },
        schema: { tags, body: marketingInput, produces: ['text/csv'], response: { 200: binary } },
      },
      async (request, reply) => {
        const { csv, count } = await deps.marketing.csv(
          actorFromRequest(request),
          request.body.channel,
          request.body.reason,
        );
        return reply
          .type('text/csv; charset=utf-8')
          .header('content-disposition', `attachment; filename="marketing-${request.body.channel}.csv"`)
          .header('x-record-count', String(count))
          .send(csv);
      },
    );

    r.get(
      '/privacy/requests',
      {
        config: manage,
        schema: {
          tags,
          querystring: z
            .object({
              status: z.enum(['open', 'closed', 'all']).default('open'),
              customerId: z.uuid().optional(),
            })
            .strict(),
          response: { 200: z.object({ requests: z.array(requestView), now: z.string() }) },
        },
      },
      async (request) => ({
        requests: await deps.requests.list(actorFromRequest(request), {
          status: request.query.status,
          ...(request.query.customerId ? { customerId: request.query.customerId } : {}),
        }),
        now: deps.clock.now().toISOString(),
      }),
    );
    r.post(
      '/privacy/requests',
      {
        config: { access: { permission: 'privacy.request.create' } },
        schema: { tags, body: newRequestInput, response: { 201: requestView } },
      },
      async (request, reply) =>
        reply.code(201).send(await deps.requests.create(actorFromRequest(request), request.body)),
    );
    r.get('/privacy/requests/:id', { config: manage, schema: { tags, params: idParams } }, async (request) =>
      deps.requests.get(actorFromRequest(request), request.params.id),
    );
    r.post(
      '/privacy/requests/:id/send-code',
      { config: { access: { permission: 'privacy.request.create' } }, schema: { tags, params: idParams } },
      async (request) => deps.requests.sendCode(actorFromRequest(request), request.params.id),
    );
    r.post(
      '/privacy/requests/:id/verify',
      {
        config: { access: { permission: 'privacy.request.create' } },
        schema: {
          tags,
          params: idParams,
          body: z
            .object({
              code: z
                .string()
                .trim()
                .regex(/^\d{6}$/, 'six digits'),
            })
            .strict(),
          response: { 200: requestView },
        },
      },
      async (request) =>
        deps.requests.verifyCode(actorFromRequest(request), request.params.id, request.body.code),
    );
    r.post(
      '/privacy/requests/:id/verify-in-person',
      {
        config: { access: { permission: 'privacy.request.create' } },
        schema: { tags, params: idParams, response: { 200: requestView } },
      },
      async (request) => deps.requests.verifyInPerson(actorFromRequest(request), request.params.id),
    );
    r.post(
      '/privacy/requests/:id/acknowledge',
      { config: manage, schema: { tags, params: idParams, response: { 200: requestView } } },
      async (request) => deps.requests.acknowledge(actorFromRequest(request), request.params.id),
    );
    r.post(
      '/privacy/requests/:id/extend',
      {
        config: manage,
        schema: {
          tags,
          params: idParams,
          body: z.object({ reason: z.enum(extensionReasons) }).strict(),
          response: { 200: requestView },
        },
      },
      async (request) =>
        deps.requests.extend(actorFromRequest(request), request.params.id, request.body.reason),
    );
    r.post(
      '/privacy/requests/:id/export',
      {
        config: manage,
        schema: {
          tags,
          params: idParams,
          body: z.object({ protection, includeAadhaar: includeAadhaar.optional() }).strict(),
          response: { 201: exportView },
        },
      },
      async (request, reply) =>
        reply
          .code(201)
          .send(
            await deps.requests.fulfilExport(
              actorFromRequest(request),
              request.params.id,
              request.body.protection,
              request.body.includeAadhaar === undefined
                ? {}
                : { includeAadhaar: request.body.includeAadhaar },
            ),
          ),
    );
    r.post(
      '/privacy/requests/:id/erase',
      { config: manage, schema: { tags, params: idParams } },
      async (request) => deps.requests.fulfilErasure(actorFromRequest(request), request.params.id),
    );
    r.post(
      '/privacy/requests/:id/close',
      {
        config: manage,
        schema: { tags, params: idParams, body: closeInput, response: { 200: requestView } },
      },
      async (request) =>
        deps.requests.close(actorFromRequest(request), request.params.id, request.body.outcome),
    );
    // POST: the password travels in the body (never the URL); the package is wiped once downloaded.
    r.post(
      '/privacy/exports/:id/download',
      {
        config: { access: { permission: 'customer.export' } },
        schema: {
          tags,
          params: idParams,
          body: z.object({ password: z.string().min(1).max(1024).optional() }).strict(),
          produces: ['application/zip'],
          response: { 200: binary },
        },
      },
      async (request, reply) => {
        const file = await deps.exports.download(
          actorFromRequest(request),
          request.params.id,
          {},
          { password: request.body.password },
        );
        return reply
          .type(file.contentType)
          .header('content-disposition', `attachment; filename="${file.filename}"`)
          .send(file.bytes);
      },
    );
    r.get(
      '/privacy/erasure-certificates/:id',
      { config: manage, schema: { tags, params: idParams } },
      async (request) => deps.erasure.certificate(actorFromRequest(request), request.params.id),
    );
    complianceApiRoutes(deps)(api);
  };
}
