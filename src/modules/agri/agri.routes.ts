/**
 * Agri-input billing under /api/v1: `stock/batches` (a store's batches in FEFO order, one batch
 * with its movements, near-expiry, moving expired stock aside, disposal), `agri/category-rules`
 * and `stores/{storeId}/licences`. Handlers are thin: validate, authorize (declared access), call
 * a service.
 */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actorFromRequest } from '../../http/request-auth.js';
import { id } from '../../kernel/schema-atoms.js';
import type { Agri } from './agri.module.js';
import {
  batchQuery,
  categoryRuleInput,
  licenceInput,
  licenceParams,
  nearExpiryQuery,
  storeBody,
} from './agri.schemas.js';

const byId = z.object({ id }).strict();

export function agriApiRoutes(agri: Pick<Agri, 'batches' | 'licences'>) {
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
      async (request) => ({
        batches: await agri.batches.nearExpiry(actor(request), request.query.days),
      }),
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
      { config: manage, schema: { tags, params: byId } },
      async (request) => agri.batches.dispose(actor(request), request.params.id),
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
  };
}
