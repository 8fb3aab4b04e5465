/**
 * The offers engine benchmark's scenario (bench/offers.bench.ts): a 50-line cart against 500
 * running offers (every kind, every stacking) and 20 price lists, from a fixed seed. Kept apart
 * from the bench so a profile (`node --cpu-prof`) can load the engine without the databases.
 */
import type { Offer, OfferLine, PriceList, Target } from '../../src/domain/offers/index.js';

export const AT = '2026-11-20T06:30:00.000Z';

const CATEGORIES = Array.from({ length: 40 }, (_, i) => `cat-${i}`);
const BRANDS = Array.from({ length: 20 }, (_, i) => `brand-${i}`);

function rng(seed: number): () => number {
  let s = seed;
  return () => {
    s = (s * 1_103_515_245 + 12_345) % 2_147_483_648;
    return s / 2_147_483_648;
  };
}

export function engineScenario(seed = 7) {
  const r = rng(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)] as T;
  const lines: OfferLine[] = Array.from({ length: 50 }, (_, i) => ({
    variantId: `v${i}`,
    itemId: `i${i}`,
    category: pick(CATEGORIES),
    brand: pick(BRANDS),
    collection: null,
    quantity: 1 + Math.floor(r() * 3),
    unitPricePaise: 20_000 + Math.floor(r() * 300_000),
    mrpPaise: 400_000,
  }));
  const target = (): Target =>
    r() < 0.5
      ? { kind: 'category', value: pick(CATEGORIES) }
      : r() < 0.8
        ? { kind: 'brand', value: pick(BRANDS) }
        : { kind: 'item', value: `i${Math.floor(r() * 200)}` };
  const schedule = {
    storeId: null,
    customerGroup: null,
    startsAt: '2026-11-01T00:00:00.000Z',
    endsAt: '2026-12-01T00:00:00.000Z',
    active: true,
  };
  const offers: Offer[] = Array.from({ length: 500 }, (_, i) => {
    const k = i % 5;
    const rule: Offer['rule'] =
      k === 0
        ? { kind: 'percent-off', targets: [target()], percentBp: 500 + Math.floor(r() * 3000) }
        : k === 1
          ? { kind: 'flat-off', targets: [target()], amountPaise: 5_000 }
          : k === 2
            ? {
                kind: 'buy-x-get-y',
                buy: { targets: [target()], quantity: 2 },
                get: { targets: [target()], quantity: 1, percentBp: 10_000 },
              }
            : k === 3
              ? { kind: 'bundle', targets: [target()], quantity: 3, pricePaise: 99_900 }
              : { kind: 'bill-threshold', minBillPaise: 300_000 + i * 1000, percentBp: 500 };
    return {
      id: `o${String(i).padStart(3, '0')}`,
      name: `Offer ${i}`,
      priority: i % 4,
      stacking: (['best', 'exclusive', 'stackable'] as const)[i % 3] ?? 'best',
      couponRequired: false,
      rule,
      ...schedule,
    };
  });
  const lists: PriceList[] = Array.from({ length: 20 }, (_, i) => ({
    id: `l${i}`,
    name: `List ${i}`,
    priority: i,
    ...schedule,
    entries: Array.from({ length: 50 }, () => ({
      target: target(),
      method: 'percent-off-list' as const,
      value: 1000,
    })),
  }));
  return { lines, offers, lists };
}
