// The agencies that take referrals (综治中心, 12345, grids), managed by administrators on the
// referrals page: the list with kind, code and whether in service, registering a new one
// (POST /v1/agencies, under the administrator's own jurisdiction), taking one out of service and
// back (PATCH with the version read), and a login for an agency's staff (POST /v1/users, role
// externalAgency, the agency named). The server's problems show next to the form.
import { api, newKey } from './api.js';
import { t, getLang } from './i18n.js';
import { state } from './state.js';
import { esc } from './dom.js';
import { orgName, treeOrder } from './admin/org.js';

const KINDS = ['hotline12345', 'governanceCentre', 'grid', 'other'];

export class AgenciesBox {
  constructor(el, { toast }) {
    this.el = el; this.toast = toast; this.items = []; this.error = ''; this.userFor = null;
  }

  async load() {
    try { this.items = (await api('GET', '/v1/agencies')).items || []; this.error = ''; } catch (e) { this.error = e.message; }
    this.render();
  }

  name(a) { return getLang() === 'en' && a.nameEn ? a.nameEn : a.name; }

  render() {
    const rows = this.items.map((a) => `<tr data-agency="${esc(a.id)}" class="${a.active === false ? 'off' : ''}">
      <td>${esc(this.name(a))}</td><td>${esc(t(`ag.kind.${a.kind}`))}</td><td><code>${esc(a.code)}</code></td>
      <td><button class="link" data-toggle="${esc(a.id)}">${esc(t(a.active === false ? 'ag.reinstate' : 'ag.retire'))}</button>
        <button class="link" data-login="${esc(a.id)}">${esc(t('ag.login'))}</button></td></tr>`).join('');
    const login = this.items.find((a) => a.id === this.userFor);
    this.el.innerHTML = `<h3>${esc(t('ag.title'))}</h3>
      ${this.items.length ? `<table class="rf-table" id="ag-list"><tbody>${rows}</tbody></table>` : `<p class="empty">${esc(t('ag.none'))}</p>`}
      <form id="ag-create" class="form" novalidate autocomplete="off"><h3>${esc(t('ag.new'))}</h3>
        <label>${esc(t('ag.name'))}<input name="name" maxlength="100"></label>
        <label>${esc(t('ag.nameEn'))}<input name="nameEn" maxlength="100"></label>
        <label>${esc(t('ag.code'))}<input name="code" maxlength="32"></label>
        <label>${esc(t('ag.kind'))}<select name="kind">${KINDS.map((k) => `<option value="${k}">${esc(t(`ag.kind.${k}`))}</option>`).join('')}</select></label>
        <label>${esc(t('ag.phone'))}<input name="phone" maxlength="32"></label>
        <label>${esc(t('ag.registeredAt'))}<select name="jurisdictionID">${treeOrder().map(({ j, depth }) =>
          `<option value="${esc(j.id)}"${j.id === state.me?.jurisdictionID ? ' selected' : ''}>${'　'.repeat(depth)}${esc(orgName(j))}</option>`).join('')}</select></label>
        <button type="submit" class="primary" id="ag-create-send">${esc(t('ag.create'))}</button></form>
      ${login ? `<form id="ag-user" class="form" novalidate autocomplete="off"><h3>${esc(t('ag.loginFor', { a: this.name(login) }))}</h3>
        <label>${esc(t('admin.username'))}<input name="username" maxlength="64" autocomplete="off"></label>
        <label>${esc(t('admin.f.displayName'))}<input name="displayName" maxlength="100"></label>
        <label>${esc(t('ag.password'))}<input name="password" type="password" maxlength="1024" autocomplete="new-password"></label>
        <button type="submit" class="primary" id="ag-user-send">${esc(t('ag.createLogin'))}</button></form>` : ''}
      <p class="error" id="ag-error" role="alert">${esc(this.error)}</p>`;
    for (const b of this.el.querySelectorAll('[data-toggle]')) b.onclick = () => this.toggle(this.items.find((a) => a.id === b.dataset.toggle));
    for (const b of this.el.querySelectorAll('[data-login]')) b.onclick = () => { this.userFor = b.dataset.login; this.render(); };
    const create = this.el.querySelector('#ag-create');
    create.onsubmit = (e) => { e.preventDefault(); this.create(create); };
    const user = this.el.querySelector('#ag-user');
    if (user) user.onsubmit = (e) => { e.preventDefault(); this.createLogin(user, login); };
  }

  showError(message) {
    this.error = message;
    const el = this.el.querySelector('#ag-error');
    if (el) el.textContent = message;
  }

  async send(form, method, path, body, done) {
    for (const el of this.el.querySelectorAll('.invalid')) el.classList.remove('invalid');
    try {
      const reply = await api(method, path, body, { idempotencyKey: newKey() });
      this.error = '';
      await done(reply);
    } catch (e) {
      // The forms keep what was typed: only the message and the field it names change.
      this.showError(e.status === 403 ? t('error.forbidden') : `${e.message}${e.code ? ` (${e.code})` : ''}`);
      if (e.field) this.el.querySelector(`#${form} [name="${CSS.escape(e.field)}"]`)?.classList.add('invalid');
    }
  }

  create(form) {
    const v = (k) => form[k].value.trim();
    const body = { code: v('code'), name: v('name'), kind: form.kind.value, jurisdictionID: form.jurisdictionID.value || state.me?.jurisdictionID };
    if (v('nameEn')) body.nameEn = v('nameEn');
    if (v('phone')) body.phone = v('phone');
    for (const k of ['name', 'code']) {
      if (!body[k]) { this.showError(t('rf.required', { f: t(`ag.${k}`) })); form[k].classList.add('invalid'); form[k].focus(); return; }
    }
    if (!body.jurisdictionID || body.jurisdictionID === 'root') delete body.jurisdictionID;
    this.send('ag-create', 'POST', '/v1/agencies', body, async (a) => { this.toast?.(t('ag.created', { a: this.name(a) })); await this.load(); });
  }

  toggle(a) {
    if (!a) return;
    this.send('ag-list', 'PATCH', `/v1/agencies/${encodeURIComponent(a.id)}`, { version: a.version, active: a.active === false }, () => this.load());
  }

  createLogin(form, agency) {
    const v = (k) => form[k].value.trim();
    const body = { username: v('username'), displayName: v('displayName'), role: 'externalAgency', jurisdictionID: agency.jurisdictionID,
                   agencyID: agency.id, password: form.password.value };
    this.send('ag-user', 'POST', '/v1/users', body, async (u) => { this.userFor = null; this.toast?.(t('ag.loginCreated', { u: u.username })); this.render(); });
  }
}
