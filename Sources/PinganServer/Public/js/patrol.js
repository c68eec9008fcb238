// The patrol panel (动态巡控) beside the 1-3-5 minute coverage layer: how much road, expected calls
// (the last four weeks' calls) and key places the free units reach, the key places out of
// 3-minute reach, and the moves of idle units that would bring the most expected calls within
// 3 minutes, each with one button that orders the car there (`GET /v1/patrol`,
// `POST /v1/patrol/moves`). Shown while the coverage layer is; refreshed with it and when units change.
import { api, newKey } from './api.js';
import { t, getLang } from './i18n.js';
import { may } from './rules.js';
import { state } from './state.js';
import { $, esc, toast } from './dom.js';

const pct = (x) => (x == null ? '—' : `${x < 0.1 ? (x * 100).toFixed(1) : Math.round(x * 100)}%`);
const minutes = (s) => Math.max(1, Math.round(s / 60));

export class PatrolPanel {
  constructor(map) {
    this.map = map;
    this.el = $('patrol-panel');
    this.picture = null;
    this.error = null;
    this.loading = false;
    this.demand = 'calls';   // or 'forecast': today's hotspot forecast
    this.el.addEventListener('change', (e) => { if (e.target.id === 'patrol-demand-source') { this.demand = e.target.value; this.refresh(); } });
    this.el.addEventListener('click', (e) => {
      const b = e.target.closest('button[data-move]');
      if (b) this.order(b.dataset.unit, b.dataset.post, b);
    });
  }

  get shown() { return !!this.map.layers.coverage; }

  /** Called when the coverage layer is switched or reloads, and when units change. */
  async refresh() {
    if (!this.shown) { this.el.hidden = true; return; }
    if (this.loading) { this.again = true; return; }
    this.loading = true;
    try {
      this.picture = await api('GET', `/v1/patrol?demand=${this.demand}`);
      this.error = null;
    } catch (e) {
      this.error = e;
    } finally {
      this.loading = false;
    }
    this.render();
    if (this.again) { this.again = false; this.refresh(); }
  }

  render() {
    const el = this.el;
    el.hidden = !this.shown || (!this.picture && !this.error);
    if (el.hidden) return;
    if (this.error) { el.innerHTML = `<p class="error">${esc(t('patrol.failed', { e: this.error.message }))}</p>`; return; }
    const p = this.picture;
    const mins = p.thresholdsSeconds.map((s) => Math.round(s / 60));
    const row = (key, shares) => `<tr data-row="${key}"><th>${esc(t(`patrol.${key}`))}</th>${shares.map((x) => `<td>${pct(x)}</td>`).join('')}</tr>`;
    const source = (v) => `<option value="${v}"${this.demand === v ? ' selected' : ''}>${esc(t(`patrol.source.${v}`))}</option>`;
    let h = `<h3>${esc(t('patrol.title'))}</h3><label class="patrol-source">${esc(t('patrol.source'))} <select id="patrol-demand-source">${source('calls')}${source('forecast')}</select></label>`;
    if (!p.units) {
      h += `<p class="muted">${esc(t('coverage.none'))}</p>`;
    } else {
      h += `<table class="patrol-shares"><tr><th></th>${mins.map((m) => `<th>≤${m}′</th>`).join('')}</tr>`
        + row('road', p.road) + row('demand', p.demand) + row('places', p.keyPlaces) + '</table>';
      h += `<p id="patrol-demand3" class="patrol-demand3" data-now="${p.demandWithin3Now}">${esc(t(this.demand === 'forecast' ? 'patrol.demand3Forecast' : 'patrol.demand3', { now: pct(p.demandWithin3Now), after: pct(p.demandWithin3After), n: p.demandPoints }))}</p>`;
    }
    const canOrder = may(state.me?.role, 'dispatch');
    if (p.proposals.length) {
      h += `<h4>${esc(t('patrol.proposals'))}</h4><ul class="patrol-moves">`;
      for (const m of p.proposals) {
        h += `<li data-unit="${esc(m.unitID)}"><span>${esc(t('patrol.move', { unit: m.callsign, post: m.postName, min: minutes(m.driveSeconds), gain: pct(m.gain) }))}</span>`
          + (canOrder ? ` <button class="small" data-move data-unit="${esc(m.unitID)}" data-post="${esc(m.postID)}">${esc(t('patrol.accept'))}</button>` : '') + '</li>';
      }
      h += '</ul>';
    } else if (p.units) {
      h += `<p class="muted" id="patrol-no-moves">${esc(t('patrol.noMoves'))}</p>`;
    }
    if (p.outOfReach.length) {
      const en = getLang() === 'en';
      h += `<h4>${esc(t('patrol.outOfReach', { n: p.outOfReach.length, of: p.keyPlaceCount }))}</h4><ul class="patrol-places">`
        + p.outOfReach.slice(0, 6).map((o) => `<li>${esc(en ? o.nameEn : o.name)} <span class="muted">${esc(o.seconds == null ? t('patrol.unreached') : t('patrol.minutes', { m: minutes(o.seconds) }))}</span></li>`).join('')
        + '</ul>';
    }
    el.innerHTML = h;
  }

  async order(unitID, postID, button) {
    button.disabled = true;
    try {
      await api('POST', '/v1/patrol/moves', { unitID, postID }, { idempotencyKey: newKey() });
      toast(t('patrol.ordered'));
      this.refresh();
    } catch (e) {
      toast(t('patrol.orderFailed', { e: e.message }), 5000);
      button.disabled = false;
      this.refresh();
    }
  }
}
