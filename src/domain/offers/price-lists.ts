/**
 * Price lists (pure): the list price of each line from the lists in force. The list of highest
 * priority that has an entry for the line wins (ties: the smaller id); within a list the most
 * specific entry wins (variant, item, collection, brand, category, everything). A list price
 * above the MRP is refused (Legal Metrology: no retail sale above the MRP).
 */
import { invalid } from '../app-error.js';
import { formatRupees } from '../money/money.js';
import type { OfferContext, OfferLine, PriceList, PriceListEntry, Target } from './offer.types.js';
import { forGroup, runsAt } from './schedule.js';
import { percentOfPaise } from './spread.js';

/** A target as a lookup key; group names compare without case or outer spaces. */
const keys = new WeakMap<Target, string>();

export function targetKey(target: Target): string {
  let key = keys.get(target);
  if (key === undefined) {
    const named = target.kind === 'category' || target.kind === 'brand' || target.kind === 'collection';
    key = `${target.kind}:${named ? target.value.trim().toLowerCase() : target.value}`;
    keys.set(target, key);
  }
  return key;
}

const groupKey = (kind: 'category' | 'brand' | 'collection', value: string) =>
  `${kind}:${value.trim().toLowerCase()}`;

/** The keys a line answers to, most specific first (the same strings `targetKey` gives). */
export function lineKeys(line: OfferLine): string[] {
  const keys = [`variant:${line.variantId}`, `item:${line.itemId}`];
  if (line.collection !== null && line.collection !== '') keys.push(groupKey('collection', line.collection));
  if (line.brand !== null && line.brand !== '') keys.push(groupKey('brand', line.brand));
  if (line.category !== null && line.category !== '') keys.push(groupKey('category', line.category));
  keys.push('all:');
  return keys;
}

const entryIndex = new WeakMap<PriceList, Map<string, PriceListEntry>>();

function entriesOf(list: PriceList): Map<string, PriceListEntry> {
  let index = entryIndex.get(list);
  if (index === undefined) {
    index = new Map();
    // The first entry for a target wins, as listed.
    for (const entry of list.entries) {
      const key = targetKey(entry.target);
      if (!index.has(key)) index.set(key, entry);
    }
    entryIndex.set(list, index);
  }
  return index;
}

/** The unit price an entry gives a line, or null when it cannot (a percentage off a missing MRP). */
export function entryPrice(entry: PriceListEntry, line: OfferLine): number | null {
  switch (entry.method) {
    case 'fixed':
      return entry.value;
    case 'percent-off-mrp':
      return line.mrpPaise === null ? null : line.mrpPaise - percentOfPaise(line.mrpPaise, entry.value);
    case 'percent-off-list':
      return line.unitPricePaise - percentOfPaise(line.unitPricePaise, entry.value);
  }
}

/** The lists in force for the sale, highest priority first (ties: smaller id). */
export function listsInForce(lists: readonly PriceList[], context: OfferContext): PriceList[] {
  const at = Date.parse(context.at);
  return lists
    .filter((l) => runsAt(l, at, context.storeId) && forGroup(l, context.customerGroup))
    .sort((a, b) => b.priority - a.priority || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

export interface ListPrice {
  readonly pricePaise: number;
  readonly list: PriceList | null;
}

/** The list price of one line (its regular price when no list has an entry for it). */
export function listPriceOf(
  line: OfferLine,
  lists: readonly PriceList[],
  field: string,
  keys: readonly string[] = lineKeys(line),
): ListPrice {
  if (lists.length === 0) return { pricePaise: line.unitPricePaise, list: null };
  for (const list of lists) {
    const entries = entriesOf(list);
    for (const key of keys) {
      const entry = entries.get(key);
      if (entry === undefined) continue;
      const price = entryPrice(entry, line);
      if (price === null) continue;
      if (line.mrpPaise !== null && price > line.mrpPaise)
        throw invalid(
          field,
          `the price list "${list.name}" prices this item at Rs ${formatRupees(price)}, above its MRP of Rs ${formatRupees(line.mrpPaise)}: a sale above the MRP is not allowed`,
        );
      return { pricePaise: Math.max(price, 0), list };
    }
  }
  return { pricePaise: line.unitPricePaise, list: null };
}
