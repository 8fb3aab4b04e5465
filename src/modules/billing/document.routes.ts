/**
 * Printable documents and returns data under /api/v1: PDFs and thermal receipts of invoices and
 * credit notes, their e-invoice JSON, GSTR-1 for a month and the sales register CSV (streamed).
 */
import { Readable } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actorFromRequest } from '../../http/request-auth.js';
import { DOCUMENT_COLLECTIONS } from './document-reader.js';
import type { DocumentService } from './document.service.js';
import type { ReportService } from './report.service.js';
import { id, isoDate } from '../../kernel/schema-atoms.js';

const params = z.object({ documentId: id });

/**
 * Starts a stream before the response does: an error found while producing the first chunk
 * (a refused return, a bad period) still becomes a proper error response, not a cut-off 200.
 */
async function primed(chunks: AsyncIterable<string>): Promise<Readable> {
  const iterator = chunks[Symbol.asyncIterator]();
  const first = await iterator.next();
  async function* rest(): AsyncGenerator<string> {
    if (first.done === true) return;
    yield first.value;
    for (let next = await iterator.next(); next.done !== true; next = await iterator.next()) yield next.value;
  }
  return Readable.from(rest());
}
const binary = z.any().describe('file contents');

export function documentApiRoutes(deps: { documents: DocumentService; reports: ReportService }) {
  return (api: FastifyInstance): void => {
    const r = api.withTypeProvider<ZodTypeProvider>();
    const read = { access: { permission: 'invoice.read' } } as const;
    for (const { path, docType, tags: collectionTags } of DOCUMENT_COLLECTIONS) {
      const tags = [...collectionTags];
      r.get(
        `${path}/:documentId/pdf`,
        {
          config: read,
          schema: {
            tags,
            params,
            querystring: z.object({ format: z.enum(['a4', 'thermal']).default('a4') }).strict(),
            produces: ['application/pdf'],
            response: { 200: binary },
          },
        },
        async (request, reply) => {
          const pdf = await deps.documents.render(
            actorFromRequest(request),
            request.params.documentId,
            docType,
            request.query.format,
          );
          return reply
            .type('application/pdf')
            .header('content-disposition', `inline; filename="${docType}-${request.params.documentId}.pdf"`)
            .send(pdf);
        },
      );
      r.get(
        `${path}/:documentId/receipt.txt`,
        { config: read, schema: { tags, params, produces: ['text/plain'], response: { 200: binary } } },
        async (request, reply) => {
          const text = await deps.documents.render(
            actorFromRequest(request),
            request.params.documentId,
            docType,
            'text',
          );
          return reply.type('text/plain; charset=utf-8').send(text);
        },
      );
      r.get(
        `${path}/:documentId/e-invoice`,
        {
          config: read,
          schema: { tags, params, response: { 200: z.record(z.string(), z.unknown()) } },
        },
        async (request) =>
          (await deps.documents.eInvoice(
            actorFromRequest(request),
            request.params.documentId,
            docType,
          )) as Record<string, unknown>,
      );
    }
    r.get(
      '/reports/gstr1',
      {
        config: { access: { permission: 'report.gst' } },
        schema: {
          tags: ['reports'],
          querystring: z
            .object({
              period: z.string().regex(/^(0[1-9]|1[0-2])\d{4}$/, 'must be a month as MMYYYY'),
              gstin: z.string().length(15).optional(),
            })
            .strict(),
          produces: ['application/json'],
          response: { 200: binary },
        },
      },
      async (request, reply) => {
        const result = await deps.reports.gstr1(
          actorFromRequest(request),
          request.query.period,
          request.query.gstin,
        );
        return reply
          .type('application/json; charset=utf-8')
          .header(
            'content-disposition',
            `attachment; filename="GSTR1_${result.gstin}_${request.query.period}.json"`,
          )
          .send(await primed(result.chunks));
      },
    );
    r.get(
      '/reports/gstr3b',
      {
        config: { access: { permission: 'report.gst' } },
        schema: {
          tags: ['reports'],
          querystring: z
            .object({
              period: z.string().regex(/^(0[1-9]|1[0-2])\d{4}$/, 'must be a month as MMYYYY'),
              gstin: z.string().length(15).optional(),
            })
            .strict(),
        },
      },
      async (request) =>
        deps.reports.gstr3b(actorFromRequest(request), request.query.period, request.query.gstin),
    );
    r.get(
      '/reports/sales-register.csv',
      {
        config: { access: { permission: 'report.sales' } },
        schema: {
          tags: ['reports'],
          querystring: z.object({ from: isoDate, to: isoDate, storeId: id.optional() }).strict(),
          produces: ['text/csv'],
          response: { 200: binary },
        },
      },
      async (request, reply) => {
        const q = request.query;
        const chunks = await deps.reports.salesRegister(actorFromRequest(request), {
          from: q.from,
          to: q.to,
          ...(q.storeId === undefined ? {} : { storeId: q.storeId }),
        });
        return reply
          .type('text/csv; charset=utf-8')
          .header('content-disposition', `attachment; filename="sales-register_${q.from}_${q.to}.csv"`)
          .send(await primed(chunks));
      },
    );
  };
}
