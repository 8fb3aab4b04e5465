/**
 * The self-audit report and its signature. The report is what a run stores and an auditor gets:
 * the business, when and why it ran, the score, every check's result, and the Tijori and Node.js
 * versions with their support status. Exports are signed with the installation's Ed25519 key over
 * the canonical JSON of the report (sorted keys), so anyone with the published public key
 * (`tijori keys public-key`) can check that the report is the one Tijori produced. The signed
 * message is type-tagged (`security-audit-report`, see crypto/signing.ts).
 */
import { createHash } from 'node:crypto';
import { signingKeyId, verifyTagged, type Signer } from '../../crypto/signing.js';
import { canonicalJson } from '../audit/audit-hash.js';
import type { SecurityAuditReport } from './security-audit.types.js';

export const REPORT_FORMAT: SecurityAuditReport['format'] = 'tijori-security-audit/1';
export const SIGNED_REPORT_FORMAT = 'tijori-signed-security-audit/1';

export type { SecurityAuditReport } from './security-audit.types.js';

export interface ReportSignature {
  algorithm: 'Ed25519';
  keyId: string;
  /** The installation's public key (SPKI PEM), as `tijori keys public-key` prints it. */
  publicKey: string;
  /** SHA-256 (hex) of the signed bytes: the canonical JSON of `report`. */
  digest: string;
  /** The signature, base64. */
  value: string;
}

export interface SignedReport {
  format: typeof SIGNED_REPORT_FORMAT;
  report: SecurityAuditReport;
  signature: ReportSignature;
}

/** The bytes a report's signature covers. */
export function signedBytes(report: SecurityAuditReport): Buffer {
  return Buffer.from(canonicalJson(report), 'utf8');
}

export function signReport(report: SecurityAuditReport, signer: Signer): SignedReport {
  const bytes = signedBytes(report);
  return {
    format: SIGNED_REPORT_FORMAT,
    report,
    signature: {
      algorithm: 'Ed25519',
      keyId: signer.keyId,
      publicKey: signer.publicKeyPem,
      digest: createHash('sha256').update(bytes).digest('hex'),
      value: signer.sign('security-audit-report', bytes).toString('base64'),
    },
  };
}

/**
 * Checks a signed report against a public key: the installation's, obtained apart from the report
 * (the key inside the file only says which key signed it; trusting it would prove nothing).
 */
export function verifySignedReport(signed: SignedReport, publicKeyPem: string): boolean {
  if (signed.signature.keyId !== signingKeyId(publicKeyPem)) return false;
  // Reports are signed as what they are (type-tagged); an untagged signature is never accepted.
  return verifyTagged(
    'security-audit-report',
    publicKeyPem,
    signedBytes(signed.report),
    Buffer.from(signed.signature.value, 'base64'),
  );
}
