// The guided setup's steps and where a deployment stands on each, read from the data the console
// holds (nothing is stored about progress but the steps the administrator skipped, in this
// browser): the city, its districts, the stations' areas, the stations' locations (and posts),
// units, accounts, and a first incident dispatched.
import { state, isActive } from '../state.js';

const SKIPPED = 'pingan.setup.skipped';

export const jurisdictionsAt = (level) => [...state.jurisdictions.values()].filter((j) => j.level === level && isActive(j));
export const realUnits = () => [...state.units.values()].filter((u) => !u._synthetic && isActive(u));
export const dispatched = (i) => (i.unitIDs?.length ?? 0) > 0 || !!i.times?.dispatchedAt;

/** Whether the signed-in user's scope is the whole installation (only such an administrator
 *  creates cities; one of a district or station finds the levels above it already there). */
export const installationWide = () => state.me?.path === '/';

export const STEPS = [
  { id: 'city', done: () => jurisdictionsAt('city').length > 0 || !installationWide() },
  { id: 'districts', done: () => jurisdictionsAt('district').length > 0 },
  { id: 'stations', done: () => jurisdictionsAt('station').some((j) => j.area) },
  { id: 'places', done: () => { const s = jurisdictionsAt('station'); return s.length > 0 && s.every((j) => j.location); } },
  { id: 'units', done: () => realUnits().length > 0 },
  { id: 'users', done: () => [...state.users.values()].some((u) => u.role !== 'admin') },
  { id: 'incident', done: () => [...state.incidents.values()].some(dispatched) },
];

export function skipped() {
  try { return new Set(JSON.parse(localStorage.getItem(SKIPPED) || '[]')); } catch { return new Set(); }
}
export function setSkipped(id, on) {
  const s = skipped();
  if (on) s.add(id); else s.delete(id);
  localStorage.setItem(SKIPPED, JSON.stringify([...s]));
}

/** Each step with `done`, `skipped`; `current` is the first neither done nor skipped (null: all). */
export function progress() {
  const skip = skipped();
  const steps = STEPS.map((s) => ({ id: s.id, done: s.done(), skipped: !s.done() && skip.has(s.id) }));
  return { steps, current: steps.find((s) => !s.done && !s.skipped)?.id ?? null, done: steps.filter((s) => s.done).length };
}

/** Whether the deployment lacks what dispatching needs at all (a city, a station, a unit) and the
 *  administrator has not skipped those steps: the guide then opens by itself at sign-in. */
export function basicsMissing() {
  if (!installationWide()) return false;
  const skip = skipped();
  const missing = [['city', jurisdictionsAt('city').length], ['stations', jurisdictionsAt('station').length], ['units', realUnits().length]];
  return missing.some(([id, n]) => !n && !skip.has(id));
}
