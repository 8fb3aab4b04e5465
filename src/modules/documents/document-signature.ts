/**
 * Optional Ed25519 signatures on issued documents with the installation key, printed as a
 * footer value that anyone with the published public key can verify offline. The signed
 * payload is a canonical text of the document's tax facts (GSTINs, number, date, values, lines)
 * and holds no personal data.
 */
import { verifyBytes, type Signer } from '../../crypto/signing.js';
import type { IssuedDocument } from '../../domain/gst/issued-document.types.js';

/** A document's signature as printed: `keyId:base64`. */
export interface DocumentSignature {
  readonly keyId: string;
  readonly signature: string;
}

/** The canonical signed text (one JSON array; stable field order). */
export function signedPayload(doc: IssuedDocument): Buffer {
  const t = doc.totals;
  return Buffer.from(
    JSON.stringify([
      'tijori-document-v1',
      doc.supplier.gstin,
      doc.type,
      doc.kind,
      doc.number,
      doc.date,
      doc.status,
      doc.buyer?.gstin ?? null,
      doc.placeOfSupply,
      [
        t.taxablePaise,
        t.taxes.cgst,
        t.taxes.sgst,
        t.taxes.utgst,
        t.taxes.igst,
        t.taxes.cess,
        t.roundOffPaise,
        t.totalPaise,
      ],
      doc.lines.map((l) => [l.hsnSac, l.quantity, l.unit, l.taxablePaise, l.rate, l.totalPaise]),
      doc.original?.number ?? null,
    ]),
    'utf8',
  );
}

/** Signs a document with the installation signer. */
export function signDocument(doc: IssuedDocument, signer: Signer): DocumentSignature {
  return { keyId: signer.keyId, signature: signer.sign(signedPayload(doc)).toString('base64') };
}

/** Checks a printed signature against the document and a public key. */
export function verifyDocumentSignature(
  doc: IssuedDocument,
  publicKeyPem: string,
  signature: DocumentSignature,
): boolean {
  return verifyBytes(publicKeyPem, signedPayload(doc), Buffer.from(signature.signature, 'base64'));
}
