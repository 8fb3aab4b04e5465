/** Hindi strings of the first run (same keys as first-run.en.ts). */
import type { firstRunEn } from './first-run.en';

export const firstRunHi: typeof firstRunEn = {
  firstRun: {
    title: 'Tijori शुरू करें',
    intro: 'अपना व्यवसाय, बिल पर छपने वाली पहली दुकान और मालिक का खाता बनाएँ। इसके बाद आप दो-चरण साइन-इन चालू करेंगे।',
    businessSection: 'आपका व्यवसाय',
    storeSection: 'आपकी दुकान, जैसी बिल पर छपेगी',
    ownerSection: 'आपका खाता (मालिक)',
    fields: {
      code: 'सेटअप कोड (Tijori शुरू होते समय दिखाता है)',
      businessName: 'व्यवसाय का नाम (GST में दर्ज कानूनी नाम)',
      tradeName: 'बोर्ड पर दुकान का नाम, अगर अलग हो',
      gstin: 'GSTIN',
      addressLine: 'पता (दुकान नंबर, सड़क, इलाका)',
      city: 'शहर या कस्बा',
      pin: 'पिन कोड',
      phone: 'दुकान का फ़ोन',
      email: 'दुकान का ईमेल',
      upiVpa: 'भुगतान के लिए UPI ID (जैसे shop@okbank)',
      ownerName: 'आपका नाम',
      ownerEmail: 'आपका ईमेल',
      ownerPassword: 'पासवर्ड (15 या अधिक अक्षर; एक वाक्य अच्छा रहता है)',
    },
    onEveryInvoice: 'हर बिल और रसीद पर छपता है।',
    onReceiptHeader: 'रसीद और बिल के ऊपर छपता है।',
    onA4Invoice: 'A4 बिल और खाता विवरण पर छपता है।',
    onUpiQr: 'काउंटर पर और रसीद पर QR कोड के रूप में दिखता है, ताकि ग्राहक UPI से भुगतान कर सकें।',
    gstinHint: '15 अक्षर; राज्य इसके पहले दो अंकों से लिया जाता है।',
    stateFromGstin: 'राज्य: {{state}}। पते के साथ छपता है।',
    gstinProblems: {
      length: 'GSTIN में 15 अक्षर होते हैं।',
      pattern: 'यह GSTIN जैसा नहीं दिखता; हर अक्षर जाँचें।',
      'check-character': 'आख़िरी अक्षर बाकी से मेल नहीं खाता; टाइप की गलती देखें।',
      'state-code': 'पहले दो अंक किसी राज्य का कोड नहीं हैं।',
    },
    passwordHint: 'आप अपने ईमेल और इस पासवर्ड से, फिर फ़ोन के कोड से साइन इन करेंगे।',
    demo: 'नमूना कपड़ों की दुकान भरें (डेमो सामान, बारकोड, स्टॉक और कुछ नकली ग्राहक) ताकि तुरंत बिक्री आज़मा सकें',
    missingTitle: 'आपके बिलों पर दुकान का पता नहीं है',
    missingFor: '{{store}} के बिलों पर अभी कोई पता नहीं छपता। इसे एक बार जोड़ें; अब से हर बिल पर छपेगा।',
    submit: 'व्यवसाय बनाएँ',
  },
};
