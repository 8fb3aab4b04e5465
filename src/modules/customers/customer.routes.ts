/**
 * Customers under /api/v1/customers. Lookups take the phone, last 4 digits, email or GSTIN in the
 * body (personal data never goes in a URL); responses are masked; `/reveal` shows fields in clear
 * after the reveal gate. Bodies holding a card or Aadhaar number are refused.
 */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actorFromRequest } from '../../http/request-auth.js';
import { csvBody, importQuery, importReport, withCsvBodies } from '../billing/csv-body.js';
import { instant, limit } from '../../kernel/schema-atoms.js';
import { refuseSensitiveNumbers } from '../billing/sensitive-input.hook.js';
import type { CustomerImportService } from './customer-import.service.js';
import type { CustomerLedgerService } from './customer-ledger.service.js';
import {
  customerInput,
  customerParams,
  customerPatch,
  customerView,
  ledgerEntryView,
  lookupRequest,
  paymentReceived,
  revealedCustomer,
  revealRequest,
} from './customer.schemas.js';
import type { CustomerService } from './customer.service.js';

export interface CustomerRouteDeps {
  customers: CustomerService;
  ledger: CustomerLedgerService;
  imports: CustomerImportService;
}

const tags = ['customers'];
const read = { access: { permission: 'customer.read' } } as const;
const write = { access: { permission: 'customer.write' } } as const;
const guard = refuseSensitiveNumbers(['card_number', 'aadhaar']);

export function customerApiRoutes(deps: CustomerRouteDeps) {
  return (api: FastifyInstance): void => {
    const r = api.withTypeProvider<ZodTypeProvider>();
    r.post(
      '/customers',
      {
        config: write,
        preValidation: guard,
        schema: { tags, body: customerInput, response: { 201: customerView } },
      },
      async (request, reply) =>
        reply.code(201).send(await deps.customers.create(actorFromRequest(request), request.body)),
    );
    r.get(
      '/customers',
      {
        config: read,
        schema: {
          tags,
          querystring: z.object({ before: z.uuid().optional(), limit }).strict(),
          response: { 200: z.object({ customers: z.array(customerView) }) },
        },
      },
      async (request) => ({
        customers: await deps.customers.list(actorFromRequest(request), {
          limit: request.query.limit,
          ...(request.query.before === undefined ? {} : { before: request.query.before }),
        }),
      }),
    );
    r.post(
      '/customers/lookup',
      {
        config: read,
        schema: {
          tags,
          body: lookupRequest,
          response: { 200: z.object({ customers: z.array(customerView) }) },
        },
      },
      async (request) => ({
        customers: await deps.customers.lookup(actorFromRequest(request), request.body),
      }),
    );
    withCsvBodies(api, (scope) =>
      scope.withTypeProvider<ZodTypeProvider>().post(
        '/customers/import',
        {
          config: write,
          schema: { tags, body: csvBody, querystring: importQuery, response: { 200: importReport } },
        },
        async (request) =>
          deps.imports.importCustomers(actorFromRequest(request), request.body, {
            skipInvalid: request.query.skipInvalid === 'true',
          }),
      ),
    );
    r.get(
      '/customers/:customerId',
      { config: read, schema: { tags, params: customerParams, response: { 200: customerView } } },
      async (request) => deps.customers.get(actorFromRequest(request), request.params.customerId),
    );
    r.patch(
      '/customers/:customerId',
      {
        config: write,
        preValidation: guard,
        schema: { tags, params: customerParams, body: customerPatch, response: { 200: customerView } },
      },
      async (request) =>
        deps.customers.update(actorFromRequest(request), request.params.customerId, request.body),
    );
    r.post(
      '/customers/:customerId/reveal',
      {
        config: { access: { permission: 'customer.pii.reveal' } },
        schema: { tags, params: customerParams, body: revealRequest, response: { 200: revealedCustomer } },
      },
      async (request) =>
        deps.customers.reveal(actorFromRequest(request), request.params.customerId, request.body),
    );
    r.get(
      '/customers/:customerId/ledger',
      {
        config: read,
        schema: {
          tags,
          params: customerParams,
          querystring: z.object({ before: instant.optional(), limit }).strict(),
          response: {
            200: z.object({
              balancePaise: z.number(),
              creditLimitPaise: z.number(),
              entries: z.array(ledgerEntryView),
            }),
          },
        },
      },
      async (request) =>
        deps.ledger.entries(actorFromRequest(request), request.params.customerId, {
          limit: request.query.limit,
          ...(request.query.before === undefined ? {} : { before: request.query.before }),
        }),
    );
    r.post(
      '/customers/:customerId/payments',
      {
        config: { access: { permission: 'invoice.create' } },
        preValidation: refuseSensitiveNumbers(),
        schema: {
          tags,
          params: customerParams,
          body: paymentReceived,
          response: { 201: z.object({ balancePaise: z.number() }) },
        },
      },
      async (request, reply) =>
        reply
          .code(201)
          .send(
            await deps.ledger.recordPayment(
              actorFromRequest(request),
              request.params.customerId,
              request.body,
            ),
          ),
    );
  };
}
