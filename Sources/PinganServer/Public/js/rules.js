// The platform's rules as the server states them (GET /v1/meta): the 1-3-5 tiers, who may do
// what, which status may follow which, the deadlines by priority, the categories and the kinds
// and states of units. They are defined once, in the server's core; the pages only hold what
// they were told, fetched once after sign-in.
import { api } from './api.js';

let rules = null;

export async function loadRules() {
  rules = await api('GET', '/v1/meta');
  return rules;
}

/** Whether `role` has `permission`; false before the rules arrived. */
export function may(role, permission) {
  return !!rules && (rules.roles[role] || []).includes(permission);
}

/** The statuses that may follow `status`. */
export const successors = (status) => rules?.lifecycle[status] || [];
/** Every incident status, in lifecycle order. */
export const statuses = () => rules?.statuses || [];
/** Still needs work (not closed, not cancelled). */
export const isOpen = (status) => !!rules && rules.openStatuses.includes(status);
/** Units may still be assigned. */
export const isAssignable = (status) => !!rules && rules.assignableStatuses.includes(status);
export const categories = () => rules?.categories || [];
export const category = (code) => categories().find((c) => c.code === code);
export const priorities = () => rules?.priorities || [];
export const unitStatuses = () => rules?.unitStatuses || [];
/** The follow-ups an anti-fraud warning in `status` may take next. */
export const fraudFollowUps = (status) => rules?.fraudWarningFollowUps?.[status] || [];
export const unitKinds = () => rules?.unitKinds || [];
/** Every role, in the server's order. */
export const roles = () => Object.keys(rules?.roles || {});
/** The tiers, `{minutes, withinSeconds}` fastest first; the last has no bound. */
export const tiers = () => rules?.tiers || [];

/** The tier (1, 3, 5 or 99) a travel or response time in seconds falls in. */
export function tierOf(seconds) {
  for (const t of tiers()) if (t.withinSeconds != null && seconds <= t.withinSeconds) return t.minutes;
  return tiers().at(-1)?.minutes ?? 99;
}

/** The standard limits for `priority` (the catalogue's, before any jurisdiction sets its own),
 *  as a rule `{dispatchSeconds, arriveSeconds, feedbackSeconds, setBy: 'standard'}`. */
export function standardRule(priority) {
  const l = rules?.deadlines.find((d) => d.priority === priority) || rules?.deadlines.at(-1);
  return l ? { dispatchSeconds: l.dispatchSeconds, arriveSeconds: l.arriveSeconds, feedbackSeconds: l.feedbackSeconds, setBy: 'standard' } : null;
}
/** The rule an incident's overdue timers follow: the one it was given when it came in, or the
 *  standard one for its priority (incidents from before policies carry none). */
export const ruleOf = (incident) => incident.deadlineRule || standardRule(incident.priority);

/** The incident's deadlines, for an incident that arrived from the live feed without the
 *  server's computed `deadlines`. */
export function deadlinesFor(incident) {
  if (!rules || incident.status === 'cancelled') return [];
  const l = ruleOf(incident);
  const t = incident.times || {};
  const r = Date.parse(t.receivedAt);
  return [
    { step: 'dispatch', due: r + l.dispatchSeconds * 1000, doneAt: t.dispatchedAt ? Date.parse(t.dispatchedAt) : null },
    { step: 'arrive', due: r + l.arriveSeconds * 1000, doneAt: t.onSceneAt ? Date.parse(t.onSceneAt) : null },
    { step: 'feedback', due: r + l.feedbackSeconds * 1000, doneAt: t.closedAt ? Date.parse(t.closedAt) : null },
  ];
}
