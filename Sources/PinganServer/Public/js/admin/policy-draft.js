// A jurisdiction's own policy as the administration's panel edits it: the draft (what the inputs
// hold: limits in minutes, feedback in hours, empty = inherit; the local categories it sets),
// the PUT body built from it in the seconds and keyed objects the API takes, and which input a
// problem's `field` is about (`deadlines.1.dispatchSeconds`, `categories.0.code`: indexes count
// what was sent, priorities and codes in sorted order).
import { t } from '../i18n.js';

export const PRIORITIES = [1, 2, 3, 4];
export const STEPS = ['dispatch', 'arrive', 'feedback'];
/** Seconds per unit of each input: minutes for dispatch and arrival, hours for feedback. */
export const UNIT = { dispatch: 60, arrive: 60, feedback: 3600 };

/** Seconds in the input's unit, as typed ("2", "1.5"; exact to the second when read back). */
export const inUnits = (seconds, step) => String(Number((seconds / UNIT[step]).toFixed(4)));

/** The draft of `own` (what the jurisdiction sets, as the server has it). */
export function draftOf(own) {
  const deadlines = {};
  for (const p of PRIORITIES) {
    const d = own?.deadlines?.find((x) => x.priority === p);
    deadlines[p] = Object.fromEntries(STEPS.map((s) => [s, d ? inUnits(d[`${s}Seconds`], s) : '']));
  }
  const categories = (own?.categories || []).map((c) => ({ code: c.code, nameZh: c.nameZh, nameEn: c.nameEn,
    nonPolice: !!c.nonPolice, retired: !!c.retired, added: false }));
  return { deadlines, categories };
}

export const sameDraft = (a, b) => JSON.stringify(a) === JSON.stringify(b);

/** `{body, sent}` for `draft` (`sent`: the priorities and codes in the order the server numbers
 *  them), or `{problem: {at, text}}` for an input that will not do. A priority with some limits
 *  typed takes `inherited(p)` (`{dispatchSeconds, …}` or null: unknown) for those left empty. */
export function bodyOf(draft, version, inherited) {
  const deadlines = {};
  for (const p of PRIORITIES) {
    const row = draft.deadlines[p];
    if (STEPS.every((s) => !row[s].trim())) continue;
    const limits = {};
    for (const s of STEPS) {
      const raw = row[s].trim(), at = { priority: p, step: s };
      if (!raw) {
        const v = inherited(p)?.[`${s}Seconds`];
        if (v == null) return { problem: { at, text: t('policy.fillAll') } };
        limits[`${s}Seconds`] = v;
        continue;
      }
      const n = Number(raw), seconds = Math.round(n * UNIT[s]);
      if (!Number.isFinite(n) || seconds < 1) return { problem: { at, text: t('policy.notPositive') } };
      limits[`${s}Seconds`] = seconds;
    }
    deadlines[p] = limits;
  }
  const categories = new Map();
  for (const [k, c] of draft.categories.entries()) {
    const code = c.code.trim();
    if (!code) return { problem: { at: { k, f: 'code' }, text: t('admin.required', { f: t('admin.f.code') }) } };
    if (categories.has(code)) return { problem: { at: { k, f: 'code' }, text: t('policy.twice', { c: code }) } };
    categories.set(code, { nameZh: c.nameZh.trim(), nameEn: c.nameEn.trim(), nonPolice: c.nonPolice, ...(c.retired ? { retired: true } : {}) });
  }
  const codes = [...categories.keys()].sort();
  return {
    body: { version, deadlines, categories: Object.fromEntries(codes.map((c) => [c, categories.get(c)])) },
    sent: { priorities: Object.keys(deadlines).map(Number).sort((a, b) => a - b), codes },
  };
}

/** Where a problem's `field` points in the draft: `{priority, step?}`, `{k, f}` (the k-th
 *  category's input `f`), or null (the policy as a whole). */
export function problemAt(field, sent, draft) {
  const d = /^deadlines\.(\d+)(?:\.(dispatch|arrive|feedback)Seconds)?/.exec(field || '');
  if (d && sent.priorities[+d[1]] != null) return { priority: sent.priorities[+d[1]], ...(d[2] ? { step: d[2] } : {}) };
  const c = /^categories\.(\d+)(?:\.(\w+))?/.exec(field || '');
  const code = c && sent.codes[+c[1]];
  if (code != null) {
    const k = draft.categories.findIndex((x) => x.code.trim() === code);
    if (k >= 0) return { k, f: c[2] || 'code' };
  }
  return null;
}
