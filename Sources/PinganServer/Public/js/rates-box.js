// A box of the assessment page listing the stations' figures of one register over the page's
// period, under the jurisdiction chosen there: the anti-fraud warnings' (GET
// /v1/fraud-warnings/rates) and the disputes' (GET /v1/disputes/rates). Shown to roles with
// `permission` only.
import { api } from './api.js';
import { t } from './i18n.js';
import { state } from './state.js';
import { esc } from './dom.js';
import { may } from './rules.js';

export class RatesBox {
  constructor(el, { jurisdiction, period, permission, path, table, title }) {
    Object.assign(this, { el, jurisdiction, period, permission, path, table, title });
    this.rates = null; this.error = null; this.seq = 0;
  }

  get allowed() { return may(state.me?.role, this.permission); }

  async load() {
    if (!this.allowed) { this.el.innerHTML = ''; return; }
    const { from, to } = this.period(), seq = ++this.seq;
    try {
      const r = await api('GET', `${this.path}?from=${from}&to=${to}`);
      if (seq !== this.seq) return;
      this.rates = r.stations || []; this.error = null;
    } catch (e) { if (seq !== this.seq) return; this.rates = null; this.error = e.message; }
    this.render();
  }

  render() {
    if (!this.allowed) { this.el.innerHTML = ''; return; }
    const { from, to } = this.period();
    const under = state.jurisdictions.get(this.jurisdiction())?.path || '/';
    const rates = (this.rates || []).filter((r) => (state.jurisdictions.get(r.stationID)?.path || '').startsWith(under));
    this.el.innerHTML = `<h3>${esc(t(this.title, { from, to }))}</h3>${this.error ? `<p class="error">${esc(this.error)}</p>` : this.table(rates)}`;
  }
}
