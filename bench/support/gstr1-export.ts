/**
 * Runs only the GSTR-1 export over an existing SQLite database, in its own process, so its
 * peak memory is the export's alone (not the data generation's): prints one JSON line with the
 * time, the JSON size, the peak resident set and the peak heap. Started by the billing benchmark.
 */
import { openDatabase } from '../../src/db/database.js';
import { loadEnvKeyProvider } from '../../src/crypto/env.key-provider.js';
import { ManualClock } from '../../src/domain/clock.js';
import { parseReturnPeriod } from '../../src/domain/numbering/index.js';
import { gstr1Source } from '../../src/modules/billing/returns-source.js';
import { defaultKeyRingOptions } from '../../src/modules/keys/key-ring.service.js';
import { buildGstr1 } from '../../src/modules/returns/gstr1.builder.js';
import { createTestKeys } from '../../test/support/keys.js';

const env = process.env;
const handle = openDatabase({ sqlitePath: env.SQLITE_PATH ?? '' });
const keys = createTestKeys(handle.db, {
  clock: new ManualClock(),
  provider: loadEnvKeyProvider(env.KEK ?? ''),
  ring: defaultKeyRingOptions,
});
const gstin = env.GSTIN ?? '';
let peakHeap = 0;
const sampler = setInterval(() => (peakHeap = Math.max(peakHeap, process.memoryUsage().heapUsed)), 20);
const start = performance.now();
let bytes = 0;
const source = gstr1Source(
  handle.db,
  keys.cipher,
  env.TENANT_ID ?? '',
  gstin,
  parseReturnPeriod(env.PERIOD ?? ''),
);
for await (const chunk of buildGstr1({ gstin, period: env.PERIOD ?? '' }, source)) bytes += chunk.length;
const seconds = (performance.now() - start) / 1000;
clearInterval(sampler);
await handle.close();
process.stdout.write(
  `${JSON.stringify({ seconds, bytes, peakRssKb: process.resourceUsage().maxRSS, peakHeapBytes: peakHeap })}\n`,
);
