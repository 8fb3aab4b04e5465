/**
 * The default GST rate table: rate categories and their dated rules, from GST-FACTS.md
 * (GST 2.0 from 22 September 2025, Notification 9/2025-CT(Rate), and the rates before it).
 * Entries marked unverified there stay `verified: false` so the UI says "check with your CA";
 * shops correct any entry by adding their own (see `createRateTable`).
 */
import type { RateCategory, RateEntry, ZeroSupplyKind } from './rate-table.types.js';

/** The date GST began. */
export const GST_START = '2017-07-01';
/** GST 2.0: slabs 0/5/18/40, 12 and 28 removed, compensation cess ended for most goods. */
export const GST_2_START = '2025-09-22';

export const DEFAULT_RATE_CATEGORIES: readonly RateCategory[] = [
  { id: 'nil-rated', name: 'Nil-rated goods or services', hsnHints: [], placeRule: 'default' },
  { id: 'exempt', name: 'Exempt goods or services', hsnHints: [], placeRule: 'default' },
  { id: 'non-gst', name: 'Outside GST (non-GST supply)', hsnHints: [], placeRule: 'default' },
  { id: 'gst-0.25', name: 'GST 0.25%', hsnHints: ['7102'], placeRule: 'default' },
  { id: 'gst-1.5', name: 'GST 1.5%', hsnHints: ['7113'], placeRule: 'default' },
  { id: 'gst-3', name: 'GST 3%', hsnHints: ['71'], placeRule: 'default' },
  { id: 'gst-5', name: 'GST 5%', hsnHints: [], placeRule: 'default' },
  { id: 'gst-12', name: 'GST 12% (until 21 Sep 2025)', hsnHints: [], placeRule: 'default' },
  { id: 'gst-18', name: 'GST 18%', hsnHints: [], placeRule: 'default' },
  { id: 'gst-28', name: 'GST 28% (until 21 Sep 2025)', hsnHints: [], placeRule: 'default' },
  { id: 'gst-40', name: 'GST 40%', hsnHints: [], placeRule: 'default' },
  {
    id: 'apparel',
    name: 'Apparel and made-ups (rate by value per piece)',
    hsnHints: ['61', '62', '63'],
    placeRule: 'default',
  },
  { id: 'footwear', name: 'Footwear (rate by value per piece)', hsnHints: ['64'], placeRule: 'default' },
  {
    id: 'salon-service',
    name: 'Salon and beauty services',
    hsnHints: ['999721', '999722'],
    placeRule: 'where-performed',
  },
  { id: 'fertiliser', name: 'Fertilisers', hsnHints: ['31'], placeRule: 'default' },
  { id: 'pesticide', name: 'Chemical pesticides', hsnHints: ['3808'], placeRule: 'default' },
  { id: 'seeds', name: 'Seeds for sowing', hsnHints: ['1209', '1001', '1006'], placeRule: 'default' },
  { id: 'agri-hand-tools', name: 'Hand tools for agriculture', hsnHints: ['8201'], placeRule: 'default' },
  {
    id: 'agri-machinery',
    name: 'Tractors and agricultural machinery',
    hsnHints: ['8432', '8433', '8436', '8701'],
    placeRule: 'default',
  },
  { id: 'tobacco', name: 'Tobacco and pan masala', hsnHints: ['24', '2106'], placeRule: 'default' },
];

const NOTE_2 = 'Notification 9/2025-CT(Rate), GST 2.0';
const NOTE_1 = 'Rates before GST 2.0 (kept for documents dated before 22 Sep 2025)';

function flat(
  category: string,
  effectiveFrom: string,
  rate: number,
  verified = true,
  source = NOTE_2,
): RateEntry {
  return { category, effectiveFrom, rule: { kind: 'flat', rate }, verified, source, origin: 'default' };
}

/** A category without GST since GST began. */
function zero(category: string, supply: ZeroSupplyKind, verified: boolean, source: string): RateEntry {
  return {
    category,
    effectiveFrom: GST_START,
    rule: { kind: 'zero', supply },
    verified,
    source,
    origin: 'default',
  };
}

/** 5 percent up to the threshold per piece, `highRate` above it. */
function perPiece(
  category: string,
  effectiveFrom: string,
  thresholdPaise: number,
  highRate: number,
  verified: boolean,
  source: string,
): RateEntry {
  const rule = { kind: 'per-piece-threshold', thresholdPaise, lowRate: 500, highRate } as const;
  return { category, effectiveFrom, rule, verified, source, origin: 'default' };
}

export const DEFAULT_RATE_ENTRIES: readonly RateEntry[] = [
  zero('nil-rated', 'nil', true, 'Nil rate'),
  zero('exempt', 'exempt', true, 'Exemption'),
  zero('non-gst', 'non-gst', true, 'Outside GST'),
  flat('gst-0.25', GST_START, 25, true, NOTE_1),
  flat('gst-1.5', GST_START, 150, true, NOTE_1),
  flat('gst-3', GST_START, 300, true, NOTE_1),
  flat('gst-5', GST_START, 500, true, NOTE_1),
  flat('gst-12', GST_START, 1200, true, NOTE_1),
  {
    category: 'gst-12',
    effectiveFrom: GST_2_START,
    rule: { kind: 'withdrawn' },
    verified: true,
    source: NOTE_2,
    origin: 'default',
  },
  flat('gst-18', GST_START, 1800, true, NOTE_1),
  flat('gst-28', GST_START, 2800, true, NOTE_1),
  {
    category: 'gst-28',
    effectiveFrom: GST_2_START,
    rule: { kind: 'withdrawn' },
    verified: true,
    source: NOTE_2,
    origin: 'default',
  },
  flat('gst-40', GST_2_START, 4000),
  perPiece('apparel', GST_START, 100_000, 1200, true, NOTE_1),
  // The threshold is decided per piece; whether it is measured before tax is unverified.
  perPiece(
    'apparel',
    GST_2_START,
    250_000,
    1800,
    false,
    `${NOTE_2}; threshold basis (before or with tax) unverified`,
  ),
  // GST-FACTS gives Rs 1,000 and 5/12 before GST 2.0; footwear rates changed during 2017-2025.
  perPiece('footwear', GST_START, 100_000, 1200, false, `${NOTE_1}; footwear history unverified`),
  perPiece(
    'footwear',
    GST_2_START,
    250_000,
    1800,
    false,
    `${NOTE_2}; threshold basis (before or with tax) unverified`,
  ),
  flat('salon-service', GST_START, 1800, false, `${NOTE_1}; unverified`),
  flat('salon-service', GST_2_START, 500, true, `${NOTE_2}; without input tax credit`),
  flat('fertiliser', GST_START, 500, true, NOTE_1),
  flat('pesticide', GST_START, 1800, false, `${NOTE_1}; unverified`),
  flat('pesticide', GST_2_START, 1800, false, `${NOTE_2}; unverified`),
  zero('seeds', 'nil', false, 'Nil rate; carry-over unverified'),
  zero('agri-hand-tools', 'nil', false, 'Nil rate; unverified'),
  flat('agri-machinery', GST_START, 1200, false, `${NOTE_1}; unverified`),
  flat('agri-machinery', GST_2_START, 500, true, NOTE_2),
  // 28 percent survives for tobacco and pan masala until compensation cess ends entirely; the
  // cess itself (specific and ad valorem rates) must be entered by the shop.
  flat('tobacco', GST_START, 2800, false, `${NOTE_1}; cess not included, enter it as a shop rate`),
  flat('tobacco', '2026-02-01', 4000, false, 'Compensation cess ended 1 Feb 2026; 40 percent unverified'),
];
