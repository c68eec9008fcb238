// The anti-fraud page (反诈预警劝阻) for roles that may `readFraudWarnings`: each station's figures
// for today (GET /v1/fraud-warnings/rates), the warnings of the user's scope with the earliest
// deadline first and the overdue ones marked (GET /v1/fraud-warnings, masked), one warning opened
// to call the person (GET /v1/fraud-warnings/{id}: in full to those who follow up, and audited),
// its follow-ups recorded (POST …/follow-up: contacted, dissuaded, loss prevented with the yuan
// kept, unreachable), and a day's list imported from CSV (POST /v1/fraud-warnings/import): a
// refused list shows every bad row by line.
import { api, newKey } from './api.js';
import { state } from './state.js';
import { t, onLangChange } from './i18n.js';
import { dateTime } from './time-text.js';
import { esc } from './dom.js';
import { groupBar } from './views.js';
import { orgName, treeOrder } from './admin/org.js';
import { may, fraudFollowUps } from './rules.js';

const STATUSES = ['pending', 'contacted', 'dissuaded', 'lossPrevented', 'unreachable'];
/** Today in China Standard Time, `YYYY-MM-DD`. */
const today = () => new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);
const pct = (v) => (v == null ? '—' : `${(v * 100).toFixed(1)}%`);
const yuan = (n) => `¥${Number(n || 0).toLocaleString('en')}`;

const stationName = (id) => orgName(state.jurisdictions.get(id)) || id;

/** Each station's anti-fraud figures (GET /v1/fraud-warnings/rates) as a table; shared with the assessment page. */
export function ratesTable(rates) {
  if (!rates.length) return `<p class="muted">${esc(t('fw.noneToday'))}</p>`;
  const rows = rates.map((r) => `<tr data-station="${esc(r.stationID)}"><td>${esc(stationName(r.stationID))}</td><td>${r.received}</td>
    <td>${pct(r.followUpRate)}</td><td>${pct(r.onTimeRate)}</td><td>${pct(r.savedRate)}</td><td class="${r.overdue ? 'bad' : ''}">${r.overdue}</td>
    <td>${esc(yuan(r.amountPrevented))}</td></tr>`).join('');
  return `<table class="wl-table fw-rates-table"><thead><tr><th>${esc(t('fw.station'))}</th>
    <th>${esc(t('fw.received'))}</th><th>${esc(t('fw.followUpRate'))}</th><th>${esc(t('fw.onTimeRate'))}</th><th>${esc(t('fw.savedRate'))}</th>
    <th>${esc(t('fw.overdue'))}</th><th>${esc(t('fw.prevented'))}</th></tr></thead><tbody>${rows}</tbody></table>`;
}

export class FraudWarningsPage {
  constructor(el, { role = () => null } = {}) {
    this.el = el; this.role = role;
    this.visible = false; this.status = 'pending'; this.items = []; this.rates = []; this.selected = null; this.error = '';
    this.importResult = null; this.timer = 0;
    el.addEventListener('click', (e) => this.click(e));
    el.addEventListener('change', (e) => { if (e.target.id === 'fw-status') { this.status = e.target.value; this.load(); } });
    el.addEventListener('submit', (e) => { e.preventDefault(); this.submit(e.target, e.submitter); });
    onLangChange(() => this.render());
  }

  show() {
    this.visible = true; this.render(); this.load();
    clearInterval(this.timer);
    this.timer = setInterval(() => { if (this.visible && !this.el.querySelector('form :focus')) this.load(); }, 30_000);
  }
  hide() { this.visible = false; clearInterval(this.timer); }

  station(id) { return stationName(id); }

  async load() {
    try {
      const q = this.status ? `status=${this.status}&` : '';
      const [list, rates] = await Promise.all([api('GET', `/v1/fraud-warnings?${q}limit=200`), api('GET', `/v1/fraud-warnings/rates?from=${today()}`)]);
      this.items = list.items || []; this.rates = rates.stations || []; this.error = '';
    } catch (e) { this.error = e.message; }
    if (this.visible) { this.renderList(); this.renderRates(); }
  }

  render() {
    if (!this.visible) return;
    this.el.innerHTML = `${groupBar('fraud')}<div class="wl-head"><h2>${esc(t('fw.title'))}</h2>
        <label>${esc(t('fw.show'))} <select id="fw-status"><option value="">${esc(t('fw.all'))}</option>${STATUSES.map((s) =>
          `<option value="${s}" ${s === this.status ? 'selected' : ''}>${esc(t(`fw.status.${s}`))}</option>`).join('')}</select></label></div>
      <div class="wl-body">
        <div class="wl-left">
          <section class="wl-box" id="fw-rates"></section>
          <section class="wl-box"><h3>${esc(t('fw.list'))}</h3><p class="error" role="alert" id="fw-error"></p><div id="fw-list"></div></section>
          <section class="wl-box" id="fw-import"></section>
        </div>
        <div class="wl-right" id="fw-detail"></div>
      </div>`;
    this.renderRates(); this.renderList(); this.renderDetail(); this.renderImport();
  }

  renderRates() {
    const el = this.el.querySelector('#fw-rates');
    if (el) el.innerHTML = `<h3>${esc(t('fw.today'))}</h3>${ratesTable(this.rates)}`;
  }

  renderList() {
    const el = this.el.querySelector('#fw-list'), err = this.el.querySelector('#fw-error');
    if (!el) return;
    if (err) err.textContent = this.error;
    if (!this.items.length) { el.innerHTML = `<p class="muted" id="fw-empty">${esc(t('fw.empty'))}</p>`; return; }
    const now = Date.now();
    el.innerHTML = `<table class="wl-table" id="fw-table"><thead><tr><th>${esc(t('fw.deadline'))}</th><th>${esc(t('fw.person'))}</th><th>${esc(t('fw.reason'))}</th>
      <th>${esc(t('fw.amount'))}</th><th>${esc(t('fw.station'))}</th><th>${esc(t('fw.statusHead'))}</th></tr></thead><tbody>${this.items.map((w) => {
        const late = w.status === 'pending' && Date.parse(w.deadline) < now;
        return `<tr data-warning="${esc(w.id)}" class="${w.id === this.selected?.id ? 'sel' : ''} ${late ? 'overdue' : ''}">
          <td>${esc(dateTime(w.deadline))}${late ? ` <span class="badge bad">${esc(t('fw.late'))}</span>` : ''}</td><td>${esc(w.victimName)} · ${esc(w.phone)}</td>
          <td>${esc(w.reason)}</td><td>${esc(yuan(w.amountAtRisk))}</td><td>${esc(this.station(w.stationID))}</td><td>${esc(t(`fw.status.${w.status}`))}</td></tr>`;
      }).join('')}</tbody></table>`;
  }

  renderDetail() {
    const el = this.el.querySelector('#fw-detail');
    if (!el) return;
    const w = this.selected;
    if (!w) { el.innerHTML = `<p class="muted">${esc(t('fw.pick'))}</p>`; return; }
    if (w.error) { el.innerHTML = `<p class="error" role="alert">${esc(w.error)}</p>`; return; }
    const next = may(this.role(), 'followUpFraudWarnings') ? fraudFollowUps(w.status) : [];
    const history = (w.followUps || []).map((f) => `<li>${esc(dateTime(f.at))} · ${esc(t(`fw.status.${f.status}`))} · ${esc(f.by)}${f.amountPrevented ? ` · ${esc(yuan(f.amountPrevented))}` : ''}${f.note ? ` — ${esc(f.note)}` : ''}</li>`).join('');
    const phone = /^\d+$/.test(w.phone) ? `<a href="tel:${esc(w.phone)}" id="fw-phone">${esc(w.phone)}</a>` : `<span id="fw-phone">${esc(w.phone)}</span>`;
    el.innerHTML = `<h3 id="fw-selected">${esc(w.victimName)} · ${phone}</h3>
      <p><span class="badge" id="fw-state">${esc(t(`fw.status.${w.status}`))}</span> ${esc(t('fw.due', { t: dateTime(w.deadline) }))}</p>
      <dl class="kv"><dt>${esc(t('fw.reason'))}</dt><dd>${esc(w.reason)}</dd><dt>${esc(t('fw.amount'))}</dt><dd>${esc(yuan(w.amountAtRisk))}</dd>
        <dt>${esc(t('fw.address'))}</dt><dd>${esc(w.address)}</dd>${w.idNumber ? `<dt>${esc(t('fw.idNumber'))}</dt><dd class="mono">${esc(w.idNumber)}</dd>` : ''}
        <dt>${esc(t('fw.station'))}</dt><dd>${esc(this.station(w.stationID))} (${esc(t(`fw.routing.${w.routing}`))})</dd>
        <dt>${esc(t('fw.reference'))}</dt><dd>${esc(w.reference)}</dd></dl>
      ${history ? `<h4>${esc(t('fw.history'))}</h4><ul id="fw-history">${history}</ul>` : ''}
      ${next.length ? `<form id="fw-follow" class="form"><label><span>${esc(t('fw.note'))}</span><textarea name="note" maxlength="500" rows="2"></textarea></label>
        ${next.includes('lossPrevented') ? `<label><span>${esc(t('fw.amountPrevented'))}</span><input name="amountPrevented" type="number" min="1" step="1"></label>` : ''}
        <p class="error" role="alert" id="fw-follow-error"></p>
        <div class="actions">${next.map((s) => `<button type="submit" class="${s === 'dissuaded' ? 'primary' : ''}" data-to="${s}">${esc(t(`fw.to.${s}`))}</button>`).join(' ')}</div></form>` : ''}
      <p class="muted">${esc(t('fw.audited'))}</p>`;
  }

  renderImport() {
    const el = this.el.querySelector('#fw-import');
    if (!el) return;
    if (!may(this.role(), 'receiveFraudWarnings')) { el.innerHTML = ''; return; }
    const stations = treeOrder().filter(({ j }) => j.level === 'station' && j.active !== false);
    const options = stations.map(({ j }) => `<option value="${esc(j.id)}" ${j.id === this.importStation ? 'selected' : ''}>${esc(orgName(j))}</option>`).join('');
    const r = this.importResult;
    const result = !r ? '' : r.errors ? `<div class="error" role="alert" id="fw-import-errors"><p>${esc(r.message)}</p><ul>${r.errors.slice(0, 50).map((p) =>
      `<li data-line="${p.line}">${esc(t('reg.line', { n: p.line }))}${p.field ? ` · ${esc(p.field)}` : ''}: ${esc(p.message)}</li>`).join('')}</ul></div>`
      : `<p class="note" id="fw-import-done">${esc(t(r.dryRun ? 'fw.importDry' : 'fw.importDone', { n: r.received, d: r.duplicates.length }))}</p>`;
    el.innerHTML = `<h3>${esc(t('fw.import'))}</h3>
      <form id="fw-import-form" class="form"><label><span>${esc(t('reg.importFile'))}</span><input type="file" name="file" accept=".csv,text/csv"></label>
        <label><span>${esc(t('fw.fallback'))}</span><select name="stationID"><option value="">—</option>${options}</select></label>
        <label class="chk"><span><input type="checkbox" name="dryRun"> ${esc(t('reg.dryRun'))}</span></label>
        <p class="hint">${esc(t('fw.importHint'))}</p>
        <button type="submit" class="primary" id="fw-import-send">${esc(t('reg.importSend'))}</button></form>${result}`;
  }

  async open(id) {
    try { this.selected = await api('GET', `/v1/fraud-warnings/${encodeURIComponent(id)}?reason=${encodeURIComponent(t('fw.readReason'))}`); }
    catch (e) { this.selected = { id, error: e.message }; }
    this.renderList(); this.renderDetail();
  }

  click(e) {
    const row = e.target.closest('tr[data-warning]');
    if (row) this.open(row.dataset.warning);
  }

  async submit(form, submitter) {
    if (form.id === 'fw-follow' && this.selected) {
      const to = submitter?.dataset?.to || form.querySelector('button[data-to]')?.dataset.to;
      const note = form.elements.note?.value.trim();
      const amount = form.elements.amountPrevented?.value;
      const body = { status: to, version: this.selected.version };
      if (note) body.note = note;
      if (to === 'lossPrevented' && amount) body.amountPrevented = Number(amount);
      const err = form.querySelector('#fw-follow-error');
      try {
        await api('POST', `/v1/fraud-warnings/${encodeURIComponent(this.selected.id)}/follow-up`, body, { idempotencyKey: newKey() });
        await this.open(this.selected.id);
        this.load();
      } catch (e2) { if (err) err.textContent = e2.message; }
    } else if (form.id === 'fw-import-form') {
      const file = form.elements.file.files[0];
      if (!file) return;
      const body = { csv: await file.text(), dryRun: form.elements.dryRun.checked };
      this.importStation = form.elements.stationID.value;
      if (this.importStation) body.stationID = this.importStation;
      try { this.importResult = await api('POST', '/v1/fraud-warnings/import', body); this.load(); }
      catch (e2) { this.importResult = { message: e2.message, errors: e2.problem?.errors || [] }; }
      this.renderImport();
    }
  }
}

