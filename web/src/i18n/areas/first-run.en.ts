/** English strings of the first run: the business, its first store and the owner. */
export const firstRunEn = {
  firstRun: {
    title: 'Set up Tijori',
    intro:
      'Create your business, its first store as printed on your bills, and the owner account. You will set up two-step sign-in next.',
    businessSection: 'Your business',
    storeSection: 'Your shop, as printed on bills',
    ownerSection: 'Your account (the owner)',
    fields: {
      code: 'Setup code (printed by Tijori at start)',
      businessName: 'Business name (legal name, as registered for GST)',
      tradeName: 'Shop name on the signboard, if different',
      gstin: 'GSTIN',
      addressLine: 'Address (shop number, street, area)',
      city: 'City or town',
      pin: 'PIN code',
      phone: 'Shop phone',
      email: 'Shop email',
      upiVpa: 'UPI ID for payments (for example shop@okbank)',
      ownerName: 'Your name',
      ownerEmail: 'Your email',
      ownerPassword: 'Password (15 characters or more; a passphrase works well)',
    },
    onEveryInvoice: 'Printed on every invoice and receipt.',
    onReceiptHeader: 'Printed at the top of receipts and invoices.',
    onA4Invoice: 'Printed on A4 invoices and statements.',
    onUpiQr: 'Shown as a QR code at the counter and on receipts, so customers can pay by UPI.',
    gstinHint: '15 characters; the state is taken from its first two digits.',
    stateFromGstin: 'State: {{state}}. Printed with the address.',
    gstinProblems: {
      length: 'A GSTIN has 15 characters.',
      pattern: 'This is not how a GSTIN looks; check each character.',
      'check-character': 'The last character does not match the rest; check for a typing mistake.',
      'state-code': 'The first two digits are not a state code.',
    },
    passwordHint: 'You sign in with your email and this password, then a code from your phone.',
    negativeStock: {
      legend: 'When an item runs out of stock',
      allow:
        'Allow the sale: stock goes below zero and you get an alert each time (you can fix the count later)',
      refuse: 'Refuse the sale until new stock is received',
      hint: 'You can change this later under Settings, Billing.',
    },
    demo: 'Fill with a sample apparel shop (demo items, barcodes, stock and a few fake customers) to try a sale at once',
    missingTitle: "Your shop's address is missing from your bills",
    missingFor:
      'Invoices of {{store}} print no address yet. Add it once; it is printed on every bill from now on.',
    submit: 'Create business',
  },
};
