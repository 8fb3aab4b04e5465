/**
 * English strings of the agri shop's rules (issue 17): dealer licences and item categories in
 * settings, the near-expiry window, and at the counter the licence warnings and the subsidised
 * fertiliser's PoS reference and bags.
 */
export const agriCounterEn = {
  agriCounter: {
    kinds: {
      pesticide: 'Pesticide (insecticide) licence',
      fertiliser: 'Fertiliser licence',
      seed: 'Seed licence',
    },
    kindsInSentence: {
      pesticide: 'pesticide (insecticide) licence',
      fertiliser: 'fertiliser licence',
      seed: 'seed licence',
    },
    licences: {
      title: 'Dealer licences',
      intro:
        'Bills of pesticides, fertilisers and seeds print the licence they are sold under. Once a licence has expired, the counter refuses to sell those items until you enter the renewed one.',
      store: 'Store',
      number: 'Licence number',
      numberOf: '{{kind}}: licence number',
      validFrom: 'Issued on',
      validFromOf: '{{kind}}: issued on',
      validUntil: 'Valid until',
      validUntilOf: '{{kind}}: valid until',
      none: 'Not entered: items needing it cannot be sold.',
      valid: 'Valid until {{date}}.',
      expiring_one: 'Expires tomorrow ({{date}}): renew it in time.',
      expiring_other: 'Expires in {{count}} days ({{date}}): renew it in time.',
      expiresToday: 'Expires today ({{date}}): renew it in time.',
      expired: 'Expired on {{date}}: these items cannot be sold until you enter the renewed licence.',
      notYetValid: 'Valid only from {{date}}: these items cannot be sold before then.',
      save: 'Save {{kind}}',
      saved: '{{kind}} saved.',
      remove: 'Remove {{kind}}',
      removed: '{{kind}} removed.',
      needNumber: 'Type the licence number as it is printed on the licence.',
      badNumber:
        'The licence number may have letters, digits, spaces and / - . : ( ) , only, 3 to 60 of them, as printed on the licence.',
      needUntil: 'Give the last day the licence is valid (DD-MM-YYYY).',
      untilBeforeFrom: 'The licence must end after the day it was issued.',
    },
    categories: {
      title: 'Agri-input categories',
      intro:
        'For each category of items (as named on the item): whether it is received and sold by batch with an expiry date, the licence it is sold under, and whether it is subsidised fertiliser sold through the government PoS device.',
      category: 'Category',
      byBatch: 'Kept by batch',
      licence: 'Licence',
      noLicence: 'No licence needed',
      subsidised: 'Subsidised (government PoS)',
      yes: 'Yes',
      no: 'No',
      none: 'No category has rules yet.',
      edit: 'Change {{category}}',
      formTitle: 'Add or change a category',
      subsidisedHint: 'Only fertilisers sold under the fertiliser licence can be subsidised.',
      save: 'Save category',
      saved: 'Category {{category}} saved.',
    },
    nearExpiry: {
      title: 'Expiring stock',
      days: 'Warn of batches expiring within (days)',
      hint: 'Used by the dashboard and by the counter’s batch warning. Between 1 and 365 days; 30 unless you change it.',
      save: 'Save',
      saved: 'Batches expiring within {{count}} days are now shown as expiring soon.',
    },
    counter: {
      licenceExpiring_one: 'The store’s {{kind}} expires tomorrow ({{date}}). Ask the owner to renew it.',
      licenceExpiring_other:
        'The store’s {{kind}} expires in {{count}} days ({{date}}). Ask the owner to renew it.',
      licenceExpiresToday: 'The store’s {{kind}} expires today ({{date}}). Ask the owner to renew it.',
      licenceMissing:
        'This store has no {{kind}} on record, so {{items}} cannot be sold. The owner or manager can enter it under Settings, Dealer licences.',
      licenceExpired:
        'The store’s {{kind}} expired on {{date}}, so {{items}} cannot be sold. The owner or manager can enter the renewed licence under Settings, Dealer licences.',
      licenceNotYetValid:
        'The store’s {{kind}} is valid only from {{date}}, so {{items}} cannot be sold yet.',
      subsidyTitle: 'Subsidised fertiliser',
      subsidyIntro:
        'Sell subsidised fertiliser on the government PoS device first, then copy its slip here. Never type the farmer’s Aadhaar number.',
      posReference: 'PoS transaction reference (from the slip)',
      bags: 'Bags sold on the PoS device',
      bagsHint_one: 'This bill sells 1 bag of subsidised fertiliser.',
      bagsHint_other: 'This bill sells {{count}} bags of subsidised fertiliser.',
      aadhaar:
        'This looks like an Aadhaar number. Type the transaction reference printed on the PoS slip, never the farmer’s Aadhaar number.',
      badReference: 'The PoS reference has 4 to 30 letters, digits, - or /, as printed on the slip.',
    },
  },
};
