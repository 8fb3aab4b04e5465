/**
 * `/.well-known/security.txt` (RFC 9116): where to report a security problem. Contact and Policy
 * come from the configuration, or point to the public report page; Expires is set 180 days ahead
 * (less than a year, as the RFC recommends), so a file that nobody serves anymore goes stale on its
 * own; Canonical names the public URL. `/security.txt` redirects there, as the RFC allows.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Clock } from '../../domain/clock.js';
import type { RouteModule } from '../../http/app.js';

export const REPORT_PAGE = '/report-security';
const EXPIRES_DAYS = 180;

export interface SecurityTxtSettings {
  publicUrl?: string | undefined;
  contact?: string | undefined;
  policyUrl?: string | undefined;
}

/** The file's text for a request arriving at `origin`. */
export function securityTxt(settings: SecurityTxtSettings, origin: string, now: Date): string {
  const expires = new Date(now.getTime() + EXPIRES_DAYS * 86_400_000);
  expires.setUTCHours(0, 0, 0, 0);
  return [
    `Contact: ${settings.contact ?? `${origin}${REPORT_PAGE}`}`,
    `Expires: ${expires.toISOString().replace('.000Z', 'Z')}`,
    'Preferred-Languages: en, hi',
    `Canonical: ${origin}/.well-known/security.txt`,
    `Policy: ${settings.policyUrl ?? `${origin}${REPORT_PAGE}#policy`}`,
    '',
  ].join('\n');
}

function originOf(settings: SecurityTxtSettings, request: FastifyRequest): string {
  if (settings.publicUrl !== undefined) return new URL(settings.publicUrl).origin;
  return `https://${request.headers.host ?? 'localhost'}`;
}

export function securityTxtRoutes(settings: SecurityTxtSettings, clock: Clock): RouteModule {
  return (app: FastifyInstance) => {
    app.get('/.well-known/security.txt', { schema: { hide: true } }, (request, reply) =>
      reply
        .type('text/plain; charset=utf-8')
        .header('cache-control', 'public, max-age=86400')
        .send(securityTxt(settings, originOf(settings, request), clock.now())),
    );
    app.get('/security.txt', { schema: { hide: true } }, (_request, reply) =>
      reply.redirect('/.well-known/security.txt', 301),
    );
  };
}
