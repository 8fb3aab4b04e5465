/**
 * The self-audit over the API: start a run (`security_audit.run`: owners and admins), and read the
 * history with its trend, one run's report, the catalogue of checks, and signed exports as JSON or
 * PDF (`audit.read`: owners, admins and auditors). An export carries its file signature in
 * `X-Tijori-Signature`; the JSON also holds the report's signature inside.
 */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { auditContextOf, requireAuth } from '../../http/request-auth.js';
import { securityChecks } from './checks/registry.js';
import type { SecurityAuditService } from './security-audit.service.js';

const read = { access: { permission: 'audit.read' } } as const;
const run = { access: { permission: 'security_audit.run' } } as const;
const params = z.object({ id: z.uuid() });

export function securityAuditApiRoutes(service: SecurityAuditService) {
  return (api: FastifyInstance): void => {
    const r = api.withTypeProvider<ZodTypeProvider>();
    r.post(
      '/security-audits',
      { config: run, schema: { tags: ['security-audits'] } },
      async (request, reply) => {
        const auth = requireAuth(request);
        const started = await service.start(auditContextOf(request), 'manual', auth.userId);
        return reply.code(202).send({ run: started });
      },
    );
    r.get(
      '/security-audits',
      {
        config: read,
        schema: {
          tags: ['security-audits'],
          querystring: z
            .object({
              limit: z.coerce.number().int().min(1).max(200).default(52),
              before: z.iso.datetime().optional(),
            })
            .strict(),
        },
      },
      async (request) => ({
        runs: await service.list(requireAuth(request).tenantId, {
          limit: request.query.limit,
          ...(request.query.before === undefined
            ? {}
            : { before: new Date(request.query.before).toISOString() }),
        }),
      }),
    );
    r.get('/security-audits/checks', { config: read, schema: { tags: ['security-audits'] } }, async () => ({
      checks: securityChecks.map((c) => ({
        id: c.id,
        title: c.title,
        category: c.category,
        severity: c.severity,
        remediation: c.remediation,
      })),
    }));
    r.get(
      '/security-audits/:id',
      { config: read, schema: { tags: ['security-audits'], params } },
      async (request) => ({
        run: await service.get(requireAuth(request).tenantId, request.params.id),
      }),
    );
    r.get(
      '/security-audits/:id/export',
      {
        config: read,
        schema: {
          tags: ['security-audits'],
          params,
          querystring: z.object({ format: z.enum(['json', 'pdf']).default('json') }).strict(),
        },
      },
      async (request, reply) => {
        const file = await service.export(auditContextOf(request), request.params.id, request.query.format);
        return reply
          .header('content-type', file.contentType)
          .header('content-disposition', `attachment; filename="${file.fileName}"`)
          .header('x-tijori-signature', file.signature)
          .send(file.body);
      },
    );
  };
}
