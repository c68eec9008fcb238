// The console's picture of the world: everything the REST snapshot and the live feed told us,
// keyed by ID. Views read `state` and subscribe to coarse change topics (notifications are
// batched per frame); only the functions of this module change it.
import { deadlinesFor } from './rules.js';

export const state = {
  me: null,
  jurisdictions: new Map(),
  zones: new Map(),
  posts: new Map(),
  units: new Map(),
  /** Accounts (public views), for the administration; only roles that manage users load them. */
  users: new Map(),
  incidents: new Map(),
  /** Live events per subject (incident ID), for the card's timeline. */
  events: new Map(),
  /** Early warnings (预警) seen this session: the open heads the panel lists, closed ones opened
   *  from it, members of a storm group; and the server's counts per status (within scope). */
  alerts: new Map(),
  alertCounts: { received: 0, acknowledged: 0, handled: 0, falseAlarm: 0 },
  /** Front-end sensors (前端感知), with their latest crowd count when they count. */
  sensors: new Map(),
  /** Volunteers on patrol now (群防群治): their shifts with the latest shared position. */
  volunteers: [],
  /** Control lists (布控) seen: for an alert's list reason and the watchlists page. */
  watchlists: new Map(),
  lastSeq: 0,
  selectedID: null,
  /** Bumped on every incident/unit change so views can tell their caches are stale. */
  version: { incidents: 0, units: 0, org: 0, alerts: 0, sensors: 0, volunteers: 0 },
};

const listeners = new Map();
const pending = new Set();
let scheduled = false;

export function on(topic, f) {
  if (!listeners.has(topic)) listeners.set(topic, new Set());
  listeners.get(topic).add(f);
}
export function emit(topic) {
  pending.add(topic);
  if (scheduled) return;
  scheduled = true;
  requestAnimationFrame(() => {
    scheduled = false;
    const topics = [...pending];
    pending.clear();
    for (const t of topics) for (const f of listeners.get(t) || []) f();
  });
}

/** Adds derived fields once per incident version: times in ms, deadlines, search text. */
export function normaliseIncident(raw) {
  const i = raw;
  i._received = Date.parse(i.times?.receivedAt) || 0;
  const dl = Array.isArray(i.deadlines) && i.deadlines.length
    ? i.deadlines.map((d) => ({ step: d.step, due: Date.parse(d.due), doneAt: d.doneAt ? Date.parse(d.doneAt) : null }))
    : deadlinesFor(i);
  i._deadlines = dl;
  // the earliest open deadline: overdue is just `_minDue < now`, no per-second scan of every deadline
  let minDue = Infinity;
  if (i.status !== 'closed' && i.status !== 'cancelled') for (const d of dl) if (d.doneAt == null && d.due < minDue) minDue = d.due;
  i._minDue = minDue;
  i._search = `${i.number || ''} ${i.address || ''} ${i.description || ''} ${i.caller?.name || ''} ${i.caller?.phone || ''}`.toLowerCase();
  return i;
}

/** The next open deadline and whether any open one is missed at `now`. */
export function nextDeadline(i, now) {
  let next = null;
  for (const d of i._deadlines) if (d.doneAt == null && (next == null || d.due < next.due)) next = d;
  return next;
}
export function isOverdue(i, now) {
  return now > i._minDue;
}

export function upsertIncident(raw) {
  const old = state.incidents.get(raw.id);
  if (old && old.version > raw.version) return false;
  state.incidents.set(raw.id, normaliseIncident(raw));
  state.version.incidents++;
  emit('incidents');
  return !old;
}
export function upsertUnit(raw) {
  const old = state.units.get(raw.id);
  if (old && old.version > raw.version) return;
  raw._since = Date.parse(raw.statusSince) || 0;
  if (old?.position && !raw.position) raw.position = old.position;   // positions come on their own frames
  state.units.set(raw.id, raw);
  state.version.units++;
  emit('units');
}
export function upsertOrg(kind, raw) {
  const map = { jurisdiction: state.jurisdictions, zone: state.zones, post: state.posts }[kind];
  if (!map) return;
  const old = map.get(raw.id);
  if (old && old.version > raw.version) return;
  map.set(raw.id, raw);
  state.version.org++;
  emit('org');
}

export function upsertUser(raw) {
  const old = state.users.get(raw.id);
  if (old && old.version > raw.version) return;
  state.users.set(raw.id, raw);
  emit('users');
}

/** Stores an alert (a newer version only); returns whether it was unknown before. */
export function upsertAlert(raw) {
  const old = state.alerts.get(raw.id);
  if (old && old.version > raw.version) return false;
  if (old && old.version === raw.version && old.overdue && !raw.overdue) return false;   // the REST copy (with `overdue`) stays
  raw._raised = Date.parse(raw.raisedAt) || 0;
  raw._ackBy = Date.parse(raw.acknowledgeBy) || Infinity;
  raw._handleBy = Date.parse(raw.handleBy) || Infinity;
  state.alerts.set(raw.id, raw);
  state.version.alerts++;
  emit('alerts');
  return !old;
}
export function setAlertCounts(counts) {
  state.alertCounts = { received: 0, acknowledged: 0, handled: 0, falseAlarm: 0, ...(counts || {}) };
  emit('alerts');
}
/** The deadlines of an alert missed at `now` (ms): 'acknowledge', 'handle' or both. */
export function alertOverdue(a, now = Date.now()) {
  const late = [];
  const ackAt = a.acknowledged?.at ? Date.parse(a.acknowledged.at) : now;
  const closedAt = a.closed?.at ? Date.parse(a.closed.at) : now;
  if (ackAt > a._ackBy) late.push('acknowledge');
  if (closedAt > a._handleBy) late.push('handle');
  return late;
}
export const alertIsOpen = (a) => a.status === 'received' || a.status === 'acknowledged';

/** Stores a sensor; a live event's copy carries no count, so the last one known stays. */
export function upsertSensor(raw) {
  const old = state.sensors.get(raw.id);
  if (old && old.version > raw.version) return;
  const merged = { ...raw };
  if (old) for (const k of ['count', 'countedAt', 'lastSeenAt']) if (merged[k] == null && old[k] != null) merged[k] = old[k];
  state.sensors.set(raw.id, merged);
  state.version.sensors++;
  emit('sensors');
}
/** Replaces every sensor with the server's list (the list is the whole of what is in scope). */
/** Replaces the volunteers on patrol (GET /v1/volunteer-shifts). */
export function setVolunteers(list) {
  state.volunteers = list;
  state.version.volunteers++;
  emit('volunteers');
}
export function setSensors(list) {
  state.sensors.clear();
  for (const s of list) state.sensors.set(s.id, s);
  state.version.sensors++;
  emit('sensors');
}
export function upsertWatchlist(raw) {
  const old = state.watchlists.get(raw.id);
  if (old && old.version > raw.version) return;
  state.watchlists.set(raw.id, raw);
  emit('watchlists');
}

/** Whether a jurisdiction, zone, post or unit is in service: deactivated ones stay listed for the
 *  administration and the audit log, but the map, the units panel and dispatch leave them out. */
export const isActive = (x) => x.active !== false;

export function setMe(me) { state.me = me; }

/** The last event sequence the live feed delivered, for resuming. */
export function setLastSeq(seq) { state.lastSeq = seq; }

/** Remembers a live event under its subject (an incident's ID), for the card's timeline. */
export function recordEvent(frame) {
  const list = state.events.get(frame.subject) || [];
  list.push(frame);
  state.events.set(frame.subject, list);
}

/** The incident the views show as selected (null: none). */
export function select(id) { state.selectedID = id; }

/** A unit's latest position (from the live feed, a recommendation or a track). */
export function placeUnit(unitID, position, { onlyIfUnknown = false } = {}) {
  const u = state.units.get(unitID);
  if (!u || (onlyIfUnknown && u.position)) return false;
  u.position = position;
  return true;
}

/** The field page's world: only `incident` (or nothing), selected. */
export function showOnlyIncident(incident) {
  const had = state.incidents.size;
  state.incidents.clear();
  if (incident) upsertIncident({ ...incident });
  state.selectedID = incident ? incident.id : null;
  if (had && !incident) { state.version.incidents++; emit('incidents'); }
}

/** Call after a batch of `placeUnit`: the views redraw once. */
export function unitsMoved() {
  state.version.units++;
  emit('units');
}

/** Adds generated units and incidents that never went through the server (the browser tests'
 *  load for the frame-rate measurement), normalised like real ones. */
export function addSynthetic(units, incidents) {
  for (const u of units) { u._since = Date.parse(u.statusSince) || 0; state.units.set(u.id, u); }
  for (const i of incidents) state.incidents.set(i.id, normaliseIncident(i));
  state.version.incidents++; state.version.units++;
  emit('incidents'); emit('units');
}

export const station = (id) => state.jurisdictions.get(id);
/** The station an entity belongs to, read from its jurisdiction path. */
export function stationOf(path) {
  if (!path) return null;
  for (const part of path.split('/')) {
    const j = part && state.jurisdictions.get(part);
    if (j && j.level === 'station') return j;
  }
  return null;
}
