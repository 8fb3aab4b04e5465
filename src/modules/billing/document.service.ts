/**
 * Printable documents and e-invoice JSON of issued invoices and credit notes: A4 PDF, 80 mm
 * thermal PDF and plain text, each signed with the installation key (Ed25519) so a printout can
 * be checked offline. The renderers print the buyer only where the law requires it.
 */
import type { Kysely } from 'kysely';
import type { Signer } from '../../crypto/signing.js';
import type { Database } from '../../db/schema.js';
import { AppError } from '../../domain/app-error.js';
import type { IssuedDocument } from '../../domain/gst/index.js';
import {
  renderA4Pdf,
  renderThermalPdf,
  renderThermalText,
  signDocument,
  type PrintSettings,
} from '../documents/index.js';
import { buildEInvoice } from '../returns/e-invoice.builder.js';
import { validateEInvoice } from '../returns/e-invoice.validator.js';
import type { ServiceActor } from '../../kernel/actor.js';
import { loadSettings } from './billing-settings.repository.js';
import type { DocType, DocumentReader } from './document-reader.js';

export type PrintFormat = 'a4' | 'thermal' | 'text';

export class DocumentService {
  #signer: Promise<Signer> | undefined;

  constructor(
    private readonly deps: {
      db: Kysely<Database>;
      reader: DocumentReader;
      /** The installation signer, loaded on first use. */
      signer: () => Promise<Signer>;
    },
  ) {}

  async render(
    actor: ServiceActor,
    documentId: string,
    docType: DocType,
    format: PrintFormat,
  ): Promise<Buffer | string> {
    const doc = await this.deps.reader.issued(actor, documentId, docType);
    const settings = await this.printSettings(actor, doc);
    if (format === 'a4') return renderA4Pdf(doc, settings);
    if (format === 'thermal') return renderThermalPdf(doc, settings);
    return renderThermalText(doc, settings);
  }

  async printSettings(actor: ServiceActor, doc: IssuedDocument): Promise<PrintSettings> {
    const settings = await loadSettings(this.deps.db, actor.tenantId);
    this.#signer ??= this.deps.signer();
    return {
      hsnDigits: settings.turnoverAbove5Cr ? 6 : 4,
      upiVpa: settings.upiVpa,
      signature: signDocument(doc, await this.#signer),
    };
  }

  /** The e-invoice (schema 1.1) of a B2B document, checked for structure and arithmetic. */
  async eInvoice(actor: ServiceActor, documentId: string, docType: DocType): Promise<unknown> {
    const doc = await this.deps.reader.issued(actor, documentId, docType);
    const json = buildEInvoice(doc);
    const problems = validateEInvoice(json);
    if (problems.length > 0)
      throw new AppError('precondition_failed', 'the e-invoice does not pass its checks', problems[0]?.path, {
        problems,
      });
    return json;
  }
}
