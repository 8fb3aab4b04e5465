/**
 * Encrypted fields of issued documents. The buyer details a document legally needs (GSTIN, name,
 * address) are kept under the tenant's `documents` key, not the customer's own key: GST law keeps
 * invoices for 72 months, so erasing a customer must not destroy them (SECURITY-BASELINE, Data
 * handling). Payment references are under `payment_ref`; a cancellation note under `documents`.
 */
import type { BuyerParty, PostalAddress } from '../../domain/gst/index.js';
import { declareEncryptedColumn } from '../keys/encrypted-columns.js';
import type { BlindIndexer, FieldCipher } from '../keys/field-crypto.types.js';

for (const column of ['buyer_gstin_enc', 'buyer_name_enc', 'buyer_address_enc'])
  declareEncryptedColumn({ table: 'sales_documents', column, purpose: 'documents', rowIdColumn: 'id' });
declareEncryptedColumn({
  table: 'sales_payments',
  column: 'reference_enc',
  purpose: 'payment_ref',
  rowIdColumn: 'id',
});
declareEncryptedColumn({
  table: 'sales_cancellations',
  column: 'note_enc',
  purpose: 'documents',
  rowIdColumn: 'document_id',
});

export type DocumentCipher = FieldCipher & BlindIndexer;

/** The buyer fields as stored on a document row. */
export interface SealedBuyer {
  buyer_registered: number;
  buyer_gstin_idx: string | null;
  buyer_gstin_enc: string | null;
  buyer_name_enc: string | null;
  buyer_address_enc: string | null;
  buyer_state_code: string | null;
}

/** What a document records of its buyer (only what the law requires it to show). */
export interface BuyerSnapshot {
  gstin: string | null;
  name: string | null;
  address: PostalAddress | null;
  stateCode: string | null;
}

const ref = (tenantId: string, table: string, column: string, rowId: string) => ({
  tenantId,
  table,
  column,
  rowId,
});

export async function sealBuyer(
  cipher: DocumentCipher,
  tenantId: string,
  documentId: string,
  buyer: BuyerSnapshot,
): Promise<SealedBuyer> {
  const seal = async (column: string, value: string | null) =>
    value === null
      ? null
      : cipher.encrypt('documents', ref(tenantId, 'sales_documents', column, documentId), value);
  return {
    buyer_registered: buyer.gstin === null ? 0 : 1,
    buyer_gstin_idx: buyer.gstin === null ? null : await cipher.index(tenantId, 'gstin', buyer.gstin),
    buyer_gstin_enc: await seal('buyer_gstin_enc', buyer.gstin),
    buyer_name_enc: await seal('buyer_name_enc', buyer.name),
    buyer_address_enc: await seal(
      'buyer_address_enc',
      buyer.address === null ? null : JSON.stringify(buyer.address),
    ),
    buyer_state_code: buyer.stateCode,
  };
}

/** Decrypts a document's buyer; `fields` limits the work (GSTR-1 needs only the GSTIN). */
export async function openBuyer(
  cipher: DocumentCipher,
  row: SealedBuyer & { tenant_id: string; id: string },
  fields: 'all' | 'gstin' = 'all',
): Promise<BuyerParty | null> {
  const open = async (column: 'buyer_gstin_enc' | 'buyer_name_enc' | 'buyer_address_enc') => {
    const envelope = row[column];
    return envelope === null
      ? null
      : cipher.decrypt(ref(row.tenant_id, 'sales_documents', column, row.id), envelope);
  };
  const gstin = await open('buyer_gstin_enc');
  const name = fields === 'all' ? await open('buyer_name_enc') : null;
  const address = fields === 'all' ? await open('buyer_address_enc') : null;
  if (gstin === null && name === null && address === null && row.buyer_state_code === null) return null;
  return {
    gstin,
    name,
    address: address === null ? null : (JSON.parse(address) as PostalAddress),
    stateCode: row.buyer_state_code,
  };
}

export async function sealPaymentReference(
  cipher: DocumentCipher,
  tenantId: string,
  paymentRowId: string,
  reference: string | null,
): Promise<string | null> {
  if (reference === null) return null;
  return cipher.encrypt(
    'payment_ref',
    ref(tenantId, 'sales_payments', 'reference_enc', paymentRowId),
    reference,
  );
}

export async function openPaymentReference(
  cipher: DocumentCipher,
  tenantId: string,
  paymentRowId: string,
  envelope: string | null,
): Promise<string | null> {
  if (envelope === null) return null;
  return cipher.decrypt(ref(tenantId, 'sales_payments', 'reference_enc', paymentRowId), envelope);
}

export async function sealCancelNote(
  cipher: DocumentCipher,
  tenantId: string,
  documentId: string,
  note: string | null,
): Promise<string | null> {
  if (note === null || note === '') return null;
  return cipher.encrypt('documents', ref(tenantId, 'sales_cancellations', 'note_enc', documentId), note);
}
