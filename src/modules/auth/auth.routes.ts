/** Sign-in, second factor, step-up, password and own sessions under /api/v1/auth. */
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Clock } from '../../domain/clock.js';
import { auditContextOf, requireAuth } from '../../http/request-auth.js';
import { readCookie, SESSION_COOKIE, sessionCookie } from './access-guard.js';
import type { AuthService } from './auth.service.js';
import { DEVICE_COOKIE, deviceCookie, isDeviceId, newDeviceId } from './login-attempts.js';
import type { MfaService } from './mfa.service.js';
import { MAX_PASSWORD_LENGTH } from './password.policy.js';
import type { IssuedSession, SessionService } from './session.service.js';
import { requireStepUp } from './step-up.policy.js';
import type { UserService } from './user.service.js';

export interface AuthRouteDeps {
  auth: AuthService;
  mfa: MfaService;
  users: UserService;
  sessions: SessionService;
  clock: Clock;
}

const password = z
  .string()
  .min(1)
  .max(MAX_PASSWORD_LENGTH * 4);
const email = z.string().min(3).max(254);
const session = { session: true, allowDuringMfaEnrollment: true } as const;
const sessionView = z.object({ csrfToken: z.string(), secondFactorRequired: z.boolean() });

function present(
  reply: FastifyReply,
  issued: IssuedSession,
  absoluteMs: number,
  secondFactorRequired: boolean,
) {
  void reply.header('set-cookie', sessionCookie(issued.token, Math.floor(absoluteMs / 1000)));
  void reply.header('cache-control', 'no-store');
  return { csrfToken: issued.csrfToken, secondFactorRequired };
}

export function authApiRoutes(deps: AuthRouteDeps) {
  const absoluteMs = deps.sessions.timeouts.absoluteMs;
  return (api: FastifyInstance): void => {
    const r = api.withTypeProvider<ZodTypeProvider>();
    r.post(
      '/auth/login',
      {
        config: { access: { public: true } },
        schema: {
          tags: ['auth'],
          body: z.object({ email, password }).strict(),
          response: { 200: sessionView },
        },
      },
      async (request, reply) => {
        const presented = readCookie(request, SESSION_COOKIE);
        // The device cookie is set after the session cookie (clients read the session one first).
        const device = readCookie(request, DEVICE_COOKIE);
        const deviceId = device !== undefined && isDeviceId(device) ? device : newDeviceId();
        const remember = () => {
          if (device !== deviceId) void reply.header('set-cookie', deviceCookie(deviceId));
        };
        let result;
        try {
          result = await deps.auth.login({
            ...request.body,
            ip: request.ip,
            deviceId,
            ...(presented === undefined ? {} : { presentedToken: presented }),
          });
        } catch (error) {
          remember();
          throw error;
        }
        const view = present(reply, result, absoluteMs, result.secondFactorRequired);
        remember();
        return view;
      },
    );
    r.post(
      '/auth/logout',
      { config: { access: session }, schema: { tags: ['auth'] } },
      async (request, reply) => {
        await deps.auth.logout(requireAuth(request), auditContextOf(request));
        void reply.header('set-cookie', sessionCookie(null, 0));
        return reply.code(204).send();
      },
    );
    r.get(
      '/auth/csrf',
      {
        config: { access: session },
        schema: { tags: ['auth'], response: { 200: z.object({ csrfToken: z.string() }) } },
      },
      async (request, reply) => {
        // A reloaded page keeps its cookie but not the token it held in memory: issue a new one.
        // Cross-site pages cannot read this response, and SameSite=Strict keeps the cookie home.
        const a = requireAuth(request);
        void reply.header('cache-control', 'no-store');
        return { csrfToken: await deps.sessions.reissueCsrf(a.tenantId, a.sessionId ?? '') };
      },
    );
    r.post(
      '/auth/reauthenticate',
      { config: { access: session }, schema: { tags: ['auth'], body: z.object({ password }).strict() } },
      async (request, reply) => {
        await deps.auth.reauthenticate(requireAuth(request), auditContextOf(request), request.body.password);
        return reply.code(204).send();
      },
    );
    r.post(
      '/auth/password',
      {
        config: { access: session },
        schema: {
          tags: ['auth'],
          body: z.object({ currentPassword: password, newPassword: password }).strict(),
        },
      },
      async (request, reply) => {
        const a = requireAuth(request);
        requireStepUp(a, deps.clock);
        await deps.auth.changePassword(
          a,
          auditContextOf(request),
          request.body.currentPassword,
          request.body.newPassword,
        );
        return reply.code(204).send();
      },
    );
    r.post(
      '/auth/mfa/totp/start',
      { config: { access: session }, schema: { tags: ['auth'] } },
      async (request) => {
        const a = requireAuth(request);
        requireStepUp(a, deps.clock);
        return deps.mfa.startTotp(a);
      },
    );
    r.post(
      '/auth/mfa/totp/confirm',
      {
        config: { access: session },
        schema: { tags: ['auth'], body: z.object({ code: z.string().regex(/^\d{6}$/) }).strict() },
      },
      async (request, reply) => {
        const a = requireAuth(request);
        requireStepUp(a, deps.clock);
        const { recoveryCodes, session: issued } = await deps.mfa.confirmTotp(
          a,
          auditContextOf(request),
          request.body.code,
        );
        return { ...present(reply, issued, absoluteMs, false), recoveryCodes };
      },
    );
    r.delete(
      '/auth/mfa/totp',
      { config: { access: { session: true } }, schema: { tags: ['auth'] } },
      async (request, reply) => {
        const a = requireAuth(request);
        requireStepUp(a, deps.clock);
        await deps.mfa.removeTotp(a, auditContextOf(request));
        return reply.code(204).send();
      },
    );
    r.post(
      '/auth/mfa/verify',
      {
        config: { access: session },
        schema: {
          tags: ['auth'],
          body: z
            .object({
              code: z
                .string()
                .regex(/^\d{6}$/)
                .optional(),
              recoveryCode: z.string().min(10).max(40).optional(),
            })
            .strict(),
        },
      },
      async (request, reply) => {
        const { code, recoveryCode } = request.body;
        const issued = await deps.mfa.verifySecondFactor(requireAuth(request), auditContextOf(request), {
          ...(code === undefined ? {} : { code }),
          ...(recoveryCode === undefined ? {} : { recoveryCode }),
        });
        return present(reply, issued, absoluteMs, false);
      },
    );
    r.get(
      '/auth/sessions',
      { config: { access: { session: true } }, schema: { tags: ['auth'] } },
      async (request) => {
        const a = requireAuth(request);
        const rows = await deps.sessions.listFor(a.tenantId, a.userId);
        return {
          sessions: rows.map((s) => ({
            id: s.id,
            createdAt: s.created_at,
            lastSeenAt: s.last_seen_at,
            expiresAt: s.absolute_expires_at,
            current: s.id === a.sessionId,
          })),
        };
      },
    );
    r.delete(
      '/auth/sessions/:sessionId',
      {
        config: { access: { session: true } },
        schema: { tags: ['auth'], params: z.object({ sessionId: z.uuid() }) },
      },
      async (request, reply) => {
        await deps.users.revokeOwnSession(
          requireAuth(request),
          auditContextOf(request),
          request.params.sessionId,
        );
        return reply.code(204).send();
      },
    );
  };
}
