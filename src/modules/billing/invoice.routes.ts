/**
 * Invoices, credit and debit notes under /api/v1: checkout (`POST /invoices` with an
 * `Idempotency-Key` header), listing, reading, cancelling, credit notes, debit notes and exchanges. A card number anywhere in a
 * request body is refused before validation.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { invalid } from '../../domain/app-error.js';
import { actorFromRequest } from '../../http/request-auth.js';
import {
  checkoutInput,
  documentView,
  idempotencyKey,
  noteLine,
  paymentInput,
  returnLine,
} from './checkout.schemas.js';
import type { CheckoutService } from './checkout.service.js';
import type { CreditNoteService } from './credit-note.service.js';
import type { DebitNoteService } from './debit-note.service.js';
import { DOCUMENT_COLLECTIONS, type DocumentReader } from './document-reader.js';
import type { ExchangeService } from './exchange.service.js';
import { cancelReasons, type InvoiceService } from './invoice.service.js';
import { documentNumber, id, isoDate, label, limit } from '../../kernel/schema-atoms.js';
import { refuseSensitiveNumbers } from './sensitive-input.hook.js';

export interface InvoiceRouteDeps {
  checkout: CheckoutService;
  invoices: InvoiceService;
  creditNotes: CreditNoteService;
  exchanges: ExchangeService;
  reader: DocumentReader;
  debitNotes: DebitNoteService;
}

const noCards = refuseSensitiveNumbers(['card_number']);
/** The `Idempotency-Key` header of an issuing request (checkout, offline sales). */
export const keyHeader = z.object({ 'idempotency-key': idempotencyKey }).loose();
const summary = z.object({
  id: z.string(),
  type: z.string(),
  number: z.string(),
  date: z.string(),
  kind: z.string(),
  storeId: z.string(),
  customerId: z.string().nullable(),
  totalPaise: z.number(),
  status: z.enum(['issued', 'cancelled']),
});
const listQuery = z
  .object({
    storeId: id.optional(),
    customerId: id.optional(),
    from: isoDate.optional(),
    to: isoDate.optional(),
    number: documentNumber.optional(),
    before: id.optional(),
    limit,
  })
  .strict();
const creditNoteInput = z
  .object({
    invoiceId: id,
    reason: z.enum(['return', 'correction', 'discount', 'other']),
    lines: z.array(noteLine).min(1).max(500),
    refunds: z.array(paymentInput).max(10).default([]),
    approvalId: id.optional(),
  })
  .strict();
/** A debit note: the increase of each invoice line's taxable value (before tax), and its payment. */
const debitNoteInput = z
  .object({
    invoiceId: id,
    reason: z.enum(['price-increase', 'correction', 'other']),
    lines: z
      .array(
        z
          .object({
            lineNumber: z.number().int().min(1),
            taxablePaise: z.number().int().min(1).max(10_000_000_000),
          })
          .strict(),
      )
      .min(1)
      .max(500),
    payments: z.array(paymentInput).max(10).default([]),
  })
  .strict();
const exchangeInput = z
  .object({
    invoiceId: id,
    counterId: id.optional(),
    returnLines: z.array(returnLine).min(1).max(500),
    lines: checkoutInput.shape.lines,
    payments: z.array(paymentInput).max(10).default([]),
    refunds: z.array(paymentInput).max(10).default([]),
    approvalId: id.optional(),
    refundApprovalId: id.optional(),
  })
  .strict();

/** The request's idempotency key; a missing header is refused naming it. */
export function keyOf(request: FastifyRequest): string {
  const key = request.headers['idempotency-key'];
  if (typeof key !== 'string') throw invalid('headers.idempotency-key', 'send an Idempotency-Key header');
  return key;
}

const filterOf = (q: z.infer<typeof listQuery>) => ({
  limit: q.limit,
  ...(q.storeId === undefined ? {} : { storeId: q.storeId }),
  ...(q.customerId === undefined ? {} : { customerId: q.customerId }),
  ...(q.from === undefined ? {} : { from: q.from }),
  ...(q.to === undefined ? {} : { to: q.to }),
  ...(q.number === undefined ? {} : { number: q.number }),
  ...(q.before === undefined ? {} : { before: q.before }),
});

export function invoiceApiRoutes(deps: InvoiceRouteDeps) {
  return (api: FastifyInstance): void => {
    const r = api.withTypeProvider<ZodTypeProvider>();
    const read = { access: { permission: 'invoice.read' } } as const;
    r.post(
      '/invoices',
      {
        config: { access: { permission: 'invoice.create' } },
        preValidation: noCards,
        schema: {
          tags: ['invoices'],
          headers: keyHeader,
          body: checkoutInput,
          response: { 200: documentView, 201: documentView },
        },
      },
      async (request, reply) => {
        const view = await deps.checkout.checkout(actorFromRequest(request), request.body, keyOf(request));
        return reply.code(view.replayed ? 200 : 201).send(view);
      },
    );
    for (const { path, docType, tags: collectionTags } of DOCUMENT_COLLECTIONS) {
      const tags = [...collectionTags];
      r.get(
        path,
        {
          config: read,
          schema: {
            tags,
            querystring: listQuery,
            response: { 200: z.object({ documents: z.array(summary) }) },
          },
        },
        async (request) => ({
          documents: await deps.invoices.list(actorFromRequest(request), {
            docType,
            ...filterOf(request.query),
          }),
        }),
      );
      r.get(
        `${path}/:documentId`,
        {
          config: read,
          schema: { tags, params: z.object({ documentId: id }), response: { 200: documentView } },
        },
        async (request) => deps.reader.view(actorFromRequest(request), request.params.documentId, docType),
      );
    }
    r.post(
      '/invoices/:documentId/cancel',
      {
        config: { access: { permission: 'invoice.void' } },
        preValidation: refuseSensitiveNumbers(['card_number', 'aadhaar']),
        schema: {
          tags: ['invoices'],
          params: z.object({ documentId: id }),
          body: z.object({ reason: z.enum(cancelReasons), note: label(300).optional() }).strict(),
          response: { 200: documentView },
        },
      },
      async (request) =>
        deps.invoices.cancel(actorFromRequest(request), request.params.documentId, {
          reason: request.body.reason,
          ...(request.body.note === undefined ? {} : { note: request.body.note }),
        }),
    );
    r.post(
      '/credit-notes',
      {
        config: { access: { permission: 'credit_note.create' } },
        preValidation: noCards,
        schema: {
          tags: ['credit-notes'],
          headers: keyHeader,
          body: creditNoteInput,
          response: { 200: documentView, 201: documentView },
        },
      },
      async (request, reply) => {
        const view = await deps.creditNotes.issue(actorFromRequest(request), request.body, keyOf(request));
        return reply.code(view.replayed ? 200 : 201).send(view);
      },
    );
    r.post(
      '/debit-notes/quote',
      {
        config: { access: { permission: 'debit_note.create' } },
        schema: {
          tags: ['debit-notes'],
          body: debitNoteInput.omit({ reason: true, payments: true }),
          response: {
            200: z.object({ lines: documentView.shape.lines, totals: documentView.shape.totals }),
          },
        },
      },
      async (request) => deps.debitNotes.quote(actorFromRequest(request), request.body),
    );
    r.post(
      '/debit-notes',
      {
        config: { access: { permission: 'debit_note.create' } },
        preValidation: noCards,
        schema: {
          tags: ['debit-notes'],
          headers: keyHeader,
          body: debitNoteInput,
          response: { 200: documentView, 201: documentView },
        },
      },
      async (request, reply) => {
        const view = await deps.debitNotes.issue(actorFromRequest(request), request.body, keyOf(request));
        return reply.code(view.replayed ? 200 : 201).send(view);
      },
    );
    r.post(
      '/exchanges',
      {
        config: { access: { permission: 'credit_note.create' } },
        preValidation: noCards,
        schema: {
          tags: ['credit-notes'],
          headers: keyHeader,
          body: exchangeInput,
          response: {
            201: z.object({ exchangeId: z.string(), creditNote: documentView, invoice: documentView }),
            200: z.object({ exchangeId: z.string(), creditNote: documentView, invoice: documentView }),
          },
        },
      },
      async (request, reply) => {
        const result = await deps.exchanges.exchange(actorFromRequest(request), request.body, keyOf(request));
        return reply.code(result.invoice.replayed ? 200 : 201).send(result);
      },
    );
  };
}
