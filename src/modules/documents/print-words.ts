/**
 * The words a printed document is made of, in the language the store prints in (issue 14, item
 * 7): headings, labels and the footer. Tax heads (CGST, SGST, IGST), HSN/SAC and GSTIN keep their
 * legal abbreviations; names and descriptions print as typed, in either script.
 */
export type PrintLanguage = 'en' | 'hi';

export interface PrintWords {
  readonly titles: {
    readonly 'tax-invoice': string;
    readonly 'bill-of-supply': string;
    readonly 'invoice-cum-bill-of-supply': string;
    readonly 'credit-note': string;
    readonly 'debit-note': string;
  };
  readonly cancelled: string;
  readonly invoiceNo: string;
  readonly noteNo: string;
  readonly date: string;
  readonly placeOfSupply: string;
  readonly reverseCharge: string;
  readonly yes: string;
  readonly no: string;
  readonly againstInvoice: string;
  readonly dated: string;
  readonly reason: string;
  readonly phone: string;
  readonly state: string;
  readonly billTo: string;
  readonly description: string;
  readonly qty: string;
  readonly unit: string;
  readonly rate: string;
  readonly discount: string;
  readonly taxable: string;
  readonly taxableValue: string;
  readonly roundOff: string;
  readonly total: string;
  readonly amountInWords: string;
  readonly gstSummary: string;
  readonly on: string;
  readonly payments: string;
  readonly paidBy: string;
  readonly change: string;
  readonly scanToPay: (amount: string, vpa: string) => string;
  readonly payByUpi: (amount: string, vpa: string) => string;
  readonly saved: (amount: string) => string;
  readonly signatory: (name: string) => string;
  readonly computerGenerated: string;
}

const en: PrintWords = {
  titles: {
    'tax-invoice': 'Tax Invoice',
    'bill-of-supply': 'Bill of Supply',
    'invoice-cum-bill-of-supply': 'Invoice-cum-Bill of Supply',
    'credit-note': 'Credit Note',
    'debit-note': 'Debit Note',
  },
  cancelled: 'CANCELLED',
  invoiceNo: 'Invoice No.',
  noteNo: 'Note No.',
  date: 'Date',
  placeOfSupply: 'Place of supply',
  reverseCharge: 'Reverse charge',
  yes: 'Yes',
  no: 'No',
  againstInvoice: 'Against invoice',
  dated: 'dated',
  reason: 'Reason',
  phone: 'Phone',
  state: 'State',
  billTo: 'Bill to',
  description: 'Description',
  qty: 'Qty',
  unit: 'Unit',
  rate: 'Rate',
  discount: 'Discount',
  taxable: 'Taxable',
  taxableValue: 'Taxable value',
  roundOff: 'Round-off',
  total: 'Total',
  amountInWords: 'Amount in words',
  gstSummary: 'GST summary',
  on: 'on',
  payments: 'Payments',
  paidBy: 'Paid by',
  change: 'change',
  scanToPay: (amount, vpa) => `Scan to pay Rs. ${amount} by UPI to ${vpa}`,
  payByUpi: (amount, vpa) => `Pay ${amount} by UPI to ${vpa}: scan the QR code`,
  saved: (amount) => `You saved Rs ${amount}`,
  signatory: (name) => `For ${name}: authorised signatory`,
  computerGenerated: 'This is a computer-generated document.',
};

// Headings keep the English name in brackets: the form of the document is a legal term.
const hi: PrintWords = {
  titles: {
    'tax-invoice': 'कर बीजक (Tax Invoice)',
    'bill-of-supply': 'आपूर्ति बिल (Bill of Supply)',
    'invoice-cum-bill-of-supply': 'बीजक सह आपूर्ति बिल (Invoice-cum-Bill of Supply)',
    'credit-note': 'जमा पत्र (Credit Note)',
    'debit-note': 'नामे पत्र (Debit Note)',
  },
  cancelled: 'रद्द',
  invoiceNo: 'बीजक संख्या',
  noteNo: 'पत्र संख्या',
  date: 'दिनांक',
  placeOfSupply: 'आपूर्ति का स्थान',
  reverseCharge: 'रिवर्स चार्ज',
  yes: 'हाँ',
  no: 'नहीं',
  againstInvoice: 'मूल बीजक',
  dated: 'दिनांक',
  reason: 'कारण',
  phone: 'फ़ोन',
  state: 'राज्य',
  billTo: 'ग्राहक',
  description: 'विवरण',
  qty: 'मात्रा',
  unit: 'इकाई',
  rate: 'दर',
  discount: 'छूट',
  taxable: 'कर योग्य',
  taxableValue: 'कर योग्य मूल्य',
  roundOff: 'पूर्णांकन',
  total: 'कुल',
  amountInWords: 'राशि शब्दों में',
  gstSummary: 'जीएसटी सारांश',
  on: 'पर',
  payments: 'भुगतान',
  paidBy: 'भुगतान',
  change: 'वापसी',
  scanToPay: (amount, vpa) => `UPI से ${vpa} को Rs. ${amount} चुकाने के लिए स्कैन करें`,
  payByUpi: (amount, vpa) => `UPI से ${vpa} को ${amount} चुकाएँ: QR कोड स्कैन करें`,
  saved: (amount) => `आपकी बचत Rs ${amount}`,
  signatory: (name) => `${name} के लिए: अधिकृत हस्ताक्षरकर्ता`,
  computerGenerated: 'यह कंप्यूटर से बना दस्तावेज़ है।',
};

/** The printed words of a language (English when none is set). */
export function printWords(language: PrintLanguage | null | undefined): PrintWords {
  return language === 'hi' ? hi : en;
}
