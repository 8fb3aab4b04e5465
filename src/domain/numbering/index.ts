/** Document numbering and Indian financial years / return periods (pure). */
export * from './financial-year.js';
export * from './document-number.js';
