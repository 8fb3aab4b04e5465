/**
 * The public side of printed bills: the verification page's check, no account. It answers
 * valid, cancelled or mismatch for a document reference and signature read from a bill's QR
 * code, with the facts the bill itself prints that name no person.
 */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { id } from '../../kernel/schema-atoms.js';
import type { DocumentService } from './document.service.js';

export function publicDocumentApiRoutes(documents: DocumentService) {
  return (api: FastifyInstance): void => {
    const r = api.withTypeProvider<ZodTypeProvider>();
    r.get(
      '/public/documents/verify',
      {
        config: { access: { public: true } },
        schema: {
          tags: ['public'],
          querystring: z
            .object({
              t: id,
              d: id,
              // An Ed25519 signature: 64 bytes as unpadded base64url.
              s: z.string().regex(/^[A-Za-z0-9_-]{86}$/, 'must be the signature from the bill'),
            })
            .strict(),
        },
      },
      async (request) =>
        documents.verify({
          tenantId: request.query.t,
          documentId: request.query.d,
          signature: request.query.s,
        }),
    );
  };
}
