// A zone's patrol plan (巡逻方案) under its form: the daily shifts (name, start, hours, minutes of
// presence the units owe the zone, the units, and the posts inside the zone they must visit with
// their stay), each removable, and a small form that adds one. Saved through the zone's form with
// the version it read (PATCH /v1/zones/{id} `shifts`), so a plan change is versioned and audited
// with the zone; the server refuses a point outside the zone or a unit in two shifts at once.
import { state, isActive } from '../state.js';
import { t } from '../i18n.js';
import { esc } from '../dom.js';

/** Whether `p` lies inside the ring (even-odd rule on lat/lon, as the server's test). */
function inside(p, ring) {
  let yes = false;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const a = ring[i], b = ring[j];
    if ((a.lat > p.lat) !== (b.lat > p.lat) && p.lon < ((b.lon - a.lon) * (p.lat - a.lat)) / (b.lat - a.lat) + a.lon) yes = !yes;
  }
  return yes;
}

const hhmm = (m) => `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;

export class ShiftTool {
  constructor() { this.zone = null; this.editor = null; }

  /** The station's units and the posts inside the zone: what a shift may name. */
  units(zone) { return [...state.units.values()].filter((u) => isActive(u) && u.stationID === zone.stationID).sort((a, b) => a.callsign.localeCompare(b.callsign)); }
  posts(zone) { return [...state.posts.values()].filter((p) => isActive(p) && p.location && inside(p.location, zone.boundary || [])); }

  html(zone) {
    const shifts = zone.shifts || [];
    const callsign = (id) => state.units.get(id)?.callsign || id;
    const list = shifts.length ? `<table class="sv-table" id="zs-list"><thead><tr><th>${esc(t('zs.name'))}</th><th>${esc(t('zs.start'))}</th>
      <th>${esc(t('zs.hours'))}</th><th>${esc(t('zs.required'))}</th><th>${esc(t('zs.units'))}</th><th>${esc(t('zs.points'))}</th><th></th></tr></thead><tbody>${
      shifts.map((s, i) => `<tr data-shift="${i}"><td>${esc(s.name)}</td><td>${hhmm(s.startMinute)}</td><td>${(s.lengthMinutes / 60).toFixed(1)}</td>
        <td>${s.requiredMinutes}</td><td>${esc(s.unitIDs.map(callsign).join(', '))}</td><td>${esc(s.points.map((p) => p.name).join(', '))}</td>
        <td><button type="button" class="link" data-drop="${i}">${esc(t('zs.remove'))}</button></td></tr>`).join('')}</tbody></table>`
      : `<p class="muted" id="zs-none">${esc(t('zs.none'))}</p>`;
    const units = this.units(zone).map((u) => `<label class="chk"><input type="checkbox" name="zs-unit" value="${esc(u.id)}"> ${esc(u.callsign)}</label>`).join('');
    const posts = this.posts(zone).map((p) => `<label class="chk"><input type="checkbox" name="zs-post" value="${esc(p.id)}"> ${esc(p.name)}</label>`).join('');
    return `<div class="adm-extra" id="adm-shifts"><h4>${esc(t('zs.title'))}</h4>${list}
      <form id="zs-form" class="zs-form">
        <label>${esc(t('zs.name'))} <input id="zs-name" required maxlength="40" value="${esc(t('zs.defaultName'))}"></label>
        <label>${esc(t('zs.start'))} <input id="zs-start" type="time" required value="08:00"></label>
        <label>${esc(t('zs.hours'))} <input id="zs-hours" type="number" min="0.5" max="24" step="0.5" required value="8"></label>
        <label>${esc(t('zs.required'))} <input id="zs-required" type="number" min="0" max="1440" required value="240"></label>
        <fieldset><legend>${esc(t('zs.units'))}</legend>${units || `<span class="muted">${esc(t('zs.noUnits'))}</span>`}</fieldset>
        <fieldset><legend>${esc(t('zs.points'))}</legend>${posts || `<span class="muted">${esc(t('zs.noPosts'))}</span>`}
          <label>${esc(t('zs.dwell'))} <input id="zs-dwell" type="number" min="0" max="1440" value="10"></label></fieldset>
        <button type="submit" id="zs-add">${esc(t('zs.add'))}</button>
      </form></div>`;
  }

  bind(root, zone, editor) {
    this.zone = zone; this.editor = editor;
    const box = root.querySelector('#adm-shifts');
    box.querySelector('#zs-form').addEventListener('submit', (e) => { e.preventDefault(); this.add(box); });
    box.addEventListener('click', (e) => {
      const b = e.target.closest('[data-drop]');
      if (b) this.editor.save({ shifts: (this.zone.shifts || []).filter((_, i) => i !== Number(b.dataset.drop)) });
    });
  }

  add(box) {
    const v = (id) => box.querySelector(id).value;
    const [h, m] = v('#zs-start').split(':').map(Number);
    const checked = (name) => [...box.querySelectorAll(`input[name="${name}"]:checked`)].map((x) => x.value);
    const dwell = Math.max(0, Math.round(Number(v('#zs-dwell')) || 0));
    const points = checked('zs-post').map((id) => state.posts.get(id)).filter(Boolean)
      .map((p) => ({ name: p.name, location: { lat: p.location.lat, lon: p.location.lon }, dwellMinutes: dwell }));
    const shift = { name: v('#zs-name').trim(), startMinute: (h || 0) * 60 + (m || 0), lengthMinutes: Math.round(Number(v('#zs-hours')) * 60),
      requiredMinutes: Math.round(Number(v('#zs-required'))), unitIDs: checked('zs-unit'), points };
    this.editor.save({ shifts: [...(this.zone.shifts || []), shift] });
  }

  leave() { this.zone = null; }
}
