/**
 * Serves the built web app (web/ -> `vite build` -> dist/web) from the API's own origin, under the
 * same security headers and CSP. Hashed files under /assets are cached for a year (their names
 * change with their content); index.html is revalidated on every load so a new build is picked up.
 * Client routes (/counter, /admin/users ...) get index.html; /api paths and missing files get the
 * JSON 404, never the app. Each text asset is sent as the brotli or gzip copy the build made
 * beside it when the browser accepts that encoding (ADR 0048).
 */
import { existsSync, readFileSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { RouteModule } from './app.js';

const IMMUTABLE = 'public, max-age=31536000, immutable';
const REVALIDATE = 'no-cache';

/** `dist/web` of this installation, whether running from dist/ (built) or from src/ (tsx). */
export function defaultWebDir(): string {
  const root = resolve(fileURLToPath(new URL('.', import.meta.url)), '../..');
  return basename(root) === 'dist' ? join(root, 'web') : join(root, 'dist', 'web');
}

/** A path the app's router owns: no file extension, not the API, not the asset folder. */
export function isClientRoute(path: string): boolean {
  if (path.startsWith('/api/') || path === '/api' || path.startsWith('/assets/')) return false;
  const last = path.slice(path.lastIndexOf('/') + 1);
  return !last.includes('.');
}

function wantsHtml(request: FastifyRequest): boolean {
  const accept = request.headers.accept ?? '';
  return accept.includes('text/html');
}

function sendNotFound(request: FastifyRequest, reply: FastifyReply): FastifyReply {
  return reply
    .status(404)
    .send({ error: { code: 'not_found', message: 'not found', requestId: request.id } });
}

const notBuiltPage = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Tijori</title></head>
<body><main><h1>The web app is not built</h1>
<p>Run <code>npm run build</code> (or <code>npm start</code>, which builds first), then reload.</p>
</main></body></html>
`;

/** Routes that serve the web app from `webDir`, or a page saying how to build it. */
export function webAppRoutes(webDir: string): RouteModule {
  return async (app: FastifyInstance) => {
    const indexFile = join(webDir, 'index.html');
    const built = existsSync(indexFile);
    if (built)
      await app.register(fastifyStatic, {
        root: webDir,
        prefix: '/',
        // One route per file found at start: no file-system lookups for other paths.
        wildcard: false,
        index: false,
        cacheControl: false,
        // Brotli and gzip copies made at build (web/vite.config.ts), chosen by Accept-Encoding.
        preCompressed: true,
        setHeaders(reply, path) {
          const underAssets = path.startsWith(join(webDir, 'assets'));
          void reply.header('cache-control', underAssets ? IMMUTABLE : REVALIDATE);
        },
      });
    const index = built ? readFileSync(indexFile) : null;
    const sendApp = (request: FastifyRequest, reply: FastifyReply) => {
      const path = request.url.split('?')[0] ?? '/';
      if (!isClientRoute(path) || !wantsHtml(request)) return sendNotFound(request, reply);
      if (index === null) return reply.status(503).type('text/html; charset=utf-8').send(notBuiltPage);
      return reply.header('cache-control', REVALIDATE).type('text/html; charset=utf-8').send(index);
    };
    app.get('/', { schema: { hide: true } }, sendApp);
    app.get('/*', { schema: { hide: true } }, sendApp);
  };
}
