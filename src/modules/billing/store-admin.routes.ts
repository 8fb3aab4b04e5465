/** Adding and renaming stores under /api/v1/stores (settings.manage and a recent step-up). */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Clock } from '../../domain/clock.js';
import { actorFromRequest, requireAuth } from '../../http/request-auth.js';
import { label } from '../../kernel/schema-atoms.js';
import { requireStepUp } from '../auth/step-up.policy.js';
import { storeParams } from './billing-settings.schemas.js';
import type { StoreAdminService } from './store-admin.service.js';

const tags = ['settings'];
const storeView = z.object({ id: z.string(), name: z.string(), gstin: z.string(), stateCode: z.string() });
const prefix = z.string().trim().min(1).max(12);

const newStore = z
  .object({
    name: label(60).pipe(z.string().min(2)),
    gstin: z.string().trim().toUpperCase().length(15, 'a GSTIN has 15 characters').optional(),
    tradeName: label(100).nullable().optional(),
    addressLine1: label(100).pipe(z.string().min(1)),
    addressLine2: label(100).nullable().optional(),
    city: label(50).pipe(z.string().min(1)),
    pincode: z
      .string()
      .trim()
      .regex(/^[1-9][0-9]{5}$/, 'must be a six-digit PIN code'),
    phone: z
      .string()
      .trim()
      .regex(/^[0-9+ -]{6,20}$/, 'must be a phone number')
      .nullable()
      .optional(),
    email: z.email().max(100).nullable().optional(),
    invoicePrefix: prefix,
    creditNotePrefix: prefix,
    receiptLanguage: z.enum(['en', 'hi']).optional(),
  })
  .strict();

export function storeAdminApiRoutes(deps: { stores: StoreAdminService; clock: Clock }) {
  return (api: FastifyInstance): void => {
    const r = api.withTypeProvider<ZodTypeProvider>();
    r.post(
      '/stores',
      {
        config: { access: { permission: 'settings.manage' } },
        schema: { tags, body: newStore, response: { 201: storeView } },
      },
      async (request, reply) => {
        requireStepUp(requireAuth(request), deps.clock);
        return reply.code(201).send(await deps.stores.create(actorFromRequest(request), request.body));
      },
    );
    r.patch(
      '/stores/:storeId',
      {
        config: { access: { permission: 'settings.manage' } },
        schema: {
          tags,
          params: storeParams,
          body: z.object({ name: label(60).pipe(z.string().min(2)) }).strict(),
          response: { 200: storeView },
        },
      },
      async (request) => {
        requireStepUp(requireAuth(request), deps.clock);
        return deps.stores.rename(actorFromRequest(request), request.params.storeId, request.body.name);
      },
    );
  };
}
