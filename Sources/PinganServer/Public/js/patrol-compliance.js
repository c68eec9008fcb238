// Patrol compliance (巡逻考核) on the assessment page: for the day the period ends on, each zone
// shift's units with their time in the zone against the plan, the points visited, the distance and
// the time out of the zone without a job, and each station's totals (GET /v1/patrol/compliance).
// Plans are the zones' shifts, set in the administration (admin/zone-shifts.js).
import { api } from './api.js';
import { t } from './i18n.js';
import { state } from './state.js';
import { esc } from './dom.js';

const min = (m) => String(Math.round(m));

/** A row's standing, worded: in progress, kept, or what it lacks. */
export function standing(r) {
  if (r.inProgress) return { key: 'pc.inProgress', css: '' };
  return r.kept ? { key: 'pc.kept', css: 'good' } : { key: 'pc.notKept', css: 'bad' };
}

export class PatrolComplianceBox {
  constructor(el, { jurisdiction, day }) {
    this.el = el; this.jurisdiction = jurisdiction; this.day = day; this.data = null; this.error = null; this.seq = 0;
  }

  async load() {
    const id = this.jurisdiction(), j = state.jurisdictions.get(id), seq = ++this.seq;
    const station = j?.level === 'station' ? `&station=${encodeURIComponent(id)}` : '';
    try {
      const d = await api('GET', `/v1/patrol/compliance?date=${this.day()}${station}`);
      if (seq !== this.seq) return;
      this.data = d; this.error = null;
    } catch (e) {
      if (seq !== this.seq) return;
      this.data = null; this.error = e.message;
    }
    this.render();
  }

  render() {
    const head = `<h3>${esc(t('pc.title', { d: this.data?.date || this.day() }))}</h3>`;
    if (this.error) { this.el.innerHTML = `${head}<p class="error">${esc(this.error)}</p>`; return; }
    const d = this.data;
    if (!d) { this.el.innerHTML = head; return; }
    if (!d.rows.length) { this.el.innerHTML = `${head}<p class="muted" id="pc-empty">${esc(t('pc.none'))}</p>`; return; }
    const stations = `<table class="sv-table" id="pc-stations"><thead><tr><th>${esc(t('db.station'))}</th><th>${esc(t('pc.plans'))}</th>
      <th>${esc(t('pc.keptCount'))}</th><th>${esc(t('pc.presence'))}</th><th>${esc(t('pc.points'))}</th><th>${esc(t('pc.km'))}</th></tr></thead><tbody>${
      d.stations.map((s) => `<tr data-station="${esc(s.stationID)}"><td>${esc(s.stationName)}</td><td>${s.plans}</td><td>${s.kept}/${s.ended}</td>
        <td>${min(s.presenceMinutes)}/${min(s.requiredMinutes)}</td><td>${s.pointsVisited}/${s.points}</td><td>${s.distanceKm.toFixed(1)}</td></tr>`).join('')}</tbody></table>`;
    const rows = `<table class="sv-table" id="pc-rows"><thead><tr><th>${esc(t('pc.zone'))}</th><th>${esc(t('pc.shift'))}</th><th>${esc(t('pc.unit'))}</th>
      <th>${esc(t('pc.presence'))}</th><th>${esc(t('pc.points'))}</th><th>${esc(t('pc.km'))}</th><th>${esc(t('pc.outOfZone'))}</th><th>${esc(t('pc.status'))}</th></tr></thead><tbody>${
      d.rows.map((r) => {
        const s = standing(r);
        return `<tr data-unit="${esc(r.unitID)}" data-kept="${r.kept}"><td>${esc(r.zoneName)}</td><td>${esc(r.shift)}</td><td>${esc(r.callsign)}</td>
          <td class="${r.presenceMet ? 'good' : ''}">${min(r.presenceMinutes)}/${min(r.requiredMinutes)}</td>
          <td>${r.points.filter((p) => p.visited).length}/${r.points.length}</td><td>${r.distanceKm.toFixed(1)}</td>
          <td>${min(r.outOfZoneUnassignedMinutes)}</td><td class="${s.css}">${esc(t(s.key))}</td></tr>`;
      }).join('')}</tbody></table>`;
    this.el.innerHTML = `${head}${stations}${rows}<p class="muted small">${esc(t('pc.note'))}</p>`;
  }
}
