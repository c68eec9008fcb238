// "巡区设计" under a station's form in the administration: N patrol zones proposed for the station's
// ground (GET /v1/patrol/zone-design), balanced by the last four weeks' calls, drawn on the map and
// set beside the zones in force (how evenly the calls are shared, mean drive time to them); "采用"
// retires the zones in force and creates the proposed ones in one audited step
// (POST /v1/patrol/zone-design/adopt). The new zones start without units.
import { api, newKey } from '../api.js';
import { t } from '../i18n.js';
import { esc, toast } from '../dom.js';
import { state } from '../state.js';

const minutes = (s) => (s / 60).toFixed(1);
const pct = (x) => `${Math.round(x * 100)}%`;

export class ZoneDesignTool {
  constructor(map) { this.map = map; this.study = null; this.stationID = null; }

  html(j) {
    if (j.level !== 'station') return '';
    const zones = [...state.zones.values()].filter((z) => z.stationID === j.id && z.active !== false).length;
    return `<div class="adm-extra zd" id="adm-zone-design"><h4>${esc(t('zd.title'))}</h4>
      <label>${esc(t('zd.count'))} <input id="zd-count" type="number" min="1" max="500" value="${Math.max(2, zones || 4)}"></label>
      <button type="button" id="zd-propose">${esc(t('zd.propose'))}</button><div id="zd-result" role="status"></div></div>`;
  }

  bind(root, j) {
    this.root = root.querySelector('#adm-zone-design');
    if (!this.root) return;
    if (this.stationID !== j.id) { this.study = null; this.stationID = j.id; }
    this.j = j;
    this.root.querySelector('#zd-propose').onclick = () => this.propose();
    this.render();
  }
  open() {}
  refresh() {}
  leave() { this.study = null; this.stationID = null; }

  async propose() {
    const n = Number(this.root.querySelector('#zd-count').value);
    const out = this.root.querySelector('#zd-result');
    out.textContent = t('zd.working');
    try {
      this.study = await api('GET', `/v1/patrol/zone-design?station=${encodeURIComponent(this.j.id)}&zones=${n}`);
      this.map.setOutline(this.study.proposal.zones.map((z) => z.outline));
      this.render();
    } catch (e) {
      this.study = null;
      out.innerHTML = `<span class="error">${esc(t('zd.failed', { e: e.message }))}</span>`;
    }
  }

  render() {
    const out = this.root?.querySelector('#zd-result');
    if (!out || !this.study) return;
    const s = this.study;
    const row = (key, cut) => cut ? `<tr data-cut="${key}"><th>${esc(t(`zd.${key}`))}</th><td>${cut.zones.length}</td><td>${cut.imbalance.toFixed(2)}</td>`
      + `<td>${minutes(cut.meanDriveSeconds)}</td><td>${cut.zones.map((z) => pct(z.share)).join(' · ')}</td></tr>` : '';
    out.innerHTML = `<p class="hint">${esc(t('zd.basis', { n: s.calls }))}</p>
      <table class="zd-table"><tr><th></th><th>${esc(t('zd.zones'))}</th><th>${esc(t('zd.spread'))}</th><th>${esc(t('zd.drive'))}</th><th>${esc(t('zd.shares'))}</th></tr>
      ${row('proposal', s.proposal)}${row('current', s.current)}</table>
      <button type="button" id="zd-adopt" class="primary">${esc(t('zd.adopt'))}</button>`;
    out.querySelector('#zd-adopt').onclick = () => this.adopt();
  }

  async adopt() {
    const button = this.root.querySelector('#zd-adopt');
    button.disabled = true;
    const zones = this.study.proposal.zones.map((z, i) => ({ name: t('zd.zoneName', { station: this.j.name, n: i + 1 }), boundary: z.outline }));
    try {
      const reply = await api('POST', '/v1/patrol/zone-design/adopt', { stationID: this.j.id, zones }, { idempotencyKey: newKey() });
      toast(t('zd.adopted', { n: reply.items.length }));
      this.study = null;
      this.root.querySelector('#zd-result').textContent = t('zd.adopted', { n: reply.items.length });
    } catch (e) {
      button.disabled = false;
      this.root.querySelector('#zd-result').insertAdjacentHTML('beforeend', `<p class="error">${esc(t('zd.failed', { e: e.message }))}</p>`);
    }
  }
}
