/**
 * The offline counter in the browser (issue 21, ADR 0066). While the server answers, the counter
 * keeps its key, the catalog and a block of invoice numbers in its own series, all sealed in the
 * vault. When the server cannot be reached, a sale takes the block's next number, is sealed into
 * the queue with its idempotency key and the time it was made, and waits; when the server answers
 * again the queue is sent in order, each sale billed once. A counter wiped by a manager learns it
 * on its next contact: its queue is destroyed unread and the counter says how many sales were
 * lost. Signing out sends what it can, gives unused numbers back and destroys the key.
 */
import { api } from '../api/api-client';
import { ApiError } from '../api/api-error';
import type { PaymentInput } from '../api/billing.api';
import { emptyCart, type Cart } from '../counter/cart';
import { formatDocumentNumber } from '../../../src/domain/numbering/document-number';
import { financialYear, financialYearOf } from '../../../src/domain/numbering/financial-year';
import { istDateOf } from '../../../src/domain/gst/ist-date';
import { priceOffline, type OfflineCatalog } from './offline-pricing';
import { clearSealed, forgetKeys, hasKey, keepKey, remove, seal, sealedNames, unseal } from './vault';

/** Ask for a new block when fewer numbers than this are left. */
const REFILL_BELOW = 10;
/** Refresh the catalog this often while online. */
const CATALOG_TTL_MS = 5 * 60_000;

interface CounterRecord {
  keyId: string;
  counterId: string;
  counterName: string;
  storeId: string;
  seriesCode: string;
}

interface BlockRecord {
  blockId: string;
  fy: number;
  firstSeq: number;
  lastSeq: number;
  format: { prefix: string; includeYear: boolean; minDigits: number };
  /** The next number to use. */
  next: number;
}

interface QueuedSale {
  idempotencyKey: string;
  number: string;
  body: {
    blockId: string;
    seq: number;
    madeAt: string;
    expectedTotalPaise: number;
    sale: {
      storeId: string;
      lines: { variantId: string; quantity: number; unitPricePaise: number }[];
      payments: PaymentInput[];
    };
  };
}

export interface OfflineStatus {
  /** The counter is selling without the server. */
  offline: boolean;
  /** The counter holds its key, catalog and numbers (it can sell offline). */
  ready: boolean;
  waiting: number;
  /** Sales the server would not take (a manager must look). */
  held: number;
  syncing: boolean;
  /** Sales lost because the counter was wiped by a manager (shown once). */
  lostToWipe: number | null;
  numbersLeft: number;
}

/** Why the counter refuses something offline (a key under `offline.refused`). */
export type OfflineRefusal =
  'customer' | 'discount' | 'approval' | 'offers' | 'supply' | 'notReady' | 'noNumbers';

export class OfflineRefused extends Error {
  constructor(readonly reason: OfflineRefusal) {
    super(reason);
    this.name = 'OfflineRefused';
  }
}

type OfflineSaleBody = QueuedSale['body'];

let status: OfflineStatus = {
  offline: typeof navigator !== 'undefined' && !navigator.onLine,
  ready: false,
  waiting: 0,
  held: 0,
  syncing: false,
  lostToWipe: null,
  numbersLeft: 0,
};
const listeners = new Set<() => void>();
let catalog: OfflineCatalog | null = null;
let catalogAt = 0;
let syncing: Promise<void> | null = null;
const held = new Set<string>();

function setStatus(patch: Partial<OfflineStatus>): void {
  status = { ...status, ...patch };
  for (const l of listeners) l();
}

export function offlineStatus(): OfflineStatus {
  return status;
}

export function subscribeOffline(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

const isNetwork = (error: unknown) => error instanceof ApiError && error.status === 0;

/** The server could not be reached (or answers again): the counter switches mode. */
export function markOffline(offline: boolean): void {
  if (status.offline !== offline) setStatus({ offline });
  if (!offline) void syncQueue();
}

if (typeof window !== 'undefined') {
  window.addEventListener('offline', () => markOffline(true));
  window.addEventListener('online', () => void probe());
}

/** Asks the server whether it answers; switches back to online and sends the queue if so. */
export async function probe(): Promise<boolean> {
  try {
    await api('GET', '/auth/csrf', undefined, { noRecovery: true });
    markOffline(false);
    return true;
  } catch (error) {
    if (isNetwork(error)) markOffline(true);
    return false;
  }
}

async function counterRecord(): Promise<CounterRecord | undefined> {
  return unseal<CounterRecord>('counter');
}

async function blockRecord(): Promise<BlockRecord | undefined> {
  return unseal<BlockRecord>('block');
}

async function refreshCounts(): Promise<void> {
  const queue = await sealedNames('queue:');
  const block = await blockRecord();
  setStatus({
    waiting: queue.length,
    held: queue.filter((q) => held.has(q.name)).length,
    numbersLeft: block === undefined ? 0 : block.lastSeq - block.next + 1,
  });
}

/**
 * While online: this session's key for the store's counter, the catalog and a block of numbers.
 * Also what the counter shows after a reload offline (everything comes from the vault).
 */
export async function prepareCounter(storeId: string, profile: unknown): Promise<void> {
  try {
    if (status.offline) {
      await loadFromVault();
      return;
    }
    let counter = await counterRecord();
    if (counter?.storeId !== storeId || !(await hasKey(counter.keyId))) {
      const view = await api<CounterRecord & { key: string }>('POST', '/offline/counter-keys', { storeId });
      await keepKey(view.keyId, view.key);
      counter = {
        keyId: view.keyId,
        counterId: view.counterId,
        counterName: view.counterName,
        storeId: view.storeId,
        seriesCode: view.seriesCode,
      };
      await seal(counter.keyId, 'counter', counter);
      await remove('block');
      catalog = null;
    }
    await seal(counter.keyId, 'profile', profile);
    if (catalog === null || Date.now() - catalogAt > CATALOG_TTL_MS) {
      const fresh = await api<OfflineCatalog>(
        'GET',
        `/offline/catalog?storeId=${encodeURIComponent(storeId)}`,
      );
      await seal(counter.keyId, 'catalog', fresh);
      catalog = fresh;
      catalogAt = Date.now();
    }
    await ensureBlock(counter);
    setStatus({ ready: true });
    await refreshCounts();
    void syncQueue();
  } catch (error) {
    if (isNetwork(error)) {
      markOffline(true);
      await loadFromVault();
    } else throw error;
  }
}

async function loadFromVault(): Promise<void> {
  catalog ??= (await unseal<OfflineCatalog>('catalog')) ?? null;
  const block = await blockRecord();
  setStatus({ ready: catalog !== null && block !== undefined });
  await refreshCounts();
}

/** A block with numbers left in today's financial year; the rest of a used-up one goes back first. */
async function ensureBlock(counter: CounterRecord): Promise<void> {
  const block = await blockRecord();
  const fy = financialYearOf(istDateOf(new Date())).startYear;
  if (block !== undefined && block.fy === fy && block.lastSeq - block.next + 1 >= REFILL_BELOW) return;
  if (block !== undefined)
    await api('POST', `/offline/blocks/${block.blockId}/release`, { usedTo: block.next - 1 }).catch(
      (error: unknown) => {
        if (isNetwork(error)) throw error;
      },
    );
  const fresh = await api<Omit<BlockRecord, 'next'>>('POST', `/offline/counter-keys/${counter.keyId}/blocks`);
  await seal(counter.keyId, 'block', { ...fresh, next: fresh.firstSeq });
}

/** The offline catalog (after prepareCounter or a reload). */
export function offlineCatalog(): OfflineCatalog | null {
  return catalog;
}

/** The session's profile as last seen online, for a reload while offline. */
export async function offlineProfile<T>(): Promise<T | undefined> {
  try {
    return await unseal<T>('profile');
  } catch {
    return undefined;
  }
}

/** What stands in the way of selling this cart offline (null: nothing). */
export function offlineRefusal(cart: Cart): OfflineRefusal | null {
  if (!status.ready || catalog === null) return 'notReady';
  if (cart.customer !== null) return 'customer';
  if (cart.lines.some((l) => l.discountPaise > 0)) return 'discount';
  if (cart.approval !== null) return 'approval';
  if (cart.offers.couponCodes.length + cart.offers.skip.length + cart.offers.force.length > 0)
    return 'offers';
  if (cart.supply.type !== 'regular') return 'supply';
  if (status.numbersLeft <= 0) return 'noNumbers';
  return null;
}

/**
 * Sells the cart offline: takes the block's next number (kept before the sale is queued, so a
 * crash between the two leaves an unused number, never two sales with one), seals the sale into
 * the queue and answers the number and total for the receipt.
 */
export async function sellOffline(
  cart: Cart,
  payments: PaymentInput[],
  saleKey: string,
): Promise<{ number: string; totalPaise: number }> {
  const refusal = offlineRefusal(cart);
  if (refusal !== null) throw new OfflineRefused(refusal);
  const counter = await counterRecord();
  const block = await blockRecord();
  if (counter === undefined || block === undefined || catalog === null || cart.storeId === null)
    throw new OfflineRefused('notReady');
  if (block.next > block.lastSeq) throw new OfflineRefused('noNumbers');
  const now = new Date();
  const quote = priceOffline(catalog, cart, now);
  if (quote === null) throw new OfflineRefused('notReady');
  const seq = block.next;
  await seal(counter.keyId, 'block', { ...block, next: seq + 1 });
  const number = formatDocumentNumber(block.format, financialYear(block.fy), seq);
  const prices = new Map(catalog.items.map((i) => [i.variantId, i.pricePaise]));
  const body: OfflineSaleBody = {
    blockId: block.blockId,
    seq,
    madeAt: now.toISOString(),
    expectedTotalPaise: quote.totals.totalPaise,
    sale: {
      storeId: cart.storeId,
      lines: cart.lines.map((l) => ({
        variantId: l.itemId,
        quantity: l.quantity,
        unitPricePaise: prices.get(l.itemId) ?? l.unitPricePaise,
      })),
      payments,
    },
  };
  const name = `queue:${now.toISOString()}:${String(seq).padStart(12, '0')}`;
  await seal(counter.keyId, name, { idempotencyKey: saleKey, number, body } satisfies QueuedSale);
  // The sold cart goes with the sale: a reload or a closed browser never finds it again.
  await seal(counter.keyId, 'cart', { ...emptyCart, storeId: cart.storeId } satisfies Cart);
  await refreshCounts();
  return { number, totalPaise: quote.totals.totalPaise };
}

/** The key of an earlier session of this counter, fetched again from the server to send its queue. */
async function recoverKey(keyId: string): Promise<'ok' | 'wiped'> {
  try {
    const view = await api<{ keyId: string; key: string }>('POST', `/offline/counter-keys/${keyId}/recover`);
    await keepKey(view.keyId, view.key);
    return 'ok';
  } catch (error) {
    if (error instanceof ApiError && error.details?.reason === 'counter-wiped') return 'wiped';
    throw error;
  }
}

/** Destroys what a wiped counter kept: the queue cannot be read or sent; says how many were lost. */
async function destroyWiped(): Promise<void> {
  const lost = (await sealedNames('queue:')).length;
  await forgetKeys();
  await clearSealed();
  catalog = null;
  setStatus({ ready: false, lostToWipe: lost });
  await refreshCounts();
}

/** Sends the queue in order while the server answers; each sale is billed once. */
export function syncQueue(): Promise<void> {
  syncing ??= runSync().finally(() => {
    syncing = null;
    setStatus({ syncing: false });
  });
  return syncing;
}

async function runSync(): Promise<void> {
  const queue = await sealedNames('queue:');
  if (queue.length === 0) return;
  setStatus({ syncing: true });
  for (const { name, keyId } of queue) {
    try {
      if (!(await hasKey(keyId)) && (await recoverKey(keyId)) === 'wiped') {
        await destroyWiped();
        return;
      }
      const entry = await unseal<QueuedSale>(name);
      if (entry === undefined) continue;
      await api('POST', '/offline/sales', entry.body, {
        headers: { 'Idempotency-Key': entry.idempotencyKey },
        noRecovery: true,
      });
      await remove(name);
      held.delete(name);
    } catch (error) {
      if (isNetwork(error)) {
        markOffline(true);
        break;
      }
      if (error instanceof ApiError && error.details?.reason === 'counter-wiped') {
        await destroyWiped();
        return;
      }
      if (error instanceof ApiError && error.status === 401) break;
      if (error instanceof ApiError && error.status === 409 && error.field === 'idempotency-key') {
        // Sold online before the answer was lost: that sale is the bill; this copy is dropped.
        await remove(name);
        held.delete(name);
        continue;
      }
      held.add(name);
    }
    await refreshCounts();
  }
  await refreshCounts();
}

/**
 * Signing out: sends what waits, gives the block's unused numbers back when nothing waits, closes
 * the key on the server and destroys it here. What could not be sent stays sealed; only the
 * server can give its key again, to the next person signed in at this counter.
 */
export async function signOutCounter(): Promise<void> {
  const counter = await counterRecord().catch(() => undefined);
  try {
    if (!status.offline) await syncQueue();
    const block = await blockRecord();
    const waiting = (await sealedNames('queue:')).length;
    if (block !== undefined && waiting === 0)
      await api(
        'POST',
        `/offline/blocks/${block.blockId}/release`,
        { usedTo: block.next - 1 },
        { noRecovery: true },
      );
    if (counter !== undefined)
      await api('POST', `/offline/counter-keys/${counter.keyId}/close`, undefined, { noRecovery: true });
  } catch {
    // Offline or signed out already: the key is destroyed here all the same.
  }
  await forgetKeys();
  await clearSealed('queue:');
  catalog = null;
  setStatus({ ready: false, waiting: 0, held: 0, numbersLeft: 0 });
}

/** The session ended elsewhere (revoked, expired): the key goes; a queue waits for the next sign-in. */
export async function forgetCounterKey(): Promise<void> {
  await forgetKeys().catch(() => undefined);
  await clearSealed('queue:').catch(() => undefined);
  catalog = null;
  setStatus({ ready: false });
}

/** The wipe notice was read. */
export function dismissWipeNotice(): void {
  setStatus({ lostToWipe: null });
}

/** The cart as it stands, sealed, so a reload does not lose it. */
export async function keepCart(cart: Cart): Promise<void> {
  const counter = await counterRecord().catch(() => undefined);
  if (counter === undefined || !(await hasKey(counter.keyId))) return;
  await seal(counter.keyId, 'cart', cart);
}

/** The cart kept before a reload, if any. */
export async function keptCart(): Promise<Cart | undefined> {
  try {
    return await unseal<Cart>('cart');
  } catch {
    return undefined;
  }
}
