/** Opens what an operational command needs (database, keys, services) and closes it afterwards. */
import { asSystem } from '../db/tenant-scope.js';
import type { Config } from '../config/config.js';
import { prepareInstallation } from '../bootstrap.js';
import { systemClock } from '../domain/clock.js';
import { createLogger } from '../logging/logger.js';
import { createServices, type Services } from '../services.js';
import type { DatabaseHandle } from '../db/database.js';
import type { KeyProvider } from '../crypto/key-provider.js';

export interface Runtime {
  config: Config;
  database: DatabaseHandle;
  keyProvider: KeyProvider;
  services: Services;
}

export function withRuntime<T>(config: Config, run: (runtime: Runtime) => Promise<T>): Promise<T> {
  // The operator's commands are a system path (ADR 0064): they run as the connection's own role.
  return asSystem('cli', () => runtimeFor(config, run));
}

async function runtimeFor<T>(config: Config, run: (runtime: Runtime) => Promise<T>): Promise<T> {
  const prepared = await prepareInstallation(config);
  const services = createServices({
    config,
    database: prepared.database,
    logger: createLogger({ level: 'silent' }),
    clock: systemClock,
    keyProvider: prepared.keyProvider,
  });
  try {
    return await run({ config, database: prepared.database, keyProvider: prepared.keyProvider, services });
  } finally {
    await services.close();
    await prepared.database.close();
    await prepared.keyProvider.close();
  }
}

/** A one-line progress bar for a terminal (or a log line per step when not a terminal). */
export function progressBar(
  write: (s: string) => void,
  label: string,
): (done: number, total: number) => void {
  let last = -1;
  return (done, total) => {
    const pct = total > 0 ? Math.min(100, Math.floor((done / total) * 100)) : 100;
    if (pct === last) return;
    last = pct;
    const filled = Math.round(pct / 5);
    write(`\r${label} [${'#'.repeat(filled)}${'.'.repeat(20 - filled)}] ${pct}%${pct === 100 ? '\n' : ''}`);
  };
}
