/**
 * The Aadhaar vault under /api/v1 (issue 17, item 6): the shop's setting (`agri/aadhaar-vault`,
 * the owner turns it on), and per customer `customers/{id}/aadhaar`: masked view, save, remove,
 * and `/reveal` behind the reveal gate; and the khata's guarantor (`customers/{id}/khata/guarantor`,
 * its `/reveal` behind the same gate with the permission to reveal customers' personal data). The
 * number travels only in bodies, never in a URL; a card number in any body is refused as
 * everywhere else.
 */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actorFromRequest } from '../../http/request-auth.js';
import { id } from '../../kernel/schema-atoms.js';
import { refuseSensitiveNumbers } from '../billing/sensitive-input.hook.js';
import { AADHAAR_REVEAL, type AadhaarVaultService } from './aadhaar-vault.service.js';
import type { KhataGuarantorService } from './khata-guarantor.service.js';
import { recallRevealBody } from './agri.schemas.js';

const byCustomer = z.object({ customerId: id }).strict();
const settingsBody = z.object({ enabled: z.boolean() }).strict();
const saveBody = z.object({ number: z.string().trim().min(1).max(20) }).strict();
const guarantorBody = z.object({ name: z.string().max(200).nullable() }).strict();

export function aadhaarVaultRoutes(vault: AadhaarVaultService, guarantors: KhataGuarantorService) {
  return (api: FastifyInstance): void => {
    const r = api.withTypeProvider<ZodTypeProvider>();
    const tags = ['agri'];
    const read = { access: { permission: 'customer.read' } } as const;
    const write = { access: { permission: 'customer.write' } } as const;
    const noCards = refuseSensitiveNumbers(['card_number']);
    const actor = actorFromRequest;

    r.get('/agri/aadhaar-vault', { config: read, schema: { tags } }, async (request) => ({
      vaultEnabled: await vault.enabled(actor(request).tenantId),
    }));
    r.put(
      '/agri/aadhaar-vault',
      { config: { access: { permission: 'settings.manage' } }, schema: { tags, body: settingsBody } },
      async (request) => vault.setEnabled(actor(request), request.body.enabled),
    );
    r.get(
      '/customers/:customerId/aadhaar',
      { config: read, schema: { tags, params: byCustomer } },
      async (request, reply) => {
        void reply.header('cache-control', 'no-store');
        return vault.view(actor(request), request.params.customerId);
      },
    );
    r.put(
      '/customers/:customerId/aadhaar',
      { config: write, preValidation: noCards, schema: { tags, params: byCustomer, body: saveBody } },
      async (request) => vault.save(actor(request), request.params.customerId, request.body.number),
    );
    r.delete(
      '/customers/:customerId/aadhaar',
      { config: write, schema: { tags, params: byCustomer } },
      async (request, reply) => {
        await vault.remove(actor(request), request.params.customerId);
        return reply.code(204).send();
      },
    );
    r.post(
      '/customers/:customerId/aadhaar/reveal',
      {
        config: { access: { permission: AADHAAR_REVEAL } },
        schema: { tags, params: byCustomer, body: recallRevealBody },
      },
      async (request, reply) => {
        void reply.header('cache-control', 'no-store');
        return vault.reveal(actor(request), request.params.customerId, request.body.reason);
      },
    );

    r.get(
      '/customers/:customerId/khata/guarantor',
      { config: read, schema: { tags, params: byCustomer } },
      async (request) => guarantors.view(actor(request), request.params.customerId),
    );
    r.put(
      '/customers/:customerId/khata/guarantor',
      {
        config: write,
        preValidation: refuseSensitiveNumbers(['card_number', 'aadhaar']),
        schema: { tags, params: byCustomer, body: guarantorBody },
      },
      async (request) => guarantors.set(actor(request), request.params.customerId, request.body.name),
    );
    r.post(
      '/customers/:customerId/khata/guarantor/reveal',
      {
        config: { access: { permission: 'customer.pii.reveal' } },
        schema: { tags, params: byCustomer, body: recallRevealBody },
      },
      async (request, reply) => {
        void reply.header('cache-control', 'no-store');
        return guarantors.reveal(actor(request), request.params.customerId, request.body.reason);
      },
    );
  };
}
