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
  supply: {
    title: 'Export or SEZ sale',
    type: 'Kind of sale',
    types: {
      regular: 'Regular sale in India',
      'sez-with-payment': 'Supply to an SEZ unit, with IGST',
      'sez-without-payment': 'Supply to an SEZ unit, without tax (under LUT/bond)',
      'export-with-payment': 'Export, with IGST',
      'export-without-payment': 'Export, without tax (under LUT/bond)',
    },
    sezHint: 'Choose the SEZ unit or developer as the customer (F4), with its GSTIN.',
    lutHint: "Goes under the store's Letter of Undertaking, entered in Settings, Store details.",
    exportDetails: 'Export details',
    exportHint: 'The shipping bill can be added to the details when known.',
    country: 'Country of destination (two letters, e.g. AE)',
    port: 'Port code (e.g. INMUN1)',
    shippingBill: 'Shipping bill number',
    shippingBillDate: 'Shipping bill date',
    currency: 'Currency (three letters, e.g. USD)',
    shown: 'Kind of sale',
    lut: 'Under LUT {{number}} of {{date}}',
  },
  lut: {
    legend: 'Exports and SEZ supplies without tax',
    number: 'LUT or bond number',
    date: 'Date the LUT was filed',
    hint: 'A Letter of Undertaking (form GST RFD-11) covers one financial year; one filed in March may cover the next. Without a valid one, exports and SEZ supplies must carry IGST.',
  },
  debitNote: {
    issue: 'Issue debit note…',
    title: 'Debit note against {{number}}',
    intro:
      "A debit note charges more for goods or services already billed (a price increase or a correction). Enter by how much each line goes up, before tax; tax is added at the line's rate.",
    line: 'Line',
    billed: 'Billed (before tax)',
    increase: 'Increase before tax (₹) for {{item}}',
    increaseColumn: 'Increase before tax (₹)',
    reason: 'Reason',
    reasons: {
      'price-increase': 'The price went up after the sale',
      correction: 'The invoice charged too little',
      other: 'Other',
    },
    workOut: 'Work out the amount',
    toCollect: 'To collect',
    taxAdded: 'Tax added',
    collectedBy: 'Collected by',
    methods: { cash: 'Cash', upi: 'UPI', credit: "The customer's account" },
    upiReference: 'UPI reference',
    confirm: 'Issue the debit note',
    noLines: 'Enter an increase for at least one line.',
    issued: 'Debit note {{number}} issued.',
    open: 'Open debit note {{number}}',
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
    'sez-buyer-needed':
      'A supply to an SEZ is billed to the SEZ unit or developer: choose it as the customer (with its GSTIN), or choose another kind of sale.',
    'export-buyer-registered':
      'An export is billed to a buyer outside India, who has no GSTIN: choose the foreign buyer as the customer, or another kind of sale.',
    'lut-missing':
      "There is no Letter of Undertaking (LUT) for this financial year, so this export or SEZ supply cannot go without tax. Add the LUT's number and date under Settings, Store details and invoice series, or choose the kind of sale with IGST.",
    'supplier-address-incomplete':
      "The store's address is incomplete. Fill in the address line, city and PIN code under Settings, Store details and invoice series, before issuing bills.",
    // Agri inputs (issue 17): dealer licences and subsidised fertiliser at the counter.
    'licence-missing':
      'This store has no $t(agriCounter.kindsInSentence.{{licence}}) on record, so these items cannot be sold. The owner or manager can enter it under Settings, Dealer licences.',
    'licence-expired':
      'The store’s $t(agriCounter.kindsInSentence.{{licence}}) expired on {{date}}, so these items cannot be sold. The owner or manager can enter the renewed licence under Settings, Dealer licences.',
    'licence-not-yet-valid':
      'The store’s $t(agriCounter.kindsInSentence.{{licence}}) is valid only from {{date}}, so these items cannot be sold yet.',
    'subsidy-needed':
      'This bill has subsidised fertiliser: copy the PoS transaction reference and the bags from the PoS device’s slip under Subsidised fertiliser, then take the payment.',
    'subsidy-bags-mismatch':
      'This bill sells {{bags}} bags of subsidised fertiliser: the bags typed under Subsidised fertiliser must be the same as on the PoS slip.',
    'stock-short':
      'There is not enough stock of this item: {{onHand}} on hand. Sell fewer, or receive the goods first.',
    'batch-short': 'Batch {{batchNo}} has only {{onHand}} left. Choose another batch or sell fewer.',
    'batch-stock-short':
      'There is not enough unexpired stock of this item: {{onHand}} in batches that have not expired. Sell fewer.',
    'batch-expired':
      'Batch {{batchNo}} expired on {{expiredOn}} and cannot be sold. Move it to expired stock and choose another batch.',
    'invite-other-email':
      'This invitation was made for another email address. Type the email it was sent to.',
  },
};
