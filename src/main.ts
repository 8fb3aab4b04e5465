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
    const draining = { active: false };
    app.addHook('onSend', async (request, reply) => {
      // While shutting down, every HTTP/1 answer closes its connection: no client sends another
      // request down a keep-alive connection that is about to go.
      if (draining.active && request.raw.httpVersionMajor === 1) void reply.header('connection', 'close');
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
          await drainConnections(draining);
          await app.close();
          await running.close();
          await database.close();
          await keyProvider.close();
          await flushLog(log);
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

/**
 * How long an idle keep-alive connection stays open after SIGTERM. A request a client wrote just
 * before the signal can still sit unread in the socket while the connection looks idle; closing
 * idle connections at once reset such requests (ECONNRESET) although some were saved sales. In
 * the grace the event loop reads them, they are served in full, and answered with
 * `Connection: close`; only then are the connections that stayed idle closed.
 */
export const DRAIN_GRACE_MS = 500;

async function drainConnections(draining: { active: boolean }): Promise<void> {
  draining.active = true;
  await new Promise((resolve) => setTimeout(resolve, DRAIN_GRACE_MS));
  // At least one full turn of the event loop after the grace, however busy the loop was.
  await new Promise((resolve) => setImmediate(resolve));
}

/** Writes out buffered log lines, so the last requests' lines are not lost at exit. */
function flushLog(log: Logger): Promise<void> {
  return new Promise((resolve) => {
    try {
      log.flush(() => resolve());
    } catch {
      resolve();
    }
  });
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
