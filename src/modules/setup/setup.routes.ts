/**
 * The first-run wizard's public API. The page itself is the web app's `/setup` screen; the setup
 * code travels in the URL fragment, which the browser never sends, so it cannot reach a log.
 */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { setupBody } from './setup.schemas.js';
import type { BusinessInput, CreatedBusiness, SetupService } from './setup.service.js';

type SetupBody = z.infer<typeof setupBody>;

/** The setup form's fields as the service takes them. */
function businessInput(body: Omit<SetupBody, 'code' | 'demo'>): BusinessInput {
  const { addressLine, city, pin, phone, email, upiVpa, tradeName, logo, ...rest } = body;
  if (addressLine === undefined || city === undefined || pin === undefined) return rest;
  return {
    ...rest,
    details: {
      legalName: rest.businessName,
      tradeName,
      addressLine1: addressLine,
      city,
      pincode: pin,
      phone,
      email,
      upiVpa,
      logo,
    },
    ...(tradeName === undefined ? {} : { storeName: tradeName }),
  };
}

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
        const created = await setup.completeWithCode(code, businessInput(input));
        const wantsDemo = (demo === true || demo === 'on') && options.fillDemo !== undefined;
        if (wantsDemo) await options.fillDemo?.(created);
        return reply
          .status(201)
          .send({ tenantId: created.tenantId, ownerId: created.ownerId, demo: wantsDemo });
      },
    );
  };
}
