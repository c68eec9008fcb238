// Collection on the ground (一标三实) from the field page: find the standard address by typing
// any part of it, register a new one where none is found, see what is registered there already
// (an audited read, reason "实地采集"), and register the people living there, the house (its use,
// owner and tenants; recorded again over the version seen) and the organisations in it.
// A registration that gets no answer (no signal in a stairwell) is queued in localStorage with
// its Idempotency-Key and sent again when the phone is back online or the page is opened again,
// so nothing typed is lost and nothing is stored twice. The server checks everything; its
// refusals are shown next to the form.
import { api, newKey, token } from './api.js';
import { t } from './i18n.js';
import { esc } from './dom.js';

const QUEUE = 'pingan.field.registry.queue';
const RETRY_MS = 15000;

export class RegistryCollector {
  constructor({ root, toast = () => {} }) {
    this.root = root; this.toast = toast;
    this.results = []; this.address = null; this.done = []; this.adding = false; this.error = null; this.searchTimer = 0; this.q = '';
    this.queue = this.load(); this.sending = false;
    root.addEventListener('input', (e) => { if (e.target.id === 'reg-q') this.typed(e.target.value); });
    root.addEventListener('click', (e) => this.click(e));
    root.addEventListener('submit', (e) => { e.preventDefault(); this.submit(e.target); });
    window.addEventListener('online', () => this.flush());
    setInterval(() => this.flush(), RETRY_MS);
    this.render();
    this.flush();
  }

  typed(q) {
    this.q = q;
    clearTimeout(this.searchTimer);
    this.searchTimer = setTimeout(() => this.search(), 250);
  }

  async search() {
    const q = this.q.trim();
    if (!q) { this.results = []; this.renderResults(); return; }
    try {
      const reply = await api('GET', `/v1/addresses?limit=20&q=${encodeURIComponent(q)}`);
      if (q !== this.q.trim()) return;   // typed on meanwhile
      this.results = reply.items || []; this.error = null;
    } catch (e) { this.results = []; this.error = e.status === 0 ? t('field.reg.offlineSearch') : e.message; }
    this.renderResults();
  }

  click(e) {
    const pick = e.target.closest('[data-address]');
    if (pick) {
      this.address = this.results.find((a) => a.id === pick.dataset.address) || null; this.done = []; this.adding = false; this.error = null;
      this.render(); this.loadActuals(); return;
    }
    if (e.target.closest('#reg-new')) { this.adding = true; this.address = null; this.error = null; this.render(); return; }
    if (e.target.closest('#reg-back')) { this.adding = false; this.address = null; this.error = null; this.render(); }
  }

  async submit(form) {
    const v = (name) => form.elements[name]?.value.trim() || undefined;
    if (form.id === 'reg-address-form') {
      const body = { district: v('district'), street: v('street'), number: v('number'), building: v('building'), unit: v('unit'), room: v('room') };
      await this.send('/v1/addresses', body, (a) => { this.address = a; this.done = []; this.adding = false; this.actuals = { items: [], organisations: [] };
        this.toast(t('field.reg.addressDone', { a: textOf(a) })); }, form);
    } else if (form.id === 'reg-person-form') {
      const body = { addressID: this.address.id, name: v('name'), idNumber: v('idNumber'), kind: v('kind'), permit: v('permit'),
                     permitExpiry: v('permitExpiry'), phone: v('phone') };
      if (body.kind === 'registered') { delete body.permit; delete body.permitExpiry; }
      await this.send('/v1/inhabitants', body, (p) => { this.done.push(p); this.toast(t('field.reg.personDone', { n: p.name })); }, form);
    } else if (form.id === 'reg-house-form') {
      const body = { use: v('use'), ownerName: v('ownerName'), ownerPhone: v('ownerPhone'), tenants: v('tenants') ? Number(v('tenants')) : undefined };
      if (this.actuals?.house) body.version = this.actuals.house.version;
      await this.send(`/v1/addresses/${encodeURIComponent(this.address.id)}/house`, body, (h) => {
        this.actuals = { ...(this.actuals || { items: [], organisations: [] }), house: h }; this.toast(t('field.reg.houseDone'));
      }, form);
    } else if (form.id === 'reg-org-form') {
      const body = { name: v('name'), kind: v('kind'), creditCode: v('creditCode'), principal: v('principal'), phone: v('phone'),
                     employees: v('employees') ? Number(v('employees')) : undefined };
      await this.send(`/v1/addresses/${encodeURIComponent(this.address.id)}/organisations`, body, (o) => {
        this.actuals = this.actuals || { items: [], organisations: [] }; this.actuals.organisations.push(o); this.toast(t('field.reg.orgDone', { n: o.name }));
      }, form);
    }
  }

  /** What is registered at the picked address already: its people, house and organisations. */
  async loadActuals() {
    const id = this.address?.id;
    if (!id) return;
    try {
      const reply = await api('GET', `/v1/addresses/${encodeURIComponent(id)}/inhabitants?reason=${encodeURIComponent('实地采集')}`);
      if (this.address?.id === id) { this.actuals = reply; this.renderKnown(); }
    } catch { /* no signal: the forms work without it */ }
  }

  renderKnown() {
    const el = this.root.querySelector('#reg-known');
    const a = this.actuals;
    if (!el || !a) return;
    const h = a.house;
    el.innerHTML = `${h ? `<p id="reg-house-known">${esc(t('field.reg.houseKnown', { use: t(`field.reg.use.${h.use}`), owner: h.ownerName, n: h.tenants }))}</p>` : ''}
      ${a.items.length ? `<p>${esc(t('field.reg.peopleKnown', { n: a.items.length }))}</p>` : ''}
      ${a.organisations.length ? `<ul id="reg-orgs" class="reg-done">${a.organisations.map((o) => `<li data-org="${esc(o.id)}">${esc(o.name)} · ${esc(t(`field.reg.orgKind.${o.kind}`))}</li>`).join('')}</ul>` : ''}`;
    const use = this.root.querySelector('#reg-house-form [name=use]');
    if (h && use && !this.root.querySelector('#reg-house-form [name=ownerName]').value) {
      use.value = h.use;
      this.root.querySelector('#reg-house-form [name=ownerName]').value = h.ownerName.includes('*') ? '' : h.ownerName;
      this.root.querySelector('#reg-house-form [name=tenants]').value = String(h.tenants);
    }
  }

  /** Posts `body`; queues it when there is no answer, shows the server's refusal otherwise. */
  async send(path, body, done, form) {
    const item = { path, body, key: newKey(), at: Date.now() };
    this.error = null;
    try {
      const reply = await api('POST', path, body, { idempotencyKey: item.key });
      done(reply);
    } catch (e) {
      if (e.status !== 0) { this.showError({ message: e.message, field: e.field }, form); return; }   // what was typed stays to be corrected
      this.queue.push(item); this.save(); this.toast(t('field.reg.queued'));
    }
    this.render();
  }

  /** The server's refusal under the form, the field it names marked, the typed values kept. */
  showError(error, submitted) {
    this.error = error;
    const form = submitted || this.root.querySelector('form');
    if (!form) { this.render(); return; }
    form.querySelector('.error')?.remove();
    for (const el of form.querySelectorAll('.invalid')) el.classList.remove('invalid');
    form.querySelector('.row').insertAdjacentHTML('beforebegin',
      `<p class="error" role="alert" data-field="${esc(error.field || '')}">${esc(error.message)}</p>`);
    if (error.field) form.querySelector(`[name="${CSS.escape(error.field)}"]`)?.classList.add('invalid');
  }

  async flush() {
    if (this.sending || !this.queue.length || !token()) return;
    this.sending = true;
    try {
      while (this.queue.length) {
        const item = this.queue[0];
        try { await api('POST', item.path, item.body, { idempotencyKey: item.key }); }
        catch (e) {
          if (e.status === 0 || e.status >= 500 || e.status === 401) break;   // still no signal, or signed out: later
          this.toast(t('field.reg.refusedLater', { m: e.message }), 6000);    // refused for good: the officer hears why
        }
        this.queue.shift(); this.save();
      }
    } finally { this.sending = false; this.renderQueue(); }
  }

  load() { try { const q = JSON.parse(localStorage.getItem(QUEUE) || '[]'); return Array.isArray(q) ? q : []; } catch { return []; } }
  save() { try { localStorage.setItem(QUEUE, JSON.stringify(this.queue)); } catch { /* storage full: the queue lives in memory */ } this.renderQueue(); }

  render() {
    const err = this.error ? `<p class="error" role="alert" data-field="${esc(this.error.field || '')}">${esc(this.error.message || this.error)}</p>` : '';
    let body;
    if (this.adding) body = addressForm(err);
    else if (this.address) body = personForm(this.address, err, this.done) + actualsForms();
    else {
      body = `<label class="reg-search"><span>${esc(t('field.reg.search'))}</span>
        <input id="reg-q" type="search" autocomplete="off" value="${esc(this.q)}" placeholder="${esc(t('field.reg.searchHint'))}"></label>
        <div id="reg-results" class="reg-results"></div>${err}
        <button id="reg-new" type="button" class="big">${esc(t('field.reg.newAddress'))}</button>`;
    }
    this.root.innerHTML = `<h2>${esc(t('field.reg.title'))}</h2><p id="reg-queue" class="muted"></p>${body}`;
    this.renderResults(); this.renderQueue(); this.renderKnown();
  }

  renderResults() {
    const el = this.root.querySelector('#reg-results');
    if (!el) return;
    el.innerHTML = this.results.map((a) => `<button type="button" class="reg-hit" data-address="${esc(a.id)}">${esc(textOf(a))}</button>`).join('')
      || (this.q.trim() ? `<p class="muted">${esc(t('field.reg.none'))}</p>` : '');
  }

  renderQueue() {
    const el = this.root.querySelector('#reg-queue');
    if (el) el.textContent = this.queue.length ? t('field.reg.waiting', { n: this.queue.length }) : '';
  }
}

export const textOf = (a) => {
  const p = a.parts || {};
  return `${p.district || ''}${p.street || ''}${p.number || ''}号${p.building ? `${p.building}栋` : ''}${p.unit ? `${p.unit}单元` : ''}${p.room ? `${p.room}室` : ''}`;
};

function field(name, label, { required = false, type = 'text', extra = '' } = {}) {
  return `<label><span>${esc(label)}</span><input name="${name}" type="${type}" ${required ? 'required' : ''} ${extra}></label>`;
}

function addressForm(err) {
  const f = (n, r) => field(n, t(`field.reg.f.${n}`), { required: r });
  return `<form id="reg-address-form" class="reg-form">${f('district', true)}${f('street', true)}${f('number', true)}${f('building')}${f('unit')}${f('room')}
    ${err}<div class="row"><button type="button" id="reg-back">${esc(t('field.reg.back'))}</button>
    <button type="submit" class="primary">${esc(t('field.reg.saveAddress'))}</button></div></form>`;
}

function personForm(a, err, done) {
  const opt = (name, values) => `<label><span>${esc(t(`field.reg.f.${name}`))}</span><select name="${name}">${values.map((v) =>
    `<option value="${v}">${esc(t(`field.reg.${name}.${v}`))}</option>`).join('')}</select></label>`;
  return `<p class="reg-address"><b>${esc(textOf(a))}</b></p><div id="reg-known" class="reg-known"></div>
    <form id="reg-person-form" class="reg-form">${field('name', t('field.reg.f.name'), { required: true })}
    ${field('idNumber', t('field.reg.f.idNumber'), { required: true, extra: 'autocomplete="off" autocapitalize="characters"' })}
    ${opt('kind', ['registered', 'temporary'])}${opt('permit', ['none', 'applied', 'valid', 'expired'])}
    ${field('permitExpiry', t('field.reg.f.permitExpiry'), { type: 'date' })}${field('phone', t('field.reg.f.phone'), { type: 'tel' })}
    ${err}<div class="row"><button type="button" id="reg-back">${esc(t('field.reg.back'))}</button>
    <button type="submit" class="primary">${esc(t('field.reg.savePerson'))}</button></div></form>
    <ul id="reg-done" class="reg-done">${done.map((p) => `<li data-person="${esc(p.id)}">${esc(p.name)} · ${esc(t(`field.reg.kind.${p.kind}`))}</li>`).join('')}</ul>`;
}

const USES = ['ownerOccupied', 'rented', 'vacant', 'business', 'other'];
const ORG_KINDS = ['company', 'shop', 'restaurant', 'hotel', 'school', 'hospital', 'factory', 'entertainment', 'internetCafe', 'logistics', 'other'];

/** The house behind the door (实有房屋) and an organisation in it (实有单位), each folded away until opened. */
function actualsForms() {
  const select = (name, values, key) => `<label><span>${esc(t(`field.reg.f.${name}`))}</span><select name="${name}">${values.map((v) =>
    `<option value="${v}">${esc(t(`field.reg.${key}.${v}`))}</option>`).join('')}</select></label>`;
  return `<details class="reg-more" id="reg-house"><summary>${esc(t('field.reg.house'))}</summary>
    <form id="reg-house-form" class="reg-form">${select('use', USES, 'use')}${field('ownerName', t('field.reg.f.ownerName'), { required: true })}
    ${field('ownerPhone', t('field.reg.f.phone'), { type: 'tel' })}${field('tenants', t('field.reg.f.tenants'), { type: 'number', extra: 'min="0" max="500" inputmode="numeric"' })}
    <div class="row"><button type="submit" class="primary">${esc(t('field.reg.saveHouse'))}</button></div></form></details>
    <details class="reg-more" id="reg-org"><summary>${esc(t('field.reg.org'))}</summary>
    <form id="reg-org-form" class="reg-form">${field('name', t('field.reg.f.orgName'), { required: true })}${select('kind', ORG_KINDS, 'orgKind')}
    ${field('creditCode', t('field.reg.f.creditCode'), { required: true, extra: 'autocomplete="off" autocapitalize="characters"' })}
    ${field('principal', t('field.reg.f.principal'), { required: true })}${field('phone', t('field.reg.f.phone'), { type: 'tel' })}
    ${field('employees', t('field.reg.f.employees'), { type: 'number', extra: 'min="0" inputmode="numeric"' })}
    <div class="row"><button type="submit" class="primary">${esc(t('field.reg.saveOrg'))}</button></div></form></details>`;
}
