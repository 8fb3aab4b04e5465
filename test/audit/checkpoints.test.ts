/**
 * Periodic checkpoints: every chain that grew gets a signed checkpoint (the run itself is on record
 * in the installation chain and covered by it), each one is appended to the export folder as text,
 * and an idle installation gets neither new checkpoints nor new entries.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { loadEnvKeyProvider } from '../../src/crypto/env.key-provider.js';
import { ManualClock } from '../../src/domain/clock.js';
import { createAudit, type Audit } from '../../src/modules/audit/audit.module.js';
import { INSTALLATION_CHAIN } from '../../src/kernel/audit.js';
import { checkNote, splitNotes } from '../../src/modules/audit/checkpoint-note.js';
import { fillChain } from '../support/audit.js';
import { describeEachEngine } from '../support/engines.js';

describeEachEngine('periodic checkpoints', (getDb) => {
  const clock = new ManualClock('2026-08-01T06:00:00.000Z');
  const exportDir = mkdtempSync(join(tmpdir(), 'tijori-checkpoints-'));
  let audit: Audit;

  beforeAll(() => {
    audit = createAudit({
      db: getDb().db,
      clock,
      keyProvider: loadEnvKeyProvider(randomBytes(32).toString('base64')),
      checkpointMinutes: 60,
      verifyHours: 24,
      checkpointDir: exportDir,
    });
  });
  afterAll(() => rmSync(exportDir, { recursive: true, force: true }));

  const heads = async () =>
    Object.fromEntries(
      (await getDb().db.selectFrom('audit_heads').select(['tenant_id', 'seq']).execute()).map((h) => [
        h.tenant_id,
        Number(h.seq),
      ]),
    );

  /** Chains of each test's own, so no test sees another's. */
  const newChain = (name: string) => `${name}-${randomBytes(3).toString('hex')}`;
  const notesOf = (chain: string): string[] => {
    const file = join(exportDir, `${chain}.checkpoints`);
    return existsSync(file) ? splitNotes(readFileSync(file, 'utf8')) : [];
  };

  it('signs every chain that grew, covering the run entry, and writes each to the export folder', async () => {
    // Whatever earlier tests left grown is signed first, so this run sees only its own chains.
    await audit.checkpoints.createPeriodic();
    const [a, b] = [newChain('shop-a'), newChain('shop-b')];
    const installationNotes = notesOf(INSTALLATION_CHAIN).length;
    await fillChain(getDb().db, audit.trail, a, 3);
    await fillChain(getDb().db, audit.trail, b, 2);
    expect(await audit.checkpoints.createPeriodic()).toBe(3);
    const key = await audit.checkpoints.verifyKey();
    const after = await heads();
    for (const chain of [a, b, INSTALLATION_CHAIN]) {
      const notes = notesOf(chain);
      expect(notes).toHaveLength(chain === INSTALLATION_CHAIN ? installationNotes + 1 : 1);
      const check = checkNote(notes.at(-1) ?? '', key);
      expect(check.ok && check.checkpoint).toMatchObject({
        tenantId: chain,
        seq: after[chain],
        kind: 'periodic',
      });
    }
    const run = await audit.service.list(INSTALLATION_CHAIN, { action: 'audit.checkpoint' }, 5);
    expect(run.entries[0]?.details).toEqual({ kind: 'periodic', chains: 2 });
  });

  it('does nothing for an idle installation, and only the chain that grew gets a new one', async () => {
    const [a, b] = [newChain('shop-a'), newChain('shop-b')];
    await fillChain(getDb().db, audit.trail, a, 2);
    await fillChain(getDb().db, audit.trail, b, 2);
    await audit.checkpoints.createPeriodic();
    const before = await heads();
    clock.advance(3600_000);
    expect(await audit.checkpoints.createPeriodic()).toBe(0);
    expect(await heads()).toEqual(before);
    await fillChain(getDb().db, audit.trail, a, 1);
    expect(await audit.checkpoints.createPeriodic()).toBe(2);
    expect(notesOf(b)).toHaveLength(1);
    expect(notesOf(a)).toHaveLength(2);
    expect((await audit.service.verify({ tenantId: a, actor: { type: 'system', id: 'test' } })).ok).toBe(
      true,
    );
  });
});
