/**
 * Offers under /api/v1: `price-lists`, `offers` and `coupons` (create, read, change, pause or
 * resume, copy), `offers/calendar`, `reports/offers`, and a customer's group. Managing needs
 * `catalog.manage`, reading `catalog.read`, the report `report.sales`.
 */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actorFromRequest } from '../../http/request-auth.js';
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
    r.get(
      '/price-lists/:id',
      { config: read, schema: { tags, params, response: { 200: priceListView } } },
      async (request) => offers.getPriceList(actorFromRequest(request), request.params.id),
    );
    r.post(
      '/price-lists',
      { config: manage, schema: { tags, body: priceListInput, response: { 201: priceListView } } },
      async (request, reply) =>
        reply.code(201).send(await offers.createPriceList(actorFromRequest(request), request.body)),
    );
    r.put(
      '/price-lists/:id',
      { config: manage, schema: { tags, params, body: priceListInput, response: { 200: priceListView } } },
      async (request) => offers.updatePriceList(actorFromRequest(request), request.params.id, request.body),
    );
    r.patch(
      '/price-lists/:id',
      { config: manage, schema: { tags, params, body: statusPatch, response: { 200: priceListView } } },
      async (request) =>
        offers.setPriceListStatus(actorFromRequest(request), request.params.id, request.body.status),
    );
    r.post(
      '/price-lists/:id/copy',
      { config: manage, schema: { tags, params, response: { 201: priceListView } } },
      async (request, reply) =>
        reply.code(201).send(await offers.copyPriceList(actorFromRequest(request), request.params.id)),
    );

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
    r.get(
      '/offers/:id',
      { config: read, schema: { tags, params, response: { 200: offerView } } },
      async (request) => offers.getOffer(actorFromRequest(request), request.params.id),
    );
    r.post(
      '/offers',
      { config: manage, schema: { tags, body: offerInput, response: { 201: offerView } } },
      async (request, reply) =>
        reply.code(201).send(await offers.createOffer(actorFromRequest(request), request.body)),
    );
    r.put(
      '/offers/:id',
      { config: manage, schema: { tags, params, body: offerInput, response: { 200: offerView } } },
      async (request) => offers.updateOffer(actorFromRequest(request), request.params.id, request.body),
    );
    r.patch(
      '/offers/:id',
      { config: manage, schema: { tags, params, body: statusPatch, response: { 200: offerView } } },
      async (request) =>
        offers.setOfferStatus(actorFromRequest(request), request.params.id, request.body.status),
    );
    r.post(
      '/offers/:id/copy',
      { config: manage, schema: { tags, params, response: { 201: offerView } } },
      async (request, reply) =>
        reply.code(201).send(await offers.copyOffer(actorFromRequest(request), request.params.id)),
    );

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
