/** English strings of GST returns on screen (GSTR-3B) and the public bill verification page. */
export const gstEn = {
  gstr3b: {
    title: 'GSTR-3B summary',
    hint: 'Tables 3.1 and 3.2 of the month, from the same invoices and credit notes as GSTR-1.',
    show: 'Show',
    saveJson: 'Save JSON',
    table31: '3.1 Outward supplies',
    table32: '3.2 Inter-state supplies to unregistered persons',
    nature: 'Nature of supplies',
    taxable: 'Taxable value',
    igst: 'IGST',
    cgst: 'CGST',
    sgst: 'SGST/UTGST',
    cess: 'Cess',
    placeOfSupply: 'Place of supply (state)',
    none32: 'No inter-state sales to unregistered buyers this month.',
    rows: {
      a: '(a) Taxable outward supplies (not zero-rated, nil-rated or exempt)',
      b: '(b) Zero-rated supplies (exports, SEZ)',
      c: '(c) Nil-rated and exempt supplies',
      d: '(d) Inward supplies under reverse charge',
      e: '(e) Non-GST supplies',
    },
  },
  verifyBill: {
    title: 'Check a bill',
    shop: 'Shop',
    date: 'Date',
    total: 'Total',
    number: {
      invoice: 'Invoice number',
      'credit-note': 'Credit note number',
      'debit-note': 'Debit note number',
    },
    result: {
      valid: 'Valid',
      cancelled: 'Cancelled',
      mismatch: 'Does not match',
    },
    explain: {
      valid:
        'This bill was issued by the shop below and stands as printed. Compare the details with your copy.',
      cancelled:
        'This bill was issued by the shop below and has since been cancelled. It is no longer valid.',
      mismatch:
        'The code on this bill does not match any bill of this shop. The copy may have been altered; ask the shop.',
    },
  },
  reasons: {
    'supplier-address-incomplete':
      "The store's address is incomplete. Fill in the address line, city and PIN code under Settings, Store details and invoice series, before issuing bills.",
  },
};
