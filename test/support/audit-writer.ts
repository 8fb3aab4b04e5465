/**
 * A separate OS process that appends audit entries, for the concurrency test:
 * `node --import tsx test/support/audit-writer.ts <postgres url | sqlite path> <tenants,...> <count>`.
 * Once its database answers it prints `ready` and waits for `go` on standard input (the test
 * sends it when every writer is ready, so they really start together), then records `count`
 * entries spread over the tenants, each in a transaction of its own next to an ordinary write,
 * and prints `done <count>`.
 */
import { openDatabase } from '../../src/db/database.js';
import { systemClock } from '../../src/domain/clock.js';
import { AuditTrail } from '../../src/modules/audit/audit.recorder.js';

const [location = '', tenantList = '', countText = '0'] = process.argv.slice(2);
const database = openDatabase(
  location.startsWith('postgres') ? { url: location, poolSize: 4 } : { sqlitePath: location },
);
const trail = new AuditTrail(systemClock);
const tenants = tenantList.split(',');
const count = Number(countText);
await database.db.selectFrom('monitor_cursors').select('name').limit(1).execute();
const go = new Promise<void>((resolve) => process.stdin.once('data', () => resolve()));
process.stdout.write('ready\n');
await go;
process.stdin.destroy();
for (let i = 0; i < count; i += 1) {
  const tenantId = tenants[i % tenants.length] ?? '';
  await database.db.transaction().execute(async (trx) => {
    await trx
      .insertInto('monitor_cursors')
      .values({ name: `writer-${process.pid}-${i}`, position: String(i) })
      .execute();
    await trail.record(
      trx,
      { tenantId, actor: { type: 'system', id: `writer-${process.pid}` }, source: 'test' },
      {
        action: 'test.concurrent',
        objectType: 'thing',
        objectId: String(i),
        outcome: 'success',
        details: { pid: process.pid, i },
      },
    );
  });
}
await database.close();
process.stdout.write(`done ${count}\n`);
