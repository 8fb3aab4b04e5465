/**
 * The offers engine (pure, no I/O): prices a cart's lines against the price lists and offers in
 * force and says what each line saves and why an offer did not apply.
 *
 * Order, always the same:
 * 1. List prices (price-lists.ts).
 * 2. Item offers that do not stack (`best`, `exclusive`): each is measured alone on the cart; they
 *    are then applied largest saving first (ties: higher priority, then smaller id), each on the
 *    pieces no earlier one took. The customer gets the best combination this greedy order finds.
 * 3. Stackable item offers, by priority then id, on what the pieces cost by then (not on pieces an
 *    exclusive offer took).
 * 4. Bill offers on the bill after item offers (pieces an exclusive offer took do not count): the
 *    best of the non-stacking ones, then the stackable ones by priority then id (none after an
 *    exclusive bill offer).
 * A coupon's minimum bill is measured after price lists, before offers. Buy X get Y and bundle
 * savings are spread over every piece of the group in proportion to its value (the price charged
 * is for all of them: CBIC Circular 92/11/2019), bill savings over the pieces they were measured
 * on. Every share is whole paise (spread.ts), so the lines add up to the bill's saving exactly.
 *
 * Speed (issue 15: 50 lines against 500 offers in well under a millisecond): an offer set is
 * prepared once per version (the array given; `prepare`): sorted by priority, its names, and an
 * index from each target (item, variant, category, brand, collection, everything) to the offers
 * that name it, so a cart looks up only the offers its lines answer to instead of a pass over
 * all of them; each offer's targets are turned into lookup keys once, with the index. Measuring
 * an offer alone allocates nothing for the simple rules, and piece offers count the pieces they
 * could take before listing and sorting them (most offers measured on a busy cart find too few
 * and report "add more" from the counts alone). The result is the same as the plain pass
 * (test/offers/support/naive-offer-engine.ts, checked by property tests and on the benchmark's
 * carts).
 */
import type {
  AppliedOffer,
  LineSaving,
  NotAppliedOffer,
  Offer,
  OfferContext,
  OfferLine,
  OfferLineResult,
  OfferQuote,
  PriceList,
  Target,
} from './offer.types.js';
import { lineKeys, listPriceOf, listsInForce, targetKey } from './price-lists.js';
import { forGroup, runsAt } from './schedule.js';
import { percentOfPaise, spread } from './spread.js';

const FREE = 0;
const TAKEN = 1;
const EXCLUSIVE = 2;

/** The cart as pieces: whole pieces of a line one by one, a fractional quantity as one part. */
interface Pieces {
  line: number[];
  net: number[];
  claim: number[];
  whole: boolean[];
  /** Piece indices per line. */
  ofLine: number[][];
  /** Line indices per target key. */
  byKey: Map<string, number[]>;
  /** Scratch marks, one per piece, all 0 between uses. */
  mark: Uint8Array;
}

interface Off {
  readonly at: number[];
  readonly paise: number[];
}

const newOff = (): Off => ({ at: [], paise: [] });

interface Outcome {
  saving: number;
  /** Paise off per piece (pieces at `at`, amounts at the same position in `paise`). */
  off: Off;
  /** Pieces it claims. */
  used: number[];
  /** Several lines sold at one price. */
  grouped: boolean;
  missing?: number;
  reward?: number;
  reason?: 'add-more' | 'spend-more';
}

const NONE: Outcome = { saving: 0, off: newOff(), used: [], grouped: false };

const NO_LINES: readonly number[] = [];
const NO_KEYS: readonly string[] = [];
const NO_OFF: Off = newOff();
const NO_MARKS = new Uint8Array(0);

/** An offer's targets as lookup keys, worked out once per offer set. */
interface RuleKeys {
  /** Percentage, flat and bundle offers' targets; buy X get Y's buy targets. */
  readonly targets: readonly string[];
  /** Buy X get Y's get targets. */
  readonly get: readonly string[];
}

/** An offer set made ready once (per array): sorted by priority, named, indexed by target. */
interface Prepared {
  readonly sorted: readonly Offer[];
  /** The target keys of `sorted[i]`. */
  readonly keys: readonly RuleKeys[];
  readonly names: ReadonlyMap<string, string>;
  /** Target key -> positions in `sorted` of the offers naming it. */
  readonly byKey: ReadonlyMap<string, readonly number[]>;
  /** Positions of bill offers (they concern every cart). */
  readonly bill: readonly number[];
}

const preparedSets = new WeakMap<readonly Offer[], Prepared>();

function targetsOf(rule: Offer['rule']): readonly Target[] {
  switch (rule.kind) {
    case 'bill-threshold':
      return [];
    case 'buy-x-get-y':
      return [...rule.buy.targets, ...rule.get.targets];
    default:
      return rule.targets;
  }
}

/** The offer set prepared for pricing; kept while the same array is passed again. */
function prepare(offers: readonly Offer[]): Prepared {
  const known = preparedSets.get(offers);
  if (known !== undefined) return known;
  const sorted = [...offers].sort(byPriority);
  const byKey = new Map<string, number[]>();
  const bill: number[] = [];
  const keys = sorted.map((o): RuleKeys => {
    const rule = o.rule;
    switch (rule.kind) {
      case 'bill-threshold':
        return { targets: NO_KEYS, get: NO_KEYS };
      case 'buy-x-get-y':
        return { targets: rule.buy.targets.map(targetKey), get: rule.get.targets.map(targetKey) };
      default:
        return { targets: rule.targets.map(targetKey), get: NO_KEYS };
    }
  });
  sorted.forEach((o, i) => {
    if (o.rule.kind === 'bill-threshold') bill.push(i);
    for (const key of new Set(targetsOf(o.rule).map(targetKey))) {
      const at = byKey.get(key);
      if (at === undefined) byKey.set(key, [i]);
      else at.push(i);
    }
  });
  const prepared: Prepared = { sorted, keys, names: new Map(offers.map((o) => [o.id, o.name])), byKey, bill };
  preparedSets.set(offers, prepared);
  return prepared;
}

/** Which offers (positions in `sorted`) name a target some line of the cart answers to. */
function concerning(prepared: Prepared, pieces: Pieces): Uint8Array {
  const marks = new Uint8Array(prepared.sorted.length);
  for (const i of prepared.bill) marks[i] = 1;
  for (const key of pieces.byKey.keys()) {
    const at = prepared.byKey.get(key);
    if (at !== undefined) for (const i of at) marks[i] = 1;
  }
  return marks;
}

/** The cart's lines that answer to any of the target keys, in line order. */
function linesOf(pieces: Pieces, keys: readonly string[]): readonly number[] {
  if (keys.length === 1) return pieces.byKey.get(keys[0] ?? '') ?? NO_LINES;
  const found = new Set<number>();
  for (const key of keys) for (const l of pieces.byKey.get(key) ?? NO_LINES) found.add(l);
  return [...found].sort((a, b) => a - b);
}

function piecesOf(
  pieces: Pieces,
  lines: readonly number[],
  allowed: (p: number) => boolean,
  wholeOnly: boolean,
) {
  const out: number[] = [];
  for (const l of lines)
    for (const p of pieces.ofLine[l] ?? [])
      if (allowed(p) && (!wholeOnly || pieces.whole[p] === true)) out.push(p);
  return out;
}

/** How many of the lines' pieces are allowed (and whole, if asked), without listing them. */
function countPieces(
  pieces: Pieces,
  lines: readonly number[],
  allowed: (p: number) => boolean,
  wholeOnly: boolean,
): number {
  let n = 0;
  for (const l of lines)
    for (const p of pieces.ofLine[l] ?? NO_LINES)
      if (allowed(p) && (!wholeOnly || pieces.whole[p] === true)) n++;
  return n;
}

/** Pieces of `a` and `b` together, each counted once (`mark` is left all 0 again). */
function unionCount(
  pieces: Pieces,
  a: readonly number[],
  b: readonly number[],
  allowed: (p: number) => boolean,
): number {
  const mark = pieces.mark;
  let n = 0;
  for (const l of a)
    for (const p of pieces.ofLine[l] ?? NO_LINES)
      if (allowed(p) && pieces.whole[p] === true) {
        mark[p] = 1;
        n++;
      }
  for (const l of b)
    for (const p of pieces.ofLine[l] ?? NO_LINES)
      if (allowed(p) && pieces.whole[p] === true && mark[p] !== 1) n++;
  for (const l of a) for (const p of pieces.ofLine[l] ?? NO_LINES) mark[p] = 0;
  return n;
}

function sameLines(a: readonly number[], b: readonly number[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

const addMore = (missing: number, reward?: number): Outcome =>
  reward === undefined
    ? { saving: 0, off: NO_OFF, used: NO_LINES as number[], grouped: false, reason: 'add-more', missing }
    : {
        saving: 0,
        off: NO_OFF,
        used: NO_LINES as number[],
        grouped: false,
        reason: 'add-more',
        missing,
        reward,
      };

const byNetDesc = (pieces: Pieces) => (a: number, b: number) =>
  (pieces.net[b] ?? 0) - (pieces.net[a] ?? 0) || a - b;
const byNetAsc = (pieces: Pieces) => (a: number, b: number) =>
  (pieces.net[a] ?? 0) - (pieces.net[b] ?? 0) || a - b;

/** Spreads a saving over pieces in proportion to what they cost now. */
function spreadOver(pieces: Pieces, used: readonly number[], saving: number, off: Off) {
  const shares = spread(
    saving,
    used.map((p) => pieces.net[p] ?? 0),
  );
  for (let i = 0; i < used.length; i++) {
    off.at.push(used[i] ?? 0);
    off.paise.push(shares[i] ?? 0);
  }
}

/** What an offer gives on the allowed pieces; `measure`: the saving only, not spread over pieces. */
function evaluate(
  offer: Offer,
  keys: RuleKeys,
  pieces: Pieces,
  allowed: (p: number) => boolean,
  measure = false,
  billBase?: number,
): Outcome {
  const rule = offer.rule;
  switch (rule.kind) {
    case 'percent-off':
    case 'flat-off': {
      if (measure) {
        // The saving alone, without building the pieces' shares.
        const wholeOnly = rule.kind === 'flat-off';
        let saving = 0;
        for (const l of linesOf(pieces, keys.targets))
          for (const p of pieces.ofLine[l] ?? NO_LINES) {
            if (!allowed(p) || (wholeOnly && pieces.whole[p] !== true)) continue;
            const net = pieces.net[p] ?? 0;
            saving +=
              rule.kind === 'percent-off'
                ? percentOfPaise(net, rule.percentBp)
                : Math.min(rule.amountPaise, net);
          }
        return { saving, off: NO_OFF, used: NO_LINES as number[], grouped: false };
      }
      const used = piecesOf(pieces, linesOf(pieces, keys.targets), allowed, rule.kind === 'flat-off');
      const off = newOff();
      let saving = 0;
      for (const p of used) {
        const net = pieces.net[p] ?? 0;
        const d =
          rule.kind === 'percent-off' ? percentOfPaise(net, rule.percentBp) : Math.min(rule.amountPaise, net);
        off.at.push(p);
        off.paise.push(d);
        saving += d;
      }
      return { saving, off, used, grouped: false };
    }
    case 'buy-x-get-y': {
      const buyLines = linesOf(pieces, keys.targets);
      const getLines = linesOf(pieces, keys.get);
      const x = rule.buy.quantity;
      const y = rule.get.quantity;
      // Counted before listed: most offers measured find too few pieces and list none.
      const buyCount = countPieces(pieces, buyLines, allowed, true);
      const getCount = countPieces(pieces, getLines, allowed, true);
      let groups = Math.min(Math.floor(buyCount / x), Math.floor(getCount / y));
      const buy = groups > 0 ? piecesOf(pieces, buyLines, allowed, true).sort(byNetDesc(pieces)) : NO_LINES;
      const get = groups > 0 ? piecesOf(pieces, getLines, allowed, true).sort(byNetAsc(pieces)) : NO_LINES;
      const mark = pieces.mark;
      for (; groups > 0; groups--) {
        // Enough buy pieces besides the cheapest `groups * y` taken as get pieces?
        const g = groups * y;
        for (let k = 0; k < g; k++) mark[get[k] ?? 0] = 1;
        let found = 0;
        for (let k = 0; k < buy.length && found < groups * x; k++) if (mark[buy[k] ?? 0] !== 1) found++;
        for (let k = 0; k < g; k++) mark[get[k] ?? 0] = 0;
        if (found < groups * x) continue;
        if (measure) {
          let saving = 0;
          for (let k = 0; k < g; k++)
            saving += percentOfPaise(pieces.net[get[k] ?? 0] ?? 0, rule.get.percentBp);
          return { saving, off: NO_OFF, used: NO_LINES as number[], grouped: true };
        }
        const chosenGet = get.slice(0, groups * y);
        const taken = new Set(chosenGet);
        const chosenBuy = buy.filter((p) => !taken.has(p)).slice(0, groups * x);
        if (chosenBuy.length < groups * x) continue;
        const saving = chosenGet.reduce(
          (s, p) => s + percentOfPaise(pieces.net[p] ?? 0, rule.get.percentBp),
          0,
        );
        const used = [...chosenBuy, ...chosenGet].sort((a, b) => a - b);
        const off = newOff();
        if (!measure) spreadOver(pieces, used, saving, off);
        return { saving, off, used, grouped: true };
      }
      const union = unionCount(pieces, buyLines, getLines, allowed);
      if (union === 0) return NONE;
      const missing = sameLines(buyLines, getLines)
        ? x + y - union
        : Math.max(0, x - buyCount) + Math.max(0, y - getCount);
      return addMore(Math.max(missing, 1), y);
    }
    case 'bundle': {
      const bundleLines = linesOf(pieces, keys.targets);
      const count = countPieces(pieces, bundleLines, allowed, true);
      const groups = Math.floor(count / rule.quantity);
      if (groups === 0) return count === 0 ? NONE : addMore(rule.quantity - count);
      const all = piecesOf(pieces, bundleLines, allowed, true).sort(byNetDesc(pieces));
      if (measure) {
        let saving = 0;
        for (let g = 0; g < groups; g++) {
          let value = 0;
          for (let k = g * rule.quantity; k < (g + 1) * rule.quantity; k++)
            value += pieces.net[all[k] ?? 0] ?? 0;
          if (value > rule.pricePaise) saving += value - rule.pricePaise;
        }
        return { saving, off: NO_OFF, used: NO_LINES as number[], grouped: true };
      }
      const off = newOff();
      const used: number[] = [];
      let saving = 0;
      for (let g = 0; g < groups; g++) {
        const group = all.slice(g * rule.quantity, (g + 1) * rule.quantity);
        const value = group.reduce((s, p) => s + (pieces.net[p] ?? 0), 0);
        const gain = value - rule.pricePaise;
        if (gain <= 0) continue;
        if (!measure) spreadOver(pieces, group, gain, off);
        used.push(...group);
        saving += gain;
      }
      return { saving, off, used: used.sort((a, b) => a - b), grouped: true };
    }
    case 'bill-threshold': {
      const used: number[] = [];
      // Measuring many bill offers on the same pieces: their base is summed once by the caller.
      let base = measure && billBase !== undefined ? billBase : 0;
      if (!(measure && billBase !== undefined))
        for (let p = 0; p < pieces.net.length; p++)
          if (allowed(p)) {
            used.push(p);
            base += pieces.net[p] ?? 0;
          }
      if (base < rule.minBillPaise)
        return {
          saving: 0,
          off: NO_OFF,
          used: NO_LINES as number[],
          grouped: false,
          reason: 'spend-more',
          missing: rule.minBillPaise - base,
        };
      const saving = Math.min(
        base,
        rule.percentBp !== undefined ? percentOfPaise(base, rule.percentBp) : (rule.amountPaise ?? 0),
      );
      const off = newOff();
      if (!measure) spreadOver(pieces, used, saving, off);
      return { saving, off, used, grouped: false };
    }
  }
}

function build(
  lines: readonly OfferLine[],
  keysOf: readonly (readonly string[])[],
  listPrices: readonly number[],
): Pieces {
  const pieces: Pieces = {
    line: [],
    net: [],
    claim: [],
    whole: [],
    ofLine: [],
    byKey: new Map(),
    mark: NO_MARKS,
  };
  lines.forEach((line, l) => {
    for (const key of keysOf[l] ?? NO_KEYS) {
      const at = pieces.byKey.get(key);
      if (at === undefined) pieces.byKey.set(key, [l]);
      else at.push(l);
    }
    const price = listPrices[l] ?? 0;
    const own: number[] = [];
    const whole = Number.isInteger(line.quantity);
    const count = whole ? line.quantity : 1;
    for (let k = 0; k < count; k++) {
      own.push(pieces.net.length);
      pieces.line.push(l);
      pieces.net.push(whole ? price : lineValue(price, line.quantity));
      pieces.claim.push(FREE);
      pieces.whole.push(whole);
    }
    pieces.ofLine.push(own);
  });
  pieces.mark = new Uint8Array(pieces.net.length);
  return pieces;
}

/** price x quantity in paise, rounded half up, as the GST engine computes a line's gross. */
export function lineValue(unitPaise: number, quantity: number): number {
  const milli = Math.round(quantity * 1000);
  return Number((BigInt(unitPaise) * BigInt(milli) * 2n + 1000n) / 2000n);
}

const byPriority = (a: Offer, b: Offer) =>
  b.priority - a.priority || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

/** Prices the lines against the lists and offers in force for `context`. */
export function quoteOffers(
  lines: readonly OfferLine[],
  priceLists: readonly PriceList[],
  offers: readonly Offer[],
  context: OfferContext,
): OfferQuote {
  const lists = listsInForce(priceLists, context);
  const keysOf = lines.map(lineKeys);
  const listed = lines.map((line, i) => listPriceOf(line, lists, `lines.${i}`, keysOf[i]));
  const pieces = build(
    lines,
    keysOf,
    listed.map((l) => l.pricePaise),
  );
  const prepared = prepare(offers);
  const beforeOffers = pieces.net.reduce((s, v) => s + v, 0);
  // Created for a line when an offer first takes from it.
  const lineOff: (Map<string, number> | undefined)[] = new Array<undefined>(lines.length);
  const applied: AppliedOffer[] = [];
  const notApplied: NotAppliedOffer[] = [];
  const groups: number[][] = [];
  const skip = context.skip ?? new Set<string>();

  const refuse = (o: Offer, reason: NotAppliedOffer['reason'], missing?: number, reward?: number) =>
    notApplied.push(
      missing === undefined
        ? { id: o.id, name: o.name, kind: o.rule.kind, reason }
        : reward === undefined
          ? { id: o.id, name: o.name, kind: o.rule.kind, reason, missing }
          : { id: o.id, name: o.name, kind: o.rule.kind, reason, missing, reward },
    );
  // Offers running now, here, that concern the cart (found through the target index).
  const concerned = concerning(prepared, pieces);
  // Positions in `prepared.sorted`: in priority order.
  const candidates: number[] = [];
  const at = Date.parse(context.at);
  for (let i = 0; i < prepared.sorted.length; i++) {
    if (concerned[i] !== 1) continue;
    const o = prepared.sorted[i] as Offer;
    if (!runsAt(o, at, context.storeId)) continue;
    if (skip.has(o.id)) refuse(o, 'skipped');
    else if (!forGroup(o, context.customerGroup)) refuse(o, 'members-only');
    else if (o.couponRequired && !context.coupons.has(o.id)) refuse(o, 'needs-coupon');
    else if (o.couponRequired && beforeOffers < (context.coupons.get(o.id)?.minBillPaise ?? 0))
      refuse(o, 'spend-more', (context.coupons.get(o.id)?.minBillPaise ?? 0) - beforeOffers);
    else candidates.push(i);
  }

  const perLine = new Array<number>(lines.length).fill(0);
  const apply = (o: Offer, outcome: Outcome, claim: number) => {
    // Summed per line first, then one entry per line touched, in line order.
    const { at: offAt, paise: offPaise } = outcome.off;
    for (let k = 0; k < offAt.length; k++) {
      const d = offPaise[k] ?? 0;
      if (d <= 0) continue;
      const p = offAt[k] ?? 0;
      pieces.net[p] = (pieces.net[p] ?? 0) - d;
      const l = pieces.line[p] ?? 0;
      perLine[l] = (perLine[l] ?? 0) + d;
    }
    const onLines: number[] = [];
    for (let l = 0; l < perLine.length; l++) {
      const d = perLine[l] ?? 0;
      if (d <= 0) continue;
      perLine[l] = 0;
      const m = lineOff[l] ?? (lineOff[l] = new Map<string, number>());
      m.set(o.id, (m.get(o.id) ?? 0) + d);
      onLines.push(l);
    }
    for (const p of outcome.used) if (claim > (pieces.claim[p] ?? 0)) pieces.claim[p] = claim;
    if (outcome.grouped) {
      const all = [...new Set(outcome.used.map((p) => pieces.line[p] ?? 0))].sort((a, b) => a - b);
      if (all.length > 1) groups.push(all);
    }
    applied.push({
      id: o.id,
      name: o.name,
      kind: o.rule.kind,
      savingPaise: outcome.saving,
      lines: onLines,
      couponCode: context.coupons.get(o.id)?.code ?? null,
    });
  };
  const report = (o: Offer, outcome: Outcome, fallback: NotAppliedOffer['reason']) => {
    if (outcome.reason !== undefined) refuse(o, outcome.reason, outcome.missing, outcome.reward);
    else refuse(o, fallback);
  };

  const free = (p: number) => pieces.claim[p] === FREE;
  const notExclusive = (p: number) => pieces.claim[p] !== EXCLUSIVE;
  const { sorted, keys } = prepared;
  const offerAt = (i: number) => sorted[i] as Offer;
  const keysAt = (i: number) => keys[i] as RuleKeys;
  // Positions in `sorted` order are priority order (ties: smaller id), so each group below is too.
  const itemCompeting: { i: number; saving: number; alone: Outcome }[] = [];
  const itemStacking: number[] = [];
  const billCompeting: number[] = [];
  const billStacking: number[] = [];
  for (const i of candidates) {
    const o = offerAt(i);
    const bill = o.rule.kind === 'bill-threshold';
    if (o.stacking === 'stackable') (bill ? billStacking : itemStacking).push(i);
    else if (bill) billCompeting.push(i);
    else {
      const alone = evaluate(o, keysAt(i), pieces, free, true);
      itemCompeting.push({ i, saving: alone.saving, alone });
    }
  }
  const bySaving = (a: { i: number; saving: number }, b: { i: number; saving: number }) =>
    b.saving - a.saving || a.i - b.i;

  // 2. Item offers that compete.
  itemCompeting.sort(bySaving);
  for (const { i, alone } of itemCompeting) {
    const o = offerAt(i);
    if (alone.saving <= 0) {
      report(o, alone, 'better-offer');
      continue;
    }
    // Measured first on what is still free: most lose their pieces to a larger saving.
    const now =
      evaluate(o, keysAt(i), pieces, free, true).saving > 0 ? evaluate(o, keysAt(i), pieces, free) : NONE;
    if (now.saving > 0) apply(o, now, o.stacking === 'exclusive' ? EXCLUSIVE : TAKEN);
    else refuse(o, 'better-offer');
  }
  // 3. Stackable item offers, in priority order.
  for (const i of itemStacking) {
    const o = offerAt(i);
    const now = evaluate(o, keysAt(i), pieces, notExclusive);
    if (now.saving > 0) apply(o, now, TAKEN);
    else report(o, now, 'better-offer');
  }
  // 4. Bill offers.
  let billBase = 0;
  for (let p = 0; p < pieces.net.length; p++) if (notExclusive(p)) billBase += pieces.net[p] ?? 0;
  const billBest = billCompeting
    .map((i) => {
      const out = evaluate(offerAt(i), keysAt(i), pieces, notExclusive, true, billBase);
      return { i, out, saving: out.saving };
    })
    .sort(bySaving);
  let exclusiveBill = false;
  billBest.forEach(({ i, out }, k) => {
    const o = offerAt(i);
    if (k === 0 && out.saving > 0) {
      apply(o, evaluate(o, keysAt(i), pieces, notExclusive), TAKEN);
      exclusiveBill = o.stacking === 'exclusive';
    } else report(o, out, 'better-offer');
  });
  for (const i of billStacking) {
    const o = offerAt(i);
    const now = exclusiveBill ? NONE : evaluate(o, keysAt(i), pieces, notExclusive);
    if (now.saving > 0) apply(o, now, TAKEN);
    else report(o, now, 'better-offer');
  }

  const names = prepared.names;
  let savingPaise = 0;
  const results: OfferLineResult[] = lines.map((line, index) => {
    const list = listed[index] ?? { pricePaise: line.unitPricePaise, list: null };
    const unit = Math.max(line.unitPricePaise, list.pricePaise);
    const savings: LineSaving[] = [];
    const listSaving = lineValue(unit, line.quantity) - lineValue(list.pricePaise, line.quantity);
    if (list.list !== null && listSaving > 0)
      savings.push({ source: 'price-list', id: list.list.id, name: list.list.name, paise: listSaving });
    for (const [id, paise] of lineOff[index] ?? [])
      savings.push({ source: 'offer', id, name: names.get(id) ?? '', paise });
    const discountPaise = savings.reduce((s, v) => s + v.paise, 0);
    savingPaise += discountPaise;
    return {
      index,
      unitPricePaise: unit,
      listPricePaise: list.pricePaise,
      priceListId: list.list?.id ?? null,
      discountPaise,
      savings,
    };
  });
  return { lines: results, applied, notApplied, groups, savingPaise };
}
