// The administration's form for one entity: its editable fields, Save (only what changed, with
// the version the form read), the switch that takes it out of service and back, and what the
// server answered: a stale version reloads the entity and says so; any other problem's detail
// shows next to the form. A kind may add a tool under the form (the zone's boundary, the
// account's password, a jurisdiction's policy): `{html(e), bind(root, e, editor), open?(e), leave?(), refresh?()}`.
import { api, newKey } from '../api.js';
import { t, onLangChange } from '../i18n.js';
import { esc } from '../dom.js';
import { KINDS } from './kinds.js';

export class Editor {
  constructor(el, { tools = {} } = {}) {
    this.el = el; this.tools = tools;
    this.kindName = null; this.entity = null; this.note = null; this.error = null; this.busy = false;
    // the entity's own form; a tool's form under it (a zone's shifts, a new sensor) handles its own
    el.addEventListener('submit', (e) => { if (e.target.id !== 'adm-form') return; e.preventDefault(); this.saveForm(); });
    el.addEventListener('click', (e) => { if (e.target.closest('#adm-service')) this.toggleService(); });
    onLangChange(() => this.render());
    this.render();
  }
  get kind() { return KINDS[this.kindName]; }
  get tool() { return this.tools[this.kindName]; }

  /** Edits `entity` of kind `kindName` (a key of KINDS) as it is now. */
  open(kindName, entity) {
    if (this.entity && (kindName !== this.kindName || entity?.id !== this.entity.id)) this.tool?.leave?.();
    this.kindName = kindName; this.entity = entity; this.note = null; this.error = null;
    this.render();
    if (entity) this.tool?.open?.(entity);
  }
  /** The entity changed through its tool (a jurisdiction's policy saved, which bumps its version):
   *  the form takes the new copy and keeps what was typed. */
  adopt(entity) {
    if (this.entity?.id !== entity.id) return;
    this.entity = entity;
    const box = this.el.querySelector('.adm-editor'), v = this.el.querySelector('#adm-version');
    if (box) box.dataset.version = entity.version;
    if (v) v.textContent = entity.version;
  }
  close() {
    this.tool?.leave?.();
    this.kindName = null; this.entity = null;
    this.render();
  }

  render() {
    const e = this.entity, k = this.kind;
    if (!e) { this.el.innerHTML = `<p class="empty">${t('admin.pick')}</p>`; return; }
    const on = k.service.inService(e);
    this.el.innerHTML = `<div class="adm-editor" data-kind="${this.kindName}" data-id="${esc(e.id)}" data-version="${e.version}">
      <h3 id="adm-title">${esc(k.title(e))}${on ? '' : ` <span class="badge off">${t(`admin.${k.service.words}.off`)}</span>`}</h3>
      <dl class="kv">${k.facts(e).map(([label, v]) => `<dt>${t(label)}</dt><dd>${esc(v)}</dd>`).join('')}
        <dt>${t('admin.version')}</dt><dd class="loc" id="adm-version">${e.version}</dd></dl>
      <form id="adm-form" class="form" novalidate>
        ${k.fields.map((f) => `<label>${t(`admin.f.${f.key}`)}${this.inputHTML(f, e[f.key])}</label>`).join('')}
        <div class="actions"><button type="submit" class="primary" id="adm-save">${t('admin.save')}</button>
          <button type="button" id="adm-service" class="${on ? 'danger' : ''}" data-on="${on}">${t(`admin.${k.service.words}.${on ? 'stop' : 'start'}`)}</button></div>
        <p id="adm-note" class="note${this.note?.warn ? ' warn' : ''}" role="status">${esc(this.note?.text || '')}</p>
        <p id="adm-error" class="error" role="alert">${esc(this.error || '')}</p>
      </form>
      ${this.tool ? this.tool.html(e) : ''}
    </div>`;
    this.tool?.bind(this.el, e, this);
  }

  inputHTML(f, value) {
    const v = value ?? '';
    if (f.options) {
      const opts = f.options();
      if (!opts.some(([o]) => o === v)) opts.unshift([v, v || '—']);   // a value outside the list stays as it is
      return `<select name="${f.key}">${opts.map(([o, label]) => `<option value="${esc(o)}"${o === v ? ' selected' : ''}>${esc(label)}</option>`).join('')}</select>`;
    }
    const range = f.type === 'number' ? ` min="${f.min}" max="${f.max}" step="1"` : '';
    return `<input name="${f.key}" type="${f.type || 'text'}" value="${esc(v)}"${range} autocomplete="off">`;
  }

  /** Sends the fields the user changed. */
  saveForm() {
    if (!this.entity) return;
    const changes = {};
    for (const f of this.kind.fields) {
      const input = this.el.querySelector(`[name="${f.key}"]`);
      const raw = input.value.trim();
      if (f.required && !raw) return this.showError(t('admin.required', { f: t(`admin.f.${f.key}`) }), f.key);
      const v = f.type === 'number' ? Number(raw) : raw;
      if (f.type === 'number' && (!raw || !Number.isInteger(v))) return this.showError(t('admin.notNumber', { f: t(`admin.f.${f.key}`) }), f.key);
      if (v !== (this.entity[f.key] ?? '')) changes[f.key] = v;
    }
    if (!Object.keys(changes).length) { this.flash(t('admin.unchanged')); return; }
    this.save(changes);
  }

  toggleService() {
    if (this.entity) this.save(this.kind.service.set(!this.kind.service.inService(this.entity)));
  }

  /** PATCHes `changes` with the version this form read; true when the server took them. */
  async save(changes) {
    if (this.busy || !this.entity) return false;
    const kind = this.kind, e = this.entity;
    this.setBusy(true);
    try {
      const updated = await api('PATCH', `${kind.path}/${encodeURIComponent(e.id)}`, { version: e.version, ...changes }, { idempotencyKey: newKey() });
      kind.store(updated);
      if (this.entity?.id === e.id) { this.entity = updated; this.note = { text: t('admin.saved') }; this.error = null; this.render(); }
      return true;
    } catch (err) {
      if (err.status === 409 && err.code === 'stale_version') await this.reload(kind, e.id, t('admin.stale'));
      else if (this.entity?.id === e.id) this.showError(err.message, err.field);
      return false;
    } finally { this.setBusy(false); }
  }

  /** Fetches the entity again and shows it as the server has it, with `why`. */
  async reload(kind, id, why) {
    try {
      const fresh = await api('GET', `${kind.path}/${encodeURIComponent(id)}`);
      kind.store(fresh);
      if (this.entity?.id !== id) return;
      this.entity = fresh; this.note = { text: why, warn: true }; this.error = null;
      this.render();
    } catch (err) { this.showError(err.message); }
  }

  /** A problem next to the form, keeping what was typed; `field` marks the input it is about. */
  showError(text, field) {
    this.error = text || null; this.note = null;
    const err = this.el.querySelector('#adm-error'), note = this.el.querySelector('#adm-note');
    if (err) err.textContent = text || '';
    if (note) { note.textContent = ''; note.classList.remove('warn'); }
    for (const i of this.el.querySelectorAll('.invalid')) i.classList.remove('invalid');
    if (field) this.el.querySelector(`[name="${CSS.escape(field)}"]`)?.classList.add('invalid');
  }
  /** A passing note (saved, nothing changed). */
  flash(text) {
    this.note = { text }; this.error = null;
    const note = this.el.querySelector('#adm-note'), err = this.el.querySelector('#adm-error');
    if (note) { note.textContent = text; note.classList.remove('warn'); }
    if (err) err.textContent = '';
  }

  /** Buttons off while a request is out; the tool then sets its own again. */
  setBusy(on) {
    this.busy = on;
    for (const b of this.el.querySelectorAll('button')) b.disabled = on;
    if (!on) this.tool?.refresh?.();
  }
}
