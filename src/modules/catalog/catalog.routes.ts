/** Items and variants under /api/v1/items: `catalog.read` to look, `catalog.manage` to change. */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actorFromRequest } from '../../http/request-auth.js';
import { csvBody, importQuery, importReport, withCsvBodies } from '../billing/csv-body.js';
import { code, id } from '../../kernel/schema-atoms.js';
import {
  itemInput,
  itemListQuery,
  itemParams,
  itemPatch,
  itemView,
  variantInput,
  variantParams,
  variantPatch,
  variantView,
} from './catalog.schemas.js';
import type { ItemImportService } from './item-import.service.js';
import type { ItemService } from './item.service.js';

const read = { access: { permission: 'catalog.read' } } as const;
const manage = { access: { permission: 'catalog.manage' } } as const;
const tags = ['catalog'];

export function catalogApiRoutes(items: ItemService, imports: ItemImportService) {
  return (api: FastifyInstance): void => {
    const r = api.withTypeProvider<ZodTypeProvider>();
    withCsvBodies(api, (scope) =>
      scope.withTypeProvider<ZodTypeProvider>().post(
        '/items/import',
        {
          config: manage,
          schema: {
            tags,
            body: csvBody,
            // The store that receives opening quantities of rows that name none.
            querystring: importQuery.extend({ storeId: id.optional() }).strict(),
            response: { 200: importReport },
          },
        },
        async (request) =>
          imports.importItems(actorFromRequest(request), request.body, {
            skipInvalid: request.query.skipInvalid === 'true',
            ...(request.query.storeId === undefined ? {} : { storeId: request.query.storeId }),
          }),
      ),
    );
    r.post(
      '/items',
      { config: manage, schema: { tags, body: itemInput, response: { 201: itemView } } },
      async (request, reply) =>
        reply.code(201).send(await items.createItem(actorFromRequest(request), request.body)),
    );
    r.get(
      '/items',
      {
        config: read,
        schema: {
          tags,
          querystring: itemListQuery,
          response: { 200: z.object({ items: z.array(itemView) }) },
        },
      },
      async (request) => {
        const q = request.query;
        return {
          items: await items.listItems(actorFromRequest(request), {
            ...(q.q === undefined ? {} : { q: q.q }),
            ...(q.after === undefined ? {} : { after: q.after }),
            includeInactive: q.includeInactive === 'true',
            limit: q.limit,
          }),
        };
      },
    );
    r.get(
      '/items/barcodes/:barcode',
      { config: read, schema: { tags, params: z.object({ barcode: code }), response: { 200: itemView } } },
      async (request) => items.findByBarcode(actorFromRequest(request), request.params.barcode),
    );
    r.get(
      '/items/:itemId',
      { config: read, schema: { tags, params: itemParams, response: { 200: itemView } } },
      async (request) => items.getItem(actorFromRequest(request), request.params.itemId),
    );
    r.patch(
      '/items/:itemId',
      { config: manage, schema: { tags, params: itemParams, body: itemPatch, response: { 200: itemView } } },
      async (request) => items.updateItem(actorFromRequest(request), request.params.itemId, request.body),
    );
    r.post(
      '/items/:itemId/variants',
      {
        config: manage,
        schema: { tags, params: itemParams, body: variantInput, response: { 201: variantView } },
      },
      async (request, reply) =>
        reply
          .code(201)
          .send(await items.addVariant(actorFromRequest(request), request.params.itemId, request.body)),
    );
    r.patch(
      '/items/:itemId/variants/:variantId',
      {
        config: manage,
        schema: { tags, params: variantParams, body: variantPatch, response: { 200: variantView } },
      },
      async (request) =>
        items.updateVariant(
          actorFromRequest(request),
          request.params.itemId,
          request.params.variantId,
          request.body,
        ),
    );
  };
}
