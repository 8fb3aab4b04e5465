/** Hindi strings of the agri shop's records (issue 17): the Aadhaar vault and the khata card at the counter. */
export const agriShopHi = {
  agriShop: {
    card: {
      title: 'खाता',
      balance: 'बकाया',
      nextDue: 'अगली देय तिथि',
      overdue: 'अतिदेय (ब्याज सहित)',
      creditLeft: 'बची उधार सीमा',
      amount: 'भुगतान (₹)',
      take: 'भुगतान लें',
    },
    vault: {
      title: 'आधार नंबर (वॉल्ट)',
      intro:
        'केवल आधार वॉल्ट में, एन्क्रिप्ट करके रखा जाता है और XXXX-XXXX व आख़िरी 4 अंकों के रूप में दिखता है। पूरा नंबर देखने के लिए कारण देना होता है और यह दर्ज होता है।',
      none: 'कोई आधार नंबर नहीं रखा गया।',
      number: 'आधार नंबर',
      save: 'वॉल्ट में सहेजें',
      saved: 'आधार वॉल्ट में सहेजा गया।',
      reveal: 'पूरा नंबर दिखाएँ',
      hide: 'छिपाएँ',
      settingsTitle: 'आधार वॉल्ट',
      settingsIntro:
        'आधार नंबर तभी रखें जब कानून आपकी दुकान से ऐसा चाहता हो। तब वे अपनी अलग कुंजी के साथ एक अलग वॉल्ट में रखे जाते हैं; सब्सिडी वाली खाद के लिए इनकी कभी ज़रूरत नहीं होती।',
      keep: 'यह दुकान आधार नंबर रखती है (वॉल्ट में)',
      turnedOn: 'आधार वॉल्ट चालू है।',
      turnedOff: 'आधार वॉल्ट बंद है।',
    },
  },
};
