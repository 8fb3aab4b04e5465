/**
 * The audit trail over the API: entries with filters and pages, exports (recorded), verification,
 * checkpoints (list, create, latest as plain text), and the retention settings. Reading needs
 * `audit.read` (auditor, owner, admin); retention is a setting (`settings.manage`, step-up).
 */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { notFound } from '../../domain/app-error.js';
import type { Clock } from '../../domain/clock.js';
import { auditContextOf, requireAuth } from '../../http/request-auth.js';
import { requireStepUp } from '../auth/step-up.policy.js';
import type { AuditSettingsService } from './audit-settings.js';
import type { EntryFilter } from './audit.repository.js';
import { AuditService } from './audit.service.js';
import type { CheckpointService } from './checkpoint.service.js';

const id = z.string().min(1).max(100);
const filterSchema = z
  .object({
    actor: id.optional(),
    action: z
      .string()
      .regex(/^[a-z0-9_.]{1,80}$/)
      .optional(),
    actionPrefix: z
      .string()
      .regex(/^[a-z0-9_.]{1,80}$/)
      .optional(),
    objectType: z
      .string()
      .regex(/^[a-z0-9_]{1,40}$/)
      .optional(),
    objectId: id.optional(),
    outcome: z.enum(['success', 'failure', 'denied']).optional(),
    from: z.iso.datetime().optional(),
    to: z.iso.datetime().optional(),
  })
  .strict();

type FilterInput = z.infer<typeof filterSchema>;

function toFilter(input: FilterInput, beforeSeq?: number): EntryFilter {
  const filter: EntryFilter = {
    ...(input.actor === undefined ? {} : { actorId: input.actor }),
    ...(input.action === undefined ? {} : { action: input.action }),
    ...(input.actionPrefix === undefined ? {} : { actionPrefix: input.actionPrefix }),
    ...(input.objectType === undefined ? {} : { objectType: input.objectType }),
    ...(input.objectId === undefined ? {} : { objectId: input.objectId }),
    ...(input.outcome === undefined ? {} : { outcome: input.outcome }),
    ...(input.from === undefined ? {} : { from: new Date(input.from).toISOString() }),
    ...(input.to === undefined ? {} : { to: new Date(input.to).toISOString() }),
    ...(beforeSeq === undefined ? {} : { beforeSeq }),
  };
  AuditService.checkWindow(filter);
  return filter;
}

const read = { access: { permission: 'audit.read' } } as const;
const manage = { access: { permission: 'settings.manage' } } as const;
/** Signing a checkpoint writes one: it needs its own permission, not `audit.read`. */
const checkpoint = { access: { permission: 'audit.checkpoint' } } as const;

export interface AuditRouteDeps {
  audit: AuditService;
  checkpoints: CheckpointService;
  settings: AuditSettingsService;
  clock: Clock;
}

export function auditApiRoutes(deps: AuditRouteDeps) {
  return (api: FastifyInstance): void => {
    const r = api.withTypeProvider<ZodTypeProvider>();
    r.get(
      '/audit/entries',
      {
        config: read,
        schema: {
          tags: ['audit'],
          querystring: filterSchema.extend({
            limit: z.coerce.number().int().min(1).max(500).default(100),
            beforeSeq: z.coerce.number().int().min(1).optional(),
          }),
        },
      },
      async (request) => {
        const { limit, beforeSeq, ...filter } = request.query;
        return deps.audit.list(requireAuth(request).tenantId, toFilter(filter, beforeSeq), limit);
      },
    );
    r.post(
      '/audit/exports',
      {
        config: read,
        schema: {
          tags: ['audit'],
          body: z.object({ format: z.enum(['csv', 'json']), filter: filterSchema.default({}) }).strict(),
        },
      },
      async (request, reply) => {
        const result = await deps.audit.export(
          auditContextOf(request),
          toFilter(request.body.filter),
          request.body.format,
        );
        const stamp = deps.clock.now().toISOString().slice(0, 10);
        return reply
          .header('content-type', result.contentType)
          .header('content-disposition', `attachment; filename="audit-${stamp}.${request.body.format}"`)
          .header('x-tijori-export-count', String(result.count))
          .header('x-tijori-export-truncated', String(result.truncated))
          .send(result.body);
      },
    );
    r.post(
      '/audit/verify',
      {
        config: read,
        schema: {
          tags: ['audit'],
          body: z
            .object({
              checkpoints: z
                .string()
                .max(256 * 1024)
                .optional(),
            })
            .strict()
            .default({}),
        },
      },
      async (request) => {
        const external =
          request.body.checkpoints === undefined
            ? { checkpoints: [], problems: [] }
            : await deps.audit.parseExternal(request.body.checkpoints);
        const result = await deps.audit.verify(auditContextOf(request), external.checkpoints);
        return {
          ...result,
          ok: result.ok && external.problems.length === 0,
          checkpointFileProblems: external.problems,
        };
      },
    );
    r.get('/audit/checkpoints', { config: read, schema: { tags: ['audit'] } }, async (request) => ({
      checkpoints: await deps.checkpoints.list(requireAuth(request).tenantId),
    }));
    r.post(
      '/audit/checkpoints',
      { config: checkpoint, schema: { tags: ['audit'] } },
      async (request, reply) => {
        const made = await deps.checkpoints.createNow(auditContextOf(request));
        return reply.code(201).send({ seq: made.seq, note: made.note });
      },
    );
    r.get(
      '/audit/checkpoints/latest',
      { config: read, schema: { tags: ['audit'] } },
      async (request, reply) => {
        const [latest] = await deps.checkpoints.list(requireAuth(request).tenantId, 1);
        if (latest === undefined) throw notFound('checkpoint');
        return reply.header('content-type', 'text/plain; charset=utf-8').send(latest.note);
      },
    );
    r.get('/settings/audit', { config: manage, schema: { tags: ['settings'] } }, async (request) =>
      deps.settings.get(requireAuth(request).tenantId),
    );
    r.put(
      '/settings/audit',
      {
        config: manage,
        schema: {
          tags: ['settings'],
          body: z
            .object({
              retentionMonths: z.number().int().min(12).max(240),
              gstRetentionMonths: z.number().int().min(72).max(240),
            })
            .strict(),
        },
      },
      async (request, reply) => {
        requireStepUp(requireAuth(request), deps.clock);
        await deps.settings.update(auditContextOf(request), request.body);
        return reply.code(204).send();
      },
    );
  };
}
