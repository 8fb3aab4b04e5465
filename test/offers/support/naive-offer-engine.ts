/**
 * The offers engine as first written (before the target index of issue 15's benchmark): every
 * offer checked against the cart in turn, every measure spread over pieces. Kept only as the
 * reference the indexed engine must agree with (offer-engine.property.test.ts): same cart, same
 * offers, the same quote.
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
} from '../../../src/domain/offers/offer.types.js';
import { lineKeys, listPriceOf, listsInForce, targetKey } from '../../../src/domain/offers/price-lists.js';
import { forGroup, runsAt } from '../../../src/domain/offers/schedule.js';
import { percentOfPaise, spread } from '../../../src/domain/offers/spread.js';

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
}

interface Outcome {
  saving: number;
  /** Piece index -> paise off. */
  off: Map<number, number>;
  /** Pieces it claims. */
  used: number[];
  /** Several lines sold at one price. */
  grouped: boolean;
  missing?: number;
  reward?: number;
  reason?: 'add-more' | 'spend-more';
}

const NONE: Outcome = { saving: 0, off: new Map(), used: [], grouped: false };

const NO_LINES: readonly number[] = [];

function linesOf(pieces: Pieces, targets: readonly Target[]): readonly number[] {
  if (targets.length === 1) return pieces.byKey.get(targetKey(targets[0] as Target)) ?? NO_LINES;
  const found = new Set<number>();
  for (const t of targets) for (const l of pieces.byKey.get(targetKey(t)) ?? []) found.add(l);
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

const byNetDesc = (pieces: Pieces) => (a: number, b: number) =>
  (pieces.net[b] ?? 0) - (pieces.net[a] ?? 0) || a - b;
const byNetAsc = (pieces: Pieces) => (a: number, b: number) =>
  (pieces.net[a] ?? 0) - (pieces.net[b] ?? 0) || a - b;

/** Spreads a saving over pieces in proportion to what they cost now. */
function spreadOver(pieces: Pieces, used: readonly number[], saving: number, off: Map<number, number>) {
  const shares = spread(
    saving,
    used.map((p) => pieces.net[p] ?? 0),
  );
  used.forEach((p, i) => off.set(p, (off.get(p) ?? 0) + (shares[i] ?? 0)));
}

/** What an offer gives on the allowed pieces; `measure`: the saving only, not spread over pieces. */
function evaluate(
  offer: Offer,
  pieces: Pieces,
  allowed: (p: number) => boolean,
  measure = false,
  billBase?: number,
): Outcome {
  const rule = offer.rule;
  switch (rule.kind) {
    case 'percent-off':
    case 'flat-off': {
      const used = piecesOf(pieces, linesOf(pieces, rule.targets), allowed, rule.kind === 'flat-off');
      const off = new Map<number, number>();
      let saving = 0;
      for (const p of used) {
        const net = pieces.net[p] ?? 0;
        const d =
          rule.kind === 'percent-off' ? percentOfPaise(net, rule.percentBp) : Math.min(rule.amountPaise, net);
        off.set(p, d);
        saving += d;
      }
      return { saving, off, used, grouped: false };
    }
    case 'buy-x-get-y': {
      const buyLines = linesOf(pieces, rule.buy.targets);
      const getLines = linesOf(pieces, rule.get.targets);
      const buy = piecesOf(pieces, buyLines, allowed, true).sort(byNetDesc(pieces));
      const get = piecesOf(pieces, getLines, allowed, true).sort(byNetAsc(pieces));
      const x = rule.buy.quantity;
      const y = rule.get.quantity;
      let groups = Math.min(Math.floor(buy.length / x), Math.floor(get.length / y));
      for (; groups > 0; groups--) {
        const chosenGet = get.slice(0, groups * y);
        const taken = new Set(chosenGet);
        const chosenBuy = buy.filter((p) => !taken.has(p)).slice(0, groups * x);
        if (chosenBuy.length < groups * x) continue;
        const saving = chosenGet.reduce(
          (s, p) => s + percentOfPaise(pieces.net[p] ?? 0, rule.get.percentBp),
          0,
        );
        const used = [...chosenBuy, ...chosenGet].sort((a, b) => a - b);
        const off = new Map<number, number>();
        if (!measure) spreadOver(pieces, used, saving, off);
        return { saving, off, used, grouped: true };
      }
      const same = buyLines.length === getLines.length && buyLines.every((l, i) => getLines[i] === l);
      const union = new Set([...buy, ...get]).size;
      const missing = same ? x + y - union : Math.max(0, x - buy.length) + Math.max(0, y - get.length);
      return union === 0 ? NONE : { ...NONE, reason: 'add-more', missing: Math.max(missing, 1), reward: y };
    }
    case 'bundle': {
      const all = piecesOf(pieces, linesOf(pieces, rule.targets), allowed, true).sort(byNetDesc(pieces));
      const groups = Math.floor(all.length / rule.quantity);
      if (groups === 0)
        return all.length === 0 ? NONE : { ...NONE, reason: 'add-more', missing: rule.quantity - all.length };
      const off = new Map<number, number>();
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
        return { ...NONE, reason: 'spend-more', missing: rule.minBillPaise - base };
      const saving = Math.min(
        base,
        rule.percentBp !== undefined ? percentOfPaise(base, rule.percentBp) : (rule.amountPaise ?? 0),
      );
      const off = new Map<number, number>();
      if (!measure) spreadOver(pieces, used, saving, off);
      return { saving, off, used, grouped: false };
    }
  }
}

function build(lines: readonly OfferLine[], listPrices: readonly number[]): Pieces {
  const pieces: Pieces = { line: [], net: [], claim: [], whole: [], ofLine: [], byKey: new Map() };
  lines.forEach((line, l) => {
    for (const key of lineKeys(line)) {
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
  return pieces;
}

/** price x quantity in paise, rounded half up, as the GST engine computes a line's gross. */
function lineValue(unitPaise: number, quantity: number): number {
  const milli = Math.round(quantity * 1000);
  return Number((BigInt(unitPaise) * BigInt(milli) * 2n + 1000n) / 2000n);
}

const byPriority = (a: Offer, b: Offer) =>
  b.priority - a.priority || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

/** Prices the lines against the lists and offers in force for `context`. */
export function quoteOffersNaive(
  lines: readonly OfferLine[],
  priceLists: readonly PriceList[],
  offers: readonly Offer[],
  context: OfferContext,
): OfferQuote {
  const lists = listsInForce(priceLists, context);
  const listed = lines.map((line, i) => listPriceOf(line, lists, `lines.${i}`));
  const pieces = build(
    lines,
    listed.map((l) => l.pricePaise),
  );
  const beforeOffers = pieces.net.reduce((s, v) => s + v, 0);
  const lineOff = lines.map(() => new Map<string, number>());
  const applied: AppliedOffer[] = [];
  const notApplied: NotAppliedOffer[] = [];
  const groups: number[][] = [];
  const skip = context.skip ?? new Set<string>();

  const refuse = (o: Offer, reason: NotAppliedOffer['reason'], extra: Partial<NotAppliedOffer> = {}) =>
    notApplied.push({ id: o.id, name: o.name, kind: o.rule.kind, reason, ...extra });
  const concernsCart = (o: Offer) => {
    const r = o.rule;
    const targets =
      r.kind === 'bill-threshold'
        ? null
        : r.kind === 'buy-x-get-y'
          ? [...r.buy.targets, ...r.get.targets]
          : r.targets;
    return targets === null || linesOf(pieces, targets).length > 0;
  };

  // Offers running now, here; the rest are reported only when they concern the cart.
  const candidates: Offer[] = [];
  const at = Date.parse(context.at);
  for (const o of [...offers].sort(byPriority)) {
    if (!runsAt(o, at, context.storeId)) continue;
    if (!concernsCart(o)) continue;
    if (skip.has(o.id)) refuse(o, 'skipped');
    else if (!forGroup(o, context.customerGroup)) refuse(o, 'members-only');
    else if (o.couponRequired && !context.coupons.has(o.id)) refuse(o, 'needs-coupon');
    else if (o.couponRequired && beforeOffers < (context.coupons.get(o.id)?.minBillPaise ?? 0))
      refuse(o, 'spend-more', { missing: (context.coupons.get(o.id)?.minBillPaise ?? 0) - beforeOffers });
    else candidates.push(o);
  }

  const apply = (o: Offer, outcome: Outcome, claim: number) => {
    const touched = new Set<number>();
    for (const [p, d] of outcome.off) {
      if (d <= 0) continue;
      pieces.net[p] = (pieces.net[p] ?? 0) - d;
      const l = pieces.line[p] ?? 0;
      const m = lineOff[l];
      if (m !== undefined) m.set(o.id, (m.get(o.id) ?? 0) + d);
      touched.add(l);
    }
    for (const p of outcome.used) if (claim > (pieces.claim[p] ?? 0)) pieces.claim[p] = claim;
    const onLines = [...touched].sort((a, b) => a - b);
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
    if (outcome.reason !== undefined)
      refuse(o, outcome.reason, {
        ...(outcome.missing === undefined ? {} : { missing: outcome.missing }),
        ...(outcome.reward === undefined ? {} : { reward: outcome.reward }),
      });
    else refuse(o, fallback);
  };

  const isBill = (o: Offer) => o.rule.kind === 'bill-threshold';
  const free = (p: number) => pieces.claim[p] === FREE;
  const notExclusive = (p: number) => pieces.claim[p] !== EXCLUSIVE;

  // 2. Item offers that compete.
  const competing = candidates
    .filter((o) => !isBill(o) && o.stacking !== 'stackable')
    .map((o) => ({ o, alone: evaluate(o, pieces, free, true) }))
    .sort((a, b) => b.alone.saving - a.alone.saving || byPriority(a.o, b.o));
  for (const { o, alone } of competing) {
    if (alone.saving <= 0) {
      report(o, alone, 'better-offer');
      continue;
    }
    const now = evaluate(o, pieces, free);
    if (now.saving > 0) apply(o, now, o.stacking === 'exclusive' ? EXCLUSIVE : TAKEN);
    else refuse(o, 'better-offer');
  }
  // 3. Stackable item offers.
  for (const o of candidates.filter((c) => !isBill(c) && c.stacking === 'stackable').sort(byPriority)) {
    const now = evaluate(o, pieces, notExclusive);
    if (now.saving > 0) apply(o, now, TAKEN);
    else report(o, now, 'better-offer');
  }
  // 4. Bill offers.
  let billBase = 0;
  for (let p = 0; p < pieces.net.length; p++) if (notExclusive(p)) billBase += pieces.net[p] ?? 0;
  const billBest = candidates
    .filter((o) => isBill(o) && o.stacking !== 'stackable')
    .map((o) => ({ o, out: evaluate(o, pieces, notExclusive, true, billBase) }))
    .sort((a, b) => b.out.saving - a.out.saving || byPriority(a.o, b.o));
  let exclusiveBill = false;
  billBest.forEach(({ o, out }, i) => {
    if (i === 0 && out.saving > 0) {
      apply(o, evaluate(o, pieces, notExclusive), TAKEN);
      exclusiveBill = o.stacking === 'exclusive';
    } else report(o, out, 'better-offer');
  });
  for (const o of candidates.filter((c) => isBill(c) && c.stacking === 'stackable').sort(byPriority)) {
    const now = exclusiveBill ? NONE : evaluate(o, pieces, notExclusive);
    if (now.saving > 0) apply(o, now, TAKEN);
    else report(o, now, 'better-offer');
  }

  const names = new Map(offers.map((o) => [o.id, o.name]));
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
