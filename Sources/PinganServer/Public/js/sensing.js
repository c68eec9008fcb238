// Front-end sensing and early warning (前端感知预警), the data side: the open alerts and their
// counts (GET /v1/alerts), the sensors (GET /v1/sensors, again every 30 s for the crowd counts),
// and what the live feed says about them (alert.*, sensor.*, watchlist.*). The panel
// (alerts.js), the alert card (alert-card.js), the map's sensors layer and the watchlists page
// read `state`; only this module and state.js change it.
import { api } from './api.js';
import { state, upsertAlert, setAlertCounts, upsertSensor, setSensors, upsertWatchlist, alertIsOpen } from './state.js';
import { may } from './rules.js';
import * as sound from './sound.js';

const OPEN = 'received,acknowledged';
const LIMIT = 100;
const SENSOR_REFRESH_MS = 30000;
/** Severities that sound and flash when a new alert arrives over the live feed. */
export const LOUD = new Set(['severe', 'extreme']);
/** The order of severities, mildest first (CAP 1.2's words). */
export const SEVERITIES = ['minor', 'moderate', 'severe', 'extreme'];
export const ALERT_STATUSES = ['received', 'acknowledged', 'handled', 'falseAlarm'];
export const ALERT_KINDS = ['watchlistHit', 'crowdWarning', 'crowdAlarm', 'crowdRise', 'sensorOffline', 'alarmButton', 'external', 'coverageGap'];
export const SENSOR_KINDS = ['checkpoint', 'gate', 'camera', 'drone', 'alarmButton'];

let sensorTimer = 0, reloadTimer = 0, onFresh = () => {};

/** Whether the signed-in role sees alerts and sensors at all. */
export const readsAlerts = () => may(state.me?.role, 'readAlerts');

/** Who hears of a new severe or extreme alert (the panel flashes it). */
export function onFreshAlert(f) { onFresh = f; }

/** The open alerts (group heads) and the counts per status. */
export async function loadAlerts() {
  if (!readsAlerts()) return;
  const reply = await api('GET', `/v1/alerts?status=${OPEN}&members=false&limit=${LIMIT}`);
  for (const a of reply?.items || []) upsertAlert(a);
  setAlertCounts(reply?.counts);
}

/** Closed alerts of one status, newest first (the panel's handled and false-alarm chips). */
export async function loadClosed(status) {
  const reply = await api('GET', `/v1/alerts?status=${encodeURIComponent(status)}&members=false&limit=${LIMIT}`);
  for (const a of reply?.items || []) upsertAlert(a);
  setAlertCounts(reply?.counts);
  return (reply?.items || []).map((a) => a.id);
}

/** Every sensor in scope with its latest count. */
export async function loadSensors() {
  if (!readsAlerts()) return;
  const reply = await api('GET', '/v1/sensors');
  setSensors(reply?.items || []);
}

/** The first load after sign-in, then the sensors every 30 s. */
export async function startSensing() {
  clearInterval(sensorTimer); sensorTimer = 0;
  if (!readsAlerts()) { state.alerts.clear(); state.sensors.clear(); return; }
  await Promise.all([loadAlerts(), loadSensors()]);
  sensorTimer = setInterval(() => { loadSensors().catch(() => {}); }, SENSOR_REFRESH_MS);
}
export function stopSensing() { clearInterval(sensorTimer); sensorTimer = 0; }

/** The counts after a change: asked again once the burst of events is over. */
function reloadSoon() {
  clearTimeout(reloadTimer);
  reloadTimer = setTimeout(() => { loadAlerts().catch(() => {}); }, 800);
}

/** Whether a user whose scope is `path` may see what carries `audience` (Audience.admits on the
 *  server): everyone, or from the keeper's path and above, or inside or above a shared subtree. */
export function admits(audience, path) {
  if (!audience || (!audience.owner && !(audience.paths || []).length)) return true;
  if (path == null) return false;
  return (audience.owner != null && audience.owner.startsWith(path))
    || (audience.paths || []).some((p) => p.startsWith(path) || path.startsWith(p));
}

/** A live frame about alerts, sensors or watchlists; true when it was one. */
export function applySensingFrame(f) {
  const d = f.data || {};
  if (d.alert && f.type?.startsWith('alert.')) {
    // the feed sends by jurisdiction path; a watchlist hit is only for the list's audience (as REST answers)
    if (!admits(d.alert.audience, state.me?.path)) return true;
    const isNew = upsertAlert(d.alert);
    // a new alert on its own (not folded into a storm's head) that is severe or worse: sound and flash
    if (f.type === 'alert.raised' && isNew && !d.alert.groupID && LOUD.has(d.alert.severity)) {
      sound.beep();
      onFresh(d.alert);
    }
    // a storm's head that became severe through a worse member flashes too
    if (f.type === 'alert.grouped' && LOUD.has(d.alert.severity) && alertIsOpen(d.alert)) onFresh(d.alert, true);
    reloadSoon();
    return true;
  }
  if (d.sensor && f.type?.startsWith('sensor.')) { upsertSensor(d.sensor); return true; }
  if (d.watchlist && f.type?.startsWith('watchlist.')) { upsertWatchlist(d.watchlist); return true; }
  return !!(f.type?.startsWith('watchlist.'));
}

/** A watchlist, from memory or the server (for an alert's list: its reason). */
export async function watchlist(id) {
  if (state.watchlists.has(id)) return state.watchlists.get(id);
  const w = await api('GET', `/v1/watchlists/${encodeURIComponent(id)}`);
  upsertWatchlist(w);
  return w;
}
