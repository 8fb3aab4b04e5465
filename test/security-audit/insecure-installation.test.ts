/**
 * Acceptance: a seeded insecure installation (an owner without MFA, a stale account, an old key, a
 * phone number and a card number stored in a notes column in clear, no backup) produces exactly
 * the expected fails, each with remediation text; fixing each raises the score and turns its check
 * to pass. One table drives the seed's expectations and the fixes, on both engines.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { totpCodeAt } from '../../src/modules/auth/totp.js';
import { operatorActor } from '../../src/kernel/actor.js';
import { createBackup } from '../../src/modules/keys/backup.service.js';
import { testRestore } from '../../src/modules/security-audit/restore-test.service.js';
import type { RunDetail } from '../../src/modules/security-audit/security-audit.service.js';
import { describeEachEngine } from '../support/engines.js';
import { createTenant } from '../support/factories.js';
import { createAccount, seedRoles } from '../support/identity.js';
import {
  auditContext,
  authOf,
  createAuditFixture,
  makeSale,
  userContext,
  type AuditFixture,
} from './support/audit-fixture.js';

const DAY = 86_400_000;
const NOTE_IN_CLEAR = 'Refund to card 4111 1111 1111 1111, customer asks to call 98765 43210';

interface Seeded {
  tenantId: string;
  storeId: string;
  ownerId: string;
  staleId: string;
  invoiceId: string;
  backupFile: string;
}

async function seedInsecureInstallation(f: AuditFixture): Promise<Seeded> {
  const { tenantId, storeId } = await createTenant(f.db, { name: 'Fake Fabrics' });
  await seedRoles(f.db, tenantId);
  const owner = await createAccount(f.services, tenantId, { role: 'owner', email: 'asha.fake@example.test' });
  const stale = await createAccount(f.services, tenantId, {
    role: 'cashier',
    email: 'ravi.fake@example.test',
  });
  // The cashier joined four months ago and has not signed in since.
  await f.db
    .updateTable('users')
    .set({ created_at: new Date(f.clock.now().getTime() - 120 * DAY).toISOString() })
    .where('id', '=', stale.userId)
    .execute();
  // Staff names are encrypted under the staff key: make it old, past its cryptoperiod.
  await f.db
    .updateTable('data_keys')
    .set({
      created_at: new Date(f.clock.now().getTime() - 400 * DAY).toISOString(),
      rotate_by: new Date(f.clock.now().getTime() - 35 * DAY).toISOString(),
    })
    .where('tenant_id', '=', tenantId)
    .where('key_id', '=', 'staff_pii')
    .execute();
  // An ordinary sale, cancelled with a note; then the note lands in its column in clear, as an
  // old import or a bug would have left it.
  const invoiceId = await makeSale(f, { tenantId, storeId });
  const billing = f.services.billing;
  const operator = operatorActor(tenantId);
  await billing.invoices.cancel(operator, invoiceId, {
    reason: 'customer_cancelled',
    note: 'Customer changed mind',
  });
  await f.db
    .updateTable('sales_cancellations')
    .set({ note_enc: NOTE_IN_CLEAR })
    .where('tenant_id', '=', tenantId)
    .where('document_id', '=', invoiceId)
    .execute();
  return {
    tenantId,
    storeId,
    ownerId: owner.userId,
    staleId: stale.userId,
    invoiceId,
    backupFile: join(mkdtempSync(join(tmpdir(), 'tijori-audit-backup-')), 'backup.tjb'),
  };
}

/** Each seeded weakness: the check that must fail, and the fix an owner would make. */
const weaknesses: ReadonlyArray<{ check: string; fix: (f: AuditFixture, s: Seeded) => Promise<void> }> = [
  {
    check: 'identity.mfa-missing',
    fix: async (f, s) => {
      const auth = await authOf(f, s.tenantId, s.ownerId);
      const { otpauthUri } = await f.services.identity.mfa.startTotp(auth);
      const secret = new URL(otpauthUri).searchParams.get('secret') ?? '';
      await f.services.identity.mfa.confirmTotp(auth, userContext(auth), totpCodeAt(secret, f.clock.now()));
    },
  },
  {
    check: 'identity.stale-accounts',
    fix: async (f, s) => {
      const auth = await authOf(f, s.tenantId, s.ownerId);
      await f.services.identity.users.disableUser(auth, userContext(auth), s.staleId);
    },
  },
  {
    check: 'keys.cryptoperiod',
    fix: async (f, s) => {
      const rotation = await f.services.rotation.start(s.tenantId, 'staff_pii');
      await f.services.rotation.runToCompletion(s.tenantId, rotation.id);
    },
  },
  {
    check: 'data.plaintext-personal-data',
    fix: async (f, s) => {
      const sealed = await f.services.fieldCipher.encrypt(
        'documents',
        { tenantId: s.tenantId, table: 'sales_cancellations', column: 'note_enc', rowId: s.invoiceId },
        'Refund to card ending 1111',
      );
      await f.db
        .updateTable('sales_cancellations')
        .set({ note_enc: sealed })
        .where('tenant_id', '=', s.tenantId)
        .where('document_id', '=', s.invoiceId)
        .execute();
    },
  },
  {
    check: 'backups.recent',
    fix: async (f, s) => {
      await createBackup(
        f.config,
        { db: f.db, engine: f.engine, close: async () => undefined },
        f.keyProvider,
        s.backupFile,
        {
          audit: f.services.audit.trail,
          clock: f.clock,
        },
      );
    },
  },
  {
    check: 'backups.restore-tested',
    fix: async (f, s) => {
      const result = await testRestore(f.config, f.db, s.backupFile, f.keyProvider, {
        verifyKey: await f.services.audit.checkpoints.verifyKey(),
        audit: f.services.audit.trail,
        clock: f.clock,
      });
      expect(result.problems).toEqual([]);
    },
  },
];

const failing = (run: RunDetail) => (run.report?.checks ?? []).filter((c) => c.status === 'fail');
const statusOf = (run: RunDetail, id: string) => run.report?.checks.find((c) => c.id === id)?.status;

describeEachEngine('self-audit of a seeded insecure installation', (getDb, engine) => {
  let f: AuditFixture;
  let seeded: Seeded;
  let first: RunDetail;

  beforeAll(async () => {
    f = await createAuditFixture(getDb(), engine);
    seeded = await seedInsecureInstallation(f);
    first = await f.selfAudit.run(auditContext(seeded.tenantId), 'manual');
  });
  afterAll(async () => {
    await f?.close();
    if (seeded !== undefined) rmSync(join(seeded.backupFile, '..'), { recursive: true, force: true });
  });

  it('fails exactly the seeded weaknesses, each with remediation text; nothing else fails or errs', () => {
    expect(first.status).toBe('completed');
    expect(
      failing(first)
        .map((c) => c.id)
        .sort(),
    ).toEqual(weaknesses.map((w) => w.check).sort());
    for (const check of failing(first)) expect(check.remediation?.length ?? 0).toBeGreaterThan(40);
    expect(first.counts.error + first.counts.unknown).toBe(0);
    expect(first.score).toBeLessThan(100);
  });

  it('shows where the plaintext sits, masked, never the values', () => {
    const plaintext = first.report?.checks.find((c) => c.id === 'data.plaintext-personal-data');
    const findings = plaintext?.evidence.findings as Array<{ table: string; column: string; kind: string }>;
    expect(findings.map((x) => `${x.table}.${x.column}:${x.kind}`).sort()).toEqual([
      'sales_cancellations.note_enc:card_number',
      'sales_cancellations.note_enc:phone',
    ]);
    const stored = JSON.stringify(first.report);
    expect(stored).toContain('XXXX-XXXX-XXXX-1111');
    expect(stored).not.toMatch(/4111.?1111.?1111.?1111/);
    expect(stored).not.toMatch(/98765.?43210/);
    expect(stored).toContain(seeded.invoiceId);
  });

  // One test: each fix builds on the ones before it (the restore test needs the backup), so the
  // sequence is the unit, and it passes alone or in any order with the two tests above.
  it('fixing each weakness in turn turns its check to pass, raises the score, and ends with none failing', async () => {
    let previous = first;
    for (const weakness of weaknesses) {
      await weakness.fix(f, seeded);
      f.clock.advance(60_000);
      const run = await f.selfAudit.run(auditContext(seeded.tenantId), 'manual');
      expect(statusOf(previous, weakness.check), weakness.check).toBe('fail');
      expect(statusOf(run, weakness.check), weakness.check).toBe('pass');
      expect(run.score ?? 0, weakness.check).toBeGreaterThan(previous.score ?? 0);
      previous = run;
    }
    expect(failing(previous)).toEqual([]);
    expect(previous.score).toBeGreaterThan(95);
  });
});

describe('the table above', () => {
  it('names each check once', () => {
    expect(new Set(weaknesses.map((w) => w.check)).size).toBe(weaknesses.length);
  });
});
