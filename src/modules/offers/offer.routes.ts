/**
 * Offers under /api/v1: `price-lists`, `offers` and `coupons` (create, read, change, pause or
 * resume, copy), `offers/calendar`, `reports/offers`, and a customer's group. Managing needs
 * `catalog.manage`, reading `catalog.read`, the report `report.sales`.
 */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actorFromRequest } from '../../http/request-auth.js';
import type { ServiceActor } from '../../kernel/actor.js';
import { id, label } from '../../kernel/schema-atoms.js';
import {
  couponInput,
  couponView,
  istMinute,
  offerInput,
  offerReportQuery,
  offerReportRow,
  offerView,
  priceListInput,
  priceListView,
  statusPatch,
} from './offer.schemas.js';
import type { OfferService } from './offer.service.js';

const params = z.object({ id });
const manage = { access: { permission: 'catalog.manage' } } as const;
const read = { access: { permission: 'catalog.read' } } as const;
const calendarEntry = z.object({
  type: z.enum(['price-list', 'offer']),
  id: z.string(),
  name: z.string(),
  kind: z.string(),
  startsAt: z.string(),
  endsAt: z.string().nullable(),
  status: z.enum(['active', 'paused']),
  storeId: z.string().nullable(),
});

type RunStatus = z.infer<typeof statusPatch>['status'];

/**
 * Price lists and offers are managed alike: read one, create, replace, pause or resume, copy
 * (reading needs `catalog.read`, the rest `catalog.manage`).
 */
function scheduledRoutes<View extends z.ZodType, Input extends z.ZodType>(
  api: FastifyInstance,
  path: string,
  view: View,
  input: Input,
  service: {
    get: (actor: ServiceActor, id: string) => Promise<z.infer<View>>;
    create: (actor: ServiceActor, body: z.infer<Input>) => Promise<z.infer<View>>;
    update: (actor: ServiceActor, id: string, body: z.infer<Input>) => Promise<z.infer<View>>;
    setStatus: (actor: ServiceActor, id: string, status: RunStatus) => Promise<z.infer<View>>;
    copy: (actor: ServiceActor, id: string) => Promise<z.infer<View>>;
  },
): void {
  const r = api.withTypeProvider<ZodTypeProvider>();
  const tags = ['offers'];
  r.get(`${path}/:id`, { config: read, schema: { tags, params, response: { 200: view } } }, async (request) =>
    service.get(actorFromRequest(request), request.params.id),
  );
  r.post(
    path,
    { config: manage, schema: { tags, body: input, response: { 201: view } } },
    async (request, reply) =>
      reply.code(201).send(await service.create(actorFromRequest(request), request.body)),
  );
  r.put(
    `${path}/:id`,
    { config: manage, schema: { tags, params, body: input, response: { 200: view } } },
    async (request) => service.update(actorFromRequest(request), request.params.id, request.body),
  );
  r.patch(
    `${path}/:id`,
    { config: manage, schema: { tags, params, body: statusPatch, response: { 200: view } } },
    async (request) => service.setStatus(actorFromRequest(request), request.params.id, request.body.status),
  );
  r.post(
    `${path}/:id/copy`,
    { config: manage, schema: { tags, params, response: { 201: view } } },
    async (request, reply) =>
      reply.code(201).send(await service.copy(actorFromRequest(request), request.params.id)),
  );
}

export function offerApiRoutes(offers: OfferService) {
  return (api: FastifyInstance): void => {
    const r = api.withTypeProvider<ZodTypeProvider>();
    const tags = ['offers'];

    r.get(
      '/price-lists',
      { config: read, schema: { tags, response: { 200: z.object({ priceLists: z.array(priceListView) }) } } },
      async (request) => ({
        priceLists: await offers.listPriceLists(actorFromRequest(request)),
      }),
    );
    scheduledRoutes(api, '/price-lists', priceListView, priceListInput, {
      get: (actor, id) => offers.getPriceList(actor, id),
      create: (actor, body) => offers.createPriceList(actor, body),
      update: (actor, id, body) => offers.updatePriceList(actor, id, body),
      setStatus: (actor, id, status) => offers.setPriceListStatus(actor, id, status),
      copy: (actor, id) => offers.copyPriceList(actor, id),
    });

    r.get(
      '/offers',
      { config: read, schema: { tags, response: { 200: z.object({ offers: z.array(offerView) }) } } },
      async (request) => ({
        offers: await offers.listOffers(actorFromRequest(request)),
      }),
    );
    r.get(
      '/offers/calendar',
      {
        config: read,
        schema: {
          tags,
          querystring: z.object({ from: istMinute, to: istMinute }).strict(),
          response: { 200: z.object({ entries: z.array(calendarEntry) }) },
        },
      },
      async (request) => ({
        entries: await offers.calendar(actorFromRequest(request), request.query.from, request.query.to),
      }),
    );
    scheduledRoutes(api, '/offers', offerView, offerInput, {
      get: (actor, id) => offers.getOffer(actor, id),
      create: (actor, body) => offers.createOffer(actor, body),
      update: (actor, id, body) => offers.updateOffer(actor, id, body),
      setStatus: (actor, id, status) => offers.setOfferStatus(actor, id, status),
      copy: (actor, id) => offers.copyOffer(actor, id),
    });

    r.get(
      '/coupons',
      {
        config: read,
        schema: {
          tags,
          querystring: z.object({ offerId: id.optional() }).strict(),
          response: { 200: z.object({ coupons: z.array(couponView) }) },
        },
      },
      async (request) => ({
        coupons: await offers.listCoupons(actorFromRequest(request), request.query.offerId),
      }),
    );
    r.post(
      '/coupons',
      { config: manage, schema: { tags, body: couponInput, response: { 201: couponView } } },
      async (request, reply) =>
        reply.code(201).send(await offers.createCoupon(actorFromRequest(request), request.body)),
    );
    r.patch(
      '/coupons/:id',
      { config: manage, schema: { tags, params, body: statusPatch, response: { 200: couponView } } },
      async (request) =>
        offers.setCouponStatus(actorFromRequest(request), request.params.id, request.body.status),
    );

    r.get(
      '/reports/offers',
      {
        config: { access: { permission: 'report.sales' } },
        schema: {
          tags,
          querystring: offerReportQuery,
          response: { 200: z.object({ rows: z.array(offerReportRow) }) },
        },
      },
      async (request) => ({ rows: await offers.report(actorFromRequest(request), request.query) }),
    );
    r.put(
      '/customers/:id/group',
      {
        config: { access: { permission: 'customer.write' } },
        schema: {
          tags,
          params,
          body: z.object({ group: label(40).nullable() }).strict(),
          response: { 204: z.null() },
        },
      },
      async (request, reply) => {
        await offers.setCustomerGroup(actorFromRequest(request), request.params.id, request.body.group);
        return reply.code(204).send(null);
      },
    );
  };
}
