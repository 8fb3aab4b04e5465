/**
 * Keys over the API: the inventory, rotation with its progress and the minimum decryption version
 * (permission `keys.manage`; changes also need a re-authentication within 5 minutes), and the
 * public keys anyone signed in may fetch (sealed-box key for counters, signing key for checks).
 */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Kysely } from 'kysely';
import { z } from 'zod';
import { rawPublicKey } from '../../crypto/signing.js';
import type { Database } from '../../db/schema.js';
import type { Clock } from '../../domain/clock.js';
import { auditContextOf, requireAuth } from '../../http/request-auth.js';
import { requireStepUp } from '../auth/step-up.policy.js';
import type { KeyProvider } from '../../crypto/key-provider.js';
import type { FieldCipher } from './field-crypto.types.js';
import { loadInstallationSigner, tenantSealPublicKey } from './installation-keys.js';
import type { KeyRing } from './key-ring.service.js';
import type { KeyVersionService } from './key-versions.service.js';
import { keyInventory } from './keys.service.js';
import { RetiredPepperStore, ownerPepperStatus } from './retired-peppers.js';
import type { RotationService } from './rotation.service.js';

const purposes = [
  'customer_pii',
  'payment_ref',
  'documents',
  'staff_pii',
  'auth_secrets',
  'aadhaar_vault',
] as const;

const progress = z.object({
  id: z.string(),
  keyId: z.string(),
  fromVersion: z.number(),
  toVersion: z.number(),
  status: z.enum(['running', 'completed', 'failed']),
  rowsDone: z.number(),
  rowsTotal: z.number(),
});

export interface KeysRouteDeps {
  db: Kysely<Database>;
  keyRing: KeyRing;
  keyProvider: KeyProvider;
  cipher: FieldCipher;
  rotation: RotationService;
  versions: KeyVersionService;
  clock: Clock;
  /** The key folder, where retired peppers are kept (ADR 0054). */
  keyDir: string;
}

export function keysApiRoutes(deps: KeysRouteDeps) {
  return (api: FastifyInstance): void => {
    const r = api.withTypeProvider<ZodTypeProvider>();
    r.get(
      '/keys',
      { config: { access: { permission: 'keys.manage' } }, schema: { tags: ['keys'] } },
      async (request) => ({
        keys: await keyInventory(deps.keyRing, deps.clock, requireAuth(request).tenantId),
      }),
    );
    // After a KEK rotation: who must still sign in before the retired pepper's deadline, and who
    // must have their password reset (names for the owner's screen).
    r.get(
      '/keys/pepper-status',
      { config: { access: { permission: 'keys.manage' } }, schema: { tags: ['keys'] } },
      async (request) =>
        ownerPepperStatus(
          deps.db,
          deps.cipher,
          new RetiredPepperStore(deps.keyDir, deps.keyProvider),
          deps.clock.now(),
          requireAuth(request).tenantId,
        ),
    );
    r.post(
      '/keys/rotations',
      {
        config: { access: { permission: 'keys.manage' } },
        schema: {
          tags: ['keys'],
          body: z.object({ purpose: z.enum(purposes) }).strict(),
          response: { 202: progress },
        },
      },
      async (request, reply) => {
        const auth = requireAuth(request);
        requireStepUp(auth, deps.clock);
        const started = await deps.rotation.start(
          auth.tenantId,
          request.body.purpose,
          auditContextOf(request),
        );
        return reply.status(202).send(started);
      },
    );
    r.get(
      '/keys/rotations/:id',
      {
        config: { access: { permission: 'keys.manage' } },
        schema: { tags: ['keys'], params: z.object({ id: z.uuid() }), response: { 200: progress } },
      },
      async (request) => deps.rotation.progress(requireAuth(request).tenantId, request.params.id),
    );
    r.put(
      '/keys/:purpose/minimum-decryption-version',
      {
        config: { access: { permission: 'keys.manage' } },
        schema: {
          tags: ['keys'],
          params: z.object({ purpose: z.enum(purposes) }),
          body: z.object({ version: z.number().int().min(1), force: z.boolean().default(false) }).strict(),
        },
      },
      async (request) => {
        requireStepUp(requireAuth(request), deps.clock);
        return deps.versions.setMinimumDecryptionVersion(
          auditContextOf(request),
          request.params.purpose,
          request.body.version,
          { force: request.body.force },
        );
      },
    );
    r.get(
      '/keys/public',
      {
        config: { access: { session: true } },
        schema: {
          tags: ['keys'],
          response: {
            200: z.object({
              sealedBox: z.object({ algorithm: z.literal('X25519'), publicKey: z.string() }),
              signing: z.object({
                algorithm: z.literal('Ed25519'),
                keyId: z.string(),
                publicKeyPem: z.string(),
                publicKey: z.string(),
              }),
            }),
          },
        },
      },
      async (request) => {
        const signer = await loadInstallationSigner(deps.db, deps.keyProvider, deps.clock);
        return {
          sealedBox: {
            algorithm: 'X25519' as const,
            publicKey: await tenantSealPublicKey(
              deps.db,
              deps.cipher,
              deps.clock,
              requireAuth(request).tenantId,
            ),
          },
          signing: {
            algorithm: 'Ed25519' as const,
            keyId: signer.keyId,
            publicKeyPem: signer.publicKeyPem,
            publicKey: rawPublicKey(signer.publicKeyPem),
          },
        };
      },
    );
  };
}
