/**
 * An installation upgraded from a release whose first run asked for fewer details: at the owner's
 * next sign-in the web app asks for what each store still lacks (address line, city, PIN code,
 * phone, email, logo) and the shop's UPI id. The address cannot be skipped (Rule 46 prints it on
 * every bill); the others can, and a skip is remembered per owner so the prompt does not return at
 * every sign-in. The settings page lists everything still missing, skipped or not, to fill later.
 * Only an owner is asked. The details themselves are saved through the billing settings.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';
import { AppError, invalid } from '../../domain/app-error.js';
import type { Clock } from '../../domain/clock.js';
import type { AccessContext } from '../../kernel/access-context.js';
import { hasUpiPayee, insertSkips, skipsOf, storesWithDetails } from './missing-details.repository.js';

/** A store's details the prompt asks for; `address` stands for its line, city and PIN code. */
export const STORE_DETAILS = ['address', 'phone', 'email', 'logo'] as const;
export type StoreDetail = (typeof STORE_DETAILS)[number];
/** Details an owner may give later. */
export const SKIPPABLE_DETAILS = ['phone', 'email', 'logo', 'upiVpa'] as const;
export type SkippableDetail = (typeof SKIPPABLE_DETAILS)[number];

/** The shop-wide pseudo-store a skip of the UPI id is kept under. */
const SHOP_WIDE = '*';

export interface StoreMissing {
  storeId: string;
  storeName: string;
  /** What the store lacks, in the prompt's order. */
  missing: StoreDetail[];
}

export interface MissingDetails {
  stores: StoreMissing[];
  /** True when the shop has no UPI id (and, unless skipped ones are asked for, it was not skipped). */
  upiVpaMissing: boolean;
}

function blank(value: string | null): boolean {
  return value === null || value.trim() === '';
}

function requireOwner(actor: AccessContext): void {
  if (!actor.roles.includes('owner'))
    throw new AppError('forbidden', "only the shop's owner is asked for the shop's missing details");
}

export class MissingDetailsService {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly clock: Clock,
  ) {}

  /**
   * What is missing. With `includeSkipped` false (the sign-in prompt) a detail this owner skipped
   * is left out; the address is always asked for.
   */
  async missing(actor: AccessContext, includeSkipped: boolean): Promise<MissingDetails> {
    requireOwner(actor);
    const [stores, upi, skips] = await Promise.all([
      storesWithDetails(this.db, actor.tenantId),
      hasUpiPayee(this.db, actor.tenantId),
      includeSkipped ? Promise.resolve(new Set<string>()) : skipsOf(this.db, actor.tenantId, actor.userId),
    ]);
    const result: StoreMissing[] = [];
    for (const s of stores) {
      const lacks: Record<StoreDetail, boolean> = {
        address: blank(s.addressLine1) || blank(s.city) || blank(s.pincode),
        phone: blank(s.phone),
        email: blank(s.email),
        logo: !s.hasLogo,
      };
      const missing = STORE_DETAILS.filter(
        (d) => lacks[d] && (d === 'address' || !skips.has(`${s.storeId}:${d}`)),
      );
      if (missing.length > 0) result.push({ storeId: s.storeId, storeName: s.storeName, missing });
    }
    return { stores: result, upiVpaMissing: !upi && !skips.has(`${SHOP_WIDE}:upiVpa`) };
  }

  /**
   * Remembers that this owner gives the details later: `storeId` null for the shop-wide UPI id.
   * The address is refused (it cannot wait), so is the UPI id named for one store.
   */
  async skip(actor: AccessContext, storeId: string | null, details: readonly string[]): Promise<void> {
    requireOwner(actor);
    details.forEach((detail, i) => {
      if (!(SKIPPABLE_DETAILS as readonly string[]).includes(detail))
        throw invalid(`details.${String(i)}`, "the store's address cannot be left for later");
      if ((detail === 'upiVpa') !== (storeId === null))
        throw invalid(
          `details.${String(i)}`,
          storeId === null
            ? 'only the UPI id belongs to the whole shop'
            : 'the UPI id belongs to the whole shop',
        );
    });
    if (storeId !== null) {
      const stores = await storesWithDetails(this.db, actor.tenantId);
      if (!stores.some((s) => s.storeId === storeId))
        throw new AppError('not_found', 'store not found', 'storeId');
    }
    const at = this.clock.now().toISOString();
    await insertSkips(
      this.db,
      [...new Set(details)].map((detail) => ({
        tenantId: actor.tenantId,
        userId: actor.userId,
        storeId: storeId ?? SHOP_WIDE,
        detail,
        at,
      })),
    );
  }
}
