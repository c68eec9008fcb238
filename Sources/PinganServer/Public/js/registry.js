// The registries page (一标三实) for roles that may `readRegistry`: standard addresses found by
// typing any part of them (GET /v1/addresses?q=), one address with the people registered there
// (GET /v1/addresses/{id}/inhabitants, which asks for a reason and is audited; masked for roles
// that may not see them in full), confirming an address on the ground, registering a new address,
// and importing a station's population list from CSV with its columns named (POST
// /v1/inhabitants/import): a refused list shows every bad row by line, a taken one its duplicates.
import { api, newKey } from './api.js';
import { state, on } from './state.js';
import { t, onLangChange } from './i18n.js';
import { dateTime } from './time-text.js';
import { esc } from './dom.js';
import { groupBar } from './views.js';
import { orgName, treeOrder } from './admin/org.js';
import { may } from './rules.js';
import { textOf } from './field-registry.js';

const PARTS = ['district', 'street', 'number', 'building', 'unit', 'room'];

export class RegistryPage {
  constructor(el, { role = () => null } = {}) {
    this.el = el; this.role = role;
    this.visible = false; this.q = ''; this.results = []; this.selected = null; this.people = null; this.timer = 0;
    this.importResult = null;
    el.addEventListener('input', (e) => { if (e.target.id === 'reg-q') { this.q = e.target.value; clearTimeout(this.timer); this.timer = setTimeout(() => this.search(), 250); } });
    el.addEventListener('click', (e) => this.click(e));
    el.addEventListener('submit', (e) => { e.preventDefault(); this.submit(e.target); });
    on('org', () => { if (this.visible && !this.el.querySelector('form :focus')) this.renderForms(); });
    onLangChange(() => this.render());
  }

  show() { this.visible = true; this.render(); }
  hide() { this.visible = false; }
  get collects() { return may(this.role(), 'collectRegistry'); }

  render() {
    if (!this.visible) return;
    this.el.innerHTML = `${groupBar('registry')}<div class="wl-head"><h2>${esc(t('reg.title'))}</h2></div>
      <div class="wl-body">
        <div class="wl-left">
          <section class="wl-box"><h3>${esc(t('reg.search'))}</h3>
            <input id="reg-q" type="search" autocomplete="off" value="${esc(this.q)}" placeholder="${esc(t('reg.searchHint'))}">
            <p class="error" id="reg-search-error" role="alert"></p>
            <div id="reg-results" class="wl-lists"></div></section>
          <section class="wl-box" id="reg-quality"></section>
          <section class="wl-box" id="reg-forms"></section>
        </div>
        <div class="wl-right" id="reg-detail"></div>
      </div>`;
    this.renderResults(); this.renderDetail(); this.renderForms(); this.loadQuality();
  }

  /** Each station's collection rate and accuracy (GET /v1/addresses/quality). */
  async loadQuality() {
    try { this.quality = (await api('GET', '/v1/addresses/quality')).stations || []; } catch (e) { this.quality = { error: e.message }; }
    this.renderQuality();
  }

  renderQuality() {
    const el = this.el.querySelector('#reg-quality');
    if (!el || !this.quality) return;
    const pct = (v) => (v == null ? '—' : `${(v * 100).toFixed(1)}%`);
    el.innerHTML = `<h3>${esc(t('reg.quality'))}</h3>${this.quality.error ? `<p class="error">${esc(this.quality.error)}</p>`
      : `<table class="wl-table" id="reg-quality-table"><thead><tr><th>${esc(t('reg.station'))}</th><th>${esc(t('reg.q.addresses'))}</th>
        <th>${esc(t('reg.q.collection'))}</th><th>${esc(t('reg.q.checked'))}</th><th>${esc(t('reg.q.accuracy'))}</th><th>${esc(t('reg.q.people'))}</th>
        <th>${esc(t('reg.houses'))}</th><th>${esc(t('reg.rented'))}</th><th>${esc(t('reg.organisations'))}</th></tr></thead>
        <tbody>${this.quality.map((q) => `<tr data-station="${esc(q.stationID)}"><td>${esc(this.station(q.stationID))}</td><td>${q.addresses}</td>
          <td>${pct(q.collectionRate)}</td><td>${q.checked}</td><td>${pct(q.accuracy)}</td><td>${q.inhabitants}</td>
          <td>${q.houses ?? 0}</td><td>${q.rented ?? 0} (${q.tenants ?? 0})</td><td>${q.organisations ?? 0} (${q.keyUnits ?? 0})</td></tr>`).join('')}</tbody></table>
        <p class="hint">${esc(t('reg.q.hint'))}</p>`}`;
  }

  async search() {
    const q = this.q.trim(), err = this.el.querySelector('#reg-search-error');
    if (!q) { this.results = []; this.renderResults(); return; }
    try {
      const reply = await api('GET', `/v1/addresses?limit=50&q=${encodeURIComponent(q)}`);
      if (q !== this.q.trim()) return;
      this.results = reply.items || [];
      if (err) err.textContent = '';
    } catch (e) { this.results = []; if (err) err.textContent = e.message; }
    this.renderResults();
  }

  station(id) { return orgName(state.jurisdictions.get(id)) || id; }

  renderResults() {
    const el = this.el.querySelector('#reg-results');
    if (!el) return;
    if (!this.results.length) { el.innerHTML = this.q.trim() ? `<p class="muted" id="reg-none">${esc(t('reg.none'))}</p>` : ''; return; }
    el.innerHTML = `<table class="wl-table"><thead><tr><th>${esc(t('reg.address'))}</th><th>${esc(t('reg.station'))}</th><th>${esc(t('reg.checked'))}</th></tr></thead>
      <tbody>${this.results.map((a) => `<tr data-address="${esc(a.id)}" class="${a.id === this.selected?.id ? 'sel' : ''}"><td>${esc(textOf(a))}</td>
        <td>${esc(this.station(a.stationID))}</td><td>${a.checkedAt ? esc(dateTime(a.checkedAt)) : '—'}</td></tr>`).join('')}</tbody></table>`;
  }

  renderDetail() {
    const el = this.el.querySelector('#reg-detail');
    if (!el) return;
    const a = this.selected;
    if (!a) { el.innerHTML = `<p class="muted">${esc(t('reg.pick'))}</p>`; return; }
    const people = this.people;
    const list = !people ? '' : people.error ? `<p class="error" role="alert">${esc(people.error)}</p>`
      : !people.items.length ? `<p class="muted" id="reg-nobody">${esc(t('reg.nobody'))}</p>`
      : `<table class="wl-table" id="reg-people"><thead><tr><th>${esc(t('reg.f.name'))}</th><th>${esc(t('reg.f.idNumber'))}</th><th>${esc(t('reg.f.kind'))}</th>
          <th>${esc(t('reg.f.permit'))}</th><th>${esc(t('reg.f.phone'))}</th></tr></thead><tbody>${people.items.map((p) => `<tr data-person="${esc(p.id)}">
          <td>${esc(p.name)}</td><td class="mono">${esc(p.idNumber)}</td><td>${esc(t(`field.reg.kind.${p.kind}`))}</td>
          <td>${esc(t(`field.reg.permit.${p.permit}`))}${p.permitExpiry ? ` · ${esc(p.permitExpiry)}` : ''}</td><td>${esc(p.phone || '')}</td></tr>`).join('')}</tbody></table>`;
    const h = people?.house;
    const holdings = !people || people.error ? '' : `${h ? `<p id="reg-house">${esc(t('field.reg.houseKnown', { use: t(`field.reg.use.${h.use}`), owner: h.ownerName, n: h.tenants }))}
        ${h.ownerPhone ? ` · ${esc(h.ownerPhone)}` : ''}</p>` : ''}
      ${people.organisations?.length ? `<table class="wl-table" id="reg-orgs"><thead><tr><th>${esc(t('field.reg.f.orgName'))}</th><th>${esc(t('field.reg.f.creditCode'))}</th>
        <th>${esc(t('field.reg.f.principal'))}</th><th>${esc(t('reg.f.phone'))}</th></tr></thead><tbody>${people.organisations.map((o) => `<tr data-org="${esc(o.id)}">
        <td>${esc(o.name)} · ${esc(t(`field.reg.orgKind.${o.kind}`))}${o.keyUnit ? ' ★' : ''}</td><td class="mono">${esc(o.creditCode)}</td><td>${esc(o.principal)}</td>
        <td>${esc(o.phone || '')}</td></tr>`).join('')}</tbody></table>` : ''}`;
    const found = a.checkedAt ? esc(t(a.checkCorrect === false ? 'reg.checkedWrong' : 'reg.checkedAt', { t: dateTime(a.checkedAt) })) : esc(t('reg.notChecked'));
    el.innerHTML = `<h3 id="reg-selected">${esc(textOf(a))}</h3>
      <p class="muted">${esc(this.station(a.stationID))} · <span id="reg-check-state">${found}</span>
        ${this.collects ? ` <button type="button" id="reg-check" class="small">${esc(t('reg.check'))}</button>
          <button type="button" id="reg-check-wrong" class="small">${esc(t('reg.checkWrong'))}</button>` : ''}</p>
      <form id="reg-people-form" class="wl-inline"><input name="reason" id="reg-reason" maxlength="200" required placeholder="${esc(t('reg.reasonHint'))}">
        <button type="submit" class="primary">${esc(t('reg.showPeople'))}</button></form>
      <p class="muted">${esc(t('reg.audited'))}</p>${list}${holdings}`;
  }

  renderForms() {
    const el = this.el.querySelector('#reg-forms');
    if (!el) return;
    if (!this.collects) { el.innerHTML = ''; return; }
    const stations = treeOrder().filter(({ j }) => j.level === 'station' && j.active !== false);
    const options = stations.map(({ j }) => `<option value="${esc(j.id)}">${esc(orgName(j))}</option>`).join('');
    const r = this.importResult;
    const result = !r ? '' : r.errors ? `<div class="error" role="alert" id="reg-import-errors"><p>${esc(r.message)}</p><ul>${r.errors.slice(0, 50).map((p) =>
      `<li data-line="${p.line}">${esc(t('reg.line', { n: p.line }))}${p.field ? ` · ${esc(p.field)}` : ''}: ${esc(p.message)}</li>`).join('')}</ul></div>`
      : `<p class="note" id="reg-import-done">${esc(t(r.dryRun ? 'reg.importDry' : 'reg.importDone', { p: r.inhabitantsCreated, a: r.addressesCreated, k: r.addressesKnown, d: r.duplicates.length }))}</p>`;
    el.innerHTML = `<h3>${esc(t('reg.newAddress'))}</h3>
      <form id="reg-address-form" class="form">${PARTS.map((p) => `<label><span>${esc(t(`field.reg.f.${p}`))}</span><input name="${p}" ${['district', 'street', 'number'].includes(p) ? 'required' : ''}></label>`).join('')}
        ${options ? `<label><span>${esc(t('reg.station'))}</span><select name="stationID">${options}</select></label>` : ''}
        <p class="error" id="reg-address-error" role="alert"></p><button type="submit" class="primary">${esc(t('reg.saveAddress'))}</button></form>
      <h3>${esc(t('reg.import'))}</h3>
      <form id="reg-import-form" class="form"><label><span>${esc(t('reg.importFile'))}</span><input type="file" name="file" accept=".csv,text/csv"></label>
        ${options ? `<label><span>${esc(t('reg.station'))}</span><select name="stationID">${options}</select></label>` : ''}
        <label class="chk"><span><input type="checkbox" name="dryRun"> ${esc(t('reg.dryRun'))}</span></label>
        <p class="hint">${esc(t('reg.importHint'))}</p>
        <button type="submit" class="primary" id="reg-import-send">${esc(t('reg.importSend'))}</button></form>${result}`;
  }

  async click(e) {
    const row = e.target.closest('tr[data-address]');
    if (row) { this.selected = this.results.find((a) => a.id === row.dataset.address) || null; this.people = null; this.renderResults(); this.renderDetail(); return; }
    const check = e.target.closest('#reg-check, #reg-check-wrong');
    if (check && this.selected) {
      const body = { version: this.selected.version, correct: check.id === 'reg-check' };
      try { this.selected = await api('POST', `/v1/addresses/${encodeURIComponent(this.selected.id)}/check`, body, { idempotencyKey: newKey() }); }
      catch (err) { this.people = { error: err.message }; }
      this.renderDetail(); this.loadQuality();
    }
  }

  async submit(form) {
    const v = (n) => form.elements[n]?.value?.trim() || undefined;
    if (form.id === 'reg-people-form') {
      try {
        const reply = await api('GET', `/v1/addresses/${encodeURIComponent(this.selected.id)}/inhabitants?reason=${encodeURIComponent(v('reason') || '')}`);
        this.people = { items: reply.items || [], house: reply.house, organisations: reply.organisations || [] };
      } catch (e) { this.people = { error: e.message }; }
      this.renderDetail();
    } else if (form.id === 'reg-address-form') {
      const body = Object.fromEntries(PARTS.map((p) => [p, v(p)]).filter(([, x]) => x));
      if (v('stationID')) body.stationID = v('stationID');
      const err = form.querySelector('#reg-address-error');
      try {
        const a = await api('POST', '/v1/addresses', body, { idempotencyKey: newKey() });
        this.results = [a, ...this.results.filter((x) => x.id !== a.id)]; this.selected = a; this.people = null;
        this.renderResults(); this.renderDetail(); form.reset();
      } catch (e) {
        err.textContent = e.message;
        if (e.field) form.querySelector(`[name="${CSS.escape(e.field)}"]`)?.classList.add('invalid');
      }
    } else if (form.id === 'reg-import-form') {
      const file = form.elements.file.files[0];
      if (!file) return;
      const body = { csv: await file.text(), dryRun: form.elements.dryRun.checked };
      if (v('stationID')) body.stationID = v('stationID');
      try { this.importResult = await api('POST', '/v1/inhabitants/import', body); }
      catch (e) { this.importResult = { message: e.message, errors: e.problem?.errors || [] }; }
      this.renderForms();
    }
  }
}
