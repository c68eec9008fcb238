// A jurisdiction's own policy as the administration's panel edits it: the draft (what the inputs
// hold: limits in minutes, feedback in hours, empty = inherit; the local categories it sets; its
// patrol targets, set here or inherited whole; what it sets that the panel does not edit),
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
  const pt = own?.patrolTargets;
  const patrol = pt ? { set: true, reach: String(pt.reachSeconds / 60), share: String(Math.round(pt.minZoneShare * 100)), hold: String(pt.holdMinutes),
    alerts: !!pt.alerts, autoAccept: !!pt.autoAcceptMoves } : { set: false, reach: '', share: '', hold: '', alerts: false, autoAccept: false };
  return { deadlines, categories, patrol, carried: carriedOf(own) };
}

/** What the jurisdiction sets that this panel does not edit (cross-border sharing, alert limits,
 *  triage rules, referral limits, response targets), in the PUT body's shape: a save sends it
 *  back as it was, since the PUT replaces the whole policy. */
export function carriedOf(own) {
  const out = {};
  if (own?.crossBorder != null) out.crossBorder = own.crossBorder;
  if (own?.alertDeadlines?.length) {
    out.alertDeadlines = Object.fromEntries(own.alertDeadlines.map((a) => [a.severity, { acknowledgeSeconds: a.acknowledgeSeconds, handleSeconds: a.handleSeconds }]));
  }
  for (const k of ['highRiskRules', 'referralRules', 'referralDeadlines', 'responseTargets']) if (own?.[k] != null) out[k] = own[k];
  return out;
}

/** The patrol targets the draft sets (`null`: inherit), or `{problem}`. */
function patrolOf(p) {
  if (!p.set) return { targets: null };
  const reach = Math.round(Number(p.reach) * 60), share = Number(p.share) / 100, hold = Math.round(Number(p.hold));
  if (!(reach >= 30 && reach <= 1800)) return { problem: { at: { patrol: 'reach' }, text: t('policy.patrol.badReach') } };
  if (!(p.share.trim() !== '' && share >= 0 && share <= 1)) return { problem: { at: { patrol: 'share' }, text: t('policy.patrol.badShare') } };
  if (!(hold >= 1 && hold <= 1440)) return { problem: { at: { patrol: 'hold' }, text: t('policy.patrol.badHold') } };
  return { targets: { reachSeconds: reach, minZoneShare: share, holdMinutes: hold, alerts: !!p.alerts, autoAcceptMoves: !!p.autoAccept } };
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
  const patrol = patrolOf(draft.patrol);
  if (patrol.problem) return { problem: patrol.problem };
  return {
    body: { ...draft.carried, version, deadlines, categories: Object.fromEntries(codes.map((c) => [c, categories.get(c)])),
      ...(patrol.targets ? { patrolTargets: patrol.targets } : {}) },
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
