/** Goods received under /api/v1/stock/receipts: `catalog.manage` to receive, `catalog.read` to list. */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actorFromRequest } from '../../http/request-auth.js';
import { id, isoDate, label, limit, paise, quantity } from '../../kernel/schema-atoms.js';
import type { GoodsReceiptService } from './goods-receipt.service.js';

const tags = ['stock'];

/** Batch or lot of a received line (items of categories kept per batch need it). */
const receiptBatch = z
  .object({
    batchNo: z
      .string()
      .trim()
      .regex(/^[A-Za-z0-9/.-]{1,30}$/, 'must be the batch number as printed (letters, digits, / . -)'),
    mfgDate: isoDate.optional(),
    expiryDate: isoDate,
  })
  .strict();

export const goodsReceiptInput = z
  .object({
    storeId: id,
    supplierName: label(100),
    supplierInvoiceNo: z
      .string()
      .trim()
      .regex(/^[A-Za-z0-9/-]{1,16}$/, 'must be the supplier invoice number (letters, digits, / and -)'),
    supplierInvoiceDate: isoDate,
    lines: z
      .array(
        z.object({ variantId: id, quantity, unitCostPaise: paise, batch: receiptBatch.optional() }).strict(),
      )
      .min(1, 'receive at least one item')
      .max(500),
  })
  .strict();

const receiptView = z.object({
  id: z.string(),
  storeId: z.string(),
  supplierName: z.string(),
  supplierInvoiceNo: z.string(),
  supplierInvoiceDate: z.string(),
  totalCostPaise: z.number(),
  createdAt: z.string(),
  lines: z.array(z.object({ variantId: z.string(), quantity: z.number(), unitCostPaise: z.number() })),
});

export function goodsReceiptApiRoutes(receipts: GoodsReceiptService) {
  return (api: FastifyInstance): void => {
    const r = api.withTypeProvider<ZodTypeProvider>();
    r.post(
      '/stock/receipts',
      {
        config: { access: { permission: 'catalog.manage' } },
        schema: { tags, body: goodsReceiptInput, response: { 201: receiptView } },
      },
      async (request, reply) =>
        reply.code(201).send(await receipts.receive(actorFromRequest(request), request.body)),
    );
    r.get(
      '/stock/receipts',
      {
        config: { access: { permission: 'catalog.read' } },
        schema: {
          tags,
          querystring: z.object({ storeId: id, limit }).strict(),
          response: { 200: z.object({ receipts: z.array(receiptView) }) },
        },
      },
      async (request) => ({
        receipts: await receipts.list(actorFromRequest(request), request.query.storeId, request.query.limit),
      }),
    );
  };
}
