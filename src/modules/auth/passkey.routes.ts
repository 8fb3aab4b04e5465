/** Passkey registration, passkey as second factor, and passwordless sign-in, under /api/v1/auth. */
import type { AuthenticationResponseJSON, RegistrationResponseJSON } from '@simplewebauthn/server';
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Clock } from '../../domain/clock.js';
import { auditContextOf, requireAuth } from '../../http/request-auth.js';
import { sessionCookie } from './access-guard.js';
import type { PasskeyService } from './passkey.service.js';
import type { IssuedSession } from './session.service.js';
import { requireStepUp } from './step-up.policy.js';

/** The browser's credential JSON: shape-checked here, verified cryptographically by the library. */
const credentialJson = z.object({
  id: z.string().min(1).max(1024),
  rawId: z.string().min(1).max(1024),
  type: z.literal('public-key'),
  response: z.record(z.string(), z.unknown()),
  clientExtensionResults: z.record(z.string(), z.unknown()).default({}),
  authenticatorAttachment: z.enum(['platform', 'cross-platform']).optional(),
});
const body = z.object({ challengeId: z.uuid(), credential: credentialJson }).strict();
const session = { session: true, allowDuringMfaEnrollment: true } as const;

export function passkeyApiRoutes(deps: { passkeys: PasskeyService; clock: Clock; absoluteMs: number }) {
  const present = (reply: FastifyReply, issued: IssuedSession) => {
    void reply.header('set-cookie', sessionCookie(issued.token, Math.floor(deps.absoluteMs / 1000)));
    void reply.header('cache-control', 'no-store');
    return { csrfToken: issued.csrfToken, secondFactorRequired: false };
  };
  return (api: FastifyInstance): void => {
    const r = api.withTypeProvider<ZodTypeProvider>();
    r.post(
      '/auth/passkeys/register/options',
      { config: { access: session }, schema: { tags: ['auth'] } },
      async (request) => {
        const a = requireAuth(request);
        requireStepUp(a, deps.clock);
        return deps.passkeys.registrationOptions(a, request.headers.origin);
      },
    );
    r.post(
      '/auth/passkeys/register',
      { config: { access: session }, schema: { tags: ['auth'], body } },
      async (request, reply) => {
        const a = requireAuth(request);
        requireStepUp(a, deps.clock);
        const { id, session: issued } = await deps.passkeys.register(
          a,
          auditContextOf(request),
          request.body.challengeId,
          request.body.credential as unknown as RegistrationResponseJSON,
          request.headers.origin,
        );
        return { id, ...present(reply, issued) };
      },
    );
    r.post(
      '/auth/mfa/passkey/options',
      { config: { access: session }, schema: { tags: ['auth'] } },
      async (request) => deps.passkeys.authenticationOptions(request.headers.origin, requireAuth(request)),
    );
    r.post(
      '/auth/mfa/passkey/verify',
      { config: { access: session }, schema: { tags: ['auth'], body } },
      async (request, reply) => {
        const issued = await deps.passkeys.verifySecondFactor(
          requireAuth(request),
          auditContextOf(request),
          request.body.challengeId,
          request.body.credential as unknown as AuthenticationResponseJSON,
          request.headers.origin,
        );
        return present(reply, issued);
      },
    );
    r.post(
      '/auth/passkeys/login/options',
      { config: { access: { public: true } }, schema: { tags: ['auth'] } },
      async (request) => deps.passkeys.authenticationOptions(request.headers.origin),
    );
    r.post(
      '/auth/passkeys/login',
      { config: { access: { public: true } }, schema: { tags: ['auth'], body } },
      async (request, reply) => {
        const issued = await deps.passkeys.signIn(
          request.body.challengeId,
          request.body.credential as unknown as AuthenticationResponseJSON,
          request.ip,
          request.headers.origin,
        );
        return present(reply, issued);
      },
    );
  };
}
