// i18next set up with the complete Vietnamese (default) and English resources. The
// chosen language is kept in localStorage (and on the server once signed in), drives
// the Accept-Language header, dayjs and the <html lang> attribute.
import i18n from 'i18next';
import { initReactI18next } from 'react-i18next';
import dayjs from 'dayjs';
import 'dayjs/locale/vi';
import 'dayjs/locale/en';
import { vi } from '../locales/vi';
import { en } from '../locales/en';
import { setApiLanguage } from './api';
import type { UiLang } from './format';

const STORAGE_KEY = 'ts.lang';

export function storedLanguage(): UiLang {
  try {
    return localStorage.getItem(STORAGE_KEY) === 'en' ? 'en' : 'vi';
  } catch {
    return 'vi';
  }
}

function applySideEffects(lang: UiLang): void {
  setApiLanguage(lang);
  dayjs.locale(lang);
  document.documentElement.lang = lang;
  document.title = lang === 'vi' ? 'Trường Sơn — Chương trình MTQG vùng đồng bào DTTS&MN' : 'Trường Sơn — National Target Program for ethnic minority and mountainous areas';
}

const initial = storedLanguage();
applySideEffects(initial);

void i18n.use(initReactI18next).init({
  resources: { vi: { translation: vi }, en: { translation: en } },
  lng: initial,
  fallbackLng: 'vi',
  initAsync: false,
  interpolation: { escapeValue: false },
});

export function currentLanguage(): UiLang {
  return i18n.language === 'en' ? 'en' : 'vi';
}

/** Switch the UI language locally (the caller saves it on the server when signed in). */
export function setLanguage(lang: UiLang): void {
  try {
    localStorage.setItem(STORAGE_KEY, lang);
  } catch {
    // Private mode: the choice lasts for this page only.
  }
  applySideEffects(lang);
  void i18n.changeLanguage(lang);
}

export default i18n;
