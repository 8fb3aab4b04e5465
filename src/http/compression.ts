/**
 * Response compression (ADR 0048). Web assets are compressed once, at build (brotli and gzip files
 * beside each asset, served by `@fastify/static` with `preCompressed`); this module compresses the
 * rest on the fly with `@fastify/compress`: JSON and text answers of at least
 * `COMPRESS_THRESHOLD_BYTES`, brotli or gzip as the client's `Accept-Encoding` allows.
 *
 * Only API answers to GET (and HEAD) are compressed, and never those under `/api/v1/auth/`: answers
 * that carry a secret (session and CSRF tokens, TOTP secrets, invite links) next to text an
 * attacker could have put there must not be compressed, or their length would leak the secret
 * byte by byte (BREACH). PDFs, images, ZIP and other binary downloads are left alone (already
 * compressed, and their `content-length` stays exact), as are server-sent events.
 */
import compress from '@fastify/compress';
import type { FastifyInstance, RouteOptions } from 'fastify';

/** Smaller answers fit in one TCP segment anyway: compressing them costs more than it saves. */
export const COMPRESS_THRESHOLD_BYTES = 1024;

/** JSON (also `application/problem+json` and the like) and plain text, HTML, CSS, CSV, JavaScript. */
const compressibleType =
  /^(?:application\/(?:[\w.-]+\+)?json|text\/(?:html|plain|css|csv|javascript)|application\/javascript)(?:;|$)/i;

/** Where answers carry secrets (see the module comment). */
const SECRET_AREA = '/api/v1/auth';

function readsOnly(method: RouteOptions['method']): boolean {
  const methods = Array.isArray(method) ? method : [method];
  return methods.every((m) => m === 'GET' || m === 'HEAD');
}

/** Whether a route's answers may be compressed on the fly. */
export function compressibleRoute(route: Pick<RouteOptions, 'method' | 'url'>): boolean {
  // Web assets were compressed at build (or are too small to gain from it).
  if (!route.url.startsWith('/api/') || !readsOnly(route.method)) return false;
  return route.url !== SECRET_AREA && !route.url.startsWith(`${SECRET_AREA}/`);
}

export function isCompressibleType(contentType: string): boolean {
  return compressibleType.test(contentType);
}

/** Registers on-the-fly compression; call before any route is added. */
export async function registerCompression(app: FastifyInstance): Promise<void> {
  // Runs before the plugin's own onRoute hook: routes that must not be compressed opt out.
  app.addHook('onRoute', (route) => {
    if (route.compress === undefined && !compressibleRoute(route)) route.compress = false;
  });
  await app.register(compress, {
    global: true,
    threshold: COMPRESS_THRESHOLD_BYTES,
    encodings: ['br', 'gzip'],
    customTypes: isCompressibleType,
  });
}
