/** Money in integer paise: arithmetic, rounding, display and amounts in words. */
export * from './money.js';
export * from './amount-in-words.js';
export * from './amount-in-words.hi.js';
