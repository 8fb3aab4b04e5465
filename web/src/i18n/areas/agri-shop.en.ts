/** English strings of the agri shop's records (issue 17): the Aadhaar vault and the khata card at the counter. */
export const agriShopEn = {
  agriShop: {
    card: {
      title: 'Khata',
      balance: 'Owes',
      nextDue: 'Next due date',
      overdue: 'Overdue (with interest)',
      creditLeft: 'Credit limit left',
      amount: 'Payment (₹)',
      take: 'Take payment',
    },
    vault: {
      title: 'Aadhaar number (vault)',
      intro:
        'Kept only in the Aadhaar vault, encrypted, and shown as XXXX-XXXX and the last 4 digits. Seeing the whole number needs a reason and is recorded.',
      none: 'No Aadhaar number kept.',
      number: 'Aadhaar number',
      save: 'Save in the vault',
      saved: 'Saved in the Aadhaar vault.',
      reveal: 'Show the whole number',
      hide: 'Hide',
      settingsTitle: 'Aadhaar vault',
      settingsIntro:
        'Keep Aadhaar numbers only if the law requires it of your shop. They are then kept in a separate vault under a key of their own; subsidised fertiliser never needs them.',
      keep: 'This shop keeps Aadhaar numbers (in the vault)',
      turnedOn: 'The Aadhaar vault is on.',
      turnedOff: 'The Aadhaar vault is off.',
    },
  },
};
