// How a deadline rule reads: its limits (time-text.js says them in seconds, minutes, hours or days), and who set it
// ("标准" for the standard catalogue, else the jurisdiction's name). The incident card and the
// administration's policy panel both say it this way.
import { state } from './state.js';
import { t } from './i18n.js';
import { orgName } from './admin/org.js';
import { limitText } from './time-text.js';

export { limitText };   // the policy panel reads limits from here

const STEPS = ['dispatch', 'arrive', 'feedback'];

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
