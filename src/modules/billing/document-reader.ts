/**
 * Reads issued documents for the API, documents and returns: by id within the caller's tenant and
 * stores (anything else answers 404), as the engine's `IssuedDocument` or as the API view.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';
import { notFound } from '../../domain/app-error.js';
import type { IssuedDocument } from '../../domain/gst/index.js';
import { requireStoreVisible, type ServiceActor } from '../../kernel/actor.js';
import type { DocumentView } from './checkout.schemas.js';
import { loadLineSavings, withStoredSavings } from '../offers/stored-savings.js';
import type { DocumentCipher } from './document-crypto.js';
import { loadIssuedDocument } from './document-loader.js';
import { type DocumentRow } from './document.repository.js';
import { findDocument } from './document-read.repository.js';
import { toDocumentView } from './document-view.js';

export type DocType = 'invoice' | 'credit-note' | 'debit-note';

/** The API collections of issued documents: path, document type and OpenAPI tag. */
export const DOCUMENT_COLLECTIONS = [
  { path: '/invoices', docType: 'invoice', tags: ['invoices'] },
  { path: '/credit-notes', docType: 'credit-note', tags: ['credit-notes'] },
  { path: '/debit-notes', docType: 'debit-note', tags: ['debit-notes'] },
] as const;

export class DocumentReader {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly cipher: DocumentCipher,
  ) {}

  /** The stored row, if the caller may see it (another tenant's or store's id: not found). */
  async row(actor: ServiceActor, documentId: string, docType?: DocType): Promise<DocumentRow> {
    const row = await findDocument(this.db, actor.tenantId, documentId, docType);
    const what =
      docType === 'credit-note' ? 'credit note' : docType === 'debit-note' ? 'debit note' : 'invoice';
    if (row === undefined) throw notFound(what);
    requireStoreVisible(actor, row.store_id, what);
    return row;
  }

  async issued(actor: ServiceActor, documentId: string, docType?: DocType): Promise<IssuedDocument> {
    return loadIssuedDocument(this.db, this.cipher, await this.row(actor, documentId, docType), {
      payments: true,
    });
  }

  async view(
    actor: ServiceActor,
    documentId: string,
    docType?: DocType,
    replayed = false,
  ): Promise<DocumentView> {
    const row = await this.row(actor, documentId, docType);
    return this.viewOfRow(row, replayed);
  }

  async viewOfRow(row: DocumentRow, replayed = false): Promise<DocumentView> {
    const [doc, savings] = await Promise.all([
      loadIssuedDocument(this.db, this.cipher, row, { payments: true }),
      row.doc_type === 'invoice' ? loadLineSavings(this.db, row.tenant_id, row.id) : Promise.resolve(null),
    ]);
    const view = toDocumentView(doc, {
      storeId: row.store_id,
      customerId: row.customer_id,
      originalId: row.original_id,
      exchangeId: row.exchange_id,
      replayed,
    });
    return savings === null ? view : withStoredSavings(view, savings);
  }
}
