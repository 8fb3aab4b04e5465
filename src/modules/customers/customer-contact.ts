/**
 * A customer's own email or phone on record, decrypted only to send them a message (privacy and
 * breach notices through the outbox). Null when the customer has no such contact or was erased.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';
import type { CustomerContactResolver } from '../notify/delivery.js';
import { openPii, type CustomerCipher } from './customer-crypto.js';

export function customerContactResolver(
  db: Kysely<Database>,
  cipher: CustomerCipher,
): CustomerContactResolver {
  return async (tenantId, customerId, channel) => {
    const row = await db
      .selectFrom('customers')
      .selectAll()
      .where('tenant_id', '=', tenantId)
      .where('id', '=', customerId)
      .executeTakeFirst();
    if (row === undefined) return null;
    const pii = await openPii(cipher, row, [channel === 'email' ? 'email' : 'phone']);
    return channel === 'email' ? pii.email : pii.phone;
  };
}
