/** हिन्दी strings of agri-input billing (the same keys as agri.en.ts). */
import type { agriEn } from './agri.en';

export const agriHi: typeof agriEn = {
  agri: {
    season: {
      title: 'फ़सल के मौसम का खाता',
      nextDue: 'अगली देय तिथि',
      nothingDue: 'कुछ देय नहीं',
      overdue: 'अतिदेय',
      interest: 'अतिदेय पर ब्याज',
      payable: 'कुल देय',
      ageing: 'बकाया की अवधि (देय तिथि के बाद के दिन)',
      bucket: {
        '0-30': '0-30 दिन',
        '31-90': '31-90 दिन',
        '91-180': '91-180 दिन',
        'over-180': '180 दिन से अधिक',
      },
    },
    statement: {
      title: 'खाता विवरण',
      from: 'से',
      to: 'तक',
      language: 'भाषा',
      languages: { en: 'अंग्रेज़ी', hi: 'हिन्दी' },
      download: 'खाता विवरण डाउनलोड करें (PDF)',
    },
    khataSettings: {
      title: 'किसान खाता',
      intro: 'उधार बिक्री फ़सल बिकने पर देय होती है। अतिदेय राशि पर ब्याज तब तक बंद है जब तक आप इसे चालू न करें।',
      interestEnabled: 'अतिदेय राशि पर साधारण ब्याज लें',
      rate: 'ब्याज दर (% वार्षिक)',
      graceDays: 'देय तिथि के बाद छूट के दिन',
      seasonDue: 'हर मौसम की देय तिथि (महीना और दिन)',
      seasons: { kharif: 'ख़रीफ़', rabi: 'रबी', zaid: 'ज़ायद' },
      month: 'महीना',
      day: 'दिन',
      reminders: 'SMS के लिए सहमत किसानों को अतिदेय खाते की SMS याद दिलाएँ',
      save: 'खाता सेटिंग सहेजें',
      saved: 'खाता सेटिंग सहेजी गई।',
    },
  },
};
