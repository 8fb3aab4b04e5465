/**
 * The salon's API under /api/v1: `services`, `appointments` (calendar, booking, check-in,
 * cancellation, no-show), `packages` (plans, a client's packages, refund, transfer, liability),
 * `memberships`, `wallets` (load, ledger), the walk-in queue (`salon/queue`), the salon counter bill (`salon/bills`, with an
 * Idempotency-Key), `commissions` (rules, report, payout), `staff`, and client notes under
 * `customers/{id}/notes`. Handlers are thin: validate, authorize (declared access), call a service.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { invalid } from '../../domain/app-error.js';
import { actorFromRequest } from '../../http/request-auth.js';
import { id } from '../../kernel/schema-atoms.js';
import { idempotencyKey } from '../billing/checkout.schemas.js';
import { refuseSensitiveNumbers } from '../billing/sensitive-input.hook.js';
import type { Salon } from './salon.module.js';
import {
  bookingInput,
  calendarQuery,
  cancelInput,
  commissionRuleInput,
  membershipPlanInput,
  noteEditInput,
  noteInput,
  noteReadInput,
  packagePlanInput,
  periodQuery,
  refundInput,
  salonCheckoutInput,
  salonSettingsInput,
  serviceInput,
  servicePatch,
  storeQuery,
  transferInput,
  walkInAssignInput,
  walkInInput,
  walletLoadInput,
} from './salon.schemas.js';
import { listStaff } from './salon-staff.js';

const byId = z.object({ id });
const keyHeader = z.object({ 'idempotency-key': idempotencyKey }).loose();

function keyOf(request: FastifyRequest): string {
  const key = request.headers['idempotency-key'];
  if (typeof key !== 'string') throw invalid('headers.idempotency-key', 'send an Idempotency-Key header');
  return key;
}

export function salonApiRoutes(salon: Omit<Salon, 'routes' | 'jobs'>) {
  return (api: FastifyInstance): void => {
    const r = api.withTypeProvider<ZodTypeProvider>();
    const tags = ['salon'];
    const book = { access: { permission: 'appointment.manage' } } as const;
    const manage = { access: { permission: 'salon.manage' } } as const;
    const catalog = { access: { permission: 'catalog.read' } } as const;
    const sell = { access: { permission: 'invoice.create' } } as const;
    const clients = { access: { permission: 'customer.read' } } as const;
    const actor = actorFromRequest;

    r.get('/staff', { config: catalog, schema: { tags } }, async (request) => ({
      staff: await listStaff(salon.db, salon.cipher, actor(request).tenantId),
    }));
    r.get('/salon/settings', { config: book, schema: { tags } }, async (request) =>
      salon.settings.get(actor(request).tenantId),
    );
    r.put(
      '/salon/settings',
      { config: manage, schema: { tags, body: salonSettingsInput } },
      async (request) => salon.settings.update(actor(request), request.body),
    );
    r.get('/services', { config: catalog, schema: { tags } }, async (request) => ({
      services: await salon.services.list(actor(request)),
    }));
    r.post('/services', { config: manage, schema: { tags, body: serviceInput } }, async (request, reply) =>
      reply.code(201).send(await salon.services.create(actor(request), request.body)),
    );
    r.patch(
      '/services/:id',
      { config: manage, schema: { tags, params: byId, body: servicePatch } },
      async (request) => salon.services.update(actor(request), request.params.id, request.body),
    );

    r.get(
      '/appointments',
      { config: book, schema: { tags, querystring: calendarQuery } },
      async (request) => ({
        appointments: await salon.appointments.calendar(actor(request), request.query),
      }),
    );
    r.post('/appointments', { config: book, schema: { tags, body: bookingInput } }, async (request, reply) =>
      reply.code(201).send(await salon.appointments.book(actor(request), request.body)),
    );
    r.get('/appointments/:id', { config: book, schema: { tags, params: byId } }, async (request) =>
      salon.appointments.get(actor(request), request.params.id),
    );
    r.post('/appointments/:id/check-in', { config: book, schema: { tags, params: byId } }, async (request) =>
      salon.appointments.checkIn(actor(request), request.params.id),
    );
    r.post(
      '/appointments/:id/close',
      { config: book, schema: { tags, params: byId, body: cancelInput } },
      async (request) =>
        salon.appointments.close(
          actor(request),
          request.params.id,
          request.body.outcome,
          request.body.reason,
        ),
    );

    r.get('/salon/queue', { config: book, schema: { tags, querystring: storeQuery } }, async (request) => ({
      queue: await salon.walkIns.queue(actor(request), request.query.storeId),
    }));
    r.post('/salon/queue', { config: book, schema: { tags, body: walkInInput } }, async (request, reply) =>
      reply.code(201).send(await salon.walkIns.join(actor(request), request.body)),
    );
    r.post(
      '/salon/queue/:id/assign',
      { config: book, schema: { tags, params: byId, body: walkInAssignInput } },
      async (request) => salon.walkIns.assign(actor(request), request.params.id, request.body.staffId),
    );
    r.post('/salon/queue/:id/leave', { config: book, schema: { tags, params: byId } }, async (request) =>
      salon.walkIns.leave(actor(request), request.params.id),
    );

    r.post(
      '/salon/bills',
      {
        config: sell,
        preValidation: refuseSensitiveNumbers(['card_number']),
        schema: { tags, headers: keyHeader, body: salonCheckoutInput },
      },
      async (request, reply) => {
        const bill = await salon.checkout.checkout(actor(request), request.body, keyOf(request));
        return reply.code(bill.document.replayed ? 200 : 201).send(bill);
      },
    );

    r.get('/packages', { config: catalog, schema: { tags } }, async (request) => ({
      plans: await salon.prepaid.packagePlans(actor(request)),
    }));
    r.post(
      '/packages',
      { config: manage, schema: { tags, body: packagePlanInput } },
      async (request, reply) =>
        reply.code(201).send(await salon.prepaid.createPackagePlan(actor(request), request.body)),
    );
    r.get(
      '/packages/liability',
      { config: { access: { permission: 'report.sales' } }, schema: { tags } },
      async (request) => salon.prepaid.liability(actor(request)),
    );
    r.get(
      '/customers/:id/packages',
      { config: clients, schema: { tags, params: byId } },
      async (request) => ({
        packages: await salon.prepaid.clientPackages(actor(request), request.params.id),
        wallets: await salon.prepaid.clientWallets(actor(request), request.params.id),
        membership: await salon.prepaid.clientMembership(actor(request), request.params.id),
      }),
    );
    r.post(
      '/packages/sold/:id/refund',
      {
        config: { access: { permission: 'credit_note.create' } },
        schema: { tags, params: byId, body: refundInput },
      },
      async (request) => salon.prepaid.refundSessions(actor(request), request.params.id, request.body),
    );
    r.post(
      '/packages/sold/:id/transfer',
      {
        config: { access: { permission: 'customer.write' } },
        schema: { tags, params: byId, body: transferInput },
      },
      async (request) => salon.prepaid.transfer(actor(request), request.params.id, request.body.customerId),
    );

    r.get('/memberships', { config: catalog, schema: { tags } }, async (request) => ({
      plans: await salon.prepaid.membershipPlans(actor(request)),
    }));
    r.post(
      '/memberships',
      { config: manage, schema: { tags, body: membershipPlanInput } },
      async (request, reply) =>
        reply.code(201).send(await salon.prepaid.createMembershipPlan(actor(request), request.body)),
    );

    r.post('/wallets', { config: sell, schema: { tags, body: walletLoadInput } }, async (request, reply) =>
      reply.code(201).send(await salon.prepaid.loadWallet(actor(request), request.body)),
    );
    r.get('/wallets/:id', { config: clients, schema: { tags, params: byId } }, async (request) =>
      salon.prepaid.wallet(actor(request), request.params.id),
    );

    r.get('/commissions/rules', { config: manage, schema: { tags } }, async (request) => ({
      rules: await salon.commissions.rules(actor(request)),
    }));
    r.post(
      '/commissions/rules',
      { config: manage, schema: { tags, body: commissionRuleInput } },
      async (request, reply) =>
        reply.code(201).send(await salon.commissions.setRule(actor(request), request.body)),
    );
    r.get(
      '/commissions',
      { config: { access: { session: true } }, schema: { tags, querystring: periodQuery } },
      async (request) => salon.commissions.report(actor(request), request.query),
    );
    r.post('/commissions/payouts', { config: manage, schema: { tags, body: periodQuery } }, async (request) =>
      salon.commissions.pay(actor(request), request.body),
    );

    r.get('/customers/:id/notes', { config: clients, schema: { tags, params: byId } }, async (request) => ({
      notes: await salon.notes.list(actor(request), request.params.id),
    }));
    r.post(
      '/customers/:id/notes',
      {
        config: { access: { permission: 'client_note.write' } },
        schema: { tags, params: byId, body: noteInput },
      },
      async (request, reply) =>
        reply.code(201).send(await salon.notes.add(actor(request), request.params.id, request.body)),
    );
    r.patch(
      '/customers/:id/notes/:noteId',
      {
        config: { access: { permission: 'client_note.write' } },
        schema: { tags, params: byId.extend({ noteId: id }), body: noteEditInput },
      },
      async (request) =>
        salon.notes.edit(actor(request), request.params.id, request.params.noteId, request.body),
    );
    // POST: the reason travels in the body, never in a URL.
    r.post(
      '/customers/:id/notes/read',
      { config: { access: { session: true } }, schema: { tags, params: byId, body: noteReadInput } },
      async (request) => salon.notes.read(actor(request), request.params.id, request.body),
    );
  };
}
