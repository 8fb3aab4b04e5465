/**
 * The trail as the shop uses it: every event the issue lists is on record after the real flows
 * (sign-in success and failure, MFA, session revocation, users and roles, reveals with reasons,
 * settings, key operations, verify and checkpoint runs); the auditor filters and pages through
 * entries and exports them (exports are recorded); verification and checkpoints over the API;
 * nothing of it holds personal data in clear; roles without `audit.read` are refused.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { INSTALLATION_CHAIN } from '../../src/kernel/audit.js';
import { checkNote } from '../../src/modules/audit/checkpoint-note.js';
import { describeEachEngine } from '../support/engines.js';
import { createTenant } from '../support/factories.js';
import {
  buildIdentityTestApp,
  createAccount,
  seedRoles,
  signIn,
  type IdentityTestApp,
  type SignedIn,
  type TestAccount,
} from '../support/identity.js';
import { exportCustomers, loginFrom, revealPhones } from '../support/monitoring.js';

interface Entries {
  entries: Array<{
    seq: number;
    action: string;
    actorId: string | null;
    objectId: string | null;
    outcome: string;
    details: Record<string, unknown>;
    occurredAt: string;
  }>;
  nextBeforeSeq: number | null;
}

describeEachEngine('audit API and what is recorded', (getDb) => {
  let t: IdentityTestApp;
  let tenantId: string;
  let owner: TestAccount;
  let auditor: SignedIn;
  let ownerSession: SignedIn;
  let cashier: TestAccount;
  const get = async (url: string, session: SignedIn = auditor) =>
    t.app.inject({ method: 'GET', url, headers: session.headers });
  const send = async (
    method: 'POST' | 'PUT' | 'DELETE',
    url: string,
    payload?: unknown,
    session: SignedIn = ownerSession,
  ) =>
    t.app.inject({
      method,
      url,
      headers: session.headers,
      ...(payload === undefined ? {} : { payload: payload as object }),
    });
  const actions = async () => {
    const all: Entries['entries'] = [];
    let before: number | null = null;
    do {
      const page: Entries = (
        await get(`/api/v1/audit/entries?limit=500${before === null ? '' : `&beforeSeq=${before}`}`)
      ).json<Entries>();
      all.push(...page.entries);
      before = page.nextBeforeSeq;
    } while (before !== null);
    return all;
  };

  beforeAll(async () => {
    t = await buildIdentityTestApp(getDb());
    t.clock.set(new Date('2026-07-01T05:00:00.000Z'));
    ({ tenantId } = await createTenant(getDb().db, { name: 'Lakshmi Beauty Parlour' }));
    await seedRoles(getDb().db, tenantId);
    owner = await createAccount(t.services, tenantId, { role: 'owner', email: 'lakshmi.owner@example.com' });
    cashier = await createAccount(t.services, tenantId, {
      role: 'cashier',
      email: 'ramesh.cashier@example.com',
    });
    ownerSession = await signIn(t, owner, 'owner');
    auditor = await signIn(t, await createAccount(t.services, tenantId, { role: 'auditor' }), 'auditor');
  }, 60_000);
  afterAll(async () => {
    await t.close();
  });

  /** The real flows whose records the first three tests read: run once, by whichever test comes first. */
  let flows: Promise<void> | undefined;
  const recordFlows = (): Promise<void> => (flows ??= runFlows());
  async function runFlows(): Promise<void> {
    // Sign-in failure and success; an unknown account; a wrong and a right second factor.
    await loginFrom(t, cashier, { ip: '10.2.2.2', password: 'not the password' });
    await loginFrom(t, { ...cashier, email: 'nobody-here@example.com' }, { ip: '10.2.2.2' });
    t.clock.advance(31_000);
    const pending = await loginFrom(t, owner, { ip: '10.2.2.3' });
    expect(
      (await send('POST', '/api/v1/auth/mfa/verify', { code: '000000' }, pending.session)).statusCode,
    ).toBe(401);
    await loginFrom(t, owner, { ip: '10.2.2.3', totpSecret: ownerSession.totpSecret });
    // A session revoked, a role created and granted, an invite, a user disabled, sign-in settings.
    const sessions = (await get('/api/v1/auth/sessions', ownerSession)).json<{
      sessions: { id: string; current: boolean }[];
    }>().sessions;
    const other = sessions.find((s) => !s.current);
    expect((await send('DELETE', `/api/v1/auth/sessions/${other?.id ?? ''}`)).statusCode).toBe(204);
    expect(
      (
        await send('POST', '/api/v1/roles', {
          name: 'senior-cashier',
          permissions: ['invoice.create', 'customer.read'],
        })
      ).statusCode,
    ).toBe(201);
    expect(
      (
        await send('PUT', `/api/v1/users/${cashier.userId}/roles`, {
          role: 'senior-cashier',
          storeId: '*',
          granted: true,
        })
      ).statusCode,
    ).toBe(204);
    expect((await send('POST', '/api/v1/users/invites', { role: 'stylist', storeId: '*' })).statusCode).toBe(
      201,
    );
    const leaver = await createAccount(t.services, tenantId, { role: 'stylist' });
    expect((await send('POST', `/api/v1/users/${leaver.userId}/disable`)).statusCode).toBe(204);
    expect(
      (
        await send('PUT', '/api/v1/settings/sign-in', {
          minPasswordLength: 12,
          pciMode: false,
          counterIdleMinutes: 30,
        })
      ).statusCode,
    ).toBe(204);
    expect(
      (await send('PUT', '/api/v1/settings/audit', { retentionMonths: 18, gstRetentionMonths: 84 }))
        .statusCode,
    ).toBe(204);
    const monitoring = (await get('/api/v1/settings/monitoring', ownerSession)).json<
      Record<string, unknown>
    >();
    expect(
      (await send('PUT', '/api/v1/settings/monitoring', { ...monitoring, dedupeMinutes: 30 })).statusCode,
    ).toBe(204);
    // A reveal of personal data with its reason.
    await revealPhones(t, tenantId, owner.userId, 'owner', 1);
    await exportCustomers(t, tenantId, owner.userId, 'owner', 40);
    // Key operations: rotation started over the API, then finished (the old version retired).
    const rotation = await send('POST', '/api/v1/keys/rotations', { purpose: 'staff_pii' });
    expect(rotation.statusCode).toBe(202);
    t.clock.advance(31_000);
    await t.services.rotation.runToCompletion(tenantId, rotation.json<{ id: string }>().id);
    // Audit runs, then MFA removed and the caller signing out.
    expect((await send('POST', '/api/v1/audit/verify', {}, auditor)).json<{ ok: boolean }>().ok).toBe(true);
    expect((await send('POST', '/api/v1/audit/checkpoints', undefined, auditor)).statusCode).toBe(201);
    expect((await send('POST', '/api/v1/audit/exports', { format: 'json' }, auditor)).statusCode).toBe(200);
    expect((await send('DELETE', '/api/v1/auth/mfa/totp')).statusCode).toBe(204);
    expect((await send('POST', '/api/v1/auth/logout')).statusCode).toBe(204);
  }

  it('records every event the issue lists, through the real flows', async () => {
    await recordFlows();
    const db = getDb().db;

    const recorded = await actions();
    const seen = new Set(recorded.map((e) => `${e.action}:${e.outcome}`));
    for (const expected of [
      'auth.login:success',
      'auth.login:failure',
      'auth.mfa.enroll:success',
      'auth.mfa.verify:success',
      'auth.mfa.verify:failure',
      'auth.mfa.remove:success',
      'auth.session.revoke:success',
      'auth.logout:success',
      'user.create:success',
      'role.create:success',
      'user.role.grant:success',
      'user.invite:success',
      'user.disable:success',
      'customer.pii.reveal:success',
      'customer.pii.export:success',
      'settings.auth.update:success',
      'settings.audit.update:success',
      'settings.monitoring.update:success',
      'key.create:success',
      'key.rotate:success',
      'key.retire:success',
      'audit.verify:success',
      'audit.checkpoint:success',
      'audit.export:success',
    ])
      expect(seen.has(expected), expected).toBe(true);
    expect(recorded.find((e) => e.action === 'customer.pii.reveal')?.details).toMatchObject({
      field: 'phone',
      reason: 'delivery',
    });
    expect(recorded.find((e) => e.action === 'customer.pii.export')?.details).toMatchObject({
      count: 40,
      format: 'csv',
      reason: 'other',
      reasonTextLength: 28,
    });
    expect(recorded.find((e) => e.action === 'key.rotate')?.details).toMatchObject({
      fromVersion: 1,
      toVersion: 2,
    });
    const unknown = await t.services.audit.service.list(INSTALLATION_CHAIN, { action: 'auth.login' }, 10);
    expect(unknown.entries.some((e) => e.details.reason === 'unknown_account')).toBe(true);
    // No personal data in clear anywhere in the trail.
    const raw = JSON.stringify(await db.selectFrom('audit_entries').selectAll().execute());
    for (const personal of ['lakshmi', 'ramesh', 'nobody-here', 'example.com', 'Test User', 'Beauty Parlour'])
      expect(raw, personal).not.toContain(personal);
    expect((await send('POST', '/api/v1/audit/verify', {}, auditor)).json<{ ok: boolean }>().ok).toBe(true);
  });

  it('filters by actor, action, object and time, pages newest first, and refuses bad filters by name', async () => {
    await recordFlows();
    const byActor = (await get(`/api/v1/audit/entries?actor=${owner.userId}&limit=500`)).json<Entries>();
    expect(byActor.entries.length).toBeGreaterThan(3);
    expect(byActor.entries.every((e) => e.actorId === owner.userId)).toBe(true);
    const logins = (await get('/api/v1/audit/entries?action=auth.login&outcome=failure')).json<Entries>();
    expect(logins.entries.map((e) => e.objectId)).toEqual([cashier.userId]);
    const prefixed = (await get('/api/v1/audit/entries?actionPrefix=key.')).json<Entries>();
    expect(new Set(prefixed.entries.map((e) => e.action))).toEqual(
      new Set(['key.create', 'key.rotate', 'key.retire']),
    );
    const object = (
      await get(`/api/v1/audit/entries?objectType=user&objectId=${cashier.userId}`)
    ).json<Entries>();
    expect(object.entries.map((e) => e.action)).toContain('user.role.grant');
    const page1 = (await get('/api/v1/audit/entries?limit=3')).json<Entries>();
    const page2 = (
      await get(`/api/v1/audit/entries?limit=3&beforeSeq=${page1.nextBeforeSeq ?? 0}`)
    ).json<Entries>();
    expect(page1.entries.map((e) => e.seq)).toEqual(
      [...page1.entries.map((e) => e.seq)].sort((a, b) => b - a),
    );
    expect(page2.entries[0]?.seq).toBe((page1.entries[2]?.seq ?? 0) - 1);
    const window = (
      await get('/api/v1/audit/entries?from=2026-07-01T05:00:00Z&to=2026-07-01T05:00:31Z&limit=500')
    ).json<Entries>();
    expect(window.entries.length).toBeGreaterThan(0);
    expect(
      window.entries.every(
        (e) => e.occurredAt >= '2026-07-01T05:00:00.000Z' && e.occurredAt < '2026-07-01T05:00:31.000Z',
      ),
    ).toBe(true);
    const bad = await get('/api/v1/audit/entries?from=yesterday');
    expect(bad.statusCode).toBe(400);
    expect(bad.json<{ error: { field: string } }>().error.field).toMatch(/from/);
    const backwards = await get('/api/v1/audit/entries?from=2026-07-02T00:00:00Z&to=2026-07-01T00:00:00Z');
    expect(backwards.json<{ error: { field: string } }>().error.field).toBe('to');
  });

  it('exports CSV and JSON, each export recorded with its format and size', async () => {
    await recordFlows();
    const csv = await send(
      'POST',
      '/api/v1/audit/exports',
      { format: 'csv', filter: { actionPrefix: 'auth.' } },
      auditor,
    );
    expect(csv.headers['content-type']).toMatch(/text\/csv/);
    expect(csv.headers['content-disposition']).toMatch(/attachment; filename="audit-2026-07-01\.csv"/);
    const lines = csv.body.trim().split('\r\n');
    expect(lines[0]).toBe(
      'seq,occurred_at,actor_type,actor_id,session_id,device_id,action,object_type,object_id,outcome,request_id,source,retention,details,hash',
    );
    expect(lines.length - 1).toBe(Number(csv.headers['x-tijori-export-count']));
    expect(lines.slice(1).every((l) => /^\d+,[^,]+,\w+,[^,]*,[^,]*,[^,]*,auth\./.test(l))).toBe(true);
    const json = await send(
      'POST',
      '/api/v1/audit/exports',
      { format: 'json', filter: { action: 'role.create' } },
      auditor,
    );
    const body = json.json<{ count: number; entries: { action: string }[]; latestCheckpoint: string }>();
    expect(body.entries.map((e) => e.action)).toEqual(['role.create']);
    expect(body.latestCheckpoint).toMatch(/^tijori\/audit\//);
    const exports = (await get('/api/v1/audit/entries?action=audit.export')).json<Entries>();
    expect(exports.entries.slice(0, 2).map((e) => [e.details.format, e.details.count])).toEqual([
      ['json', 1],
      ['csv', lines.length - 1],
    ]);
  });

  it('verifies over the API, with checkpoints kept off the machine, and serves checkpoints as text', async () => {
    const made = await send('POST', '/api/v1/audit/checkpoints', undefined, auditor);
    const note = made.json<{ note: string }>().note;
    const latest = await get('/api/v1/audit/checkpoints/latest');
    expect(latest.headers['content-type']).toMatch(/text\/plain/);
    expect(latest.body).toBe(note);
    expect(checkNote(note, await t.services.audit.checkpoints.verifyKey()).ok).toBe(true);
    const withCopy = (await send('POST', '/api/v1/audit/verify', { checkpoints: note }, auditor)).json<{
      ok: boolean;
      externalCheckpointsChecked: number;
    }>();
    expect(withCopy).toMatchObject({ ok: true, externalCheckpointsChecked: 1 });
    const garbage = (
      await send(
        'POST',
        '/api/v1/audit/verify',
        {
          checkpoints: note.replace(
            /\u2014 (\S+) (.)/,
            (_, name: string, c: string) => `\u2014 ${name} ${c === 'A' ? 'B' : 'A'}`,
          ),
        },
        auditor,
      )
    ).json<{ ok: boolean; checkpointFileProblems: string[] }>();
    expect(garbage.ok).toBe(false);
    expect(garbage.checkpointFileProblems[0]).toMatch(/not valid/);
    const list = (await get('/api/v1/audit/checkpoints')).json<{ checkpoints: { kind: string }[] }>();
    expect(list.checkpoints.every((c) => c.kind === 'manual')).toBe(true);
  });

  it('refuses the trail to roles without audit.read, and its settings to the auditor', async () => {
    const cashierSession = await loginFrom(t, cashier, { ip: '10.2.2.9' });
    expect((await get('/api/v1/audit/entries', cashierSession.session)).statusCode).toBe(403);
    expect(
      (await send('POST', '/api/v1/audit/exports', { format: 'csv' }, cashierSession.session)).statusCode,
    ).toBe(403);
    expect(
      (await send('PUT', '/api/v1/settings/audit', { retentionMonths: 12, gstRetentionMonths: 72 }, auditor))
        .statusCode,
    ).toBe(403);
    expect((await get(`/api/v1/audit/entries?actor=${owner.userId}`)).statusCode).toBe(200);
  });
});
