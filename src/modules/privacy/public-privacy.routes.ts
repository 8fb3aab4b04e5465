/**
 * Public routes of the privacy request page under /api/v1/public/privacy/:tenantId (no sign-in;
 * the access guard refuses cross-site posts by Origin, and there is no cookie to ride on). Contact
 * details travel in bodies only, never in URLs; answers never say whether a contact is on record;
 * submissions and code checks are rate limited per network.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { NoticeService } from './notice.service.js';
import { binary, publicRequestInput, reference, requestToken, tenantParams } from './privacy.schemas.js';
import type { PublicCaller, PublicRequestService } from './public-requests.service.js';

const tags = ['privacy-public'];
const config = { access: { public: true } } as const;
const follow = { reference, requestToken };

const caller = (request: FastifyRequest & { params: { tenantId: string } }): PublicCaller => ({
  tenantId: request.params.tenantId,
  ip: request.ip,
  requestId: request.id,
});

export function publicPrivacyRoutes(service: PublicRequestService, notices: NoticeService) {
  return (api: FastifyInstance): void => {
    const r = api.withTypeProvider<ZodTypeProvider>();
    const base = '/public/privacy/:tenantId';
    r.get(`${base}/notice`, { config, schema: { tags, params: tenantParams } }, async (request) => {
      const shop = await service.shop(request.params.tenantId);
      return { shop, ...(await notices.current(request.params.tenantId)) };
    });
    r.post(
      `${base}/requests`,
      { config, schema: { tags, params: tenantParams, body: publicRequestInput } },
      async (request, reply) => {
        const body = request.body;
        const contact = body.email !== undefined ? { email: body.email } : { phone: body.phone ?? '' };
        return reply.code(202).send(
          await service.submit(caller(request), {
            kind: body.kind,
            ...(body.law ? { law: body.law } : {}),
            contact,
          }),
        );
      },
    );
    r.post(
      `${base}/requests/verify`,
      {
        config,
        schema: {
          tags,
          params: tenantParams,
          body: z
            .object({
              ...follow,
              code: z
                .string()
                .trim()
                .regex(/^\d{6}$/, 'six digits'),
            })
            .strict(),
        },
      },
      async (request) => service.verify(caller(request), request.body),
    );
    r.post(
      `${base}/requests/status`,
      { config, schema: { tags, params: tenantParams, body: z.object(follow).strict() } },
      async (request) => service.status(caller(request), request.body),
    );
    r.post(
      `${base}/requests/download`,
      {
        config,
        schema: {
          tags,
          params: tenantParams,
          body: z.object(follow).strict(),
          produces: ['application/zip'],
          response: { 200: binary },
        },
      },
      async (request, reply) => {
        const file = await service.download(caller(request), request.body);
        return reply
          .type(file.contentType)
          .header('content-disposition', `attachment; filename="${file.filename}"`)
          .send(file.bytes);
      },
    );
  };
}
