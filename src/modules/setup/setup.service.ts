/**
 * First run: the installation row, the one-time setup code that opens the first-run wizard, and
 * the creation of the business with its first store, counter and owner. There is never a default
 * account: the owner exists only once someone holding the setup code (or running `tijori init`
 * with flags on the machine) has chosen a password.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';
import { AppError } from '../../domain/app-error.js';
import type { Clock } from '../../domain/clock.js';
import { equalDigests, randomCode, sha256Hex } from '../../domain/crypto-random.js';
import { newId } from '../../domain/ids.js';
import { insertSkips } from './missing-details.repository.js';

const INSTALLATION_ID = 'installation';
const SETUP_CODE_TTL_MS = 24 * 3600 * 1000;

export interface BusinessInput {
  businessName: string;
  storeName?: string;
  gstin: string;
  /** Two digits; derived from the GSTIN when not given (a given one must match it). */
  stateCode?: string;
  storeAddress?: string;
  /** The first store's printed details (address, contact, UPI); absent for older callers. */
  details?: FirstStoreDetails;
  /** Whether sales may take stock below zero; asked at setup (the settings keep `allow` when unset). */
  negativeStock?: 'allow' | 'refuse';
  ownerEmail: string;
  ownerName?: string;
  ownerPassword: string;
}

export interface CreatedBusiness {
  tenantId: string;
  storeId: string;
  counterId: string;
  ownerId: string;
}

/** The owner's details as the identity module receives them. */
export interface OwnerInput {
  tenantId: string;
  storeId: string;
  email: string;
  displayName: string;
  password: string;
  businessName: string;
}

/** Creates the owner's account inside the setup transaction (implemented by the identity module). */
export interface OwnerCreator {
  /**
   * Work that cannot run inside the setup transaction (password hashing, creating the tenant's
   * encryption keys on their own connection): done first, its result handed to `createOwner`.
   */
  prepareOwner?(input: OwnerInput): Promise<unknown>;
  createOwner(trx: Kysely<Database>, input: OwnerInput, prepared?: unknown): Promise<string>;
}

/** The first store's details as printed on its documents. */
export interface FirstStoreDetails {
  legalName: string;
  tradeName?: string | undefined;
  addressLine1: string;
  city: string;
  pincode: string;
  phone?: string | undefined;
  email?: string | undefined;
  upiVpa?: string | undefined;
  /** The shop's logo as a PNG or JPEG `data:` URL (re-encoded from its pixels by the writer). */
  logo?: string | undefined;
}

/** Writes the first store's details inside the setup transaction (implemented by billing). */
export type StoreDetailsWriter = (
  trx: Kysely<Database>,
  tenantId: string,
  storeId: string,
  details: FirstStoreDetails | undefined,
  now: string,
  choices: { negativeStock?: 'allow' | 'refuse' | undefined },
) => Promise<void>;

/** Validates a business's tax identity (implemented with the GST engine). */
export type GstinCheck = (gstin: string, stateCode: string) => void;

export interface SetupState {
  installed: boolean;
  setupCompleted: boolean;
}

/** The account fields as the setup form (and `tijori init`) names them. */
const ownerFields: Readonly<Record<string, string>> = {
  password: 'ownerPassword',
  email: 'ownerEmail',
  displayName: 'ownerName',
};

/** Reports an error about the owner's account under the setup form's field name. */
function renameOwnerField(error: unknown): never {
  const field = error instanceof AppError && error.field !== undefined ? ownerFields[error.field] : undefined;
  if (error instanceof AppError && field !== undefined)
    throw new AppError(error.code, error.message, field, error.details);
  throw error;
}

/** The one-line address kept on the store row (the profile holds it field by field). */
function addressLineOf(details: FirstStoreDetails | undefined): string {
  if (details === undefined) return '';
  return `${details.addressLine1}, ${details.city} ${details.pincode}`;
}

export class SetupService {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly clock: Clock,
    private readonly owners: OwnerCreator,
    private readonly checkGstin: GstinCheck,
    private readonly writeDetails?: StoreDetailsWriter,
  ) {}

  async getState(): Promise<SetupState> {
    const row = await this.db
      .selectFrom('installation')
      .selectAll()
      .where('id', '=', INSTALLATION_ID)
      .executeTakeFirst();
    return { installed: row !== undefined, setupCompleted: (row?.setup_completed_at ?? null) !== null };
  }

  /** Records the installation once; later calls change nothing. */
  async ensureInstallation(): Promise<void> {
    await this.db
      .insertInto('installation')
      .values({
        id: INSTALLATION_ID,
        created_at: this.clock.now().toISOString(),
        setup_code_hash: null,
        setup_code_expires_at: null,
        setup_completed_at: null,
      })
      .onConflict((oc) => oc.column('id').doNothing())
      .execute();
  }

  /**
   * Issues a fresh one-time setup code while no owner exists; any earlier code stops working.
   * Returns null once setup is complete.
   */
  async openSetupWindow(): Promise<string | null> {
    await this.ensureInstallation();
    const code = randomCode(80);
    const expires = new Date(this.clock.now().getTime() + SETUP_CODE_TTL_MS).toISOString();
    const result = await this.db
      .updateTable('installation')
      .set({ setup_code_hash: sha256Hex(code), setup_code_expires_at: expires })
      .where('id', '=', INSTALLATION_ID)
      .where('setup_completed_at', 'is', null)
      .executeTakeFirst();
    return result.numUpdatedRows > 0n ? code : null;
  }

  /** Completes the first-run wizard: checks the code, then creates the business and its owner. */
  async completeWithCode(code: string, input: BusinessInput): Promise<CreatedBusiness> {
    // The code is checked before the owner is prepared (and again inside the transaction).
    await this.checkSetupCode(this.db, code);
    const prepared = await this.prepare(input);
    return this.db.transaction().execute(async (trx) => {
      await this.checkSetupCode(trx, code);
      const created = await this.createBusiness(trx, input, prepared);
      await this.rememberLeftEmpty(trx, created, input.details);
      return created;
    });
  }

  /**
   * The owner saw every optional detail on the setup page: those left empty count as left for
   * later, so the first sign-in does not ask for them again (the settings still list them).
   */
  private async rememberLeftEmpty(
    trx: Kysely<Database>,
    created: CreatedBusiness,
    details: FirstStoreDetails | undefined,
  ): Promise<void> {
    if (details === undefined) return;
    const empty = (v: string | undefined) => v === undefined || v.trim() === '';
    const store = (['phone', 'email', 'logo'] as const).filter((d) => empty(details[d]));
    const rows = [
      ...store.map((detail) => ({ storeId: created.storeId, detail })),
      ...(empty(details.upiVpa) ? [{ storeId: '*', detail: 'upiVpa' }] : []),
    ];
    await insertSkips(
      trx,
      rows.map((r) => ({
        ...r,
        tenantId: created.tenantId,
        userId: created.ownerId,
        at: this.clock.now().toISOString(),
      })),
    );
  }

  private async checkSetupCode(db: Kysely<Database>, code: string): Promise<void> {
    const row = await db
      .selectFrom('installation')
      .selectAll()
      .where('id', '=', INSTALLATION_ID)
      .executeTakeFirst();
    const now = this.clock.now().toISOString();
    const valid =
      row !== undefined &&
      row.setup_completed_at === null &&
      row.setup_code_hash !== null &&
      row.setup_code_expires_at !== null &&
      row.setup_code_expires_at > now &&
      equalDigests(row.setup_code_hash, sha256Hex(code.trim().toUpperCase()));
    if (!valid)
      throw new AppError('forbidden', 'the setup code is wrong or has expired; restart Tijori for a new one');
  }

  /** New ids and the owner's out-of-transaction preparation. */
  private async prepare(
    input: BusinessInput,
  ): Promise<{ tenantId: string; storeId: string; owner: unknown }> {
    const tenantId = newId();
    const storeId = newId();
    const owner = await this.owners
      .prepareOwner?.(this.ownerInput(tenantId, storeId, input))
      .catch(renameOwnerField);
    return { tenantId, storeId, owner };
  }

  private ownerInput(tenantId: string, storeId: string, input: BusinessInput): OwnerInput {
    return {
      tenantId,
      storeId,
      email: input.ownerEmail,
      displayName: input.ownerName ?? 'Owner',
      password: input.ownerPassword,
      businessName: input.businessName,
    };
  }

  /** Creates the business directly (for `tijori init` with flags, run by someone on the machine). */
  async initializeBusiness(input: BusinessInput): Promise<CreatedBusiness> {
    await this.ensureInstallation();
    const prepared = await this.prepare(input);
    return this.db.transaction().execute(async (trx) => {
      const row = await trx
        .selectFrom('installation')
        .select('setup_completed_at')
        .where('id', '=', INSTALLATION_ID)
        .executeTakeFirstOrThrow();
      if (row.setup_completed_at !== null)
        throw new AppError('conflict', 'this installation already has a business and owner');
      return this.createBusiness(trx, input, prepared);
    });
  }

  /**
   * Creates one more business (hosted mode, `tijori tenants create`): the same path as the first,
   * without the one-business check.
   */
  async addBusiness(input: BusinessInput): Promise<CreatedBusiness> {
    await this.ensureInstallation();
    const prepared = await this.prepare(input);
    return this.db.transaction().execute((trx) => this.createBusiness(trx, input, prepared));
  }

  private async createBusiness(
    trx: Kysely<Database>,
    input: BusinessInput,
    prepared: { tenantId: string; storeId: string; owner: unknown },
  ): Promise<CreatedBusiness> {
    const stateCode = input.stateCode ?? input.gstin.slice(0, 2);
    this.checkGstin(input.gstin, stateCode);
    const now = this.clock.now().toISOString();
    const { tenantId, storeId } = prepared;
    const counterId = newId();
    await trx
      .insertInto('tenants')
      .values({ id: tenantId, name: input.businessName, status: 'active', created_at: now })
      .execute();
    await trx
      .insertInto('stores')
      .values({
        tenant_id: tenantId,
        id: storeId,
        name: input.storeName ?? input.businessName,
        gstin: input.gstin,
        state_code: stateCode,
        address: input.storeAddress ?? addressLineOf(input.details),
        created_at: now,
      })
      .execute();
    if ((input.details !== undefined || input.negativeStock !== undefined) && this.writeDetails !== undefined)
      await this.writeDetails(trx, tenantId, storeId, input.details, now, {
        negativeStock: input.negativeStock,
      });
    await trx
      .insertInto('counters')
      .values({ tenant_id: tenantId, id: counterId, store_id: storeId, name: 'Counter 1', created_at: now })
      .execute();
    const ownerId = await this.owners
      .createOwner(trx, this.ownerInput(tenantId, storeId, input), prepared.owner)
      .catch(renameOwnerField);
    await trx
      .updateTable('installation')
      .set({ setup_completed_at: now, setup_code_hash: null, setup_code_expires_at: null })
      .where('id', '=', INSTALLATION_ID)
      .execute();
    return { tenantId, storeId, counterId, ownerId };
  }
}
