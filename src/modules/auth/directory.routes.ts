/** The caller's profile, the staff directory and the store list under /api/v1 (read-only views). */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { requireAuth } from '../../http/request-auth.js';
import type { DirectoryService } from './directory.service.js';

const factors = z.object({ totp: z.boolean(), passkeys: z.number() });

const profile = z.object({
  userId: z.string(),
  tenantId: z.string(),
  tenantName: z.string(),
  displayName: z.string(),
  emailMasked: z.string(),
  roles: z.array(z.string()),
  permissions: z.array(z.string()),
  mfaSatisfied: z.boolean(),
  mfaRequired: z.boolean(),
  factors,
});

const directoryEntry = z.object({
  userId: z.string(),
  displayName: z.string(),
  emailMasked: z.string(),
  status: z.enum(['active', 'invited', 'disabled']),
  grants: z.array(z.object({ role: z.string(), storeId: z.string() })),
  factors,
  mfaRequired: z.boolean(),
  createdAt: z.string(),
  lastActiveAt: z.string().nullable(),
});

const store = z.object({ id: z.string(), name: z.string(), stateCode: z.string(), gstin: z.string() });

const nameView = z.object({ id: z.string(), name: z.string() });

export function directoryApiRoutes(deps: { directory: DirectoryService }) {
  return (api: FastifyInstance): void => {
    const r = api.withTypeProvider<ZodTypeProvider>();
    r.get(
      '/auth/me',
      {
        // Reachable while MFA is pending, so the app can send the user to enrolment or verification.
        config: { access: { session: true, allowDuringMfaEnrollment: true } },
        schema: { tags: ['auth'], response: { 200: profile } },
      },
      async (request) => deps.directory.profile(requireAuth(request)),
    );
    r.get(
      '/users',
      {
        config: { access: { permission: 'user.manage' } },
        schema: { tags: ['users'], response: { 200: z.object({ users: z.array(directoryEntry) }) } },
      },
      async (request) => ({ users: await deps.directory.listUsers(requireAuth(request)) }),
    );
    r.get(
      '/names',
      {
        // Any signed-in user reaches it; the service refuses roles that show no one's actions.
        config: { access: { session: true } },
        schema: {
          tags: ['users'],
          response: { 200: z.object({ people: z.array(nameView), stores: z.array(nameView) }) },
        },
      },
      async (request) => deps.directory.names(requireAuth(request)),
    );
    r.get(
      '/stores',
      {
        config: { access: { session: true } },
        schema: { tags: ['settings'], response: { 200: z.object({ stores: z.array(store) }) } },
      },
      async (request) => ({ stores: await deps.directory.listStores(requireAuth(request)) }),
    );
  };
}
