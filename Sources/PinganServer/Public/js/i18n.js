// Dictionaries and the current language. Simplified Chinese by default; the choice is remembered.
import zh from '../i18n/zh-CN.js';
import en from '../i18n/en.js';

const dictionaries = { 'zh-CN': zh, en };
let lang = localStorage.getItem('pingan.lang') === 'en' ? 'en' : 'zh-CN';
const listeners = new Set();
/** `lang:key` of every lookup the current language's dictionary lacked (the browser tests read it). */
const missing = new Set();

export function t(key, params) {
  if (!(key in dictionaries[lang])) missing.add(`${lang}:${key}`);
  let s = dictionaries[lang][key] ?? dictionaries['zh-CN'][key] ?? key;
  if (params) for (const k in params) s = s.replaceAll(`{${k}}`, params[k]);
  return s;
}
export const getLang = () => lang;
export const missingKeys = () => [...missing];
export function setLang(next) {
  lang = next === 'en' ? 'en' : 'zh-CN';
  localStorage.setItem('pingan.lang', lang);
  document.documentElement.lang = lang;
  applyStatic();
  for (const f of listeners) f(lang);
}
export const onLangChange = (f) => listeners.add(f);

/** Fills `data-i18n`, `data-i18n-title` and `data-i18n-placeholder` elements. */
export function applyStatic(root = document) {
  for (const el of root.querySelectorAll('[data-i18n]')) el.textContent = t(el.dataset.i18n);
  for (const el of root.querySelectorAll('[data-i18n-title]')) el.title = t(el.dataset.i18nTitle);
  for (const el of root.querySelectorAll('[data-i18n-placeholder]')) el.placeholder = t(el.dataset.i18nPlaceholder);
  // a page names its own title key on <html data-title-key> (the field page); the console's is app.title
  document.title = (lang === 'en' ? 'Pingan · ' : '平安 · ') + t(document.documentElement.dataset.titleKey || 'app.title');
}

// Durations and dates are said by time-text.js.
