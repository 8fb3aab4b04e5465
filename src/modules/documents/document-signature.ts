/**
 * Optional Ed25519 signatures on issued documents with the installation key. The bill carries
 * the signature inside a QR code: the address of the installation's public verification page
 * with the document's reference and signature (no base64 text on the bill). The signed payload
 * is a canonical text of the document's tax facts (GSTINs, number, date, values, lines) and
 * holds no personal data.
 */
import { verifyTagged, type Signer } from '../../crypto/signing.js';
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

/**
 * Bills printed before signatures were type-tagged carry a signature over the payload itself; the
 * payload is a document's own format (it opens with its `tijori-document-v1` label), so it still
 * verifies as a document and as nothing else.
 */
const legacy = (payload: Buffer): Buffer | undefined =>
  payload.subarray(0, 22).toString('utf8') === '["tijori-document-v1",' ? payload : undefined;

/** Signs a document with the installation signer (a type-tagged `document` message). */
export function signDocument(doc: IssuedDocument, signer: Signer): DocumentSignature {
  return { keyId: signer.keyId, signature: signer.sign('document', signedPayload(doc)).toString('base64') };
}

/** Checks a printed signature against the document and a public key. */
export function verifyDocumentSignature(
  doc: IssuedDocument,
  publicKeyPem: string,
  signature: DocumentSignature,
): boolean {
  return verifyTagged(
    'document',
    publicKeyPem,
    signedPayload(doc),
    Buffer.from(signature.signature, 'base64'),
    legacy,
  );
}

/**
 * The verification page's address for a signed document: `<origin>/verify?t=<tenant>&d=<document>
 * &s=<signature>` (base64url). It names no person; the page answers valid, cancelled or does not
 * match.
 */
export function verificationUrl(
  publicUrl: string,
  ref: { tenantId: string; documentId: string },
  signature: DocumentSignature,
): string {
  const url = new URL('/verify', new URL(publicUrl).origin);
  url.searchParams.set('t', ref.tenantId);
  url.searchParams.set('d', ref.documentId);
  url.searchParams.set('s', Buffer.from(signature.signature, 'base64').toString('base64url'));
  return url.toString();
}

/** What a verification finds: the signature is the document's (and it stands or was cancelled), or not. */
export type VerificationResult = 'valid' | 'cancelled' | 'mismatch';

/**
 * Checks a signature from a bill against the stored document. A bill printed before its
 * cancellation was signed as issued, one reprinted after it as cancelled: either signature is
 * the document's, and the answer is its current state. Anything else does not match.
 */
export function verifyBillSignature(
  doc: IssuedDocument,
  publicKeyPem: string,
  signatureBase64Url: string,
): VerificationResult {
  const signature = Buffer.from(signatureBase64Url, 'base64url');
  const signedAs = (status: IssuedDocument['status']) =>
    verifyTagged('document', publicKeyPem, signedPayload({ ...doc, status }), signature, legacy);
  if (!signedAs('issued') && !signedAs('cancelled')) return 'mismatch';
  return doc.status === 'cancelled' ? 'cancelled' : 'valid';
}
