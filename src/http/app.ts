/**
 * The Fastify app factory, separate from `listen` so that tests drive it with `inject`.
 * Order: request ids and logging -> security headers -> access control -> routes -> errors.
 */
import { randomUUID } from 'node:crypto';
import type { ServerOptions as HttpsServerOptions } from 'node:https';
import swagger from '@fastify/swagger';
import Fastify, { type FastifyInstance, type RouteOptions } from 'fastify';
import { jsonSchemaTransform, serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod';
import type { Config } from '../config/config.js';
import type { DatabaseHandle } from '../db/database.js';
import type { Logger } from '../logging/logger.js';
import { registerCompression } from './compression.js';
import { registerErrorHandling } from './error-handler.js';
import { registerHealthRoutes } from './health.routes.js';
import { registerJsonDepthLimit } from './json-depth.js';
import { closeConnectionsGently } from './http2-connections.js';
import { publicOnlyGuard, registerAccessControl, type AccessGuard } from './route-access.js';
import { registerSecurityHeaders } from './security-headers.js';
import { SERVER_TLS_CIPHERS, SERVER_TLS_MIN_VERSION } from './tls.js';

export type App = FastifyInstance;

/** A capability's routes, registered inside the `/api/v1` prefix. */
export type RouteModule = (api: FastifyInstance) => void | Promise<void>;

export interface AppOptions {
  config: Config;
  database: DatabaseHandle;
  logger: Logger;
  /** TLS key and certificate; omitted for tests that use inject, or behind a TLS proxy. */
  https?: Pick<HttpsServerOptions, 'key' | 'cert'>;
  guard?: AccessGuard;
  /** Routes mounted under /api/v1. */
  apiRoutes?: readonly RouteModule[];
  /** Routes mounted at the root (setup page, web app, security.txt). */
  rootRoutes?: readonly RouteModule[];
  version?: string;
  /** Sees every route as it registers, root and API alike (a route inventory for tests and audits). */
  onRoute?: (route: RouteOptions) => void;
}

const requestIdPattern = /^[A-Za-z0-9-]{8,64}$/;

export async function buildApp(options: AppOptions): Promise<App> {
  const { config } = options;
  // HTTP/2 over TLS where the client offers it (ALPN), HTTP/1.1 for every other client.
  const http2 = options.https !== undefined && config.http2;
  const common = {
    loggerInstance: options.logger,
    bodyLimit: config.bodyLimitBytes,
    // A client-supplied request id is kept only when it is a plain token (no log injection).
    genReqId: (req: { headers: Record<string, string | string[] | undefined> }) => {
      const given = req.headers['x-request-id'];
      return typeof given === 'string' && requestIdPattern.test(given) ? given : randomUUID();
    },
    trustProxy: false,
    return503OnClosing: true,
  };
  const tls = options.https && {
    ...options.https,
    minVersion: SERVER_TLS_MIN_VERSION,
    ciphers: SERVER_TLS_CIPHERS,
    honorCipherOrder: true,
  };
  const fastify =
    tls === undefined
      ? Fastify({ ...common, forceCloseConnections: 'idle' })
      : http2
        ? // HTTP/2 servers have no idle-connection close: closeConnectionsGently does it instead.
          Fastify({
            ...common,
            http2: true,
            https: { ...tls, allowHTTP1: true },
            forceCloseConnections: false,
          })
        : Fastify({ ...common, https: tls, forceCloseConnections: 'idle' });
  // One instance type for HTTP and HTTPS; route modules add the zod type provider themselves.
  const app = fastify as unknown as FastifyInstance;
  if (http2) closeConnectionsGently(app);

  const { onRoute } = options;
  if (onRoute !== undefined) app.addHook('onRoute', (route) => onRoute(route));
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  registerSecurityHeaders(app);
  registerErrorHandling(app);
  registerJsonDepthLimit(app);
  registerAccessControl(app, options.guard ?? publicOnlyGuard);
  await registerCompression(app);

  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Tijori API',
        version: options.version ?? '0.0.0',
        description: 'GST billing and point of sale that keeps customer data locked.',
      },
      components: {
        securitySchemes: {
          bearer: { type: 'http', scheme: 'bearer' },
          session: { type: 'apiKey', in: 'cookie', name: '__Host-tijori_session' },
        },
      },
    },
    transform: jsonSchemaTransform,
  });

  registerHealthRoutes(app, options.database);
  app.get('/api/openapi.json', { schema: { hide: true } }, () => app.swagger());

  await app.register(
    async (api) => {
      for (const routes of options.apiRoutes ?? []) await routes(api);
    },
    { prefix: '/api/v1' },
  );
  for (const routes of options.rootRoutes ?? []) await routes(app);
  return app;
}
