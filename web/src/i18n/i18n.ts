/**
 * Translations through i18next and react-i18next: English and Hindi, chosen by the person (the
 * choice is the one thing kept in localStorage; it is not personal data) or by the browser's
 * language. Strings are bundled with the app, so the counter works with no network besides ours.
 */
import i18next from 'i18next';
import { initReactI18next } from 'react-i18next';
import { en } from './en';
import { hi } from './hi';

export const languages = ['en', 'hi'] as const;
export type Language = (typeof languages)[number];

const STORAGE_KEY = 'tijori.language';

function isLanguage(value: unknown): value is Language {
  return (languages as readonly unknown[]).includes(value);
}

/** The saved choice, else Hindi for a Hindi browser, else English. */
export function initialLanguage(): Language {
  try {
    const saved = localStorage.getItem(STORAGE_KEY);
    if (isLanguage(saved)) return saved;
  } catch {
    // Storage blocked: fall through to the browser's language.
  }
  return navigator.language.toLowerCase().startsWith('hi') ? 'hi' : 'en';
}

export async function setupI18n(): Promise<typeof i18next> {
  const lng = initialLanguage();
  await i18next.use(initReactI18next).init({
    resources: {
      en: { translation: en },
      hi: { translation: hi },
    },
    lng,
    fallbackLng: 'en',
    // React escapes what it renders; escaping twice would show entities.
    interpolation: { escapeValue: false },
    returnNull: false,
  });
  document.documentElement.lang = lng;
  return i18next;
}

/** Switches the language of the whole app and remembers the choice on this device. */
export async function changeLanguage(lng: Language): Promise<void> {
  await i18next.changeLanguage(lng);
  document.documentElement.lang = lng;
  try {
    localStorage.setItem(STORAGE_KEY, lng);
  } catch {
    // The switch still works for this visit.
  }
}
