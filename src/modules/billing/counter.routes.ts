/**
 * What the POS counter needs around checkout, under /api/v1: a cart or a return priced before it
 * is issued, the lines of an invoice still returnable, a UPI payment QR for an amount, a manager's
 * approval of a discount beyond the cashier's allowance, and a day's sales for the back office.
 */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { readCookie } from '../auth/access-guard.js';
import { DEVICE_COOKIE, isDeviceId } from '../auth/login-attempts.js';
import { actorFromRequest } from '../../http/request-auth.js';
import { checkoutInput, documentView, noteLine } from './checkout.schemas.js';
import type { DiscountApprovalService } from './discount-approval.service.js';
import type { QuoteService } from './quote.service.js';
import type { SalesSummaryService } from './sales-summary.service.js';
import { id, isoDate, paise } from '../../kernel/schema-atoms.js';
import { appliedOfferView, notAppliedOfferView } from '../offers/offer.schemas.js';

export interface CounterRouteDeps {
  quotes: QuoteService;
  approvals: DiscountApprovalService;
  sales: SalesSummaryService;
}

const totals = documentView.shape.totals;
const lines = documentView.shape.lines;
const quoteView = z.object({
  kind: documentView.shape.kind,
  regime: documentView.shape.regime,
  placeOfSupply: z.string(),
  lines,
  totals,
  notes: documentView.shape.notes,
  reductionPaise: z.number(),
  approvalNeeded: z.boolean(),
  offers: z.array(appliedOfferView),
  notApplied: z.array(notAppliedOfferView),
  savedPaise: z.number(),
});
const tally = z.object({ count: z.number(), totalPaise: z.number() });
const dailySales = z.object({
  date: z.string(),
  invoices: tally,
  cancelled: tally,
  creditNotes: tally,
  debitNotes: tally,
  zeroRated: tally,
  netPaise: z.number(),
  payments: z.array(z.object({ method: z.string(), takenPaise: z.number(), refundedPaise: z.number() })),
});
const approvalInput = z
  .object({
    storeId: id,
    email: z.string().trim().min(3).max(254),
    password: z.string().min(1).max(1024),
    code: z.string().regex(/^\d{6}$/, 'must be the six digits shown by the authenticator app'),
    /** 0 approves a change to the sale's offers that takes nothing more off (an offer left out). */
    maxDiscountPaise: paise,
    purpose: z.enum(['discount', 'refund']).optional(),
    /** The change to the sale's offers approved (as the sale will send it in `offers`). */
    offers: z
      .object({ skip: z.array(id).max(50).optional(), force: z.array(id).max(10).optional() })
      .strict()
      .optional(),
  })
  .strict();
const approvalView = z.object({
  approvalId: z.string(),
  approverId: z.string(),
  storeId: z.string(),
  maxDiscountPaise: z.number(),
  purpose: z.enum(['discount', 'refund']),
  expiresAt: z.string(),
});

export function counterApiRoutes(deps: CounterRouteDeps) {
  return (api: FastifyInstance): void => {
    const r = api.withTypeProvider<ZodTypeProvider>();
    const sell = { access: { permission: 'invoice.create' } } as const;
    r.post(
      '/invoices/quote',
      {
        config: sell,
        schema: {
          tags: ['invoices'],
          body: checkoutInput.omit({ payments: true }),
          response: { 200: quoteView },
        },
      },
      async (request) => deps.quotes.invoice(actorFromRequest(request), request.body),
    );
    r.post(
      '/credit-notes/quote',
      {
        config: { access: { permission: 'credit_note.create' } },
        schema: {
          tags: ['credit-notes'],
          body: z.object({ invoiceId: id, lines: z.array(noteLine).min(1).max(500) }).strict(),
          response: {
            200: z.object({
              lines,
              totals,
              withdrawn: z.array(
                z.object({
                  offerId: z.string(),
                  name: z.string(),
                  paise: z.number(),
                  lines: z.array(z.number()),
                }),
              ),
              refundAllowancePaise: z.number().nullable(),
            }),
          },
        },
      },
      async (request) => deps.quotes.creditNote(actorFromRequest(request), request.body),
    );
    r.get(
      '/invoices/:documentId/returnable',
      {
        config: { access: { permission: 'invoice.read' } },
        schema: {
          tags: ['invoices'],
          params: z.object({ documentId: id }),
          response: {
            200: z.object({
              lines: z.array(
                z.object({
                  lineNumber: z.number(),
                  description: z.string(),
                  soldQuantity: z.number(),
                  returnedQuantity: z.number(),
                }),
              ),
            }),
          },
        },
      },
      async (request) => ({
        lines: await deps.quotes.returnable(actorFromRequest(request), request.params.documentId),
      }),
    );
    r.post(
      '/payments/upi-request',
      {
        config: sell,
        schema: {
          tags: ['invoices'],
          body: z
            .object({
              storeId: id,
              amountPaise: paise.min(1),
              reference: z.string().regex(/^[A-Za-z0-9-]{4,35}$/, 'must be 4 to 35 letters, digits or -'),
            })
            .strict(),
          response: { 200: z.object({ uri: z.string(), qrDataUrl: z.string() }) },
        },
      },
      async (request) => deps.quotes.upiRequest(actorFromRequest(request), request.body),
    );
    r.post(
      '/discount-approvals',
      { config: sell, schema: { tags: ['invoices'], body: approvalInput, response: { 201: approvalView } } },
      async (request, reply) => {
        const device = readCookie(request, DEVICE_COOKIE);
        const view = await deps.approvals.approve(actorFromRequest(request), request.body, {
          ip: request.ip,
          ...(device !== undefined && isDeviceId(device) ? { deviceId: device } : {}),
        });
        return reply.code(201).send(view);
      },
    );
    r.get(
      '/reports/daily-sales',
      {
        config: { access: { permission: 'report.sales' } },
        schema: {
          tags: ['reports'],
          querystring: z.object({ date: isoDate.optional(), storeId: id.optional() }).strict(),
          response: { 200: dailySales },
        },
      },
      async (request) =>
        deps.sales.daily(actorFromRequest(request), {
          ...(request.query.date === undefined ? {} : { date: request.query.date }),
          ...(request.query.storeId === undefined ? {} : { storeId: request.query.storeId }),
        }),
    );
  };
}
