/** Hindi strings of running the shop's day (same keys as shop-day.en.ts). */
import type { shopDayEn } from './shop-day.en';

export const shopDayHi: typeof shopDayEn = {
  newItem: {
    add: 'सामान जोड़ें',
    title: 'नया सामान',
    hsn: 'HSN कोड',
    sizes: 'साइज़ (कॉमा से अलग)',
    colours: 'रंग (कॉमा से अलग)',
    coloursExample: 'लाल, नीला',
    priceForAll: 'सबकी कीमत (₹)',
    mrpForAll: 'सबका MRP (₹)',
    gridHint:
      '{{count}} साइज़ और रंग। दुकान का अपना बारकोड छापने के लिए खाना खाली छोड़ें; निर्माता का बारकोड स्कैन करके भरें।',
    gridCaption: 'नए सामान के साइज़ और रंग',
    variant: 'साइज़ / रंग',
    sku: 'SKU (आपका कोड)',
    opening: 'शुरुआती स्टॉक',
    barcodeAuto: 'दुकान का अपना',
    barcodeOf: '{{variant}} का बारकोड',
    skuOf: '{{variant}} का SKU',
    priceOf: '{{variant}} की कीमत',
    mrpOf: '{{variant}} का MRP',
    openingOf: '{{variant}} का शुरुआती स्टॉक',
    create: 'सामान बनाएँ',
    created: '{{name}} {{count}} साइज़ और रंगों के साथ बना।',
  },
};
