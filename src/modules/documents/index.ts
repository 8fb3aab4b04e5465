/**
 * Document renderers: A4 PDF, 80 mm thermal receipt (PDF and plain text), the UPI payment
 * request and QR, the buyer disclosure rule and optional Ed25519 signatures. All read an
 * `IssuedDocument` and the shop's `PrintSettings`; none does I/O.
 */
export * from './document-view.js';
export * from './buyer-disclosure.js';
export * from './upi-payment.js';
export * from './document-signature.js';
export * from './a4-pdf.renderer.js';
export * from './thermal-text.renderer.js';
export * from './thermal-pdf.renderer.js';
export * from './fonts.js';
export * from './challan-pdf.renderer.js';
