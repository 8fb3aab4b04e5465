/**
 * A shop for incident tests: a tenant with a store and the built-in roles, a "counter lead" role
 * (cashier plus revealing customers' personal data), fake customers imported through the real CSV
 * import, an owner signed in with TOTP, and a small API driver for the real routes.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { InjectOptions } from 'fastify';
import { newId } from '../../src/domain/ids.js';
import { builtinRoles } from '../../src/modules/auth/permissions.js';
import { operatorActor, type ServiceActor } from '../../src/kernel/actor.js';
import { createTenant } from '../support/factories.js';
import {
  createAccount,
  seedRoles,
  signIn,
  type IdentityTestApp,
  type SignedIn,
  type TestAccount,
} from '../support/identity.js';

export interface Shop {
  tenantId: string;
  storeId: string;
  owner: TestAccount;
  ownerSession: SignedIn;
}

/** Adds a custom role: the cashier's permissions plus revealing customers' personal data. */
export async function addCounterLeadRole(t: IdentityTestApp, tenantId: string): Promise<void> {
  const db = t.services.identity.deps.db;
  const roleId = newId();
  await db
    .insertInto('roles')
    .values({
      tenant_id: tenantId,
      id: roleId,
      name: 'counter_lead',
      builtin: 0,
      created_at: new Date().toISOString(),
    })
    .execute();
  await db
    .insertInto('role_permissions')
    .values(
      [...(builtinRoles.cashier ?? []), 'customer.pii.reveal'].map((permission) => ({
        tenant_id: tenantId,
        role_id: roleId,
        permission,
      })),
    )
    .execute();
}

/** A tenant with a store, roles, and its owner signed in (TOTP enrolled). */
export async function createShop(t: IdentityTestApp): Promise<Shop> {
  const db = t.services.identity.deps.db;
  const { tenantId, storeId } = await createTenant(db, { name: 'Fake Fabrics' });
  await seedRoles(db, tenantId);
  await addCounterLeadRole(t, tenantId);
  const owner = await createAccount(t.services, tenantId, { role: 'owner' });
  const ownerSession = await signIn(t, owner, 'owner');
  return { tenantId, storeId, owner, ownerSession };
}

/** Imports customers from CSV lines (header `name,phone,email`) and returns their ids in order. */
export async function importRows(
  t: IdentityTestApp,
  tenantId: string,
  rows: readonly string[],
): Promise<string[]> {
  const report = await t.services.billing.customerImports.importCustomers(
    operatorActor(tenantId),
    ['name,phone,email', ...rows].join('\n'),
    { skipInvalid: false },
  );
  if (report.imported !== rows.length) throw new Error(`import failed: ${JSON.stringify(report.problems)}`);
  // Rows of one import share their creation time: find each by its phone or email instead.
  const ids: string[] = [];
  for (const row of rows) {
    const [, phone = '', email = ''] = row.split(',');
    const matches = await t.services.billing.customers.findMatches(
      tenantId,
      phone !== '' ? { phone } : { email },
    );
    const id = matches[0]?.row.id;
    if (id === undefined) throw new Error('an imported customer was not found');
    ids.push(id);
  }
  return ids;
}

/** Imports `count` fake customers (phones +91 90000 NNNNN, emails at example.test). */
export async function importCustomers(
  t: IdentityTestApp,
  tenantId: string,
  count: number,
  start = 0,
): Promise<string[]> {
  const rows = [];
  for (let i = start; i < start + count; i += 1)
    rows.push(
      `Test Customer ${String(i)},+9190000${String(i).padStart(5, '0')},customer${String(i)}@example.test`,
    );
  return importRows(t, tenantId, rows);
}

export interface SmsGateway {
  url: string;
  received: Array<{ to: string; text: string; sender: string; dltTemplateId?: string }>;
  close(): Promise<void>;
}

/** A real HTTP SMS gateway in-process that keeps every message it is given. */
export async function startSmsGateway(): Promise<SmsGateway> {
  const received: SmsGateway['received'] = [];
  const server = createServer((req, res) => {
    let raw = '';
    req.on('data', (chunk: Buffer) => (raw += chunk.toString('utf8')));
    req.on('end', () => {
      received.push(JSON.parse(raw) as SmsGateway['received'][number]);
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ id: `sms-${String(received.length)}` }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${String((server.address() as AddressInfo).port)}/v1/messages`,
    received,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

/** The owner as a service caller (for steps a test drives below the routes). */
export function ownerActor(shop: Shop): ServiceActor {
  const userId = shop.owner.userId;
  return {
    tenantId: shop.tenantId,
    audit: { tenantId: shop.tenantId, actor: { type: 'user', id: userId }, source: 'test' },
    userId,
  };
}

/** Calls the API as a signed-in person (or anonymously) and returns status and JSON body. */
export async function call<T = Record<string, unknown>>(
  t: IdentityTestApp,
  session: SignedIn | null,
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE',
  url: string,
  payload?: unknown,
  extra: Partial<InjectOptions> = {},
): Promise<{ status: number; body: T }> {
  const res = await t.app.inject({
    method,
    url: `/api/v1${url}`,
    ...(session === null ? {} : { headers: session.headers }),
    ...(payload === undefined ? {} : { payload: payload as Record<string, unknown> }),
    ...extra,
  });
  return { status: res.statusCode, body: (res.body === '' ? {} : res.json()) as T };
}

/** Like `call`, but fails the test unless the status is 2xx. */
export async function ok<T = Record<string, unknown>>(
  t: IdentityTestApp,
  session: SignedIn | null,
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE',
  url: string,
  payload?: unknown,
): Promise<T> {
  const res = await call<T>(t, session, method, url, payload);
  if (res.status < 200 || res.status > 299)
    throw new Error(`${method} ${url} answered ${String(res.status)}: ${JSON.stringify(res.body)}`);
  return res.body;
}
