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

/** "3分12秒"-style durations for countdowns and time in status. */
export function duration(ms) {
  const s = Math.max(0, Math.floor(ms / 1000));
  if (s < 60) return t('ago.s', { n: s });
  if (s < 3600) return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
  if (s < 86400) return t('ago.h', { n: Math.floor(s / 3600), m: Math.floor((s % 3600) / 60) });
  return t('ago.d', { n: Math.floor(s / 86400), h: Math.floor((s % 86400) / 3600) });
}

/** Month, day and time of day; with `year`, the year too (the audit log reaches back further). */
export function clock(date, { year = false } = {}) {
  const d = date instanceof Date ? date : new Date(date);
  return d.toLocaleString(lang === 'en' ? 'en-GB' : 'zh-CN', { hour12: false, year: year ? 'numeric' : undefined, month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit' });
}
