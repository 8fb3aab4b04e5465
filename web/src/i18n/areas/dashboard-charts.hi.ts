/** हिन्दी strings of the dashboard's sales charts (web/src/dashboard). */
import type { dashboardChartsEn } from './dashboard-charts.en';
import type { Strings } from '../en';

export const dashboardChartsHi: Strings<typeof dashboardChartsEn> = {
  charts: {
    title: '{{from}} से {{to}} तक की बिक्री',
    byDay: 'दिन के अनुसार बिक्री',
    payments: 'भुगतान के तरीक़े के अनुसार',
    topItems: 'सबसे ज़्यादा बिकने वाले सामान',
    stores: 'दुकान के अनुसार बिक्री',
    date: 'दिनांक',
    invoices: 'बिल',
    amount: 'राशि',
    method: 'भुगतान का तरीक़ा',
    item: 'सामान',
    quantity: 'मात्रा',
    store: 'दुकान',
    numbers: '{{chart}}: आँकड़े',
    noSales: 'इन 30 दिनों में कोई बिक्री नहीं।',
    otherMethod: 'अन्य',
  },
};
