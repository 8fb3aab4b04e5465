/**
 * The notice to affected customers, in English and Hindi (or both in one message), pure. It says
 * what DPDP Rules 2025 rule 7(1) asks: what happened and when, which of their data, the likely
 * consequences and what the shop has done, what they can do to stay safe, and whom to ask (with
 * their reference for the inquiry page). Messages name no customer: the same text goes to everyone
 * except the reference, filled in per customer when the message is sent.
 */
import { formatIst } from '../monitoring/alert-message.js';

export type NoticeLanguage = 'en' | 'hi' | 'both';

export const REFERENCE_SLOT = '{{reference}}';

export interface CustomerNoticeInput {
  language: NoticeLanguage;
  business: string;
  awareAt: string;
  dataCategories: readonly string[];
  /** What happened, in plain words, per language (Hindi falls back to English). */
  summary: { en: string; hi?: string | undefined };
  /** Containment action codes done so far. */
  measures: readonly string[];
  contact: string;
  /** The public inquiry page, when the shop's Tijori is reachable from the internet. */
  inquiryUrl: string | null;
}

export interface RenderedNotice {
  subject: string;
  email: string;
  sms: string;
}

interface Words {
  data: Record<string, string>;
  advice: Record<string, string>;
  measures: Record<string, string>;
  subject: (business: string) => string;
  email: (
    i: CustomerNoticeInput,
    summary: string,
    data: string,
    measures: string[],
    advice: string[],
  ) => string;
  sms: (i: CustomerNoticeInput, data: string) => string;
}

const en: Words = {
  data: {
    name: 'name',
    phone: 'phone number',
    email: 'email address',
    address: 'postal address',
    gstin: 'GSTIN',
    payment_ref: 'payment reference (no full card number)',
    purchase_history: 'purchase history',
    credit_ledger: 'credit account balance',
    staff_accounts: 'staff account',
  },
  advice: {
    phone:
      'Be careful with calls or messages in our name that ask for an OTP, a PIN or a payment: we never ask for these.',
    email: 'Do not open links or attachments in unexpected emails that claim to be from us.',
    address: 'Be wary of unexpected deliveries or visits that ask for money.',
    payment_ref:
      'Check your bank and UPI statements and report any payment you do not recognise to your bank at once.',
    gstin: 'Check the GST portal for invoices you did not issue or receive.',
    purchase_history: 'Be wary of messages that mention your purchases and ask you to pay.',
    credit_ledger:
      'Pay your dues only at the shop or through our usual UPI ID; ignore other payment requests.',
  },
  measures: {
    disable_user: 'disabled the account involved',
    revoke_sessions: 'signed out the sessions concerned',
    revoke_api_tokens: 'revoked the access keys concerned',
    force_password_reset: 'changed the passwords concerned',
    rotate_keys: 'changed our encryption keys',
    revoke_device: 'cut off the lost device',
  },
  subject: (business) => `Important: a security incident at ${business} involving your data`,
  email: (i, summary, data, measures, advice) =>
    [
      'Dear customer,',
      '',
      `We are writing to tell you about a security incident at ${i.business} that involved your ${data}.`,
      '',
      `What happened: ${summary}`,
      `When: we found out on ${formatIst(i.awareAt)}.`,
      `What we have done: ${measures.length === 0 ? 'we are investigating and will write again' : `we ${measures.join(', ')}`}.`,
      '',
      'What you can do:',
      ...advice.map((a) => `- ${a}`),
      '',
      `Your reference: ${REFERENCE_SLOT}`,
      i.inquiryUrl === null
        ? `Questions: contact ${i.contact} and give your reference.`
        : `Questions: ask us at ${i.inquiryUrl} with your reference, or contact ${i.contact}.`,
      '',
      'We are sorry this happened.',
      i.business,
    ].join('\n'),
  sms: (i, data) =>
    `${i.business}: a security incident involved your ${data}. We never ask for OTP/PIN. Ref ${REFERENCE_SLOT}. ${i.inquiryUrl === null ? `Ask: ${i.contact}` : `Details: ${i.inquiryUrl}`}`,
};

const hi: Words = {
  data: {
    name: 'नाम',
    phone: 'फ़ोन नंबर',
    email: 'ईमेल पता',
    address: 'डाक पता',
    gstin: 'जीएसटीआईएन',
    payment_ref: 'भुगतान संदर्भ (पूरा कार्ड नंबर नहीं)',
    purchase_history: 'ख़रीद का इतिहास',
    credit_ledger: 'उधार खाते की बाक़ी राशि',
    staff_accounts: 'कर्मचारी खाता',
  },
  advice: {
    phone: 'हमारे नाम से आने वाले ऐसे कॉल या संदेशों से सावधान रहें जो OTP, PIN या भुगतान माँगें: हम ये कभी नहीं माँगते।',
    email: 'हमारे नाम से आए अनपेक्षित ईमेल के लिंक या अटैचमेंट न खोलें।',
    address: 'पैसे माँगने वाली अनपेक्षित डिलीवरी या मुलाक़ात से सावधान रहें।',
    payment_ref: 'अपने बैंक और UPI विवरण जाँचें; कोई अनजान भुगतान दिखे तो तुरंत अपने बैंक को बताएँ।',
    gstin: 'GST पोर्टल पर ऐसे बिल देखें जो आपने जारी या प्राप्त नहीं किए।',
    purchase_history: 'आपकी ख़रीद का ज़िक्र करके भुगतान माँगने वाले संदेशों से सावधान रहें।',
    credit_ledger: 'बकाया केवल दुकान पर या हमारी सामान्य UPI ID पर चुकाएँ; दूसरी भुगतान माँगों को अनदेखा करें।',
  },
  measures: {
    disable_user: 'संबंधित खाता बंद किया',
    revoke_sessions: 'संबंधित सत्र समाप्त किए',
    revoke_api_tokens: 'संबंधित एक्सेस कुंजियाँ रद्द कीं',
    force_password_reset: 'संबंधित पासवर्ड बदलवाए',
    rotate_keys: 'अपनी एन्क्रिप्शन कुंजियाँ बदलीं',
    revoke_device: 'खोए हुए उपकरण की पहुँच काटी',
  },
  subject: (business) => `महत्वपूर्ण: ${business} में आपके डेटा से जुड़ी सुरक्षा घटना`,
  email: (i, summary, data, measures, advice) =>
    [
      'प्रिय ग्राहक,',
      '',
      `हम आपको ${i.business} में हुई एक सुरक्षा घटना के बारे में बता रहे हैं, जिसमें आपका ${data} शामिल था।`,
      '',
      `क्या हुआ: ${summary}`,
      `कब: हमें ${formatIst(i.awareAt)} को पता चला।`,
      `हमने क्या किया: ${measures.length === 0 ? 'हम जाँच कर रहे हैं और फिर से लिखेंगे' : `हमने ${measures.join(', ')}`}।`,
      '',
      'आप क्या कर सकते हैं:',
      ...advice.map((a) => `- ${a}`),
      '',
      `आपका संदर्भ: ${REFERENCE_SLOT}`,
      i.inquiryUrl === null
        ? `प्रश्न: ${i.contact} से संपर्क करें और अपना संदर्भ बताएँ।`
        : `प्रश्न: अपने संदर्भ के साथ ${i.inquiryUrl} पर पूछें, या ${i.contact} से संपर्क करें।`,
      '',
      'इस घटना के लिए हमें खेद है।',
      i.business,
    ].join('\n'),
  sms: (i, data) =>
    `${i.business}: एक सुरक्षा घटना में आपका ${data} शामिल था। हम OTP/PIN कभी नहीं माँगते। संदर्भ ${REFERENCE_SLOT}। ${i.inquiryUrl === null ? `पूछें: ${i.contact}` : `जानकारी: ${i.inquiryUrl}`}`,
};

function renderIn(words: Words, i: CustomerNoticeInput, summary: string): RenderedNotice {
  const data = i.dataCategories.map((c) => words.data[c] ?? c).join(', ');
  const advice = i.dataCategories.flatMap((c) => (words.advice[c] === undefined ? [] : [words.advice[c]]));
  const measures = [...new Set(i.measures)].flatMap((m) =>
    words.measures[m] === undefined ? [] : [words.measures[m]],
  );
  return {
    subject: words.subject(i.business),
    email: words.email(i, summary, data, measures, advice),
    sms: words.sms(i, data),
  };
}

/** The notice in the asked language(s), the reference left as `{{reference}}`. */
export function renderCustomerNotice(input: CustomerNoticeInput): RenderedNotice {
  const english = renderIn(en, input, input.summary.en);
  if (input.language === 'en') return english;
  const hindi = renderIn(hi, input, input.summary.hi ?? input.summary.en);
  if (input.language === 'hi') return hindi;
  return {
    subject: `${hindi.subject} / ${english.subject}`,
    email: `${hindi.email}\n\n----\n\n${english.email}`,
    sms: `${hindi.sms}\n${english.sms}`,
  };
}

/** The message for one customer: their reference in place of the slot. */
export function withReference(text: string, reference: string): string {
  return text.split(REFERENCE_SLOT).join(reference);
}
