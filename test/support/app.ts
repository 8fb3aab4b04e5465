/** Builds the real app on a test database with a captured log, for `inject`-driven tests. */
import { Writable } from 'node:stream';
import { buildConfig, type Config } from '../../src/config/config.js';
import { testArgon2Config } from './argon2-cost.js';
import type { DatabaseHandle } from '../../src/db/database.js';
import { ManualClock } from '../../src/domain/clock.js';
import { buildApp, type App, type RouteModule } from '../../src/http/app.js';
import { createLogger } from '../../src/logging/logger.js';
import { createServices, type Services } from '../../src/services.js';
import { randomBytes } from 'node:crypto';
import { loadEnvKeyProvider } from '../../src/crypto/env.key-provider.js';

export class LogCapture extends Writable {
  readonly lines: string[] = [];
  override _write(chunk: Buffer, _encoding: BufferEncoding, callback: () => void): void {
    this.lines.push(
      ...chunk
        .toString('utf8')
        .split('\n')
        .filter((l) => l !== ''),
    );
    callback();
  }
  get text(): string {
    return this.lines.join('\n');
  }
}

export interface TestApp {
  app: App;
  services: Services;
  config: Config;
  clock: ManualClock;
  log: LogCapture;
  close(): Promise<void>;
}

export async function buildTestApp(
  database: DatabaseHandle,
  options: {
    config?: Partial<Record<keyof Config, unknown>>;
    extraApiRoutes?: RouteModule[];
    logLevel?: string;
  } = {},
): Promise<TestApp> {
  const config = buildConfig({ dataDir: '/nonexistent-test-data', ...testArgon2Config, ...options.config });
  const log = new LogCapture();
  const logger = createLogger({ level: options.logLevel ?? 'info', destination: log });
  const clock = new ManualClock(new Date());
  const keyProvider = loadEnvKeyProvider(randomBytes(32).toString('base64'));
  const services = createServices({ config, database, logger, clock, keyProvider });
  const app = await buildApp({
    config,
    database,
    logger,
    guard: services.guard,
    apiRoutes: [...services.apiRoutes, ...(options.extraApiRoutes ?? [])],
    rootRoutes: services.rootRoutes,
  });
  await app.ready();
  return {
    app,
    services,
    config,
    clock,
    log,
    async close() {
      await app.close();
      await services.close();
    },
  };
}
