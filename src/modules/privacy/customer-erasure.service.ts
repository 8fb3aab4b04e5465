/**
 * Erasure of a customer (a data-subject request, or retention of an inactive customer). In one
 * transaction: the customer's own key is destroyed (crypto-shredding: every value under it, in
 * this database and in any backup, becomes unreadable, and the tombstone re-applies the erasure
 * after a restore), the columns the inventory marks `clear` (blind indexes) are emptied, rows of
 * tables marked `eraseRows` (codes, export packages, notices) are deleted, and a signed erasure
 * certificate is stored. What GST law requires stays: issued documents keep, under the tenant's
 * documents key, only what Rule 46 makes them show (a registered buyer's GSTIN, name and address;
 * an unregistered buyer's only from Rs 50,000, otherwise nothing personal), and the ledger keeps
 * its amounts. The customer remains as a pseudonymous id with a balance.
 */
import type { Kysely } from 'kysely';
import { verifyTagged, type Signer } from '../../crypto/signing.js';
import type { ColumnSpec } from '../../db/inventory.js';
import type { Database } from '../../db/schema.js';
import { notFound } from '../../domain/app-error.js';
import type { Clock } from '../../domain/clock.js';
import { newId } from '../../domain/ids.js';
import { canonicalJson } from '../audit/audit-hash.js';
import type { AuditRecorder } from '../../kernel/audit.js';
import type { ServiceActor } from '../../kernel/actor.js';
import type { ErasureService, Tombstone } from '../keys/erasure.service.js';
import { requireLiveCustomer } from './consent.service.js';
import { customerTables, subjectRows } from './subject-data.js';

// Names come from the declared inventory only.
type AnyDb = Kysely<Record<string, Record<string, unknown>>>;

export const GST_BASIS = 'CGST Act 2017 s.35-36 (72 months); CGST Rules 46, 53 and 56(8)';

export interface ErasureCertificate {
  certificateId: string;
  tenantId: string;
  customerId: string;
  requestId: string | null;
  reason: string;
  erasedAt: string;
  keyDestroyed: true;
  shredded: string[];
  cleared: string[];
  deletedRows: Record<string, number>;
  keptByLaw: {
    basis: string;
    documents: number;
    documentsWithBuyerDetails: number;
    ledgerEntries: number;
  };
}

export interface SignedCertificate {
  certificate: ErasureCertificate;
  keyId: string;
  /** Ed25519 over the canonical JSON of `certificate`, base64. */
  signature: string;
}

export interface CustomerErasureDeps {
  db: Kysely<Database>;
  clock: Clock;
  audit: AuditRecorder;
  erasure: ErasureService;
  signer: () => Promise<Signer>;
}

/** What erasing does to a column: its own rule, else shred encrypted personal values. */
export function erasureOf(spec: ColumnSpec): 'shred' | 'clear' | 'keep' {
  return spec.erasure ?? (spec.encrypted === true && spec.class === 'personal' ? 'shred' : 'keep');
}

/**
 * The row side of an erasure, driven by the inventory: rows of tables marked `eraseRows` (codes,
 * export packages, notices) are deleted and columns marked `clear` (blind indexes) emptied. Run by
 * the erasure itself and again on a restored or copied-back database for every tombstone, so an
 * old backup never brings index values or erased rows back.
 */
export async function eraseSubjectRows(
  trx: Kysely<Database>,
  tenantId: string,
  customerId: string,
): Promise<{ shredded: string[]; cleared: string[]; deletedRows: Record<string, number> }> {
  const any = trx as unknown as AnyDb;
  const shredded: string[] = [];
  const cleared: string[] = [];
  const deletedRows: Record<string, number> = {};
  const parentIds = new Map<string, string[]>();
  for (const [table, spec] of customerTables()) {
    const rows = await subjectRows(trx, tenantId, table, spec.subject, customerId, parentIds);
    if ('column' in spec.subject)
      parentIds.set(
        table,
        rows.map((r) => String(r.id)),
      );
    if (rows.length === 0) continue;
    const linkColumn = 'column' in spec.subject ? spec.subject.column : spec.subject.via.column;
    const linkValues =
      'column' in spec.subject ? [customerId] : (parentIds.get(spec.subject.via.table) ?? []);
    if (spec.eraseRows === true) {
      const result = await any
        .deleteFrom(table)
        .where('tenant_id', '=', tenantId)
        .where(linkColumn, 'in', linkValues)
        .executeTakeFirst();
      deletedRows[table] = Number(result.numDeletedRows);
      continue;
    }
    const toClear: Record<string, null> = {};
    for (const [column, columnSpec] of Object.entries<ColumnSpec>(spec.columns)) {
      const rule = erasureOf(columnSpec);
      if (rule === 'shred') shredded.push(`${table}.${column}`);
      if (rule === 'clear') {
        toClear[column] = null;
        cleared.push(`${table}.${column}`);
      }
    }
    if (Object.keys(toClear).length > 0)
      await any
        .updateTable(table)
        .set(toClear)
        .where('tenant_id', '=', tenantId)
        .where(linkColumn, 'in', linkValues)
        .execute();
  }
  return { shredded, cleared, deletedRows };
}

/** Re-applies the row side of every given erasure (restore, start); returns rows changed. */
export async function reapplyErasedRows(
  db: Kysely<Database>,
  tombstones: ReadonlyArray<{ tenantId: string; subjectId: string }>,
): Promise<number> {
  let changed = 0;
  await db.transaction().execute(async (trx) => {
    for (const t of tombstones) {
      const exists = await trx
        .selectFrom('customers')
        .select('id')
        .where('tenant_id', '=', t.tenantId)
        .where('id', '=', t.subjectId)
        .executeTakeFirst();
      if (exists === undefined) continue;
      const result = await eraseSubjectRows(trx, t.tenantId, t.subjectId);
      changed += Object.values(result.deletedRows).reduce((a, b) => a + b, 0);
    }
  });
  return changed;
}

export class CustomerErasureService {
  constructor(private readonly deps: CustomerErasureDeps) {}

  /** Erases in a transaction of its own; journals the tombstone after the commit. */
  async erase(
    actor: ServiceActor,
    input: { customerId: string; reason: 'dsr_erasure' | 'retention'; requestId?: string },
  ): Promise<SignedCertificate> {
    const signer = await this.deps.signer();
    let tombstone: Tombstone | undefined;
    const signed = await this.deps.db.transaction().execute(async (trx) => {
      const result = await this.eraseWithin(trx, actor, input, signer);
      tombstone = result.tombstone;
      return result.signed;
    });
    if (tombstone !== undefined) await this.deps.erasure.afterCommit(tombstone);
    return signed;
  }

  /** Erases inside the caller's transaction; the caller calls `erasure.afterCommit(tombstone)`. */
  async eraseWithin(
    trx: Kysely<Database>,
    actor: ServiceActor,
    input: { customerId: string; reason: string; requestId?: string },
    signer: Signer,
  ): Promise<{ signed: SignedCertificate; tombstone: Tombstone }> {
    const { tenantId } = actor;
    const { customerId } = input;
    await requireLiveCustomer(trx, tenantId, customerId);

    const { shredded, cleared, deletedRows } = await eraseSubjectRows(trx, tenantId, customerId);
    const kept = await keptByLaw(trx, tenantId, customerId);
    const tombstone = await this.deps.erasure.eraseWithin(trx, actor.audit, {
      subjectId: customerId,
      reason: input.reason,
    });
    const certificate: ErasureCertificate = {
      certificateId: newId(),
      tenantId,
      customerId,
      requestId: input.requestId ?? null,
      reason: input.reason,
      erasedAt: tombstone.erasedAt,
      keyDestroyed: true,
      shredded,
      cleared,
      deletedRows,
      keptByLaw: { basis: GST_BASIS, ...kept },
    };
    const signed = signCertificate(certificate, signer);
    await trx
      .insertInto('erasure_certificates')
      .values({
        tenant_id: tenantId,
        id: certificate.certificateId,
        request_id: certificate.requestId,
        customer_id: customerId,
        erased_at: certificate.erasedAt,
        reason: input.reason,
        body: canonicalJson(certificate),
        key_id: signed.keyId,
        signature: signed.signature,
      })
      .execute();
    await this.deps.audit.record(trx, actor.audit, {
      action: 'privacy.erasure.complete',
      objectType: 'customer',
      objectId: customerId,
      outcome: 'success',
      details: {
        certificateId: certificate.certificateId,
        requestId: certificate.requestId,
        reason: input.reason,
        documentsKept: kept.documents,
        ledgerEntriesKept: kept.ledgerEntries,
      },
    });
    return { signed, tombstone };
  }

  /** A stored certificate with its signature. */
  async certificate(actor: ServiceActor, certificateId: string): Promise<SignedCertificate> {
    const row = await this.deps.db
      .selectFrom('erasure_certificates')
      .selectAll()
      .where('tenant_id', '=', actor.tenantId)
      .where('id', '=', certificateId)
      .executeTakeFirst();
    if (row === undefined) throw notFound('erasure certificate');
    return {
      certificate: JSON.parse(row.body) as ErasureCertificate,
      keyId: row.key_id,
      signature: row.signature,
    };
  }
}

export function signCertificate(certificate: ErasureCertificate, signer: Signer): SignedCertificate {
  const bytes = Buffer.from(canonicalJson(certificate as unknown as Record<string, unknown>), 'utf8');
  return {
    certificate,
    keyId: signer.keyId,
    signature: signer.sign('erasure-certificate', bytes).toString('base64'),
  };
}

/**
 * Checks a certificate's signature against the installation's public key. Certificates signed
 * before the type tag verify only when the body is a certificate (its own fields), so another
 * kind of signed JSON never passes for one.
 */
export function verifyCertificate(signed: SignedCertificate, publicKeyPem: string): boolean {
  const c = signed.certificate as Partial<ErasureCertificate>;
  const isCertificate =
    c.keyDestroyed === true &&
    typeof c.certificateId === 'string' &&
    typeof c.customerId === 'string' &&
    typeof c.erasedAt === 'string' &&
    Array.isArray(c.shredded) &&
    typeof c.keptByLaw === 'object';
  const bytes = Buffer.from(canonicalJson(signed.certificate as unknown as Record<string, unknown>), 'utf8');
  return verifyTagged(
    'erasure-certificate',
    publicKeyPem,
    bytes,
    Buffer.from(signed.signature, 'base64'),
    (m) => (isCertificate ? m : undefined),
  );
}

async function keptByLaw(
  trx: Kysely<Database>,
  tenantId: string,
  customerId: string,
): Promise<{ documents: number; documentsWithBuyerDetails: number; ledgerEntries: number }> {
  const docs = await trx
    .selectFrom('sales_documents')
    .select((eb) => [eb.fn.countAll<number>().as('n'), eb.fn.count<number>('buyer_name_enc').as('withBuyer')])
    .where('tenant_id', '=', tenantId)
    .where('customer_id', '=', customerId)
    .executeTakeFirstOrThrow();
  const ledger = await trx
    .selectFrom('customer_ledger')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('tenant_id', '=', tenantId)
    .where('customer_id', '=', customerId)
    .executeTakeFirstOrThrow();
  return {
    documents: Number(docs.n),
    documentsWithBuyerDetails: Number(docs.withBuyer),
    ledgerEntries: Number(ledger.n),
  };
}
