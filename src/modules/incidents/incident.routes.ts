/**
 * Incidents over the API (`incident.manage`): list, open (by hand or from an alert), read, edit,
 * move through the states, notes and the timeline, scope analysis and the affected customers,
 * containment actions (step-up). Handlers validate, call a service and present.
 */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Clock } from '../../domain/clock.js';
import { requireAuth } from '../../http/request-auth.js';
import { requireStepUp } from '../auth/step-up.policy.js';
import { actorFromRequest } from '../../http/request-auth.js';
import { id, limit } from '../../kernel/schema-atoms.js';
import type { AlertPromotion } from './alert-promotion.js';
import type { ContainmentAction, ContainmentService } from './containment.service.js';
import { dataCategories, incidentCategories } from './incident-categories.js';
import type { IncidentService } from './incident.service.js';
import {
  incidentFilter,
  incidentInput,
  incidentPatch,
  noteInput,
  promotionInput,
  text,
  transitionInput,
  zonedInstant,
} from './incident.schemas.js';
import { clockDefinitions } from './regulatory-clocks.js';
import type { ScopeService } from './scope.service.js';

export const manage = { access: { permission: 'incident.manage' } } as const;
export const tags = ['incidents'];
export const incidentParams = z.object({ incidentId: id });

const purposes = [
  'customer_pii',
  'payment_ref',
  'documents',
  'staff_pii',
  'auth_secrets',
  'aadhaar_vault',
] as const;

const containmentInput = z.discriminatedUnion('action', [
  z.object({ action: z.literal('disable_user'), userId: id, note: text(2000).optional() }).strict(),
  z
    .object({
      action: z.literal('revoke_sessions'),
      scope: z.enum(['user', 'store', 'all']),
      userId: id.optional(),
      storeId: id.optional(),
      note: text(2000).optional(),
    })
    .strict()
    .refine((a) => a.scope !== 'user' || a.userId !== undefined, {
      message: 'name the user',
      path: ['userId'],
    })
    .refine((a) => a.scope !== 'store' || a.storeId !== undefined, {
      message: 'name the store',
      path: ['storeId'],
    }),
  z
    .object({
      action: z.literal('revoke_api_tokens'),
      tokenId: id.optional(),
      userId: id.optional(),
      all: z.literal(true).optional(),
      note: text(2000).optional(),
    })
    .strict()
    .refine((a) => [a.tokenId, a.userId, a.all].filter((x) => x !== undefined).length === 1, {
      message: 'give exactly one of tokenId, userId or all',
      path: ['tokenId'],
    }),
  z.object({ action: z.literal('force_password_reset'), userId: id, note: text(2000).optional() }).strict(),
  z
    .object({
      action: z.literal('rotate_keys'),
      purposes: z.array(z.enum(purposes)).min(1).max(purposes.length),
      note: text(2000).optional(),
    })
    .strict(),
  z
    .object({
      action: z.literal('revoke_device'),
      deviceId: z.string().regex(/^[A-Za-z0-9_-]{22,64}$/, 'a device id'),
      note: text(2000).optional(),
    })
    .strict(),
]);

function toAction(input: z.infer<typeof containmentInput>): ContainmentAction {
  const { note: _note, ...rest } = input;
  if (rest.action !== 'revoke_sessions') return rest;
  if (rest.scope === 'user') return { action: rest.action, scope: 'user', userId: rest.userId ?? '' };
  if (rest.scope === 'store') return { action: rest.action, scope: 'store', storeId: rest.storeId ?? '' };
  return { action: rest.action, scope: 'all' };
}

const scopeInput = z
  .object({
    suspect: z
      .object({
        type: z.enum(['user', 'device', 'api_token', 'session', 'key']),
        id: z
          .string()
          .trim()
          .min(1)
          .max(100)
          .regex(/^[A-Za-z0-9_:.-]+$/, 'an id'),
        version: z.number().int().min(1).optional(),
      })
      .strict(),
    from: zonedInstant.optional(),
    to: zonedInstant.optional(),
  })
  .strict();

export interface IncidentRouteDeps {
  incidents: IncidentService;
  promotion: AlertPromotion;
  scopes: ScopeService;
  containment: ContainmentService;
  clock: Clock;
}

export function incidentApiRoutes(deps: IncidentRouteDeps) {
  return (api: FastifyInstance): void => {
    const r = api.withTypeProvider<ZodTypeProvider>();
    r.get('/incident-categories', { config: manage, schema: { tags } }, () => ({
      categories: incidentCategories,
      dataCategories,
      clocks: clockDefinitions.map(({ clock, hours, label, source }) => ({ clock, hours, label, source })),
    }));
    r.get(
      '/incidents',
      { config: manage, schema: { tags, querystring: incidentFilter } },
      async (request) => {
        const { limit: max, status, open, drill, beforeNumber } = request.query;
        const filter = {
          ...(status === undefined ? {} : { status }),
          ...(open === undefined ? {} : { open: open === 'true' }),
          ...(drill === undefined ? {} : { drill: drill === 'true' }),
          ...(beforeNumber === undefined ? {} : { beforeNumber }),
        };
        return { incidents: await deps.incidents.list(requireAuth(request), filter, max) };
      },
    );
    r.post(
      '/incidents',
      { config: manage, schema: { tags, body: incidentInput } },
      async (request, reply) => {
        const actor = actorFromRequest(request);
        const incidentId = await deps.incidents.create(actor, request.body);
        return reply.code(201).send({ incident: await deps.incidents.get(actor, incidentId) });
      },
    );
    r.post(
      '/alerts/:alertId/incident',
      {
        config: manage,
        schema: { tags, params: z.object({ alertId: id }), body: promotionInput.default({}) },
      },
      async (request, reply) => {
        const actor = actorFromRequest(request);
        const incidentId = await deps.promotion.promote(actor, request.params.alertId, request.body);
        return reply.code(201).send({ incident: await deps.incidents.get(actor, incidentId) });
      },
    );
    r.get(
      '/incidents/:incidentId',
      { config: manage, schema: { tags, params: incidentParams } },
      async (request) => {
        const actor = requireAuth(request);
        return {
          incident: await deps.incidents.get(actor, request.params.incidentId),
          description: await deps.incidents.description(actor, request.params.incidentId),
        };
      },
    );
    r.patch(
      '/incidents/:incidentId',
      { config: manage, schema: { tags, params: incidentParams, body: incidentPatch } },
      async (request) => ({
        incident: await deps.incidents.update(
          actorFromRequest(request),
          request.params.incidentId,
          request.body,
        ),
      }),
    );
    r.post(
      '/incidents/:incidentId/status',
      { config: manage, schema: { tags, params: incidentParams, body: transitionInput } },
      async (request) => {
        const { to, note, resolution } = request.body;
        const incident = await deps.incidents.transition(
          actorFromRequest(request),
          request.params.incidentId,
          {
            to,
            ...(note === undefined ? {} : { note }),
            ...(resolution === undefined ? {} : { resolution }),
          },
        );
        return { incident };
      },
    );
    r.post(
      '/incidents/:incidentId/notes',
      { config: manage, schema: { tags, params: incidentParams, body: noteInput } },
      async (request, reply) => {
        const seq = await deps.incidents.addNote(
          actorFromRequest(request),
          request.params.incidentId,
          request.body.text,
        );
        return reply.code(201).send({ seq });
      },
    );
    r.get(
      '/incidents/:incidentId/timeline',
      { config: manage, schema: { tags, params: incidentParams } },
      async (request) => ({
        events: await deps.incidents.events(requireAuth(request), request.params.incidentId),
      }),
    );
    r.post(
      '/incidents/:incidentId/scopes',
      { config: manage, schema: { tags, params: incidentParams, body: scopeInput } },
      async (request, reply) => {
        const { suspect, from, to } = request.body;
        const scope = await deps.scopes.analyse(actorFromRequest(request), request.params.incidentId, {
          suspect: {
            type: suspect.type,
            id: suspect.id,
            ...(suspect.version === undefined ? {} : { version: suspect.version }),
          },
          ...(from === undefined ? {} : { from }),
          ...(to === undefined ? {} : { to }),
        });
        return reply.code(201).send({ scope });
      },
    );
    r.get('/incident-suspects', { config: manage, schema: { tags } }, async (request) =>
      deps.scopes.suspectChoices(requireAuth(request)),
    );
    r.get(
      '/incidents/:incidentId/scopes',
      { config: manage, schema: { tags, params: incidentParams } },
      async (request) => ({
        scopes: await deps.scopes.list(requireAuth(request), request.params.incidentId),
      }),
    );
    r.get(
      '/incidents/:incidentId/affected',
      {
        config: manage,
        schema: {
          tags,
          params: incidentParams,
          querystring: z.object({ after: id.optional(), limit }).strict(),
        },
      },
      async (request) => ({
        customers: await deps.scopes.affected(requireAuth(request), request.params.incidentId, {
          limit: request.query.limit,
          ...(request.query.after === undefined ? {} : { after: request.query.after }),
        }),
      }),
    );
    r.post(
      '/incidents/:incidentId/containment',
      { config: manage, schema: { tags, params: incidentParams, body: containmentInput } },
      async (request) => {
        requireStepUp(requireAuth(request), deps.clock);
        return deps.containment.contain(
          actorFromRequest(request),
          request.params.incidentId,
          toAction(request.body),
          request.body.note,
        );
      },
    );
  };
}
