import { randomUUID } from 'node:crypto';
import type { Insertable } from 'kysely';
import { expect, it } from 'vitest';
import { prepareInsert, prepareQuery } from '../../src/db/prepared-query.js';
import type { LoginAttemptsTable } from '../../src/db/tables/login-attempts.tables.js';
import { describeEachEngine } from '../support/engines.js';

type Attempt = Insertable<LoginAttemptsTable>;

const attempt = (account: string, overrides: Partial<Attempt> = {}): Attempt => ({
  id: randomUUID(),
  tenant_id: null,
  user_id: null,
  account_key: account,
  source_ip: '198.51.100.7',
  source_network: '198.51.100.0/24',
  device_id: null,
  outcome: 'failure',
  reason: 'bad_password',
  created_at: '2026-05-15T06:30:00.000Z',
  ...overrides,
});

const insertAttempts = prepareInsert('login_attempts');
const insertOnce = prepareInsert('login_attempts', (query) =>
  query.onConflict((oc) => oc.column('id').doNothing()).returning(['id', 'reason']),
);
const attemptsOf = prepareQuery((db, p: { account: string; reason: string }) =>
  db
    .selectFrom('login_attempts')
    .select(['id', 'account_key', 'device_id', 'reason', 'created_at'])
    .where('account_key', '=', p.account)
    .where('reason', '=', p.reason)
    .orderBy('created_at'),
);

describeEachEngine('prepared queries', (getDb) => {
  it('runs each time with that run’s values, as the builder would', async () => {
    const { db } = getDb();
    const a = `a-${randomUUID()}`;
    const b = `b-${randomUUID()}`;
    await insertAttempts(db, [attempt(a), attempt(a, { reason: 'bad_code', device_id: 'dev-1' })]);
    await insertAttempts(db, [attempt(b, { created_at: '2026-05-15T06:31:00.000Z' })]);
    for (const [account, reason] of [
      [a, 'bad_password'],
      [a, 'bad_code'],
      [b, 'bad_password'],
      [b, 'bad_code'],
    ] as const) {
      const prepared = await attemptsOf.execute(db, { account, reason });
      const built = await db
        .selectFrom('login_attempts')
        .select(['id', 'account_key', 'device_id', 'reason', 'created_at'])
        .where('account_key', '=', account)
        .where('reason', '=', reason)
        .orderBy('created_at')
        .execute();
      expect(prepared).toEqual(built);
    }
    expect((await attemptsOf.execute(db, { account: a, reason: 'bad_code' }))[0]?.device_id).toBe('dev-1');
  });

  it('finishes inserts as declared: a conflict returns nothing, a new row its columns', async () => {
    const { db } = getDb();
    const row = attempt(`c-${randomUUID()}`);
    expect(await insertOnce(db, [row])).toEqual([{ id: row.id, reason: 'bad_password' }]);
    expect(await insertOnce(db, [{ ...row, reason: 'changed' }])).toEqual([]);
    const [stored] = await attemptsOf.execute(db, { account: row.account_key, reason: 'bad_password' });
    expect(stored?.id).toBe(row.id);
  });

  it('writes rows of any shape: other column orders, undefined columns, large batches', async () => {
    const { db } = getDb();
    const account = `d-${randomUUID()}`;
    const { device_id: _omitted, ...withoutDevice } = attempt(account, { reason: 'undefined_device' });
    const reordered = Object.fromEntries(Object.entries(attempt(account, { reason: 'reordered' })).reverse());
    await insertAttempts(db, [
      withoutDevice,
      { ...attempt(account, { reason: 'undefined_device' }), device_id: undefined },
    ]);
    await insertAttempts(db, [reordered as Attempt]);
    const many = Array.from({ length: 40 }, (_, i) =>
      attempt(account, {
        reason: 'batch',
        created_at: `2026-05-15T06:${String(10 + i).padStart(2, '0')}:00.000Z`,
      }),
    );
    await insertAttempts(db, many);
    expect(await attemptsOf.execute(db, { account, reason: 'undefined_device' })).toHaveLength(2);
    expect(await attemptsOf.execute(db, { account, reason: 'reordered' })).toHaveLength(1);
    const batch = await attemptsOf.execute(db, { account, reason: 'batch' });
    expect(batch.map((r) => r.id)).toEqual(many.map((r) => r.id));
  });

  it('runs inside the caller’s transaction: a rollback takes its rows away', async () => {
    const { db } = getDb();
    const account = `e-${randomUUID()}`;
    await expect(
      db.transaction().execute(async (trx) => {
        await insertAttempts(trx, [attempt(account)]);
        expect(await attemptsOf.execute(trx, { account, reason: 'bad_password' })).toHaveLength(1);
        throw new Error('roll back');
      }),
    ).rejects.toThrow('roll back');
    expect(await attemptsOf.execute(db, { account, reason: 'bad_password' })).toEqual([]);
  });
});
