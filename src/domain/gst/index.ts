/**
 * The GST engine's public API (pure code, no I/O):
 * - `validateGstin` / `gstinCheckCharacter`: GSTIN kind, check character, state code;
 * - `GST_STATES`, `findState`, `usesUtgst`: the state and UT table;
 * - `placeOfSupply`, `taxRegimeFor`, `computeTaxHeads`: place of supply and tax heads;
 * - `createRateTable` (defaults + a shop's dated entries), `DEFAULT_RATE_ENTRIES`;
 * - `priceCart(cart, rates)`: a cart to a priced document (taxable values, heads, totals,
 *   round-off, document kind);
 * - `IssuedDocument`: the stored document shape read by renderers and returns builders.
 * Money is integer paise (`../money`), numbering and financial years in `../numbering`.
 */
export * from './states.js';
export * from './gstin.js';
export * from './ist-date.js';
export * from './rate-table.types.js';
export * from './rate-table.data.js';
export * from './rate-table.js';
export * from './tax-heads.js';
export * from './place-of-supply.js';
export * from './pricing.types.js';
export * from './cart-validation.js';
export * from './pricing.js';
export { splitTax } from './line-pricing.js';
export * from './rate-summary.js';
export * from './issued-document.types.js';
export * from './uqc.js';
export * from './supply-type.js';
