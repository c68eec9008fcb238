// How times read, on the console and the field page alike: one place for durations (a deadline's
// countdown, an ETA, time in status, a rule's limits) and one for dates, so no timer reads like a
// clock time ("到场 13:59") and every date has the same locale-correct form per language.
import { t, getLang } from './i18n.js';

// ---- durations -----------------------------------------------------------------------------

/** A compact amount of time: "45秒", "14分", "1小时5分", "1小时", "2天3小时" ("45 s", "14 min", …).
 *  `round`: how seconds over a minute become minutes (Math.round for countdowns, Math.floor for
 *  time already spent). */
function amount(seconds, round = Math.floor) {
  let s = Math.max(0, Math.floor(seconds));
  if (s < 60) return t('dur.s', { n: s });
  const m = round(s / 60);
  if (m < 60) return t('dur.m', { n: m });
  s = m * 60;
  if (s < 86400) { const h = Math.floor(s / 3600), mm = Math.floor((s % 3600) / 60); return mm ? t('dur.h', { h, m: mm }) : t('dur.h0', { h }); }
  const d = Math.floor(s / 86400), h = Math.floor((s % 86400) / 3600);
  return h ? t('dur.d', { d, h }) : t('dur.d0', { d });
}

/** A deadline's countdown from the milliseconds left: "还剩 14分", "还剩 45秒", "超时 3分"
 *  ("14 min left", "3 min overdue"). */
export function countdown(msLeft) {
  return msLeft >= 0 ? t('due.left', { t: amount(Math.ceil(msLeft / 1000), Math.round) })
    : t('due.overdue', { t: amount(-msLeft / 1000) });
}

/** Time spent so far (a unit's time in its status): "45秒", "12分", "1小时5分". */
export function elapsed(ms) {
  return amount(ms / 1000);
}

/** A travel time: "45 秒", "3 分钟", "1 小时 5 分钟" ("45 s", "3 min", "1 h 5 min"). */
export function eta(seconds) {
  const s = Math.max(0, Math.round(seconds));
  if (s < 60) return t('eta.s', { n: s });
  const m = Math.round(s / 60);
  if (m < 60) return t('eta.m', { n: m });
  return m % 60 ? t('eta.h', { h: Math.floor(m / 60), m: m % 60 }) : t('eta.h0', { h: m / 60 });
}

/** A limit in seconds as people say it: "90 秒", "2 分", "1 小时 30 分", "3 天" (deadline rules). */
export function limitText(seconds) {
  const s = Math.max(0, Math.round(seconds));
  if (s < 60) return t('span.s', { n: s });
  if (s < 3600) return s % 60 ? t('span.ms', { m: Math.floor(s / 60), s: s % 60 }) : t('span.m', { n: s / 60 });
  if (s >= 2 * 86400 && s % 86400 === 0) return t('span.d', { n: s / 86400 });
  const h = Math.floor(s / 3600), m = Math.floor((s % 3600) / 60);
  return m ? t('span.hm', { h, m }) : t('span.h', { n: h });
}

// ---- dates ---------------------------------------------------------------------------------

const formats = new Map();
function format(options) {
  const locale = getLang() === 'en' ? 'en-GB' : 'zh-CN';
  const key = `${locale}|${JSON.stringify(options)}`;
  let f = formats.get(key);
  if (!f) { f = new Intl.DateTimeFormat(locale, options); formats.set(key, f); }
  return f;
}

/** A date and time of day in the chosen language: "12月4日 22:15" / "4 Dec 22:15"; the year
 *  when it is not this year's ("2023年12月4日 22:15"); `seconds` for the audit log's detail.
 *  Takes a Date, epoch milliseconds or an ISO-8601 string; "—" for none. */
export function dateTime(at, { seconds = false } = {}) {
  if (at == null || at === '') return '—';
  const d = at instanceof Date ? at : new Date(typeof at === 'string' ? Date.parse(at) : at);
  if (Number.isNaN(d.getTime())) return '—';
  const year = d.getFullYear() !== new Date().getFullYear() ? 'numeric' : undefined;
  const day = format({ year, month: getLang() === 'en' ? 'short' : 'long', day: 'numeric' }).format(d);
  const time = format({ hour: '2-digit', minute: '2-digit', second: seconds ? '2-digit' : undefined, hourCycle: 'h23' }).format(d);
  return `${day} ${time}`;
}
