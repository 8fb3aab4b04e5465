/**
 * Batches on items and on stock movements under /api/v1 (issue 17): `items/{itemId}/batches` (the
 * item's batches in a store), `stock/batch-movements` (movements naming their batch), the
 * insecticide stock register as PDF, and the disposal body (how expired stock left the shop).
 */
import type { FastifyInstance } from 'fastify';
import type { Kysely } from 'kysely';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Database } from '../../db/schema.js';
import { actorFromRequest } from '../../http/request-auth.js';
import { id, instant, limit } from '../../kernel/schema-atoms.js';
import { stockRegisterQuery } from './agri.schemas.js';
import { batchMovements } from './batch-ledger.js';
import { disposalReasons, type BatchService } from './batch.service.js';
import type { LicenceService } from './licence.service.js';
import { renderStockRegister } from './stock-register-pdf.js';
import { stockRegister } from './stock-register.js';

export const disposeBody = z.object({ reason: z.enum(disposalReasons) }).strict();

const itemBatchesQuery = z
  .object({ storeId: id, includeEmpty: z.enum(['true', 'false']).optional() })
  .strict();

const batchMovementsQuery = z
  .object({
    storeId: id,
    variantId: id.optional(),
    batchId: id.optional(),
    before: instant.optional(),
    limit,
  })
  .strict();

export function batchApiRoutes(
  agri: { batches: BatchService; licences: LicenceService },
  db: Kysely<Database>,
) {
  return (api: FastifyInstance): void => {
    const r = api.withTypeProvider<ZodTypeProvider>();
    const tags = ['agri'];
    const read = { access: { permission: 'catalog.read' } } as const;

    r.get(
      '/items/:itemId/batches',
      {
        config: read,
        schema: { tags, params: z.object({ itemId: id }).strict(), querystring: itemBatchesQuery },
      },
      async (request) => ({
        itemId: request.params.itemId,
        storeId: request.query.storeId,
        batches: await agri.batches.itemBatches(actorFromRequest(request), {
          itemId: request.params.itemId,
          storeId: request.query.storeId,
          includeEmpty: request.query.includeEmpty === 'true',
        }),
      }),
    );

    r.get(
      '/stock/batch-movements',
      { config: read, schema: { tags, querystring: batchMovementsQuery } },
      async (request) => {
        const { storeId, variantId, batchId, before } = request.query;
        return {
          movements: await batchMovements(db, actorFromRequest(request), {
            storeId,
            limit: request.query.limit,
            ...(variantId === undefined ? {} : { variantId }),
            ...(batchId === undefined ? {} : { batchId }),
            ...(before === undefined ? {} : { before }),
          }),
        };
      },
    );

    r.get(
      '/stock/registers/insecticide.pdf',
      { config: read, schema: { tags, querystring: stockRegisterQuery } },
      async (request, reply) => {
        const actor = actorFromRequest(request);
        const register = await stockRegister(db, actor, request.query);
        const licence = (await agri.licences.forStore(actor.tenantId, request.query.storeId)).find(
          (l) => l.kind === 'pesticide',
        );
        const pdf = await renderStockRegister(register, licence ?? null);
        return reply
          .header('content-type', 'application/pdf')
          .header(
            'content-disposition',
            `attachment; filename="stock-register-${request.query.from}-${request.query.to}.pdf"`,
          )
          .header('cache-control', 'no-store')
          .send(pdf);
      },
    );
  };
}
