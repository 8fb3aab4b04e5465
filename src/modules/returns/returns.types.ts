/**
 * Inputs of the returns builders (GSTR-1 JSON, e-invoice JSON, sales register CSV). Every
 * builder reads issued documents (`IssuedDocument`, from the GST engine) as an async iterable,
 * so the persistence side streams rows from the database and memory stays bounded.
 */
import type { IssuedDocument } from '../../domain/gst/issued-document.types.js';

/** Which documents one pass of the GSTR-1 builder asks for. */
export interface Gstr1Pass {
  /** Invoices (all kinds) or credit/debit notes. */
  readonly documents: 'invoices' | 'notes';
  /** Buyers with a GSTIN, or without one. */
  readonly buyers: 'registered' | 'unregistered';
}

/**
 * Where the GSTR-1 builder reads documents from. It asks for four passes; each must yield every
 * document of the period matching the pass, cancelled ones included (they count in doc_issue),
 * in this order:
 * - registered buyers: by buyer GSTIN, then date, then number (b2b / cdnr group by GSTIN);
 * - unregistered buyers: by place of supply, then date, then number (b2cl / cdnur group by it).
 * The builder checks the order and fails with `precondition_failed` if it is broken, rather
 * than emit a GSTIN or place of supply twice.
 */
export interface Gstr1Source {
  documents(pass: Gstr1Pass): AsyncIterable<IssuedDocument>;
}

/** The return's header. */
export interface Gstr1Header {
  /** The supplier's GSTIN (one GSTIN per return: a tenant with stores in two states files two). */
  readonly gstin: string;
  /** `MMYYYY`. */
  readonly period: string;
}
