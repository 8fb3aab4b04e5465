/**
 * Agri-input billing under /api/v1: `stock/batches` (a store's batches in FEFO order, one batch
 * with its movements, near-expiry, moving expired stock aside, disposal), `agri/category-rules`
 * and `stores/{storeId}/licences`. Handlers are thin: validate, authorize (declared access), call
 * a service.
 */
import type { FastifyInstance } from 'fastify';
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actorFromRequest } from '../../http/request-auth.js';
import { id } from '../../kernel/schema-atoms.js';
import type { Agri } from './agri.module.js';
import {
  agriSettingsInput,
  batchQuery,
  categoryRuleInput,
  licenceInput,
  licenceParams,
  khataQuery,
  khataSettingsInput,
  nearExpiryQuery,
  recallRevealBody,
  saleRulesQuery,
  statementQuery,
  stockRegisterQuery,
  storeBody,
} from './agri.schemas.js';
import { disposeBody } from './batch.routes.js';
import { saleRules } from './sale-rules.js';
import { renderStatement } from './statement-pdf.js';
import { stockRegister, stockRegisterCsv } from './stock-register.js';

const byId = z.object({ id }).strict();
const byCustomer = z.object({ customerId: id }).strict();
const byBatch = z.object({ batchId: id }).strict();

export function agriApiRoutes(
  agri: Pick<Agri, 'batches' | 'licences' | 'khata' | 'recalls' | 'settings'>,
  db: Kysely<Database>,
) {
  return (api: FastifyInstance): void => {
    const r = api.withTypeProvider<ZodTypeProvider>();
    const tags = ['agri'];
    const read = { access: { permission: 'catalog.read' } } as const;
    const manage = { access: { permission: 'catalog.manage' } } as const;
    const actor = actorFromRequest;

    r.get('/agri/category-rules', { config: read, schema: { tags } }, async (request) => ({
      rules: await agri.batches.categoryRules(actor(request)),
    }));
    r.put(
      '/agri/category-rules',
      { config: manage, schema: { tags, body: categoryRuleInput } },
      async (request) => agri.batches.setCategoryRule(actor(request), request.body),
    );

    r.get('/stock/batches', { config: read, schema: { tags, querystring: batchQuery } }, async (request) => ({
      batches: await agri.batches.batches(actor(request), {
        storeId: request.query.storeId,
        ...(request.query.variantId === undefined ? {} : { variantId: request.query.variantId }),
        includeEmpty: request.query.includeEmpty === 'true',
      }),
    }));
    r.get(
      '/stock/batches/near-expiry',
      { config: read, schema: { tags, querystring: nearExpiryQuery } },
      async (request) => agri.batches.nearExpiry(actor(request), request.query.days),
    );
    r.get('/stock/batches/:id', { config: read, schema: { tags, params: byId } }, async (request) =>
      agri.batches.batch(actor(request), request.params.id),
    );
    r.post(
      '/stock/batches/segregate-expired',
      { config: manage, schema: { tags, body: storeBody } },
      async (request) => ({
        batches: await agri.batches.segregateExpired(actor(request), request.body.storeId),
      }),
    );
    r.post(
      '/stock/batches/:id/dispose',
      { config: manage, schema: { tags, params: byId, body: disposeBody } },
      async (request) => agri.batches.dispose(actor(request), request.params.id, request.body.reason),
    );

    const settingsRead = { access: { permission: 'invoice.read' } } as const;
    const settingsManage = { access: { permission: 'settings.manage' } } as const;
    r.get(
      '/stores/:storeId/licences',
      { config: settingsRead, schema: { tags, params: z.object({ storeId: id }).strict() } },
      async (request) => ({ licences: await agri.licences.list(actor(request), request.params.storeId) }),
    );
    r.put(
      '/stores/:storeId/licences/:kind',
      { config: settingsManage, schema: { tags, params: licenceParams, body: licenceInput } },
      async (request) =>
        agri.licences.set(actor(request), request.params.storeId, request.params.kind, request.body),
    );
    r.delete(
      '/stores/:storeId/licences/:kind',
      { config: settingsManage, schema: { tags, params: licenceParams } },
      async (request, reply) => {
        await agri.licences.remove(actor(request), request.params.storeId, request.params.kind);
        return reply.code(204).send();
      },
    );

    r.get('/agri/settings', { config: read, schema: { tags } }, async (request) =>
      agri.settings.settings(actor(request)),
    );
    r.put(
      '/agri/settings',
      { config: settingsManage, schema: { tags, body: agriSettingsInput } },
      async (request) => agri.settings.setSettings(actor(request), request.body),
    );
    r.get(
      '/agri/sale-rules',
      { config: { access: { permission: 'invoice.create' } }, schema: { tags, querystring: saleRulesQuery } },
      async (request) =>
        saleRules(db, agri.licences, actor(request), request.query.storeId, request.query.variantIds),
    );

    const customerRead = { access: { permission: 'customer.read' } } as const;
    r.get('/agri/khata-settings', { config: customerRead, schema: { tags } }, async (request) =>
      agri.khata.settings(actor(request)),
    );
    r.put(
      '/agri/khata-settings',
      { config: settingsManage, schema: { tags, body: khataSettingsInput } },
      async (request) => agri.khata.setSettings(actor(request), request.body),
    );
    r.get(
      '/customers/:customerId/khata',
      { config: customerRead, schema: { tags, params: byCustomer, querystring: khataQuery } },
      async (request) => agri.khata.position(actor(request), request.params.customerId, request.query.asOf),
    );
    r.get(
      '/customers/:customerId/statement',
      { config: customerRead, schema: { tags, params: byCustomer, querystring: statementQuery } },
      async (request, reply) => {
        const { from, to, lang } = request.query;
        const statement = await agri.khata.statement(actor(request), request.params.customerId, { from, to });
        const pdf = await renderStatement(statement, lang);
        return reply
          .header('content-type', 'application/pdf')
          .header('content-disposition', `attachment; filename="khata-statement-${from}-${to}.pdf"`)
          .header('cache-control', 'no-store')
          .send(pdf);
      },
    );

    r.get(
      '/stock/registers/insecticide',
      { config: read, schema: { tags, querystring: stockRegisterQuery } },
      async (request, reply) => {
        const register = await stockRegister(db, actor(request), request.query);
        return reply
          .header('content-type', 'text/csv; charset=utf-8')
          .header(
            'content-disposition',
            `attachment; filename="stock-register-${request.query.from}-${request.query.to}.csv"`,
          )
          .send(stockRegisterCsv(register));
      },
    );

    r.get(
      '/recalls/batches/:batchId',
      { config: settingsRead, schema: { tags, params: byBatch } },
      async (request) => agri.recalls.sales(actor(request), request.params.batchId),
    );
    r.post(
      '/recalls/batches/:batchId/farmers',
      {
        config: { access: { permission: 'customer.pii.reveal' } },
        schema: { tags, params: byBatch, body: recallRevealBody },
      },
      async (request) => ({
        farmers: await agri.recalls.farmers(actor(request), request.params.batchId, request.body.reason),
      }),
    );
    r.post(
      '/recalls/batches/:batchId/notice',
      { config: manage, schema: { tags, params: byBatch } },
      async (request) => agri.recalls.sendNotice(actor(request), request.params.batchId),
    );
  };
}
