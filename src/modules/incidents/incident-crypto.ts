/**
 * Free text in incident response is encrypted: descriptions, notes, notices, reviews, answers
 * (the tenant's `documents` key; people write names into them) and the plan (its contacts are
 * staff personal data: `staff_pii`). Text the public writes (security reports, customers'
 * questions) is sealed to the tenant's sealed-box key: the public page can write it, only the
 * shop's side can open it. Titles stay readable and are refused when they look like personal data.
 */
import type { Kysely } from 'kysely';
import { open, seal } from '../../crypto/sealed-box.js';
import type { Database } from '../../db/schema.js';
import { invalid } from '../../domain/app-error.js';
import type { Clock } from '../../domain/clock.js';
import { scrubText } from '../../logging/redact.js';
import { declareEncryptedColumn } from '../keys/encrypted-columns.js';
import type { FieldCipher, KeyPurpose } from '../keys/field-crypto.types.js';
import { tenantSealPrivateKey, tenantSealPublicKey } from '../keys/installation-keys.js';

const documentsColumns: ReadonlyArray<readonly [table: string, column: string, rowIdColumn: string]> = [
  ['incidents', 'description_enc', 'id'],
  ['incident_events', 'note_enc', 'id'],
  ['incident_notices', 'body_enc', 'id'],
  ['incident_notice_batches', 'content_enc', 'id'],
  ['incident_recipients', 'reference_enc', 'reference_hash'],
  ['incident_inquiries', 'answer_enc', 'id'],
  ['incident_reviews', 'root_cause_enc', 'incident_id'],
  ['incident_reviews', 'what_worked_enc', 'incident_id'],
  ['incident_reviews', 'to_improve_enc', 'incident_id'],
  ['incident_review_actions', 'description_enc', 'id'],
];
for (const [table, column, rowIdColumn] of documentsColumns)
  declareEncryptedColumn({ table, column, purpose: 'documents', rowIdColumn });
declareEncryptedColumn({
  table: 'incident_plans',
  column: 'content_enc',
  purpose: 'staff_pii',
  rowIdColumn: 'tenant_id',
});

/** Where an encrypted text lives. */
export interface TextPlace {
  tenantId: string;
  table: string;
  column: string;
  rowId: string;
}

/** Encrypts and decrypts the free-text columns declared above. */
export class IncidentText {
  constructor(private readonly cipher: FieldCipher) {}

  seal(place: TextPlace, text: string, within?: Kysely<Database>): Promise<string> {
    const purpose: KeyPurpose = place.table === 'incident_plans' ? 'staff_pii' : 'documents';
    return this.cipher.encrypt(purpose, place, text, within);
  }

  async sealOptional(place: TextPlace, text: string | null | undefined): Promise<string | null> {
    return text === undefined || text === null || text === '' ? null : this.seal(place, text);
  }

  async open(place: TextPlace, envelope: string | null): Promise<string | null> {
    return envelope === null ? null : this.cipher.decrypt(place, envelope);
  }
}

/** Seals what the public writes to the tenant's sealed-box key (bound to its row). */
export class PublicSeal {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly cipher: FieldCipher,
    private readonly clock: Clock,
  ) {}

  async seal(tenantId: string, aad: string, value: unknown): Promise<string> {
    const publicKey = await tenantSealPublicKey(this.db, this.cipher, this.clock, tenantId);
    return seal(publicKey, JSON.stringify(value), aad);
  }

  async open<T>(tenantId: string, aad: string, sealed: string): Promise<T> {
    const privateKey = await tenantSealPrivateKey(this.db, this.cipher, tenantId);
    return JSON.parse(open(privateKey, sealed, aad).toString('utf8')) as T;
  }
}

/** Refuses a title that looks like it holds personal data (titles are stored readable). */
export function checkTitle(title: string, field = 'title'): string {
  const trimmed = title.trim();
  if (scrubText(trimmed) !== trimmed)
    throw invalid(
      field,
      'keep personal data (phone numbers, emails, ids) out of the title; use the description',
    );
  return trimmed;
}
