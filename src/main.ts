/**
 * The composition root: configuration -> data folder and database -> services -> app -> listen,
 * and a graceful shutdown on SIGTERM/SIGINT (in-flight requests finish, the database closes).
 */
import type { Writable } from 'node:stream';
import type { Config } from './config/config.js';
import { systemClock } from './domain/clock.js';
import { prepareInstallation } from './bootstrap.js';
import { buildApp, type App } from './http/app.js';
import { createLogger, type Logger } from './logging/logger.js';
import { createServices, type Services } from './services.js';
import { TIJORI_VERSION } from './version.js';

export interface RunningServer {
  app: App;
  url: string;
  /** Stops accepting connections, lets in-flight requests finish, closes the database. */
  stop(): Promise<void>;
}

function displayHost(host: string): string {
  return host === '0.0.0.0' || host === '::' ? 'localhost' : host;
}

export async function startServer(config: Config, out: Writable, logger?: Logger): Promise<RunningServer> {
  const log = logger ?? createLogger({ level: config.logLevel });
  const prepared = await prepareInstallation(config);
  const { database, tls, keyProvider } = prepared;
  let services: Services | undefined;
  try {
    services = createServices({ config, database, logger: log, clock: systemClock, keyProvider });
    const app = await buildApp({
      config,
      database,
      logger: log,
      version: TIJORI_VERSION,
      guard: services.guard,
      apiRoutes: services.apiRoutes,
      rootRoutes: services.rootRoutes,
      ...(tls === null ? {} : { https: { key: tls.key, cert: tls.cert } }),
    });
    await app.listen({ port: config.port, host: config.host });
    const scheme = tls === null ? 'http' : 'https';
    const base = config.publicUrl ?? `${scheme}://${displayHost(config.host)}:${config.port}`;
    out.write(`Tijori ${TIJORI_VERSION} is running at ${base} (${database.engine})\n`);
    if (prepared.kekRotation === 'finished')
      out.write('Finished a key-encryption key rotation that had been interrupted.\n');
    if (prepared.erasuresReapplied > 0)
      out.write(
        `Applied ${prepared.erasuresReapplied} erasure(s) from the erasure journal again before serving: the database had lost them.\n`,
      );
    if (tls !== null) {
      out.write(
        `${tls.generated ? 'Generated a self-signed certificate. ' : ''}Certificate SHA-256 fingerprint: ${tls.fingerprint256}\n`,
      );
    }
    const code = await services.setup.openSetupWindow();
    if (code !== null) {
      out.write(`First run: open ${base}/setup#code=${code} to create the business and the owner account.\n`);
      out.write(`This setup code works once and expires in 24 hours; restarting Tijori issues a new one.\n`);
    }
    // Background work starts once the server is up and has said so.
    services.jobs.start();
    const running = services;
    let stopping: Promise<void> | undefined;
    return {
      app,
      url: base,
      stop() {
        stopping ??= (async () => {
          await app.close();
          await running.close();
          await database.close();
          await keyProvider.close();
        })();
        return stopping;
      },
    };
  } catch (error) {
    await services?.close();
    await database.close();
    await keyProvider.close();
    throw error;
  }
}

/** Installs SIGTERM/SIGINT handlers that stop the server and exit 0 (1 if shutdown overruns). */
export function handleShutdownSignals(server: RunningServer, config: Config, out: Writable): void {
  const onSignal = (signal: NodeJS.Signals) => {
    out.write(`Received ${signal}: finishing in-flight requests and shutting down.\n`);
    const timer = setTimeout(() => {
      out.write('Shutdown took too long; exiting.\n');
      process.exit(1);
    }, config.shutdownTimeoutMs);
    timer.unref();
    server.stop().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGTERM', onSignal);
  process.once('SIGINT', onSignal);
}
