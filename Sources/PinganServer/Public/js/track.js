// A unit's track for the shift on the console map: GET /v1/units/{id}/track for the last 12 hours,
// drawn as a line with its direction, framed by an animated flight, and cleared with Esc or ✕.
// The bar also gives the unit's patrol shift today (time in its zone against the plan, distance),
// and says where the unit's last position is, in words (address-watch.js: cached per
// unit, asked again when it moved more than 30 m).
import { api } from './api.js';
import { t } from './i18n.js';
import { dateTime } from './time-text.js';
import { state } from './state.js';
import { AddressWatch } from './address-watch.js';

const HOURS = 12;

function lengthMetres(points) {
  let m = 0;
  for (let k = 1; k < points.length; k++) {
    const a = points[k - 1], b = points[k], r = Math.PI / 180;
    const x = (b.lon - a.lon) * r * Math.cos((a.lat + b.lat) / 2 * r), y = (b.lat - a.lat) * r;
    m += Math.hypot(x, y) * 6371000;
  }
  return m;
}

export class TrackView {
  constructor({ map, bar, text, where = null, close, msg = null, onMessage = () => {}, toast }) {
    this.map = map; this.bar = bar; this.text = text; this.where = where; this.toast = toast;
    this.unit = null; this.seq = 0; this.note = '';
    this.addresses = new AddressWatch({ onChange: (id) => { if (id === this.unit?.id) this.renderWhere(); } });
    close.addEventListener('click', () => this.clear());
    // the bar is also where a dispatcher writes to the unit picked on the map
    msg?.addEventListener('click', () => { if (this.unit) onMessage(this.unit); });
  }
  get active() { return !!this.unit; }

  async show(unit) {
    if (!unit || unit._synthetic) return;
    const seq = ++this.seq;
    if (this.unit && this.unit.id !== unit.id) this.addresses.pause(this.unit.id);
    this.unit = unit; this.note = '';
    this.bar.hidden = false;
    this.text.textContent = t('track.loading', { c: unit.callsign });
    this.locate();
    this.shift = null;
    this.loadShift(unit, seq);
    const to = new Date(), from = new Date(to.getTime() - HOURS * 3600e3);
    let reply;
    try {
      reply = await api('GET', `/v1/units/${encodeURIComponent(unit.id)}/track?from=${encodeURIComponent(from.toISOString())}&to=${encodeURIComponent(to.toISOString())}`);
    } catch (e) {
      if (seq !== this.seq) return;
      // the unit stays picked (its bar can still write to it); only the line is missing
      this.map.setTrack(null);
      this.note = t('track.error', { m: e.message });
      this.render();
      return;
    }
    if (seq !== this.seq) return;
    const points = (reply?.points || []).filter((p) => Number.isFinite(p.lat) && Number.isFinite(p.lon))
      .sort((a, b) => Date.parse(a.at) - Date.parse(b.at));
    if (!points.length) {
      this.map.setTrack(null);
      this.note = 'empty';
      this.render();
      return;
    }
    this.map.setTrack({ unitID: unit.id, callsign: unit.callsign, points });
    this.render();
    this.map.flyToFit(points.length > 1 ? points : [points[0], { lat: points[0].lat + 0.003, lon: points[0].lon + 0.003 }, { lat: points[0].lat - 0.003, lon: points[0].lon - 0.003 }]);
  }

  /** The unit's patrol shift today (the one running, else the last begun): time in its zone
   *  against the plan and the distance driven, for the bar (GET /v1/patrol/compliance). */
  async loadShift(unit, seq) {
    let rows = [];
    try {
      rows = (await api('GET', `/v1/patrol/compliance?unit=${encodeURIComponent(unit.id)}`)).rows || [];
    } catch { rows = []; }
    if (seq !== this.seq) return;
    this.shift = rows.find((r) => r.inProgress) || rows.sort((a, b) => Date.parse(b.from) - Date.parse(a.from))[0] || null;
    this.render();
  }

  /** The shift's figures in words, or '' without a plan. */
  shiftText() {
    const r = this.shift;
    if (!r) return '';
    return ` · ${t('track.shift', { s: r.shift, z: r.zoneName, p: Math.round(r.presenceMinutes), q: Math.round(r.requiredMinutes), d: r.distanceKm.toFixed(1) })}`;
  }

  /** The unit's last known position: the live one or the track's last point, whichever is newer. */
  lastPosition() {
    if (!this.unit) return null;
    const live = state.units.get(this.unit.id)?.position;
    const tr = this.map.track?.unitID === this.unit.id ? this.map.track.points : null;
    const end = tr?.length ? tr[tr.length - 1] : null;
    if (live && end) return (Date.parse(end.at) || 0) > (Date.parse(live.at) || 0) ? end : live;
    return live || end || null;
  }

  /** Names the last position (when the rules allow a new question) and shows what is known. */
  locate() {
    const p = this.lastPosition();
    if (p) this.addresses.update(this.unit.id, p);
    this.renderWhere();
  }

  renderWhere() {
    if (!this.where) return;
    const s = this.unit ? this.addresses.text(this.unit.id) : null;
    this.where.hidden = !s;
    this.where.textContent = s ? t('track.where', { a: s }) : '';
  }

  /** Redraws the bar's text (after a live point or a language switch). */
  render() {
    const tr = this.map.track;
    if (!this.unit) return;
    this.locate();
    if (!tr) {
      if (this.note) this.text.textContent = (this.note === 'empty' ? t('track.empty', { c: this.unit.callsign }) : this.note) + this.shiftText();
      return;
    }
    const m = lengthMetres(tr.points);
    const d = m < 1000 ? t('rec.m', { n: Math.round(m) }) : t('rec.km', { n: (m / 1000).toFixed(1) });
    const first = tr.points[0], last = tr.points[tr.points.length - 1];
    this.text.innerHTML = '';
    const b = document.createElement('b'); b.textContent = t('track.title', { c: this.unit.callsign });
    const s = document.createElement('span'); s.textContent = ` ${t('track.summary', { n: tr.points.length, d })} · ${t('track.range', { a: dateTime(first.at), b: dateTime(last.at) })}`;
    const sh = document.createElement('span'); sh.id = 'track-shift'; sh.textContent = this.shiftText();
    this.text.append(b, s, sh);
  }

  clear() {
    this.seq++;
    if (this.unit) this.addresses.pause(this.unit.id);
    this.unit = null; this.note = '';
    this.renderWhere();
    this.bar.hidden = true;
    this.map.setTrack(null);
  }
}
