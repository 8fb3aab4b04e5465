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
  verificationUrl,
  verifyBillSignature,
  type PrintSettings,
  type VerificationResult,
} from '../documents/index.js';
import type { PrintLanguage } from '../documents/print-words.js';
import { buildEInvoice } from '../returns/e-invoice.builder.js';
import { validateEInvoice } from '../returns/e-invoice.validator.js';
import type { ServiceActor } from '../../kernel/actor.js';
import { loadSettings } from './billing-settings.repository.js';
import type { DocType, DocumentReader } from './document-reader.js';
import type { DocumentCipher } from './document-crypto.js';
import { loadIssuedDocument } from './document-loader.js';
import { loadLineSavings, printedSavings } from '../offers/stored-savings.js';

/** What the public verification page is told. */
export interface PublicVerification {
  readonly result: VerificationResult;
  readonly document?: {
    readonly type: IssuedDocument['type'];
    readonly kind: IssuedDocument['kind'];
    readonly number: string;
    readonly date: string;
    readonly supplierName: string;
    readonly supplierGstin: string;
    readonly totalPaise: number;
  };
}

export type PrintFormat = 'a4' | 'thermal' | 'text';

/**
 * What another capability adds to a printed document (agri: batches on lines, licences), in the
 * language the store prints in.
 */
export type PrintAnnotator = (
  tenantId: string,
  doc: IssuedDocument,
  language: PrintLanguage,
) => Promise<Pick<PrintSettings, 'lineNotes' | 'supplierNotes' | 'documentNotes'>>;

export class DocumentService {
  #signer: Promise<Signer> | undefined;
  readonly #annotators: PrintAnnotator[] = [];

  /** Registers what another capability prints on documents. */
  onPrint(annotator: PrintAnnotator): void {
    this.#annotators.push(annotator);
  }

  constructor(
    private readonly deps: {
      db: Kysely<Database>;
      reader: DocumentReader;
      cipher: DocumentCipher;
      /** The installation signer, loaded on first use. */
      signer: () => Promise<Signer>;
      /** The installation's public address: with it, bills carry a QR code to the verification page. */
      publicUrl?: string;
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
    const signature = signDocument(doc, await this.#signer);
    const publicUrl = this.deps.publicUrl;
    const logo = await this.deps.db
      .selectFrom('sales_documents as d')
      .innerJoin('store_profiles as p', (join) =>
        join.onRef('p.tenant_id', '=', 'd.tenant_id').onRef('p.store_id', '=', 'd.store_id'),
      )
      .select(['p.logo', 'p.receipt_language'])
      .where('d.tenant_id', '=', actor.tenantId)
      .where('d.id', '=', doc.id)
      .executeTakeFirst();
    const language: PrintLanguage = logo?.receipt_language === 'hi' ? 'hi' : 'en';
    const lineNotes = new Map<number, string>();
    const supplierNotes: string[] = [];
    const documentNotes: string[] = [];
    for (const annotate of this.#annotators) {
      const added = await annotate(actor.tenantId, doc, language);
      for (const [line, note] of added.lineNotes ?? []) {
        const before = lineNotes.get(line);
        lineNotes.set(line, before === undefined ? note : `${before}; ${note}`);
      }
      supplierNotes.push(...(added.supplierNotes ?? []));
      documentNotes.push(...(added.documentNotes ?? []));
    }
    return {
      lineNotes,
      supplierNotes,
      documentNotes,
      savings:
        doc.type === 'invoice'
          ? printedSavings(await loadLineSavings(this.deps.db, actor.tenantId, doc.id))
          : null,
      logo: logo?.logo ? Buffer.from(logo.logo.slice(logo.logo.indexOf(',') + 1), 'base64') : null,
      language,
      hsnDigits: settings.turnoverAbove5Cr ? 6 : 4,
      upiVpa: settings.upiVpa,
      signature,
      verifyUrl:
        publicUrl === undefined
          ? null
          : verificationUrl(publicUrl, { tenantId: actor.tenantId, documentId: doc.id }, signature),
    };
  }

  /**
   * The public verification page's check (no account): is this the signature of that document,
   * and does the document stand? A match answers the facts printed on the bill that name no
   * person (supplier, number, date, total); anything else (unknown document, altered signature)
   * answers only `mismatch`, the same for both.
   */
  async verify(ref: {
    tenantId: string;
    documentId: string;
    signature: string;
  }): Promise<PublicVerification> {
    const row = await this.deps.db
      .selectFrom('sales_documents')
      .selectAll()
      .where('tenant_id', '=', ref.tenantId)
      .where('id', '=', ref.documentId)
      .executeTakeFirst();
    if (row === undefined) return { result: 'mismatch' };
    const doc = await loadIssuedDocument(this.deps.db, this.deps.cipher, row, { buyer: 'gstin' });
    this.#signer ??= this.deps.signer();
    const result = verifyBillSignature(doc, (await this.#signer).publicKeyPem, ref.signature);
    if (result === 'mismatch') return { result };
    return {
      result,
      document: {
        type: doc.type,
        kind: doc.kind,
        number: doc.number,
        date: doc.date,
        supplierName: doc.supplier.legalName,
        supplierGstin: doc.supplier.gstin,
        totalPaise: doc.totals.totalPaise,
      },
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
