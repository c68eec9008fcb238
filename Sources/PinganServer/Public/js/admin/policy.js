// The "时限与类别" panel under a jurisdiction's form (GET and PUT /v1/jurisdictions/{id}/policy):
// the deadline limits by priority that apply there, each with who set it, and inputs for this
// jurisdiction's own (empty: inherit); the categories open there (standard ones read-only, local
// ones with who set them), a form to add a local one, and renaming or retiring those set here; and
// dynamic patrol's targets (reach of key places and zones, grace before an alert, alerts on,
// automatic moves), set here as a whole or inherited. What it sets that the panel does not edit
// (triage rules, alert limits, response targets) goes back unchanged with every save.
// Save sends the whole of what it sets with the version read: a stale version reloads with a
// message, any other problem shows next to the input its `field` names.
import { api, newKey } from '../api.js';
import { t } from '../i18n.js';
import { esc } from '../dom.js';
import { standardRule } from '../rules.js';
import { loadOffered } from '../categories.js';
import { limitText, ruleSource } from '../deadline-rule.js';
import { KINDS } from './kinds.js';
import { PRIORITIES, STEPS, inUnits, draftOf, sameDraft, bodyOf, problemAt } from './policy-draft.js';

const enc = encodeURIComponent;
const NO_ADDITION = { code: '', nameZh: '', nameEn: '', nonPolice: false };

export class PolicyTool {
  constructor() { this.seq = 0; this.reset(null); }

  reset(id) {
    this.jid = id; this.policy = null; this.parentRules = null; this.draft = null; this.base = null;
    this.loadError = null; this.note = null; this.problem = null; this.adding = { ...NO_ADDITION };
    this.seq++;
  }

  html() { return '<div class="adm-extra pol" id="adm-policy"></div>'; }

  bind(root, j, editor) {
    this.root = root.querySelector('#adm-policy'); this.editor = editor; this.j = j;
    this.root.addEventListener('input', (e) => this.typed(e.target));
    this.root.addEventListener('change', (e) => { if (e.target.type === 'checkbox') this.typed(e.target); });
    this.root.addEventListener('click', (e) => { const b = e.target.closest('button[data-act]'); if (b && !b.disabled) this.act(b.dataset.act, b.dataset.k); });
    this.root.addEventListener('keydown', (e) => {
      if (e.key !== 'Enter' || e.target.tagName !== 'INPUT') return;
      e.preventDefault();
      this.act(e.target.dataset.add ? 'add' : 'save');
    });
    if (j.id !== this.jid) { this.reset(j.id); this.load(); }
    // the jurisdiction was saved or reloaded meanwhile: read its policy again unless edits are pending
    else if (this.policy && j.version !== this.policy.version && !this.dirty()) this.load();
    this.render();
  }
  leave() { this.reset(null); this.root = null; }

  dirty() { return !!this.draft && !sameDraft(this.draft, this.base); }

  /** Reads the policy (and the limits the parent passes down, for the inputs left empty). */
  async load(note = null) {
    const id = this.jid, seq = ++this.seq, parentID = this.j?.parentID;
    const parent = parentID
      ? api('GET', `/v1/jurisdictions/${enc(parentID)}/policy`).then((p) => p.effective.deadlines, () => null)
      : Promise.resolve(PRIORITIES.map(standardRule));
    try {
      const [policy, parentRules] = await Promise.all([api('GET', `/v1/jurisdictions/${enc(id)}/policy`), parent]);
      if (seq !== this.seq) return;
      this.parentRules = parentRules;
      this.adopt(policy);
      this.note = note;
    } catch (e) {
      if (seq !== this.seq) return;
      this.loadError = e.message;
    }
    this.render();
  }

  /** Shows `policy` as the server has it; what was typed is dropped. */
  adopt(policy) {
    this.policy = policy; this.loadError = null; this.problem = null;
    this.draft = draftOf(policy.own); this.base = draftOf(policy.own);
  }

  /** The limits priority `p` takes when this jurisdiction sets none: its parent's, else the
   *  effective ones when they come from above (null: not known here). */
  inherited(p) {
    if (this.parentRules) return this.parentRules[p - 1] || null;
    const r = this.policy?.effective.deadlines[p - 1];
    return r && r.setBy !== this.jid ? r : null;
  }

  // ---- input ---------------------------------------------------------------------------------
  typed(el) {
    if (!this.draft) return;
    const value = el.type === 'checkbox' ? el.checked : el.value;
    if (el.dataset.add) this.adding[el.dataset.add] = value;
    else if (el.dataset.step) this.draft.deadlines[el.dataset.p][el.dataset.step] = value;
    else if (el.dataset.f) this.draft.categories[Number(el.dataset.k)][el.dataset.f] = value;
    else if (el.dataset.patrol) {
      const p = this.draft.patrol;
      p[el.dataset.patrol] = value;
      if (el.dataset.patrol === 'set' && value && !p.reach) {
        // start from what applies now
        const e = this.policy.effective.patrolTargets;
        Object.assign(p, { reach: String(e.reachSeconds / 60), share: String(Math.round(e.minZoneShare * 100)), hold: String(e.holdMinutes),
          alerts: e.alerts, autoAccept: e.autoAcceptMoves });
      }
      if (el.dataset.patrol === 'set') this.render();
    }
  }

  act(what, k) {
    if (!this.draft || this.editor?.busy) return;
    const c = k == null ? null : this.draft.categories[Number(k)];
    if (what === 'save') { this.save(); return; }
    if (what === 'revert') { this.draft = draftOf(this.policy.own); this.note = null; this.problem = null; }
    else if (what === 'retire' && c) c.retired = !c.retired;
    else if (what === 'remove' && c) this.draft.categories.splice(Number(k), 1);
    else if (what === 'add') {
      const a = this.adding, code = a.code.trim();
      if (!code) { this.showProblem({ at: { add: 'code' }, text: t('admin.required', { f: t('admin.f.code') }) }); return; }
      if (this.draft.categories.some((x) => x.code.trim() === code)) { this.showProblem({ at: { add: 'code' }, text: t('policy.twice', { c: code }) }); return; }
      this.draft.categories.push({ code, nameZh: a.nameZh.trim(), nameEn: a.nameEn.trim(), nonPolice: !!a.nonPolice, retired: false, added: true });
      this.adding = { ...NO_ADDITION };
      this.note = { text: t('policy.addedNote', { c: code }) };
    }
    this.problem = null;
    this.render();
  }

  /** Sends everything this jurisdiction sets, with the version read. */
  async save() {
    if (!this.draft) return;
    if (!this.dirty()) { this.showNote({ text: t('admin.unchanged') }); return; }
    const version = this.policy.version;
    const built = bodyOf(this.draft, version, (p) => this.inherited(p));
    if (built.problem) { this.showProblem(built.problem); return; }
    const id = this.jid, seq = this.seq, editor = this.editor;
    editor.setBusy(true);
    try {
      const policy = await api('PUT', `/v1/jurisdictions/${enc(id)}/policy`, built.body, { idempotencyKey: newKey() });
      if (seq !== this.seq) return;
      this.adopt(policy);
      this.note = { text: t('admin.saved') };
      this.render();
      this.storeJurisdiction(id, version, policy);
      loadOffered().catch(() => {});   // this console's new-incident form may now offer a category more or less
    } catch (err) {
      if (seq !== this.seq) return;
      if (err.status === 409 && err.code === 'stale_version') { await this.load({ text: t('admin.stale'), warn: true }); return; }
      const at = problemAt(err.field, built.sent, this.draft);
      const code = at?.k != null ? this.draft.categories[at.k].code.trim() : '';
      this.showProblem({ at, text: err.code === 'reserved_code' && code ? t('policy.reserved', { c: code }) : err.message });
    } finally { editor.setBusy(false); }
  }

  /** The jurisdiction's new version (and policy) in the console's state and its form, which
   *  keeps what was typed there; only when the form had read the version the policy was set on. */
  storeJurisdiction(id, version, policy) {
    const e = this.editor?.entity;
    if (e?.id !== id || e.version !== version) return;
    const { policy: _old, ...rest } = e;
    const own = Object.values(policy.own).some((v) => (Array.isArray(v) ? v.length : v != null)) ? { policy: policy.own } : {};
    const updated = { ...rest, version: policy.version, ...own };
    KINDS.jurisdiction.store(updated);
    this.editor.adopt(updated);
  }

  // ---- drawing -------------------------------------------------------------------------------
  render() {
    const el = this.root;
    if (!el) return;
    const head = `<h4>${t('policy.title')}</h4>`;
    if (!this.policy) {
      el.innerHTML = `${head}<p id="pol-msg" class="${this.loadError ? 'error' : 'empty'}">${esc(this.loadError ? t('error.generic', { m: this.loadError }) : t('policy.loading'))}</p>`;
      return;
    }
    el.dataset.version = this.policy.version;
    el.innerHTML = `${head}${this.deadlinesHTML()}${this.categoriesHTML()}${this.patrolHTML()}
      <div class="actions"><button type="button" class="primary" id="pol-save" data-act="save">${t('policy.save')}</button>
        <button type="button" id="pol-revert" data-act="revert">${t('policy.revert')}</button></div>
      <p id="pol-note" class="note${this.note?.warn ? ' warn' : ''}" role="status">${esc(this.note?.text || '')}</p>
      <p id="pol-error" class="error" role="alert"></p>`;
    if (this.problem) this.showProblem(this.problem);
  }

  deadlinesHTML() {
    const eff = this.policy.effective.deadlines;
    const placeholder = (p, s) => {
      const r = this.inherited(p);
      return r ? t('policy.inheritValue', { v: inUnits(r[`${s}Seconds`], s) }) : t('policy.inherit');
    };
    const row = (p) => {
      const r = eff[p - 1];
      return `<tr data-priority="${p}" data-set-by="${esc(r.setBy)}"><td><span class="prio p${p}">P${p}</span></td>${STEPS.map((s) => `<td>
        <div class="eff" data-step="${s}" data-seconds="${r[`${s}Seconds`]}">${esc(limitText(r[`${s}Seconds`]))}</div>
        <label class="pol-in"><input data-p="${p}" data-step="${s}" value="${esc(this.draft.deadlines[p][s])}" inputmode="decimal" autocomplete="off"
          placeholder="${esc(placeholder(p, s))}" aria-label="${esc(`P${p} ${t(`step.${s}`)} (${t(`policy.unit.${s}`)})`)}"><span>${t(`policy.unit.${s}`)}</span></label></td>`).join('')}
        <td class="src">${esc(ruleSource(r.setBy))}</td></tr>`;
    };
    return `<h5>${t('policy.deadlines')}</h5><p class="hint">${t('policy.deadlinesHint')}</p>
      <table class="adm-table pol-table" id="pol-deadlines"><thead><tr><th>${t('priority')}</th>${STEPS.map((s) => `<th>${t(`step.${s}`)}</th>`).join('')}
        <th>${t('policy.setBy')}</th></tr></thead><tbody>${PRIORITIES.map(row).join('')}</tbody></table>`;
  }

  categoriesHTML() {
    const badge = (on) => `<span class="badge ${on ? 'on' : 'off'}">${t(`admin.active.${on ? 'on' : 'off'}`)}</span>`;
    const inherited = this.policy.effective.categories.filter((c) => c.setBy !== this.jid).map(({ category: c, retired, setBy }) =>
      `<tr data-code="${esc(c.code)}" data-set-by="${esc(setBy)}" class="ro${retired ? ' off' : ''}"><td><code>${esc(c.code)}</code></td>
        <td>${esc(c.nameZh)}</td><td>${esc(c.nameEn)}</td><td class="np">${c.nonPolice ? '✓' : ''}</td>
        <td class="src">${esc(ruleSource(setBy))}</td><td>${badge(!retired)}</td><td></td></tr>`);
    const own = this.draft.categories.map((c, k) => {
      const input = (f, max) => `<input data-k="${k}" data-f="${f}" value="${esc(c[f])}" maxlength="${max}" autocomplete="off" aria-label="${esc(t(`policy.${f}`))}">`;
      return `<tr data-k="${k}" data-code="${esc(c.code)}" data-set-by="${esc(this.jid)}" class="own${c.retired ? ' off' : ''}${c.added ? ' added' : ''}">
        <td>${c.added ? input('code', 32) : `<code>${esc(c.code)}</code>`}</td><td>${input('nameZh', 100)}</td><td>${input('nameEn', 100)}</td>
        <td class="np"><input type="checkbox" data-k="${k}" data-f="nonPolice"${c.nonPolice ? ' checked' : ''} aria-label="${esc(t('policy.nonPolice'))}"></td>
        <td class="src">${esc(c.added ? t('policy.unsaved') : ruleSource(this.jid))}</td><td>${badge(!c.retired)}</td>
        <td>${c.added ? `<button type="button" data-act="remove" data-k="${k}">${t('policy.remove')}</button>`
          : `<button type="button" data-act="retire" data-k="${k}">${t(`admin.active.${c.retired ? 'start' : 'stop'}`)}</button>`}</td></tr>`;
    });
    const a = this.adding;
    return `<h5>${t('policy.categories')}</h5><p class="hint">${t('policy.categoriesHint')}</p>
      <table class="adm-table pol-table" id="pol-categories"><thead><tr><th>${t('admin.f.code')}</th><th>${t('policy.nameZh')}</th><th>${t('policy.nameEn')}</th>
        <th>${t('policy.nonPolice')}</th><th>${t('policy.setBy')}</th><th>${t('admin.service')}</th><th></th></tr></thead>
        <tbody>${[...inherited, ...own].join('')}</tbody></table>
      <div class="pol-add" id="pol-add">
        <input id="pol-new-code" data-add="code" value="${esc(a.code)}" maxlength="32" autocomplete="off" placeholder="${esc(t('policy.codeHint'))}" aria-label="${esc(t('admin.f.code'))}">
        <input id="pol-new-zh" data-add="nameZh" value="${esc(a.nameZh)}" maxlength="100" autocomplete="off" placeholder="${esc(t('policy.nameZh'))}" aria-label="${esc(t('policy.nameZh'))}">
        <input id="pol-new-en" data-add="nameEn" value="${esc(a.nameEn)}" maxlength="100" autocomplete="off" placeholder="${esc(t('policy.nameEn'))}" aria-label="${esc(t('policy.nameEn'))}">
        <label class="chk"><input type="checkbox" id="pol-new-np" data-add="nonPolice"${a.nonPolice ? ' checked' : ''}>${t('policy.nonPolice')}</label>
        <button type="button" id="pol-add-btn" data-act="add">${t('policy.add')}</button></div>`;
  }

  /** Dynamic patrol's targets: those in force and who set them, and this jurisdiction's own
   *  when it sets them (a whole set: unticked inherits). */
  patrolHTML() {
    const e = this.policy.effective.patrolTargets, p = this.draft.patrol;
    const inForce = t('policy.patrol.inForce', { r: e.reachSeconds / 60, s: Math.round(e.minZoneShare * 100), h: e.holdMinutes,
      a: t(e.alerts ? 'policy.patrol.on' : 'policy.patrol.off'), m: t(e.autoAcceptMoves ? 'policy.patrol.on' : 'policy.patrol.off') });
    const num = (k, label, unit) => `<label class="pol-in">${esc(label)} <input data-patrol="${k}" value="${esc(p[k])}" inputmode="decimal" autocomplete="off"
      ${p.set ? '' : 'disabled'}><span>${esc(unit)}</span></label>`;
    const box = (k, label) => `<label class="chk"><input type="checkbox" data-patrol="${k}"${p[k] ? ' checked' : ''}${p.set ? '' : ' disabled'}>${esc(label)}</label>`;
    return `<h5>${t('policy.patrol.title')}</h5><p class="hint">${t('policy.patrol.hint')}</p>
      <p id="pol-patrol-effective" data-set-by="${esc(this.policy.effective.patrolTargetsSetBy)}">${esc(inForce)} · ${esc(ruleSource(this.policy.effective.patrolTargetsSetBy))}</p>
      <div class="pol-patrol" id="pol-patrol"><label class="chk"><input type="checkbox" id="pol-patrol-set" data-patrol="set"${p.set ? ' checked' : ''}>${t('policy.patrol.setHere')}</label>
        ${num('reach', t('policy.patrol.reach'), t('policy.unit.arrive'))}${num('share', t('policy.patrol.share'), '%')}${num('hold', t('policy.patrol.hold'), t('policy.unit.arrive'))}
        ${box('alerts', t('policy.patrol.alerts'))}${box('autoAccept', t('policy.patrol.autoAccept'))}</div>`;
  }

  showNote(note) {
    this.note = note; this.problem = null;
    const n = this.root?.querySelector('#pol-note');
    if (n) { n.textContent = note.text; n.classList.toggle('warn', !!note.warn); }
    this.markProblem(null);
  }

  /** `problem.text` next to the input `problem.at` names (in the panel's error line when none). */
  showProblem(problem) {
    this.problem = problem; this.note = null;
    const n = this.root?.querySelector('#pol-note');
    if (n) { n.textContent = ''; n.classList.remove('warn'); }
    this.markProblem(problem);
  }

  markProblem(problem) {
    const root = this.root;
    if (!root) return;
    for (const x of root.querySelectorAll('.invalid')) x.classList.remove('invalid');
    for (const x of root.querySelectorAll('.field-error')) x.remove();
    const line = root.querySelector('#pol-error');
    if (line) line.textContent = '';
    if (!problem) return;
    const at = problem.at || {};
    let target = null;
    if (at.add) target = root.querySelector(`[data-add="${at.add}"]`);
    else if (at.patrol) target = root.querySelector(`[data-patrol="${at.patrol}"]`);
    else if (at.priority) target = root.querySelector(`input[data-p="${at.priority}"][data-step="${at.step || 'dispatch'}"]`);
    else if (at.k != null) {
      const row = root.querySelector(`tr[data-k="${at.k}"]`);
      target = row?.querySelector(`[data-f="${at.f}"]`) || row?.querySelector('code');
    }
    if (!target) { if (line) line.textContent = problem.text; return; }
    target.classList.add('invalid');
    const msg = document.createElement('span');
    msg.className = 'field-error';
    msg.setAttribute('role', 'alert');
    msg.textContent = problem.text;
    (target.closest('label.pol-in, label.chk') || target).after(msg);
  }
}
