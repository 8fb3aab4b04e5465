/** The offers engine: price lists, promotions and coupons over a cart (pure, no I/O). */
export * from './offer.types.js';
export * from './spread.js';
export * from './schedule.js';
export * from './price-lists.js';
export * from './offer-engine.js';
