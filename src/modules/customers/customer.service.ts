/**
 * Customers: walk-in buyers are anonymous; named customers have their personal fields encrypted
 * (customer-crypto.ts) and are found by phone, by the last 4 digits of the phone, by email or by
 * GSTIN. Responses are masked; revealing goes through the identity module's reveal gate
 * (permission, reason, step-up) and is recorded. B2B customers carry a validated GSTIN, which
 * decides their state.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';
import { AppError, invalid } from '../../domain/app-error.js';
import type { Clock } from '../../domain/clock.js';
import { newId } from '../../domain/ids.js';
import type { AuditRecorder } from '../../kernel/audit.js';
import { columnSpec } from '../../db/data-inventory.js';
import { maskAs } from '../auth/masking.js';
import type { RevealGate } from '../auth/step-up.policy.js';
import type { ServiceActor } from '../../kernel/actor.js';
import { normalizePii, openPii, sealPii, type CustomerCipher, type OpenedPii } from './customer-crypto.js';
import {
  candidatesBy,
  findCustomer,
  insertCustomers,
  listCustomers,
  lockCustomerIdentities,
  type CustomerRow,
  type IndexColumn,
} from './customer.repository.js';
import type {
  CustomerInput,
  CustomerPatch,
  CustomerView,
  LookupRequest,
  RevealableField,
  RevealedCustomer,
} from './customer.schemas.js';

/** A customer as a document's buyer. */
export interface DocumentBuyer {
  id: string;
  gstin: string | null;
  name: string | null;
  address: { line1: string; line2: string | null; city: string; pincode: string; stateCode: string } | null;
  stateCode: string | null;
}

export interface CustomerDeps {
  db: Kysely<Database>;
  clock: Clock;
  audit: AuditRecorder;
  cipher: CustomerCipher;
  /** Present when reveals are possible (the server); CLI runtimes do not reveal. */
  reveal?: RevealGate;
}

/** A customer's row prepared for insert (encrypted and indexed), with its clear GSTIN/phone for checks. */
export interface PreparedCustomer {
  row: CustomerRow;
  phone: string | null;
  gstin: string | null;
}

function stateOf(
  input: { stateCode?: string | null; address?: { stateCode: string } | null },
  gstinState?: string,
): string | null {
  if (gstinState !== undefined) {
    if (input.stateCode !== undefined && input.stateCode !== null && input.stateCode !== gstinState)
      throw invalid('stateCode', "must match the GSTIN's state (its first two digits)");
    return gstinState;
  }
  return input.stateCode ?? input.address?.stateCode ?? null;
}

export class CustomerService {
  constructor(private readonly deps: CustomerDeps) {}

  /** Checks, normalises, encrypts and indexes a new customer (no writes: imports batch these). */
  async prepare(tenantId: string, input: CustomerInput): Promise<PreparedCustomer> {
    const pii = normalizePii(input);
    const id = newId();
    const now = this.deps.clock.now().toISOString();
    const sealed = await sealPii(this.deps.cipher, tenantId, id, {
      name: pii.name ?? null,
      phone: pii.phone ?? null,
      email: pii.email ?? null,
      gstin: pii.gstin ?? null,
      address: pii.address ?? null,
    });
    const row: CustomerRow = {
      tenant_id: tenantId,
      id,
      kind: pii.gstin === undefined || pii.gstin === null ? 'individual' : 'business',
      name_enc: sealed.name_enc ?? '',
      phone_enc: sealed.phone_enc ?? null,
      email_enc: sealed.email_enc ?? null,
      address_enc: sealed.address_enc ?? null,
      gstin_enc: sealed.gstin_enc ?? null,
      phone_idx: sealed.phone_idx ?? null,
      phone_last4_idx: sealed.phone_last4_idx ?? null,
      email_idx: sealed.email_idx ?? null,
      gstin_idx: sealed.gstin_idx ?? null,
      state_code: stateOf(input, pii.gstinStateCode),
      credit_limit: input.creditLimitPaise,
      balance: 0,
      created_at: now,
      updated_at: now,
      customer_group: null,
    };
    return { row, phone: pii.phone ?? null, gstin: pii.gstin ?? null };
  }

  async create(actor: ServiceActor, input: CustomerInput): Promise<CustomerView> {
    const prepared = await this.prepare(actor.tenantId, input);
    await this.deps.db.transaction().execute(async (trx) => {
      // Checked and written under one lock, so two requests with one phone cannot both pass.
      await lockCustomerIdentities(trx, actor.tenantId);
      await this.refuseDuplicates(actor.tenantId, prepared.phone, prepared.gstin, undefined, trx);
      await insertCustomers(trx, [prepared.row]);
      await this.deps.audit.record(trx, actor.audit, {
        action: 'customer.create',
        objectType: 'customer',
        objectId: prepared.row.id,
        outcome: 'success',
        details: { registered: prepared.gstin !== null, creditLimitPaise: prepared.row.credit_limit },
      });
    });
    return this.view(prepared.row);
  }

  async update(actor: ServiceActor, customerId: string, patch: CustomerPatch): Promise<CustomerView> {
    const current = await findCustomer(this.deps.db, actor.tenantId, customerId);
    const pii = normalizePii(patch);
    const contactChanges = pii.phone !== undefined || pii.email !== undefined;
    const existing = await openPii(
      this.deps.cipher,
      current,
      contactChanges ? ['gstin', 'phone', 'email'] : ['gstin'],
    );
    if (existing.erased) throw new AppError('conflict', "this customer's personal data was erased");
    // Both contact fields are sealed when either changes: their indexes' width follows the pair.
    if (contactChanges) {
      pii.phone ??= existing.phone;
      pii.email ??= existing.email;
    }
    const gstin = pii.gstin === undefined ? existing.gstin : pii.gstin;
    const gstinState = gstin === null ? undefined : (normalizePii({ gstin }).gstinStateCode ?? undefined);
    const sealed = await sealPii(this.deps.cipher, actor.tenantId, customerId, {
      ...(pii.name === undefined ? {} : { name: pii.name }),
      ...(pii.phone === undefined ? {} : { phone: pii.phone }),
      ...(pii.email === undefined ? {} : { email: pii.email }),
      ...(pii.gstin === undefined ? {} : { gstin: pii.gstin }),
      ...(pii.address === undefined ? {} : { address: pii.address }),
    });
    const changesState =
      patch.stateCode !== undefined || patch.gstin !== undefined || patch.address !== undefined;
    const state = changesState
      ? stateOf(
          { stateCode: patch.stateCode ?? current.state_code, address: patch.address ?? null },
          gstinState,
        )
      : current.state_code;
    await this.deps.db.transaction().execute(async (trx) => {
      await lockCustomerIdentities(trx, actor.tenantId);
      await this.refuseDuplicates(actor.tenantId, pii.phone ?? null, pii.gstin ?? null, customerId, trx);
      await trx
        .updateTable('customers')
        .set({
          ...sealed,
          kind: gstin === null ? 'individual' : 'business',
          state_code: state,
          ...(patch.creditLimitPaise === undefined ? {} : { credit_limit: patch.creditLimitPaise }),
          updated_at: this.deps.clock.now().toISOString(),
        })
        .where('tenant_id', '=', actor.tenantId)
        .where('id', '=', customerId)
        .execute();
      await this.deps.audit.record(trx, actor.audit, {
        action: patch.creditLimitPaise === undefined ? 'customer.update' : 'customer.credit_limit.change',
        objectType: 'customer',
        objectId: customerId,
        outcome: 'success',
        details: {
          fields: Object.keys(patch),
          ...(patch.creditLimitPaise === undefined
            ? {}
            : { oldLimitPaise: current.credit_limit, newLimitPaise: patch.creditLimitPaise }),
        },
      });
    });
    return this.get(actor, customerId);
  }

  async get(actor: ServiceActor, customerId: string): Promise<CustomerView> {
    return this.view(await findCustomer(this.deps.db, actor.tenantId, customerId));
  }

  async list(actor: ServiceActor, page: { before?: string; limit: number }): Promise<CustomerView[]> {
    const rows = await listCustomers(this.deps.db, actor.tenantId, page);
    return Promise.all(rows.map((row) => this.view(row)));
  }

  /** Customers matching a phone, the last 4 digits of a phone, an email or a GSTIN (masked). */
  async lookup(actor: ServiceActor, request: LookupRequest): Promise<CustomerView[]> {
    const matches = await this.findMatches(actor.tenantId, request);
    return Promise.all(matches.map(({ row }) => this.view(row)));
  }

  /**
   * Candidates by blind index with their customers' wrapped keys (one query), decrypted by the
   * field cipher, exact matches kept (ADR 0011). Erased customers are never a match.
   */
  async findMatches(
    tenantId: string,
    request: LookupRequest,
    within?: Kysely<Database>,
  ): Promise<{ row: CustomerRow; pii: OpenedPii }[]> {
    const { column, kind, value } = lookupKey(request);
    // A GSTIN is checked in full (check digit, OIDAR); the field cipher normalises the others.
    const sought = kind === 'gstin' ? (normalizePii({ gstin: value }).gstin ?? value) : value;
    const term = await this.deps.cipher.searchTerm(tenantId, kind, sought, within);
    const field = kind === 'phone_last4' ? 'phone' : kind;
    const encrypted = `${field}_enc` as const;
    const candidates = (await candidatesBy(within ?? this.deps.db, tenantId, column, term.indexes)).flatMap(
      (row) => {
        const envelope = row[encrypted];
        if (envelope === null) return [];
        const ref = { tenantId, table: 'customers', column: encrypted, rowId: row.id, subjectId: row.id };
        return [{ row, ref, envelope, wrappedSubjectKey: row.subject_key }];
      },
    );
    const matches = await this.deps.cipher.keepExactMatches(term, candidates, within);
    return matches.map(({ candidate: { row }, plaintext }) => ({
      row,
      pii: {
        erased: false,
        name: null,
        phone: null,
        email: null,
        gstin: null,
        address: null,
        [field]: plaintext,
      },
    }));
  }

  /** Reveals fields in clear after the reveal gate has recorded why (permission, reason, step-up). */
  async reveal(
    actor: ServiceActor,
    customerId: string,
    request: { fields: RevealableField[]; reason: { category: string; text: string } },
  ): Promise<RevealedCustomer> {
    const gate = this.deps.reveal;
    if (gate === undefined || actor.auth === undefined)
      throw new AppError('forbidden', 'revealing needs a signed-in user');
    const auth = actor.auth;
    const row = await findCustomer(this.deps.db, actor.tenantId, customerId);
    await this.deps.db.transaction().execute((trx) =>
      gate.authorize(trx, auth, actor.audit, {
        objectType: 'customer',
        objectId: customerId,
        field: request.fields.join(','),
        reason: request.reason as Parameters<RevealGate['authorize']>[3]['reason'],
      }),
    );
    const pii = await openPii(this.deps.cipher, row, request.fields);
    if (pii.erased) throw new AppError('conflict', "this customer's personal data was erased");
    return { id: customerId, ...Object.fromEntries(request.fields.map((f) => [f, pii[f]])) };
  }

  /** The customer as a document's buyer, decrypted (internal: documents print what the law requires). */
  async forDocument(tenantId: string, customerId: string): Promise<DocumentBuyer> {
    const row = await findCustomer(this.deps.db, tenantId, customerId);
    const pii = await openPii(this.deps.cipher, row, ['name', 'gstin', 'address']);
    if (pii.erased) throw invalid('customerId', 'this customer was erased; bill without them');
    return {
      id: row.id,
      gstin: pii.gstin,
      name: pii.name,
      address: pii.address === null ? null : { ...pii.address, line2: pii.address.line2 ?? null },
      stateCode: row.state_code,
    };
  }

  /**
   * A customer's name and phone, decrypted (internal: for a caller that has already passed the
   * reveal gate, such as a batch recall's list of farmers to contact). Erased: nulls.
   */
  async contactOf(
    tenantId: string,
    customerId: string,
  ): Promise<{ name: string | null; phone: string | null }> {
    const row = await findCustomer(this.deps.db, tenantId, customerId);
    const pii = await openPii(this.deps.cipher, row, ['name', 'phone']);
    return { name: pii.name, phone: pii.phone };
  }

  /** Refuses a second customer with the same phone or GSTIN (exact, after decrypting candidates). */
  async refuseDuplicates(
    tenantId: string,
    phone: string | null,
    gstin: string | null,
    exceptId?: string,
    within?: Kysely<Database>,
  ): Promise<void> {
    for (const [kind, value] of [
      ['phone', phone],
      ['gstin', gstin],
    ] as const) {
      if (value === null) continue;
      const matches = await this.findMatches(
        tenantId,
        kind === 'phone' ? { phone: value } : { gstin: value },
        within,
      );
      if (matches.some((m) => m.row.id !== exceptId))
        throw new AppError(
          'conflict',
          `a customer with this ${kind === 'phone' ? 'phone number' : 'GSTIN'} exists`,
          kind,
        );
    }
  }

  /**
   * The masked view, as the data inventory says each column is shown: initials, partial phone and
   * email, the GSTIN's last characters.
   */
  async view(row: CustomerRow): Promise<CustomerView> {
    const pii = await openPii(this.deps.cipher, row, ['name', 'phone', 'email', 'gstin']);
    const masked = (field: 'name' | 'phone' | 'email' | 'gstin') => {
      const value = pii[field];
      return value === null ? null : maskAs(columnSpec('customers', `${field}_enc`)?.mask ?? 'hidden', value);
    };
    return {
      id: row.id,
      registered: row.kind === 'business',
      name: masked('name'),
      phone: masked('phone'),
      email: masked('email'),
      gstin: masked('gstin'),
      stateCode: row.state_code,
      hasAddress: row.address_enc !== null,
      creditLimitPaise: row.credit_limit,
      balancePaise: row.balance,
      erased: pii.erased,
      createdAt: row.created_at,
    };
  }
}

function lookupKey(request: LookupRequest): {
  column: IndexColumn;
  kind: 'phone' | 'phone_last4' | 'email' | 'gstin';
  value: string;
} {
  if ('phone' in request) return { column: 'phone_idx', kind: 'phone', value: request.phone };
  if ('phoneLast4' in request)
    return { column: 'phone_last4_idx', kind: 'phone_last4', value: request.phoneLast4 };
  if ('email' in request) return { column: 'email_idx', kind: 'email', value: request.email };
  return { column: 'gstin_idx', kind: 'gstin', value: request.gstin };
}
