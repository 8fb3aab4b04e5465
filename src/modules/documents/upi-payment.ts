/**
 * UPI payment requests: the `upi://pay` URI (NPCI deep-link format) with the shop's VPA, the
 * amount and the invoice number, and its QR code. Scanning it in any UPI app pre-fills the
 * payment, and the invoice number comes back as the transaction reference.
 */
import QRCode from 'qrcode';
import { invalid } from '../../domain/app-error.js';
import { formatRupees, type Paise } from '../../domain/money/money.js';

const VPA_PATTERN = /^[a-zA-Z0-9._-]{2,256}@[a-zA-Z][a-zA-Z0-9.-]{1,64}$/;

/** True for a well-formed UPI virtual payment address (`shop@bank`). */
export function isVpa(value: string): boolean {
  return VPA_PATTERN.test(value);
}

/** What a UPI payment request carries. */
export interface UpiRequest {
  readonly vpa: string;
  readonly payeeName: string;
  readonly amountPaise: Paise;
  /** The invoice number: transaction reference and note. */
  readonly invoiceNumber: string;
  /** The note shown in the payer's app, when not `Invoice <number>` (a bill not yet issued). */
  readonly note?: string;
}

/** The `upi://pay` URI; throws a validation error for a bad VPA or amount. */
export function buildUpiUri(request: UpiRequest): string {
  if (!isVpa(request.vpa)) throw invalid('upiVpa', 'must be a UPI address such as shopname@bank');
  if (!Number.isSafeInteger(request.amountPaise) || request.amountPaise <= 0)
    throw invalid('amountPaise', 'must be a positive amount');
  const params = new URLSearchParams({
    pa: request.vpa,
    pn: request.payeeName.slice(0, 50),
    am: formatRupees(request.amountPaise, { grouped: false }),
    cu: 'INR',
    tr: request.invoiceNumber,
    tn: request.note ?? `Invoice ${request.invoiceNumber}`,
  });
  // URLSearchParams writes spaces as '+'; UPI apps expect percent-encoding.
  return `upi://pay?${params.toString().replace(/\+/g, '%20')}`;
}

/** The URI as a PNG QR code (medium error correction, for printing). */
export async function upiQrPng(uri: string, widthPx = 240): Promise<Buffer> {
  return QRCode.toBuffer(uri, { type: 'png', errorCorrectionLevel: 'M', margin: 1, width: widthPx });
}
