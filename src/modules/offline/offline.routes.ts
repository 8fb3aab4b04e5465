/**
 * The offline counter under /api/v1 (issue 21): the counter's key for this session and the
 * catalog it keeps, blocks of numbers, offline sales arriving (`Idempotency-Key` header, as
 * checkout), and for managers the counters' numbers and the remote wipe.
 */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actorFromRequest } from '../../http/request-auth.js';
import { id } from '../../kernel/schema-atoms.js';
import { documentView } from '../billing/checkout.schemas.js';
import { keyHeader, keyOf } from '../billing/invoice.routes.js';
import { refuseSensitiveNumbers } from '../billing/sensitive-input.hook.js';
import type { CounterKeyService } from './counter-keys.service.js';
import type { OfflineCatalogService } from './offline-catalog.service.js';
import type { OfflineSyncService } from './offline-sync.service.js';
import { offlineSaleInput, openCounterInput, releaseInput } from './offline.schemas.js';

export interface OfflineRouteDeps {
  keys: CounterKeyService;
  sync: OfflineSyncService;
  catalog: OfflineCatalogService;
}

const keyView = z.object({
  keyId: z.string(),
  counterId: z.string(),
  counterName: z.string(),
  storeId: z.string(),
  seriesCode: z.string(),
  key: z.string(),
});
const blockView = z.object({
  blockId: z.string(),
  keyId: z.string(),
  fy: z.number(),
  firstSeq: z.number(),
  lastSeq: z.number(),
  format: z.object({ prefix: z.string(), includeYear: z.boolean(), minDigits: z.number() }),
  firstNumber: z.string(),
  lastNumber: z.string(),
});
const counterStatus = z.object({
  counterId: z.string(),
  counterName: z.string(),
  seriesCode: z.string().nullable(),
  activeKeys: z.number(),
  blocks: z.array(
    z.object({
      firstNumber: z.string(),
      lastNumber: z.string(),
      state: z.enum(['open', 'released', 'wiped']),
      received: z.number(),
      reservedAt: z.string(),
      closedAt: z.string().nullable(),
      notReceived: z.array(z.object({ from: z.string(), to: z.string(), count: z.number() })),
    }),
  ),
  lastWipedAt: z.string().nullable(),
});

export function offlineApiRoutes(deps: OfflineRouteDeps) {
  return (api: FastifyInstance): void => {
    const r = api.withTypeProvider<ZodTypeProvider>();
    const sell = { access: { permission: 'invoice.create' } } as const;
    r.post(
      '/offline/counter-keys',
      { config: sell, schema: { tags: ['offline'], body: openCounterInput, response: { 200: keyView } } },
      async (request) => deps.keys.open(actorFromRequest(request), request.body),
    );
    r.post(
      '/offline/counter-keys/:keyId/recover',
      {
        config: sell,
        schema: { tags: ['offline'], params: z.object({ keyId: id }), response: { 200: keyView } },
      },
      async (request) => deps.keys.recover(actorFromRequest(request), request.params.keyId),
    );
    r.post(
      '/offline/counter-keys/:keyId/close',
      { config: sell, schema: { tags: ['offline'], params: z.object({ keyId: id }) } },
      async (request, reply) => {
        await deps.keys.close(actorFromRequest(request), request.params.keyId);
        return reply.code(204).send();
      },
    );
    r.post(
      '/offline/counter-keys/:keyId/blocks',
      {
        config: sell,
        schema: { tags: ['offline'], params: z.object({ keyId: id }), response: { 201: blockView } },
      },
      async (request, reply) =>
        reply.code(201).send(await deps.sync.reserve(actorFromRequest(request), request.params.keyId)),
    );
    r.post(
      '/offline/blocks/:blockId/release',
      {
        config: sell,
        schema: {
          tags: ['offline'],
          params: z.object({ blockId: id }),
          body: releaseInput,
          response: { 200: z.object({ returned: z.number() }) },
        },
      },
      async (request) =>
        deps.sync.release(actorFromRequest(request), request.params.blockId, request.body.usedTo),
    );
    r.get(
      '/offline/catalog',
      { config: sell, schema: { tags: ['offline'], querystring: z.object({ storeId: id }).strict() } },
      async (request) => deps.catalog.snapshot(actorFromRequest(request), request.query.storeId),
    );
    r.post(
      '/offline/sales',
      {
        config: sell,
        preValidation: refuseSensitiveNumbers(['card_number']),
        schema: {
          tags: ['offline'],
          headers: keyHeader,
          body: offlineSaleInput,
          response: {
            200: z.object({
              document: documentView,
              conflicts: z.array(z.object({ reason: z.string(), line: z.number().nullable() })),
            }),
            201: z.object({
              document: documentView,
              conflicts: z.array(z.object({ reason: z.string(), line: z.number().nullable() })),
            }),
          },
        },
      },
      async (request, reply) => {
        const result = await deps.sync.sync(actorFromRequest(request), keyOf(request), request.body);
        return reply.code(result.document.replayed ? 200 : 201).send(result);
      },
    );
    r.get(
      '/offline/counters',
      {
        config: { access: { permission: 'invoice.read' } },
        schema: {
          tags: ['offline'],
          querystring: z.object({ storeId: id }).strict(),
          response: { 200: z.object({ counters: z.array(counterStatus) }) },
        },
      },
      async (request) => ({
        counters: await deps.keys.list(actorFromRequest(request), request.query.storeId),
      }),
    );
    r.post(
      '/offline/counters/:counterId/wipe',
      {
        config: { access: { permission: 'invoice.void' } },
        schema: { tags: ['offline'], params: z.object({ counterId: id }), response: { 200: counterStatus } },
      },
      async (request) => deps.keys.wipe(actorFromRequest(request), request.params.counterId),
    );
  };
}
