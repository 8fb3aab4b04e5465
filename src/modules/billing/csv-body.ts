/**
 * CSV uploads: a `text/csv` body parser for the API scope, the schema of an import report, and
 * the import route's query (`?skipInvalid=true`).
 */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';

/**
 * Registers routes that take `text/csv` bodies (as strings) in a scope of their own, so every
 * other route keeps refusing CSV with 415.
 */
export function withCsvBodies(api: FastifyInstance, routes: (scope: FastifyInstance) => void): void {
  void api.register(async (scope) => {
    scope.addContentTypeParser('text/csv', { parseAs: 'string' }, (_request, body, done) => done(null, body));
    routes(scope);
  });
}

export const csvBody = z.string().min(1, 'send the CSV file as the body (Content-Type: text/csv)');

export const importQuery = z.object({ skipInvalid: z.enum(['true', 'false']).default('false') }).strict();

export const importReport = z.object({
  rows: z.number(),
  imported: z.number(),
  skipped: z.number(),
  rejected: z.boolean(),
  problems: z.array(z.object({ row: z.number(), column: z.string(), message: z.string() })),
});
