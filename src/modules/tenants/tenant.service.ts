/**
 * Hosted mode's operator work on businesses (tenants): create one with its first store, counter,
 * roles and a one-time owner link; list them; suspend and resume. The operator reads no shop's
 * data: this service selects only a business's name, status, dates and counts, and never asks
 * the field cipher for a key.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';
import { AppError } from '../../domain/app-error.js';
import type { Clock } from '../../domain/clock.js';
import { validateGstin } from '../../domain/gst/gstin.js';
import type { AuditRecorder } from '../../kernel/audit.js';
import type { LoginIndexer } from '../auth/auth.types.js';
import { SetupService, type StoreDetailsWriter } from '../setup/setup.service.js';
import { OwnerInviteCreator, type OwnerLink } from './owner-invite.js';

export interface NewTenant {
  businessName: string;
  gstin: string;
  stateCode: string;
  ownerEmail: string;
}

export interface CreatedTenant {
  tenantId: string;
  ownerLink: OwnerLink;
}

export interface TenantSummary {
  id: string;
  name: string;
  status: 'active' | 'suspended';
  createdAt: string;
  stores: number;
  users: number;
}

export interface TenantDeps {
  db: Kysely<Database>;
  clock: Clock;
  audit: AuditRecorder;
  loginIndex: LoginIndexer;
  writeDetails?: StoreDetailsWriter;
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** The business's tax identity: a valid GSTIN (check character included) of the given state. */
function checkTaxIdentity(gstin: string, stateCode: string): void {
  const result = validateGstin(gstin);
  if (!result.valid) throw new AppError('validation_failed', `GSTIN: ${result.message}`, 'gstin');
  if (!/^\d{2}$/.test(stateCode))
    throw new AppError('validation_failed', 'the state code has two digits (27 for Maharashtra)', 'state');
  if (result.stateCode !== stateCode)
    throw new AppError('validation_failed', 'the GSTIN does not belong to the given state', 'state');
}

function checkNewTenant(input: NewTenant): void {
  const name = input.businessName.trim();
  if (name.length === 0 || name.length > 120)
    throw new AppError('validation_failed', 'the business name has 1 to 120 characters', 'business');
  checkTaxIdentity(input.gstin, input.stateCode);
  if (!EMAIL.test(input.ownerEmail.trim()) || input.ownerEmail.length > 254)
    throw new AppError('validation_failed', "the owner's email is not an email address", 'owner-email');
}

export class TenantService {
  constructor(private readonly deps: TenantDeps) {}

  /** Creates a business and returns its owner's one-time setup link (shown once). */
  async create(input: NewTenant): Promise<CreatedTenant> {
    checkNewTenant(input);
    const owners = new OwnerInviteCreator(this.deps);
    const setup = new SetupService(
      this.deps.db,
      this.deps.clock,
      owners,
      checkTaxIdentity,
      this.deps.writeDetails,
    );
    const created = await setup
      .addBusiness({
        businessName: input.businessName.trim(),
        gstin: input.gstin.trim().toUpperCase(),
        stateCode: input.stateCode,
        ownerEmail: input.ownerEmail.trim(),
        ownerPassword: '',
      })
      .catch(renameField);
    const ownerLink = owners.links.get(created.tenantId);
    if (ownerLink === undefined) throw new Error('the owner link was not made');
    return { tenantId: created.tenantId, ownerLink };
  }

  /** Every business with its status and sizes (no shop data). */
  async list(): Promise<TenantSummary[]> {
    const db = this.deps.db;
    const rows = await db
      .selectFrom('tenants as t')
      .select((eb) => [
        't.id',
        't.name',
        't.status',
        't.created_at',
        eb
          .selectFrom('stores as s')
          .whereRef('s.tenant_id', '=', 't.id')
          .select(eb.fn.countAll().as('n'))
          .as('stores'),
        eb
          .selectFrom('users as u')
          .whereRef('u.tenant_id', '=', 't.id')
          .select(eb.fn.countAll().as('n'))
          .as('users'),
      ])
      .orderBy('t.created_at')
      .orderBy('t.id')
      .execute();
    return rows.map((r) => ({
      id: r.id,
      name: r.name,
      status: r.status,
      createdAt: r.created_at,
      stores: Number(r.stores ?? 0),
      users: Number(r.users ?? 0),
    }));
  }

  /**
   * Suspends or resumes a business, recorded in its own audit chain. Suspending ends its sessions
   * at once (and every later request and sign-in is refused while it stays suspended).
   */
  async setStatus(tenantId: string, status: 'active' | 'suspended'): Promise<'changed' | 'unchanged'> {
    return this.deps.db.transaction().execute(async (trx) => {
      const row = await trx
        .selectFrom('tenants')
        .select('status')
        .where('id', '=', tenantId)
        .executeTakeFirst();
      if (row === undefined) throw new AppError('not_found', 'no business with this id', 'tenant');
      if (row.status === status) return 'unchanged';
      await trx.updateTable('tenants').set({ status }).where('id', '=', tenantId).execute();
      if (status === 'suspended')
        await trx
          .updateTable('sessions')
          .set({ revoked_at: this.deps.clock.now().toISOString(), revoked_reason: 'business_suspended' })
          .where('tenant_id', '=', tenantId)
          .where('revoked_at', 'is', null)
          .execute();
      await this.deps.audit.record(
        trx,
        { tenantId, actor: { type: 'system', id: 'operator' }, source: 'cli tenants' },
        {
          action: status === 'suspended' ? 'tenant.suspend' : 'tenant.resume',
          objectType: 'tenant',
          objectId: tenantId,
          outcome: 'success',
        },
      );
      return 'changed';
    });
  }
}

/** Setup names the owner's fields `ownerEmail`; the command's flag is `owner-email`. */
function renameField(error: unknown): never {
  if (error instanceof AppError && error.field === 'ownerEmail')
    throw new AppError(error.code, error.message, 'owner-email', error.details);
  throw error;
}
