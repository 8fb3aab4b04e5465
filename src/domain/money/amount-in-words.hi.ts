/**
 * Amounts in words in Hindi, in the Indian numbering system (हज़ार, लाख, करोड़), for receipts and
 * invoices a store prints in Hindi (issue 14, item 7): 1,50,000.50 -> "एक लाख पचास हज़ार रुपये और
 * पचास पैसे मात्र". Hindi names each number below a hundred with its own word, so they are listed.
 */
import type { Paise } from './money.js';

// prettier-ignore
const BELOW_HUNDRED = [
  'शून्य', 'एक', 'दो', 'तीन', 'चार', 'पाँच', 'छह', 'सात', 'आठ', 'नौ',
  'दस', 'ग्यारह', 'बारह', 'तेरह', 'चौदह', 'पंद्रह', 'सोलह', 'सत्रह', 'अठारह', 'उन्नीस',
  'बीस', 'इक्कीस', 'बाईस', 'तेईस', 'चौबीस', 'पच्चीस', 'छब्बीस', 'सत्ताईस', 'अट्ठाईस', 'उनतीस',
  'तीस', 'इकतीस', 'बत्तीस', 'तैंतीस', 'चौंतीस', 'पैंतीस', 'छत्तीस', 'सैंतीस', 'अड़तीस', 'उनतालीस',
  'चालीस', 'इकतालीस', 'बयालीस', 'तैंतालीस', 'चौवालीस', 'पैंतालीस', 'छियालीस', 'सैंतालीस', 'अड़तालीस', 'उनचास',
  'पचास', 'इक्यावन', 'बावन', 'तिरपन', 'चौवन', 'पचपन', 'छप्पन', 'सत्तावन', 'अट्ठावन', 'उनसठ',
  'साठ', 'इकसठ', 'बासठ', 'तिरसठ', 'चौंसठ', 'पैंसठ', 'छियासठ', 'सड़सठ', 'अड़सठ', 'उनहत्तर',
  'सत्तर', 'इकहत्तर', 'बहत्तर', 'तिहत्तर', 'चौहत्तर', 'पचहत्तर', 'छिहत्तर', 'सतहत्तर', 'अठहत्तर', 'उन्यासी',
  'अस्सी', 'इक्यासी', 'बयासी', 'तिरासी', 'चौरासी', 'पचासी', 'छियासी', 'सत्तासी', 'अट्ठासी', 'नवासी',
  'नब्बे', 'इक्यानवे', 'बानवे', 'तिरानवे', 'चौरानवे', 'पचानवे', 'छियानवे', 'सत्तानवे', 'अट्ठानवे', 'निन्यानवे',
];

const word = (n: number): string => BELOW_HUNDRED[n] ?? '';

/** A whole number in Hindi words: 150000 -> "एक लाख पचास हज़ार"; crores repeat above 99. */
export function numberInHindiWords(n: number): string {
  if (!Number.isSafeInteger(n) || n < 0) throw new RangeError('expected a non-negative safe integer');
  if (n === 0) return word(0);
  const crore = Math.floor(n / 10_000_000);
  const parts: string[] = [];
  // 100 crore and more: "एक सौ करोड़" (the crore part in words again).
  if (crore > 0) parts.push(`${numberInHindiWords(crore)} करोड़`);
  const scales: [number, string][] = [
    [Math.floor((n % 10_000_000) / 100_000), 'लाख'],
    [Math.floor((n % 100_000) / 1000), 'हज़ार'],
    [Math.floor((n % 1000) / 100), 'सौ'],
  ];
  for (const [count, scale] of scales) if (count > 0) parts.push(`${word(count)} ${scale}`);
  if (n % 100 > 0) parts.push(word(n % 100));
  return parts.join(' ');
}

/** An amount of paise in Hindi words: 105050 -> "एक हज़ार पचास रुपये और पचास पैसे मात्र". */
export function amountInHindiWords(amount: Paise): string {
  if (!Number.isSafeInteger(amount)) throw new RangeError('expected whole paise');
  const sign = amount < 0 ? 'ऋण ' : '';
  const abs = Math.abs(amount);
  const rupees = Math.floor(abs / 100);
  const paise = abs % 100;
  const paiseWords = `${word(paise)} ${paise === 1 ? 'पैसा' : 'पैसे'}`;
  if (rupees === 0 && paise > 0) return `${sign}${paiseWords} मात्र`;
  const rupeeWords = `${sign}${numberInHindiWords(rupees)} ${rupees === 1 ? 'रुपया' : 'रुपये'}`;
  return paise > 0 ? `${rupeeWords} और ${paiseWords} मात्र` : `${rupeeWords} मात्र`;
}
