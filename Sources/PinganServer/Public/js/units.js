// The units panel: units by station and status, with time in status ticking live.
import { state, on, isActive } from './state.js';
import { t, getLang, onLangChange } from './i18n.js';
import { elapsed } from './time-text.js';
import { unitColour } from './colours.js';
import { esc } from './dom.js';
import { may, unitStatuses } from './rules.js';

const PER_STATION = 60;   // longer stations are cut, with a count of the rest

export class UnitsPanel {
  constructor(el, { onUnit, onMessage = () => {} }) {
    this.el = el; this.onUnit = onUnit; this.onMessage = onMessage; this.filter = '';
    on('units', () => this.schedule());
    on('org', () => this.schedule());
    onLangChange(() => this.render());
    setInterval(() => this.tick(), 1000);
    el.addEventListener('click', (e) => {
      const f = e.target.closest('[data-ufilter]');
      if (f) { this.filter = this.filter === f.dataset.ufilter ? '' : f.dataset.ufilter; this.render(); return; }
      const m = e.target.closest('[data-act="msg"]');
      if (m) { this.onMessage(state.units.get(m.dataset.id)); return; }
      const r = e.target.closest('.unit-row');
      if (r) this.onUnit(state.units.get(r.dataset.id));
    });
  }
  visible() { return !this.el.hidden; }
  schedule() {
    if (!this.visible()) { this.stale = true; return; }
    if (this.timer) return;
    this.timer = setTimeout(() => { this.timer = 0; this.render(); }, 150);
  }
  render() {
    this.stale = false;
    const en = getLang() === 'en';
    const statusOrder = unitStatuses();
    const counts = Object.fromEntries(statusOrder.map((s) => [s, 0]));
    const groups = new Map();
    let total = 0;
    for (const u of state.units.values()) {
      if (!isActive(u)) continue;   // deactivated: only the administration lists it
      counts[u.status]++; total++;
      if (this.filter && u.status !== this.filter) continue;
      if (!groups.has(u.stationID)) groups.set(u.stationID, []);
      groups.get(u.stationID).push(u);
    }
    const chips = `<div class="unit-filter"><button class="chip${this.filter ? '' : ' active'}" data-ufilter="">${t('units.all')} <b>${total}</b></button>` +
      statusOrder.map((s) => `<button class="chip${this.filter === s ? ' active' : ''}" data-ufilter="${s}"><span class="dot" style="background:${unitColour(s)}"></span>${t(`unitStatus.${s}`)} <b>${counts[s]}</b></button>`).join('') + '</div>';
    const now = Date.now();
    const canWrite = may(state.me?.role, 'dispatch');
    const body = [...groups.entries()].sort((a, b) => (state.jurisdictions.get(a[0])?.name || a[0]).localeCompare(state.jurisdictions.get(b[0])?.name || b[0])).map(([sid, list]) => {
      const st = state.jurisdictions.get(sid);
      list.sort((a, b) => statusOrder.indexOf(a.status) - statusOrder.indexOf(b.status) || a.callsign.localeCompare(b.callsign));
      const rows = list.slice(0, PER_STATION).map((u) => `<div class="unit-row" data-id="${esc(u.id)}" data-status="${u.status}">
        <span class="dot" style="background:${unitColour(u.status)}"></span><span class="cs">${esc(u.callsign)}</span>
        <span>${t(`unitKind.${u.kind}`)}</span><span class="st">${t(`unitStatus.${u.status}`)}</span>
        <span class="since" data-since="${u._since}">${elapsed(now - u._since)}</span>${canWrite && !u._synthetic
          ? `<button class="link msg-btn" data-act="msg" data-id="${esc(u.id)}" title="${esc(t('msg.toUnit', { c: u.callsign }))}" aria-label="${esc(t('msg.toUnit', { c: u.callsign }))}">✉</button>` : ''}</div>`).join('');
      const more = list.length > PER_STATION ? `<p class="empty" style="margin:4px">+${list.length - PER_STATION}</p>` : '';
      return `<div class="unit-group"><h4><span>${esc(st ? ((en && st.nameEn) || st.name) : sid)}</span><span>${t('units.count', { n: list.length })}</span></h4>${rows}${more}</div>`;
    }).join('');
    this.el.innerHTML = chips + (body || `<p class="empty">${t('units.empty')}</p>`);
  }
  tick() {
    if (!this.visible()) return;
    if (this.stale) return this.render();
    const now = Date.now();
    for (const s of this.el.querySelectorAll('[data-since]')) s.textContent = elapsed(now - Number(s.dataset.since));
  }
}
