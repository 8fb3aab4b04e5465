/**
 * Backups under /api/v1/backups: the owner only (`keys.manage`), each with a recent step-up:
 * run one now, list backups and test restores, download a backup file, read and set the daily
 * backup to a folder (`/backups/schedule`).
 */
import { createReadStream } from 'node:fs';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Clock } from '../../domain/clock.js';
import { actorFromRequest, requireAuth } from '../../http/request-auth.js';
import { id } from '../../kernel/schema-atoms.js';
import { requireStepUp } from '../auth/step-up.policy.js';
import type { BackupsService } from './backups.service.js';

const tags = ['backups'];
const owner = { access: { permission: 'keys.manage' } } as const;

const entryView = z.object({
  id: z.string(),
  kind: z.string(),
  occurredAt: z.string(),
  outcome: z.enum(['success', 'failure']),
  backupId: z.string().nullable(),
  format: z.string().nullable(),
  downloadable: z.boolean(),
  scheduled: z.boolean(),
  problem: z.string().nullable(),
});
const scheduleView = z.object({
  folder: z.string(),
  timeOfDay: z.string(),
  enabled: z.boolean(),
  nextRunAt: z.string().nullable(),
});
const scheduleInput = z
  .object({
    folder: z.string().trim().min(1).max(500),
    timeOfDay: z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'must be a time of day as HH:MM'),
    enabled: z.boolean(),
  })
  .strict();

export function backupsApiRoutes(backups: BackupsService, clock: Clock) {
  return (api: FastifyInstance): void => {
    const r = api.withTypeProvider<ZodTypeProvider>();
    const stepUp = (request: Parameters<typeof requireAuth>[0]) => requireStepUp(requireAuth(request), clock);
    r.get(
      '/backups',
      { config: owner, schema: { tags, response: { 200: z.object({ backups: z.array(entryView) }) } } },
      async (request) => ({ backups: await backups.history(actorFromRequest(request)) }),
    );
    r.post(
      '/backups',
      { config: owner, schema: { tags, response: { 201: entryView } } },
      async (request, reply) => {
        stepUp(request);
        return reply.code(201).send(await backups.runNow(actorFromRequest(request)));
      },
    );
    r.get(
      '/backups/schedule',
      { config: owner, schema: { tags, response: { 200: z.object({ schedule: scheduleView.nullable() }) } } },
      async (request) => ({ schedule: await backups.schedule(actorFromRequest(request)) }),
    );
    r.put(
      '/backups/schedule',
      { config: owner, schema: { tags, body: scheduleInput, response: { 200: scheduleView } } },
      async (request) => {
        stepUp(request);
        return backups.setSchedule(actorFromRequest(request), request.body);
      },
    );
    r.get(
      '/backups/:backupId/file',
      { config: owner, schema: { tags, params: z.object({ backupId: id }) } },
      async (request, reply) => {
        stepUp(request);
        const file = await backups.fileFor(actorFromRequest(request), request.params.backupId);
        return reply
          .type('application/octet-stream')
          .header('content-disposition', `attachment; filename="${file.name}"`)
          .send(createReadStream(file.path));
      },
    );
  };
}
