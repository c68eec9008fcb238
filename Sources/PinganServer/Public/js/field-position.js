// Position sharing from the phone: the browser's geolocation watch, thinned, queued and sent to
// POST /v1/positions in batches. The queue survives going offline and reloading the page (it is
// kept in localStorage); a batch that got no answer is sent again under the same Idempotency-Key,
// and the server ignores duplicate and out-of-order fixes anyway.
import { api, newKey, token } from './api.js';
import { metres } from './geo.js';

const MAX_QUEUE = 2000;          // oldest fixes are dropped beyond this (about 3 h at one fix per 5 s)
const BATCH = 500;
const MIN_INTERVAL_MS = 4000;    // keep a fix at most every 4 s...
const MIN_MOVE_M = 15;           // ...unless the phone moved this far
const SEND_EVERY_MS = 5000;

export class PositionSharer {
  /**
   * @param unitID   the unit the fixes are for
   * @param onFix    called with every kept fix ({lat, lon, accuracy, heading, speed, time})
   * @param onChange called whenever the status (sharing, queue, last sent, error) changes
   */
  constructor({ unitID, onFix = () => {}, onChange = () => {} }) {
    this.unitID = unitID; this.onFix = onFix; this.onChange = onChange;
    this.storeKey = `pingan.field.queue.${unitID}`;
    this.watchID = null; this.sharing = false; this.waiting = false;
    this.queue = []; this.inflight = null; this.sending = false;
    this.lastKept = null; this.lastSentAt = null; this.lastSentCount = 0; this.lastFix = null;
    this.error = null; this.warning = null; this.backoff = 0; this.timer = 0; this.wakeLock = null;
    this.load();
    window.addEventListener('online', () => this.flush(true));
    document.addEventListener('visibilitychange', () => { if (!document.hidden && this.sharing) { this.lockScreen(); this.flush(true); } });
    if (this.queue.length || this.inflight) this.schedule(1000);   // leftovers from the last visit
  }

  get wanted() { return localStorage.getItem('pingan.field.share') === '1'; }
  get pending() { return this.queue.length + (this.inflight ? this.inflight.fixes.length : 0); }

  /** Why sharing cannot start here, or null. */
  static unsupported() {
    if (!('geolocation' in navigator)) return 'noGeo';
    if (!window.isSecureContext) return 'insecure';
    return null;
  }

  start() {
    const why = PositionSharer.unsupported();
    if (why) { this.error = { kind: why }; this.sharing = false; this.onChange(); return false; }
    localStorage.setItem('pingan.field.share', '1');
    if (this.watchID != null) return true;
    this.sharing = true; this.waiting = true; this.error = null;
    this.watchID = navigator.geolocation.watchPosition((p) => this.fix(p), (e) => this.geoError(e),
      { enableHighAccuracy: true, maximumAge: 5000, timeout: 30000 });
    this.lockScreen();
    this.onChange();
    return true;
  }

  stop({ remember = true } = {}) {
    if (remember) localStorage.setItem('pingan.field.share', '0');
    if (this.watchID != null) navigator.geolocation.clearWatch(this.watchID);
    this.watchID = null; this.sharing = false; this.waiting = false;
    try { this.wakeLock?.release(); } catch { /* released */ }
    this.wakeLock = null;
    this.flush(true);   // what is queued still goes
    this.onChange();
  }

  /** Keeps the screen on while sharing, where the browser allows it (GPS stops with the screen on many phones). */
  async lockScreen() {
    try { if (this.sharing && navigator.wakeLock && !this.wakeLock) { this.wakeLock = await navigator.wakeLock.request('screen'); this.wakeLock.addEventListener('release', () => { this.wakeLock = null; }); } } catch { this.wakeLock = null; }
  }

  geoError(e) {
    this.waiting = false;
    // 1 PERMISSION_DENIED, 2 POSITION_UNAVAILABLE, 3 TIMEOUT (the watch keeps trying after 2 and 3)
    this.error = { kind: e.code === 1 ? 'denied' : e.code === 3 ? 'timeout' : 'unavailable', message: e.message };
    if (e.code === 1) this.stop({ remember: false });
    this.onChange();
  }

  fix(p) {
    const c = p.coords;
    const fix = { unitID: this.unitID, time: new Date(p.timestamp || Date.now()).toISOString(), lat: c.latitude, lon: c.longitude };
    if (c.speed != null && Number.isFinite(c.speed) && c.speed >= 0) fix.speed = Math.round(c.speed * 10) / 10;
    if (c.heading != null && Number.isFinite(c.heading) && (fix.speed == null || fix.speed > 0.5)) fix.heading = Math.round(((c.heading % 360) + 360) % 360 * 10) / 10 % 360;
    if (c.accuracy != null && Number.isFinite(c.accuracy) && c.accuracy >= 0) fix.accuracy = Math.round(c.accuracy * 10) / 10;
    this.waiting = false;
    if (this.error && this.error.kind !== 'send') this.error = null;
    this.lastFix = fix;
    this.onFix(fix);
    const prev = this.lastKept;
    const t = Date.parse(fix.time);
    if (prev && t - Date.parse(prev.time) < MIN_INTERVAL_MS && metres(prev, fix) < MIN_MOVE_M) { this.onChange(); return; }
    if (prev && t <= Date.parse(prev.time)) { this.onChange(); return; }   // a repeat of a cached fix
    this.lastKept = fix;
    this.queue.push(fix);
    if (this.queue.length > MAX_QUEUE) this.queue.splice(0, this.queue.length - MAX_QUEUE);
    this.save();
    // the first fix goes at once, so the command centre sees the unit right away
    this.schedule(this.lastSentAt ? SEND_EVERY_MS : 0);
    this.onChange();
  }

  schedule(ms) {
    if (this.timer) return;
    this.timer = setTimeout(() => { this.timer = 0; this.flush(); }, ms);
  }

  async flush(now = false) {
    if (now) { clearTimeout(this.timer); this.timer = 0; }
    if (this.sending || !token()) return;   // signed out: the queue waits for the next sign-in
    if (!this.inflight) {
      if (!this.queue.length) return;
      this.inflight = { fixes: this.queue.splice(0, BATCH), key: newKey() };
      this.save();
    }
    this.sending = true;
    const batch = this.inflight;
    try {
      const r = await api('POST', '/v1/positions', { fixes: batch.fixes }, { idempotencyKey: batch.key });
      this.inflight = null; this.backoff = 0;
      this.lastSentAt = Date.now(); this.lastSentCount = batch.fixes.length;
      this.error = null; this.warning = null;
      if (r && typeof r === 'object') {
        if (r.unknownUnit > 0) this.warning = { kind: 'unknownUnit', n: r.unknownUnit };
        else if (r.rejectedTime > 0) this.warning = { kind: 'clock', n: r.rejectedTime };
        else if (r.rejectedJump + (r.rejectedInvalid || 0) > 0) this.warning = { kind: 'rejected', n: r.rejectedJump + (r.rejectedInvalid || 0) };
      }
      this.lastResult = r;
    } catch (e) {
      if (e.status === 0 || e.status >= 500 || e.status === 429 || e.status === 401) {
        // no answer (or a temporary one): keep the batch and try again later under the same key
        this.backoff = Math.min(60000, this.backoff ? this.backoff * 2 : 2000);
        this.error = { kind: 'send', message: e.message, code: e.code, retrying: true };
      } else {
        // the server refused this batch for good (bad data): drop it, or it would block the queue forever
        this.inflight = null;
        this.error = { kind: 'send', message: e.message, code: e.code, field: e.field };
      }
    } finally {
      this.sending = false;
      this.save();
      this.onChange();
    }
    if (this.inflight) this.schedule(this.backoff);
    else if (this.queue.length) this.schedule(this.queue.length >= BATCH ? 0 : SEND_EVERY_MS);
  }

  save() {
    try {
      localStorage.setItem(this.storeKey, JSON.stringify({ queue: this.queue, inflight: this.inflight }));
    } catch { /* storage full or blocked: the queue lives in memory only */ }
  }
  load() {
    try {
      const v = JSON.parse(localStorage.getItem(this.storeKey) || 'null');
      if (v && Array.isArray(v.queue)) this.queue = v.queue.filter((f) => f && f.unitID === this.unitID);
      if (v && v.inflight && Array.isArray(v.inflight.fixes)) this.inflight = v.inflight;
    } catch { this.queue = []; this.inflight = null; }
  }
}
