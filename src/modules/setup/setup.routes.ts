/** The first-run wizard: a static page (no inline script) and its public API. */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { SetupService } from './setup.service.js';
import { setupPageHtml, setupPageScript } from './setup.page.js';

const setupBody = z
  .object({
    code: z.string().trim().min(8).max(64),
    businessName: z.string().trim().min(2).max(120),
    gstin: z.string().trim().toUpperCase().length(15),
    stateCode: z.string().regex(/^\d{2}$/, 'two digits, for example 27'),
    storeAddress: z.string().trim().max(300).optional(),
    ownerName: z.string().trim().min(1).max(120).optional(),
    ownerEmail: z.email().max(254),
    ownerPassword: z.string().min(1).max(1024),
  })
  .strict();

export function setupApiRoutes(setup: SetupService) {
  return (api: FastifyInstance): void => {
    const r = api.withTypeProvider<ZodTypeProvider>();
    r.get(
      '/setup/state',
      {
        config: { access: { public: true } },
        schema: { tags: ['setup'], response: { 200: z.object({ setupCompleted: z.boolean() }) } },
      },
      async () => ({ setupCompleted: (await setup.getState()).setupCompleted }),
    );
    r.post(
      '/setup',
      {
        config: { access: { public: true } },
        schema: {
          tags: ['setup'],
          body: setupBody,
          response: { 201: z.object({ tenantId: z.string(), ownerId: z.string() }) },
        },
      },
      async (request, reply) => {
        const { code, ...input } = request.body;
        const created = await setup.completeWithCode(code, input);
        return reply.status(201).send({ tenantId: created.tenantId, ownerId: created.ownerId });
      },
    );
  };
}

export function setupPageRoutes(app: FastifyInstance): void {
  app.get('/setup', { schema: { hide: true } }, (_request, reply) =>
    reply.type('text/html; charset=utf-8').send(setupPageHtml),
  );
  app.get('/setup.js', { schema: { hide: true } }, (_request, reply) =>
    reply.type('text/javascript; charset=utf-8').send(setupPageScript),
  );
}
