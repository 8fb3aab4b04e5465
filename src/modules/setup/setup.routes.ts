/** The first-run wizard: a static page (no inline script) and its public API. */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { CreatedBusiness, SetupService } from './setup.service.js';
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
    /** Fill the new shop with a sample apparel catalog, stock and fake customers. */
    demo: z.union([z.boolean(), z.literal('on')]).optional(),
  })
  .strict();

export interface SetupRouteOptions {
  /** Fills a new business with demo data (the billing module). */
  fillDemo?: (created: CreatedBusiness) => Promise<unknown>;
}

export function setupApiRoutes(setup: SetupService, options: SetupRouteOptions = {}) {
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
          response: { 201: z.object({ tenantId: z.string(), ownerId: z.string(), demo: z.boolean() }) },
        },
      },
      async (request, reply) => {
        const { code, demo, ...input } = request.body;
        const created = await setup.completeWithCode(code, input);
        const wantsDemo = (demo === true || demo === 'on') && options.fillDemo !== undefined;
        if (wantsDemo) await options.fillDemo?.(created);
        return reply
          .status(201)
          .send({ tenantId: created.tenantId, ownerId: created.ownerId, demo: wantsDemo });
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
