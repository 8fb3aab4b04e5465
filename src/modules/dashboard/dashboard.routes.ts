/**
 * The dashboard's charts under /api/v1/reports/dashboard: one read of the last 30 IST days'
 * sums for those who may read sales reports (dashboard.service.ts).
 */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actorFromRequest } from '../../http/request-auth.js';
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';
import type { Clock } from '../../domain/clock.js';
import { DashboardService } from './dashboard.service.js';

const sum = { netPaise: z.number().int() };
const dashboardView = z.object({
  from: z.string(),
  to: z.string(),
  days: z.array(z.object({ date: z.string(), ...sum, invoices: z.number().int() })),
  payments: z.array(z.object({ method: z.string(), ...sum })),
  items: z.array(z.object({ itemId: z.string(), name: z.string(), ...sum, quantityMilli: z.number().int() })),
  stores: z.array(z.object({ storeId: z.string(), name: z.string(), ...sum, invoices: z.number().int() })),
  ...sum,
});

/** The routes with their service (one line to wire in services.ts). */
export function dashboardApiRoutes(deps: { db: Kysely<Database>; clock: Clock }) {
  const dashboard = new DashboardService(deps);
  return (api: FastifyInstance): void => {
    api.withTypeProvider<ZodTypeProvider>().get(
      '/reports/dashboard',
      {
        config: { access: { permission: 'report.sales' } },
        schema: { tags: ['reports'], querystring: z.object({}).strict(), response: { 200: dashboardView } },
      },
      async (request) => dashboard.stats(actorFromRequest(request)),
    );
  };
}
