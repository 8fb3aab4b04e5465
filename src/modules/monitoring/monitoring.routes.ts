/**
 * Alerts and monitoring settings over the API: the alert list and detail with its delivery log
 * (`monitoring.read`), acknowledging and resolving (`monitoring.manage`), and the detector and
 * channel settings (`settings.manage`, step-up to change).
 */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Clock } from '../../domain/clock.js';
import { auditContextOf, requireAuth } from '../../http/request-auth.js';
import { requireStepUp } from '../auth/step-up.policy.js';
import type { AlertChannelService } from '../notify/alert-channels.service.js';
import { severities, type NotificationOutbox } from '../notify/outbox.js';
import type { AlertService } from './alert.service.js';
import { monitoringSettingsSchema, type MonitoringSettingsService } from './monitoring-settings.js';

const severity = z.enum(severities as ['low', 'medium', 'high', 'critical']);
const read = { access: { permission: 'monitoring.read' } } as const;
const act = { access: { permission: 'monitoring.manage' } } as const;
const manage = { access: { permission: 'settings.manage' } } as const;
const params = z.object({ id: z.uuid() });

export interface MonitoringRouteDeps {
  alerts: AlertService;
  outbox: NotificationOutbox;
  channels: AlertChannelService;
  settings: MonitoringSettingsService;
  clock: Clock;
}

export function monitoringApiRoutes(deps: MonitoringRouteDeps) {
  return (api: FastifyInstance): void => {
    const r = api.withTypeProvider<ZodTypeProvider>();
    r.get(
      '/alerts',
      {
        config: read,
        schema: {
          tags: ['alerts'],
          querystring: z
            .object({
              status: z.enum(['open', 'acknowledged', 'resolved']).optional(),
              severity: severity.optional(),
              detector: z
                .string()
                .regex(/^[a-z_]{1,40}$/)
                .optional(),
              before: z.iso.datetime().optional(),
              limit: z.coerce.number().int().min(1).max(200).default(50),
            })
            .strict(),
        },
      },
      async (request) => {
        const { limit, ...filter } = request.query;
        return { alerts: await deps.alerts.list(requireAuth(request).tenantId, filter, limit) };
      },
    );
    r.get('/alerts/:id', { config: read, schema: { tags: ['alerts'], params } }, async (request) => {
      const tenantId = requireAuth(request).tenantId;
      const alert = await deps.alerts.get(tenantId, request.params.id);
      return { alert, deliveries: await deps.outbox.log(tenantId, alert.id) };
    });
    for (const [path, step] of [
      ['acknowledge', 'acknowledge'],
      ['resolve', 'resolve'],
    ] as const)
      r.post(
        `/alerts/:id/${path}`,
        { config: act, schema: { tags: ['alerts'], params } },
        async (request) => {
          const auth = requireAuth(request);
          return { alert: await deps.alerts[step](auth.userId, auditContextOf(request), request.params.id) };
        },
      );
    r.get('/settings/monitoring', { config: manage, schema: { tags: ['settings'] } }, async (request) =>
      deps.settings.get(requireAuth(request).tenantId),
    );
    r.put(
      '/settings/monitoring',
      { config: manage, schema: { tags: ['settings'], body: monitoringSettingsSchema } },
      async (request, reply) => {
        requireStepUp(requireAuth(request), deps.clock);
        await deps.settings.update(auditContextOf(request), request.body);
        return reply.code(204).send();
      },
    );
    r.get('/settings/alerts', { config: manage, schema: { tags: ['settings'] } }, async (request) =>
      deps.channels.view(requireAuth(request).tenantId),
    );
    r.put(
      '/settings/alerts',
      {
        config: manage,
        schema: {
          tags: ['settings'],
          body: z
            .object({
              /** Absent: the recipients on file stay (the view shows them masked). */
              emailRecipients: z.array(z.email().max(254)).max(20).optional(),
              emailMinSeverity: severity,
              /** Absent: the webhook on file stays; null removes it. */
              webhook: z
                .object({ url: z.string().max(2000), secret: z.string().min(16).max(256).optional() })
                .strict()
                .nullable()
                .optional(),
              webhookMinSeverity: severity,
              sendCheckpoints: z.boolean(),
            })
            .strict(),
        },
      },
      async (request) => {
        requireStepUp(requireAuth(request), deps.clock);
        return deps.channels.update(auditContextOf(request), request.body);
      },
    );
  };
}
