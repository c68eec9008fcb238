// How a deadline rule reads: its limits in seconds, minutes, hours or days, and who set it
// ("标准" for the standard catalogue, else the jurisdiction's name). The incident card and the
// administration's policy panel both say it this way.
import { state } from './state.js';
import { t } from './i18n.js';
import { orgName } from './admin/org.js';

const STEPS = ['dispatch', 'arrive', 'feedback'];

/** A limit in seconds as people say it: "90 秒", "2 分", "1 小时 30 分", "3 天". */
export function limitText(seconds) {
  const s = Math.max(0, Math.round(seconds));
  if (s < 60) return t('span.s', { n: s });
  if (s < 3600) return s % 60 ? t('span.ms', { m: Math.floor(s / 60), s: s % 60 }) : t('span.m', { n: s / 60 });
  if (s >= 2 * 86400 && s % 86400 === 0) return t('span.d', { n: s / 86400 });
  const h = Math.floor(s / 3600), m = Math.floor((s % 3600) / 60);
  return m ? t('span.hm', { h, m }) : t('span.h', { n: h });
}

/** Who set a rule or a category: "标准", the jurisdiction's name, or "上级机构" for one out of view. */
export function ruleSource(setBy) {
  if (!setBy || setBy === 'standard') return t('rule.standard');
  return orgName(state.jurisdictions.get(setBy)) || t('rule.above');
}

/** "时限规则：派警 2 分 · 到场 10 分 · 反馈 2 小时（设于 上海市公安局）". */
export function ruleText(rule) {
  if (!rule) return '';
  const steps = STEPS.map((s) => t('rule.step', { step: t(`rule.${s}`), t: limitText(rule[`${s}Seconds`]) })).join(' · ');
  const by = !rule.setBy || rule.setBy === 'standard' ? t('rule.standard') : t('rule.setBy', { name: ruleSource(rule.setBy) });
  return t('rule.line', { steps, by });
}
