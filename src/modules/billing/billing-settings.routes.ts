/**
 * Shop billing settings, store profiles (details printed, registration, series formats), the
 * rate table with the shop's corrections, and the state of each store's series. Changes need
 * `settings.manage` and a recent re-authentication (step-up).
 */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Clock } from '../../domain/clock.js';
import { istDateOf } from '../../domain/gst/index.js';
import { financialYearOf } from '../../domain/numbering/index.js';
import { requireAuth } from '../../http/request-auth.js';
import { requireStepUp } from '../auth/step-up.policy.js';
import { actorFromRequest } from '../../http/request-auth.js';
import {
  billingSettings,
  billingSettingsPatch,
  rateCategoryView,
  rateOverrideInput,
  storeParams,
  storeProfile,
  storeProfilePatch,
} from './billing-settings.schemas.js';
import type { BillingSettingsService } from './billing-settings.service.js';
import type { SeriesService } from './series.service.js';

const tags = ['billing-settings'];
const manage = { access: { permission: 'settings.manage' } } as const;

const seriesView = z.object({
  storeId: z.string(),
  series: z.enum(['invoice', 'credit-note', 'debit-note']),
  fy: z.number(),
  fyLabel: z.string(),
  lastSequence: z.number(),
  lastNumber: z.string().nullable(),
  nextNumber: z.string(),
});

export function billingSettingsApiRoutes(deps: {
  settings: BillingSettingsService;
  series: SeriesService;
  clock: Clock;
}) {
  return (api: FastifyInstance): void => {
    const r = api.withTypeProvider<ZodTypeProvider>();
    const stepUp = (request: Parameters<typeof requireAuth>[0]) =>
      requireStepUp(requireAuth(request), deps.clock);
    r.get(
      '/billing/settings',
      {
        config: { access: { permission: 'invoice.read' } },
        schema: { tags, response: { 200: billingSettings } },
      },
      async (request) => deps.settings.settings(actorFromRequest(request)),
    );
    r.patch(
      '/billing/settings',
      { config: manage, schema: { tags, body: billingSettingsPatch, response: { 200: billingSettings } } },
      async (request) => {
        stepUp(request);
        return deps.settings.updateSettings(actorFromRequest(request), request.body);
      },
    );
    r.get(
      '/stores/:storeId/billing-profile',
      {
        config: { access: { permission: 'invoice.read' } },
        schema: { tags, params: storeParams, response: { 200: storeProfile } },
      },
      async (request) => deps.settings.storeProfile(actorFromRequest(request), request.params.storeId),
    );
    r.patch(
      '/stores/:storeId/billing-profile',
      {
        config: manage,
        schema: { tags, params: storeParams, body: storeProfilePatch, response: { 200: storeProfile } },
      },
      async (request) => {
        stepUp(request);
        return deps.settings.updateStoreProfile(
          actorFromRequest(request),
          request.params.storeId,
          request.body,
        );
      },
    );
    r.get(
      '/billing/rates',
      {
        config: { access: { permission: 'catalog.read' } },
        schema: { tags, response: { 200: z.object({ categories: z.array(rateCategoryView) }) } },
      },
      async (request) => ({ categories: await deps.settings.rates(actorFromRequest(request)) }),
    );
    r.post(
      '/billing/rates',
      { config: manage, schema: { tags, body: rateOverrideInput } },
      async (request, reply) => {
        stepUp(request);
        await deps.settings.addRateOverride(actorFromRequest(request), request.body);
        return reply.code(204).send();
      },
    );
    r.get(
      '/series',
      {
        config: { access: { permission: 'invoice.read' } },
        schema: {
          tags,
          querystring: z.object({ storeId: z.uuid() }).strict(),
          response: { 200: z.object({ series: z.array(seriesView) }) },
        },
      },
      async (request) => ({
        series: await deps.series.current(
          actorFromRequest(request),
          request.query.storeId,
          financialYearOf(istDateOf(deps.clock.now())),
        ),
      }),
    );
  };
}
