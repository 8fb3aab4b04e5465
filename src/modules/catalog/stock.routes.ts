/** Stock levels, the movement ledger, adjustments and transfers under /api/v1/stock. */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actorFromRequest } from '../../http/request-auth.js';
import { id, instant, limit, quantity } from '../../kernel/schema-atoms.js';
import { adjustmentReasons, type StockService } from './stock.service.js';

const tags = ['stock'];

const signedQuantity = z
  .number()
  .refine((q) => q !== 0, 'must not be zero')
  .refine((q) => Math.abs(q) <= 1_000_000, 'is too large')
  .refine((q) => Math.abs(q * 1000 - Math.round(q * 1000)) < 1e-6, 'must have at most 3 decimals');

const levelView = z.object({
  storeId: z.string(),
  variantId: z.string(),
  quantity: z.number(),
  updatedAt: z.string(),
});
const movementView = z.object({
  id: z.string(),
  storeId: z.string(),
  variantId: z.string(),
  kind: z.string(),
  quantity: z.number(),
  reason: z.string().nullable(),
  refType: z.string().nullable(),
  refId: z.string().nullable(),
  createdAt: z.string(),
});

const transferView = z.object({
  id: z.string(),
  challanNumber: z.string(),
  fromStoreId: z.string(),
  toStoreId: z.string(),
  valuePaise: z.number(),
  quantity: z.number(),
  createdAt: z.string(),
});

export function stockApiRoutes(stock: StockService) {
  return (api: FastifyInstance): void => {
    const r = api.withTypeProvider<ZodTypeProvider>();
    r.get(
      '/stock',
      {
        config: { access: { permission: 'catalog.read' } },
        schema: {
          tags,
          querystring: z.object({ storeId: id.optional(), variantId: id.optional() }).strict(),
          response: { 200: z.object({ levels: z.array(levelView) }) },
        },
      },
      async (request) => ({
        levels: await stock.levels(actorFromRequest(request), {
          ...(request.query.storeId === undefined ? {} : { storeId: request.query.storeId }),
          ...(request.query.variantId === undefined ? {} : { variantIds: [request.query.variantId] }),
        }),
      }),
    );
    r.get(
      '/stock/movements',
      {
        config: { access: { permission: 'catalog.read' } },
        schema: {
          tags,
          querystring: z
            .object({ storeId: id, variantId: id.optional(), before: instant.optional(), limit })
            .strict(),
          response: { 200: z.object({ movements: z.array(movementView) }) },
        },
      },
      async (request) => {
        const q = request.query;
        return {
          movements: await stock.movements(actorFromRequest(request), {
            storeId: q.storeId,
            limit: q.limit,
            ...(q.variantId === undefined ? {} : { variantId: q.variantId }),
            ...(q.before === undefined ? {} : { before: q.before }),
          }),
        };
      },
    );
    r.post(
      '/stock/adjustments',
      {
        config: { access: { permission: 'catalog.manage' } },
        schema: {
          tags,
          body: z
            .object({
              storeId: id,
              reason: z.enum(adjustmentReasons),
              lines: z
                .array(z.object({ variantId: id, quantity: signedQuantity }).strict())
                .min(1)
                .max(500),
            })
            .strict(),
          response: { 201: z.object({ adjustmentId: z.string(), levels: z.array(levelView) }) },
        },
      },
      async (request, reply) =>
        reply.code(201).send(await stock.adjust(actorFromRequest(request), request.body)),
    );
    r.post(
      '/stock/transfers',
      {
        config: { access: { permission: 'catalog.manage' } },
        schema: {
          tags,
          body: z
            .object({
              fromStoreId: id,
              toStoreId: id,
              lines: z
                .array(z.object({ variantId: id, quantity }).strict())
                .min(1)
                .max(500),
            })
            .strict(),
          response: { 201: z.object({ transferId: z.string(), challanNumber: z.string() }) },
        },
      },
      async (request, reply) =>
        reply.code(201).send(await stock.transfer(actorFromRequest(request), request.body)),
    );
    r.get(
      '/stock/transfers',
      {
        config: { access: { permission: 'catalog.read' } },
        schema: {
          tags,
          querystring: z.object({ limit }).strict(),
          response: { 200: z.object({ transfers: z.array(transferView) }) },
        },
      },
      async (request) => ({
        transfers: await stock.transfers(actorFromRequest(request), { limit: request.query.limit }),
      }),
    );
    r.get(
      '/stock/transfers/:transferId/challan.pdf',
      {
        config: { access: { permission: 'catalog.read' } },
        schema: { tags, params: z.object({ transferId: id }).strict() },
      },
      async (request, reply) => {
        const challan = await stock.challanPdf(actorFromRequest(request), request.params.transferId);
        const name = `delivery-challan-${challan.number.replace(/[^A-Za-z0-9-]/g, '-')}.pdf`;
        return reply
          .type('application/pdf')
          .header('content-disposition', `attachment; filename="${name}"`)
          .send(challan.pdf);
      },
    );
  };
}
