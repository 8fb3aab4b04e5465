/**
 * बारकोड लेबल, दुकानें और स्टॉक ट्रांसफ़र, और डैशबोर्ड चार्ट के हिंदी शब्द।
 */
export const shopToolsHi = {
  labels: {
    action: 'लेबल',
    actionFor: '{{name}} के लेबल छापें',
    title: 'बारकोड लेबल: {{name}}',
    layout: 'लेबल शीट',
    layout65: 'A4 शीट पर 65 (38.1 × 21.2 मिमी)',
    layout24: 'A4 शीट पर 24 (64 × 34 मिमी)',
    startAt: 'शीट पर पहला खाली लेबल',
    startHint: 'बाएँ से दाएँ, फिर नीचे, 1 से {{count}} तक, ताकि आधी इस्तेमाल हुई शीट फिर से लगाई जा सके।',
    startInvalid: 'पहला खाली लेबल 1 से {{count}} तक की संख्या होनी चाहिए।',
    caption: 'हर साइज़ और रंग के कितने लेबल',
    copies: 'लेबल',
    copiesOf: '{{variant}} के लेबल',
    print: 'लेबल छापें',
    printed_one: '{{count}} लेबल छपा।',
    printed_other: '{{count}} लेबल छपे।',
    afterReceive: 'आया हुआ माल के लेबल छापें',
  },
};
