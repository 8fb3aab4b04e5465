/** Liveness (`/healthz`: the process answers) and readiness (`/readyz`: the database answers). */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { pingDatabase, type DatabaseHandle } from '../db/database.js';

const healthResponse = z.object({ status: z.enum(['ok', 'unavailable']) });

export function registerHealthRoutes(app: FastifyInstance, database: DatabaseHandle): void {
  app.get(
    '/healthz',
    { schema: { tags: ['health'], response: { 200: healthResponse } }, logLevel: 'warn' },
    () => ({ status: 'ok' as const }),
  );
  app.get(
    '/readyz',
    {
      schema: { tags: ['health'], response: { 200: healthResponse, 503: healthResponse } },
      logLevel: 'warn',
    },
    async (_request, reply) => {
      const ok = await pingDatabase(database);
      return reply.status(ok ? 200 : 503).send({ status: ok ? 'ok' : 'unavailable' });
    },
  );
}
