/**
 * A month of sales written straight into the database for the GSTR-1 benchmark: documents of
 * five lines each, mostly walk-in counter sales, with B2B invoices (GSTIN encrypted and blind
 * indexed like the service writes it), inter-state B2C sales and a few cancellations. Written in big batches through Kysely (setup, not measured).
 */
import { randomUUID } from 'node:crypto';
import type { Insertable, Kysely } from 'kysely';
import type { Database } from '../../src/db/schema.js';
import type { SalesDocumentLinesTable, SalesDocumentsTable } from '../../src/db/tables/billing.tables.js';
import { sealBuyer, type DocumentCipher } from '../../src/modules/billing/document-crypto.js';

const BUYERS = ['27AAQCA8719H1Z6', '29AAACB1234C1ZB', '24AAACD0001D1ZU', '33AABCS9999K1ZJ'];
const SUPPLIER = JSON.stringify({
  gstin: '24AAQCA8719H1ZC',
  legalName: 'Bench Garments',
  address: { line1: 'Shop 1', city: 'Ahmedabad', pincode: '380009', stateCode: '24' },
  registration: 'regular',
});

export interface MonthShape {
  tenantId: string;
  storeId: string;
  documents: number;
}

function line(
  tenantId: string,
  documentId: string,
  lineNo: number,
  interState: boolean,
): Insertable<SalesDocumentLinesTable> {
  const half = 2_500;
  return {
    tenant_id: tenantId,
    document_id: documentId,
    line_no: lineNo,
    item_id: null,
    variant_id: null,
    rate_category: 'apparel',
    orig_line_no: null,
    description: `Bench item ${lineNo}`,
    hsn_sac: ['6205', '6211', '6203', '6109', '6404'][lineNo - 1] ?? '6205',
    is_service: 0,
    qty_milli: 1000,
    unit: 'PCS',
    unit_price: 105_000,
    price_includes_tax: 1,
    unit_price_excl: 100_000,
    gross: 100_000,
    discount: 0,
    taxable: 100_000,
    supply: 'taxable',
    rate: 500,
    cess_rate: 0,
    cgst: interState ? 0 : half,
    sgst: interState ? 0 : half,
    utgst: 0,
    igst: interState ? 2 * half : 0,
    cess: 0,
    total: 105_000,
    restocked: 0,
  };
}

/** Writes the month; returns the number of document lines written. */
export async function writeMonth(
  db: Kysely<Database>,
  cipher: DocumentCipher,
  shape: MonthShape,
): Promise<number> {
  const sealedBuyers = await Promise.all(
    BUYERS.map((gstin) =>
      sealBuyer(cipher, shape.tenantId, randomUUID(), {
        gstin,
        name: null,
        address: null,
        stateCode: gstin.slice(0, 2),
      }),
    ),
  );
  let lines = 0;
  const batch = 1000;
  for (let start = 0; start < shape.documents; start += batch) {
    const docs: Insertable<SalesDocumentsTable>[] = [];
    const docLines: Insertable<SalesDocumentLinesTable>[] = [];
    const cancels: {
      tenant_id: string;
      document_id: string;
      reason: string;
      note_enc: null;
      cancelled_by: null;
      cancelled_at: string;
    }[] = [];
    for (let i = start; i < Math.min(start + batch, shape.documents); i += 1) {
      const id = randomUUID();
      const kind = i % 100;
      // 2% B2B, 1% inter-state B2C, the rest walk-in counter sales.
      const b2b = kind < 2 ? sealedBuyers[i % BUYERS.length] : undefined;
      const interState = kind === 2 || (b2b !== undefined && b2b.buyer_state_code !== '24');
      const day = String(1 + (i % 31)).padStart(2, '0');
      docs.push({
        tenant_id: shape.tenantId,
        id,
        doc_type: 'invoice',
        kind: 'tax-invoice',
        store_id: shape.storeId,
        counter_id: null,
        series_key: `${shape.storeId}/invoice/2026`,
        fy: 2026,
        seq: i + 1,
        number: `INV/26-27/${String(i + 1).padStart(6, '0')}`,
        doc_date: `2026-05-${day}`,
        issued_at: `2026-05-${day}T06:30:00.000Z`,
        customer_id: null,
        buyer_registered: b2b === undefined ? 0 : 1,
        buyer_gstin_idx: b2b?.buyer_gstin_idx ?? null,
        buyer_gstin_enc: null,
        buyer_name_enc: null,
        buyer_address_enc: null,
        buyer_state_code: b2b?.buyer_state_code ?? (kind === 2 ? '27' : null),
        place_of_supply: b2b?.buyer_state_code ?? (kind === 2 ? '27' : '24'),
        regime: interState ? 'igst' : 'cgst-sgst',
        reverse_charge: 0,
        supplier_gstin: '24AAQCA8719H1ZC',
        supplier_state_code: '24',
        registration: 'regular',
        supplier_json: SUPPLIER,
        gross: 500_000,
        discount: 0,
        taxable: 500_000,
        cgst: interState ? 0 : 12_500,
        sgst: interState ? 0 : 12_500,
        utgst: 0,
        igst: interState ? 25_000 : 0,
        cess: 0,
        tax: 25_000,
        exact_total: 525_000,
        round_off: 0,
        total: 525_000,
        original_id: null,
        original_number: null,
        original_date: null,
        original_total: null,
        original_pos: null,
        reason: null,
        exchange_id: null,
        created_by: null,
      });
      for (let n = 1; n <= 5; n += 1) docLines.push(line(shape.tenantId, id, n, interState));
      if (kind === 99 && i % 7 === 0)
        cancels.push({
          tenant_id: shape.tenantId,
          document_id: id,
          reason: 'duplicate',
          note_enc: null,
          cancelled_by: null,
          cancelled_at: '2026-05-31T06:30:00.000Z',
        });
    }
    // The B2B GSTIN ciphertext is bound to its row: encrypt it for each document.
    for (const doc of docs)
      if (doc.buyer_registered === 1) {
        const gstin = BUYERS[sealedBuyers.findIndex((s) => s.buyer_gstin_idx === doc.buyer_gstin_idx)] ?? '';
        const sealed = await sealBuyer(cipher, shape.tenantId, doc.id, {
          gstin,
          name: null,
          address: null,
          stateCode: gstin.slice(0, 2),
        });
        doc.buyer_gstin_enc = sealed.buyer_gstin_enc;
      }
    await db.transaction().execute(async (trx) => {
      for (let i = 0; i < docs.length; i += 100)
        await trx
          .insertInto('sales_documents')
          .values(docs.slice(i, i + 100))
          .execute();
      for (let i = 0; i < docLines.length; i += 200)
        await trx
          .insertInto('sales_document_lines')
          .values(docLines.slice(i, i + 200))
          .execute();
      if (cancels.length > 0) await trx.insertInto('sales_cancellations').values(cancels).execute();
    });
    lines += docLines.length;
  }
  return lines;
}
