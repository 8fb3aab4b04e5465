/**
 * Compliance routes under /api/v1/privacy (all `privacy.manage`): the data inventory, records of
 * processing, settings, notice versions, retention policies and runs (dry or real), the processor
 * and training registers, and the compliance report PDF.
 */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { inventoryTables } from '../../db/data-inventory.js';
import { auditContextOf } from '../../http/request-auth.js';
import { actorFromRequest } from '../../http/request-auth.js';
import type { ComplianceService } from './compliance.service.js';
import type { NoticeService } from './notice.service.js';
import type { PrivacySettingsService } from './privacy-settings.js';
import {
  binary,
  completionInput,
  courseInput,
  idParams,
  noticeInput,
  policyInput,
  processorInput,
  runInput,
  settingsInput,
} from './privacy.schemas.js';
import type { ProcessorRegister, TrainingRegister } from './registers.service.js';
import { policyNames } from './retention-policies.js';
import type { RetentionService } from './retention.service.js';

export interface ComplianceRouteDeps {
  compliance: ComplianceService;
  settings: PrivacySettingsService;
  notices: NoticeService;
  retention: RetentionService;
  processors: ProcessorRegister;
  training: TrainingRegister;
}

const tags = ['privacy'];
const config = { access: { permission: 'privacy.manage' } } as const;

export function complianceApiRoutes(deps: ComplianceRouteDeps) {
  return (api: FastifyInstance): void => {
    const r = api.withTypeProvider<ZodTypeProvider>();
    r.get('/privacy/inventory', { config, schema: { tags } }, () => ({
      tables: inventoryTables().map(([name, spec]) => ({
        name,
        description: spec.description,
        purposes: spec.purposes,
        retention: spec.retention,
        subject: spec.subject === undefined ? null : spec.subject.kind,
        columns: Object.entries(spec.columns).map(([column, c]) => ({ column, ...c })),
      })),
    }));
    r.get('/privacy/records-of-processing', { config, schema: { tags } }, async (request) => ({
      records: await deps.compliance.records(actorFromRequest(request).tenantId),
    }));
    r.get(
      '/privacy/settings',
      { config, schema: { tags, response: { 200: settingsInput } } },
      async (request) => deps.settings.get(actorFromRequest(request).tenantId),
    );
    r.put(
      '/privacy/settings',
      { config, schema: { tags, body: settingsInput, response: { 200: settingsInput } } },
      async (request) => deps.settings.update(auditContextOf(request), request.body),
    );
    r.get('/privacy/notices', { config, schema: { tags } }, async (request) => ({
      notices: await deps.notices.list(actorFromRequest(request).tenantId),
    }));
    r.post('/privacy/notices', { config, schema: { tags, body: noticeInput } }, async (request, reply) =>
      reply.code(201).send(await deps.notices.publish(auditContextOf(request), request.body)),
    );
    r.get('/privacy/retention/policies', { config, schema: { tags } }, async (request) => ({
      policies: await deps.retention.policies(actorFromRequest(request).tenantId),
    }));
    r.put(
      '/privacy/retention/policies/:policy',
      { config, schema: { tags, params: z.object({ policy: z.enum(policyNames) }), body: policyInput } },
      async (request) => ({
        policies: await deps.retention.setPolicy(
          actorFromRequest(request),
          request.params.policy,
          request.body,
        ),
      }),
    );
    r.post('/privacy/retention/runs', { config, schema: { tags, body: runInput } }, async (request) =>
      deps.retention.run(actorFromRequest(request), {
        dryRun: request.body.dryRun,
        ...(request.body.policies === undefined ? {} : { policies: request.body.policies }),
      }),
    );
    r.get('/privacy/retention/runs', { config, schema: { tags } }, async (request) => ({
      runs: await deps.retention.runs(actorFromRequest(request).tenantId),
    }));
    r.get('/privacy/processors', { config, schema: { tags } }, async (request) => ({
      processors: await deps.processors.list(actorFromRequest(request).tenantId),
    }));
    r.post(
      '/privacy/processors',
      { config, schema: { tags, body: processorInput } },
      async (request, reply) =>
        reply.code(201).send(await deps.processors.save(auditContextOf(request), request.body)),
    );
    r.put(
      '/privacy/processors/:id',
      { config, schema: { tags, params: idParams, body: processorInput } },
      async (request) => deps.processors.save(auditContextOf(request), request.body, request.params.id),
    );
    r.delete(
      '/privacy/processors/:id',
      { config, schema: { tags, params: idParams } },
      async (request, reply) => {
        await deps.processors.remove(auditContextOf(request), request.params.id);
        return reply.code(204).send();
      },
    );
    r.get('/privacy/training', { config, schema: { tags } }, async (request) => {
      const tenantId = actorFromRequest(request).tenantId;
      return {
        courses: await deps.training.courses(tenantId),
        register: await deps.training.register(tenantId),
      };
    });
    r.post(
      '/privacy/training/courses',
      { config, schema: { tags, body: courseInput } },
      async (request, reply) =>
        reply.code(201).send(await deps.training.addCourse(auditContextOf(request), request.body)),
    );
    r.post(
      '/privacy/training/completions',
      { config, schema: { tags, body: completionInput } },
      async (request, reply) => {
        await deps.training.recordCompletion(auditContextOf(request), request.body);
        return reply.code(204).send();
      },
    );
    r.get(
      '/privacy/report.pdf',
      { config, schema: { tags, produces: ['application/pdf'], response: { 200: binary } } },
      async (request, reply) => {
        const pdf = await deps.compliance.report(actorFromRequest(request));
        return reply
          .type('application/pdf')
          .header('content-disposition', 'attachment; filename="compliance-report.pdf"')
          .send(pdf);
      },
    );
  };
}
