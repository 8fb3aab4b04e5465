/**
 * The public side, no account: report a suspected breach or security problem, and ask about an
 * incident with the reference from a notice. Both are throttled per network, take JSON only (a
 * cross-site form cannot post JSON without a preflight), and the access guard refuses a
 * state-changing public request whose Origin is another site's.
 */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { text } from './incident.schemas.js';
import type { InquiryService } from './inquiry.service.js';
import { reportCategories, type SecurityReportService } from './security-report.service.js';

const open = { access: { public: true } } as const;
const tags = ['public'];

export function publicIncidentApiRoutes(deps: { reports: SecurityReportService; inquiries: InquiryService }) {
  return (api: FastifyInstance): void => {
    const r = api.withTypeProvider<ZodTypeProvider>();
    r.post(
      '/public/security-reports',
      {
        config: open,
        schema: {
          tags,
          body: z
            .object({
              category: z.enum(reportCategories),
              description: text(5000),
              contact: z.string().trim().min(3).max(200).optional(),
              shopGstin: z
                .string()
                .trim()
                .toUpperCase()
                .regex(/^[0-9]{2}[0-9A-Z]{13}$/, 'a 15-character GSTIN')
                .optional(),
            })
            .strict(),
        },
      },
      async (request, reply) => {
        const { category, description, contact, shopGstin } = request.body;
        const received = await deps.reports.submit({ category, description, contact, shopGstin }, request.ip);
        return reply.code(202).send(received);
      },
    );
    r.post(
      '/public/incident-inquiries',
      {
        config: open,
        schema: {
          tags,
          body: z.object({ reference: z.string().trim().min(10).max(20), question: text(2000) }).strict(),
        },
      },
      async (request, reply) => {
        const received = await deps.inquiries.receive(request.body, request.ip);
        return reply.code(202).send({ received: true, ...received });
      },
    );
  };
}
