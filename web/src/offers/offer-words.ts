/** Offers and sale prices described in the shopkeeper's words ("Buy 2 of shirts, get 1 free"). */
import type { TFunction } from 'i18next';
import type { OfferView, PriceListView } from '../api/offers.api';
import { formatDateTime } from '../format/dates';
import { formatRupees } from '../format/money';

interface TargetLike {
  kind: string;
  value: string;
}

const percentOf = (bp: unknown) => String(Number(bp) / 100);
const money = (paise: unknown) => formatRupees(Number(paise));

export function targetWords(t: TFunction, targets: readonly TargetLike[] | undefined): string {
  return (targets ?? [])
    .map((x) => (x.kind === 'all' ? t('offers.describe.everything') : x.value))
    .join(', ');
}

/** What an offer gives, in a sentence. */
export function describeOffer(
  t: TFunction,
  offer: Pick<OfferView, 'kind' | 'rule' | 'couponRequired'>,
): string {
  const r = offer.rule as Record<string, unknown> & {
    targets?: TargetLike[];
    buy?: { targets: TargetLike[]; quantity: number };
    get?: { targets: TargetLike[]; quantity: number; percentBp: number };
  };
  let text: string;
  switch (offer.kind) {
    case 'percent-off':
      text = t('offers.describe.percent-off', {
        percent: percentOf(r.percentBp),
        target: targetWords(t, r.targets),
      });
      break;
    case 'flat-off':
      text = t('offers.describe.flat-off', {
        amount: money(r.amountPaise),
        target: targetWords(t, r.targets),
      });
      break;
    case 'buy-x-get-y': {
      const free = r.get?.percentBp === 10_000;
      text = t(free ? 'offers.describe.buy-x-get-y-free' : 'offers.describe.buy-x-get-y', {
        buy: r.buy?.quantity,
        get: r.get?.quantity,
        percent: percentOf(r.get?.percentBp),
        target: targetWords(t, r.buy?.targets),
      });
      break;
    }
    case 'bundle':
      text = t('offers.describe.bundle', {
        quantity: r.quantity,
        amount: money(r.pricePaise),
        target: targetWords(t, r.targets),
      });
      break;
    case 'bill-threshold':
      text =
        r.percentBp === undefined
          ? t('offers.describe.bill-threshold-amount', {
              min: money(r.minBillPaise),
              amount: money(r.amountPaise),
            })
          : t('offers.describe.bill-threshold-percent', {
              min: money(r.minBillPaise),
              percent: percentOf(r.percentBp),
            });
      break;
  }
  return offer.couponRequired ? `${text} (${t('offers.describe.withCoupon')})` : text;
}

/** One price of a sale-price list, in words. */
export function describeEntry(t: TFunction, entry: PriceListView['entries'][number]): string {
  const price =
    entry.method === 'fixed'
      ? money(entry.value)
      : `${percentOf(entry.value)} % (${t(`offers.methods.${entry.method}`)})`;
  return t('offers.describe.entry', { target: targetWords(t, [entry.target]), price });
}

export function describeList(t: TFunction, list: PriceListView): string {
  const first = list.entries[0];
  return t('offers.describe.list', {
    count: list.entries.length,
    first: first === undefined ? '' : describeEntry(t, first),
  });
}

/** "01-11-2026 10:00 IST to 30-11-2026 21:00 IST". */
export function describeWhen(t: TFunction, s: { startsAt: string; endsAt: string | null }): string {
  return t('offers.between', {
    from: formatDateTime(s.startsAt),
    until: s.endsAt === null ? t('offers.noEnd') : formatDateTime(s.endsAt),
  });
}
