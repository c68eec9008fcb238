// Watchlist management (布控管理), a page of its own for roles that may `manageWatchlists`: the
// lists (GET /v1/watchlists) with their severity, keeper and validity; a new list (name, reason,
// severity, optionally until when and which jurisdictions besides the keeper see it); one list's
// entries (GET /v1/watchlists/{id}/entries, which the server records in the audit log as read),
// adding a plate, document or person (a plate may match fuzzily) and removing one; taking a list
// out of force and back; and a look-up of a plate or document against every list (POST
// /v1/watchlists/check, audited too). The server's problems (code and detail) show next to the
// form that caused them, the field they name marked.
import { api, newKey } from './api.js';
import { state, on, upsertWatchlist } from './state.js';
import { t, onLangChange } from './i18n.js';
import { dateTime } from './time-text.js';
import { esc } from './dom.js';
import { orgName, treeOrder } from './admin/org.js';
import { severityBadge } from './alerts.js';
import { SEVERITIES } from './sensing.js';

const ENTRY_KINDS = ['plate', 'document', 'person'];
/** Problems said in the user's words before the server's detail. */
const KNOWN_PROBLEMS = new Set(['malformed_plate', 'malformed_document', 'not_found', 'forbidden', 'stale_version']);

/** A `datetime-local` value as the API's ISO 8601 (UTC); '' for none. */
function isoOf(local) {
  const d = local ? new Date(local) : null;
  return d && !Number.isNaN(d.getTime()) ? d.toISOString().replace(/\.\d{3}Z$/, 'Z') : '';
}

export class WatchlistsPage {
  constructor(el) {
    this.el = el;
    this.visible = false; this.selectedID = null; this.loadError = null;
    this.entries = null;       // {listID, items, error}
    this.check = null;         // the last look-up's answer
    this.draft = { name: '', reason: '', severity: 'severe', validUntil: '', visibleTo: [] };
    this.entryDraft = { kind: 'plate', value: '', name: '', fuzzy: false, note: '' };
    this.notes = {};           // form → {text, warn}
    el.innerHTML = `<div class="wl-head"><h2 id="wl-heading"></h2><p class="note" id="wl-note" role="status"></p></div>
      <div class="wl-body">
        <div class="wl-left">
          <section class="wl-box" id="wl-check"></section>
          <section class="wl-box"><h3 id="wl-lists-title"></h3><div id="wl-lists" class="wl-lists"></div></section>
          <section class="wl-box" id="wl-create-box"></section>
        </div>
        <div class="wl-right" id="wl-detail"></div>
      </div>`;
    this.listsEl = el.querySelector('#wl-lists');
    this.detailEl = el.querySelector('#wl-detail');
    this.listsEl.addEventListener('click', (e) => { const r = e.target.closest('tr[data-id]'); if (r) this.select(r.dataset.id); });
    on('watchlists', () => { if (this.visible) { this.renderLists(); this.renderDetail(); } });
    on('org', () => { if (this.visible && !this.el.querySelector('#wl-create :focus')) this.renderCreate(); });
    onLangChange(() => this.render());
  }

  show() {
    this.visible = true;
    this.render();
    this.load();
  }
  hide() { this.visible = false; }

  async load() {
    try {
      const reply = await api('GET', '/v1/watchlists');
      for (const w of reply?.items || []) upsertWatchlist(w);
      this.loadError = null;
    } catch (e) { this.loadError = e.message; }
    if (this.visible) this.renderLists();
  }

  render() {
    if (!this.visible) return;
    this.el.querySelector('#wl-heading').textContent = t('wl.title');
    this.el.querySelector('#wl-lists-title').textContent = t('wl.lists');
    this.renderCheck(); this.renderLists(); this.renderCreate(); this.renderDetail();
  }

  // ---- the look-up ---------------------------------------------------------------------------
  renderCheck() {
    const box = this.el.querySelector('#wl-check');
    const kind = box.querySelector('#wl-check-kind')?.value || 'plate', value = box.querySelector('#wl-check-value')?.value || '';
    box.innerHTML = `<h3>${esc(t('wl.check'))}</h3>
      <form id="wl-check-form" class="wl-inline" novalidate autocomplete="off">
        <select id="wl-check-kind" name="kind">${['plate', 'document'].map((k) => `<option value="${k}"${k === kind ? ' selected' : ''}>${esc(t(`wl.kind.${k}`))}</option>`).join('')}</select>
        <input id="wl-check-value" name="value" maxlength="40" value="${esc(value)}" placeholder="${esc(t(`wl.checkPh.${kind}`))}">
        <button type="submit" class="primary" id="wl-check-send">${esc(t('wl.checkSend'))}</button>
      </form>
      <p class="error" id="wl-check-error" role="alert"></p>
      <div id="wl-check-result" class="wl-check-result">${this.checkHTML()}</div>`;
    box.querySelector('#wl-check-kind').onchange = (e) => { box.querySelector('#wl-check-value').placeholder = t(`wl.checkPh.${e.target.value}`); };
    box.querySelector('#wl-check-form').onsubmit = (e) => { e.preventDefault(); this.runCheck(); };
  }

  checkHTML() {
    const c = this.check;
    if (!c) return '';
    if (!c.hits.length) return `<p class="wl-miss" id="wl-check-none">${esc(t('wl.noHit', { v: c.value }))}</p>`;
    return `<p class="wl-hit-head">${esc(t('wl.hits', { v: c.value, n: c.hits.length }))}</p>
      <ul class="wl-hits">${c.hits.map((h) => `<li class="wl-hit" data-watchlist="${esc(h.watchlistID)}">${severityBadge(h.severity)}
        <b>${esc(h.watchlistName)}</b> · ${esc(h.entry?.plate || [h.entry?.name, h.entry?.documentMasked].filter(Boolean).join(' ') || '—')}
        <span class="tag ${h.fuzzy ? 'xb' : 'rec'}">${esc(t(h.fuzzy ? 'alert.fuzzy' : 'alert.exact'))}</span>
        <div class="wl-reason">${esc(h.reason || '')}</div></li>`).join('')}</ul>`;
  }

  async runCheck() {
    const box = this.el.querySelector('#wl-check');
    const err = box.querySelector('#wl-check-error'), input = box.querySelector('#wl-check-value');
    const kind = box.querySelector('#wl-check-kind').value, value = input.value.trim();
    input.classList.remove('invalid'); err.textContent = '';
    if (!value) { err.textContent = t('wl.required', { f: t(`wl.kind.${kind}`) }); input.classList.add('invalid'); input.focus(); return; }
    const send = box.querySelector('#wl-check-send');
    send.disabled = true;
    try {
      this.check = await api('POST', '/v1/watchlists/check', { kind, value });
      box.querySelector('#wl-check-result').innerHTML = this.checkHTML();
    } catch (e) {
      this.check = null;
      box.querySelector('#wl-check-result').innerHTML = '';
      this.problem(err, e, box);
    } finally { send.disabled = false; }
  }

  /** The server's problem next to a form: its detail and code, the field it names marked. */
  problem(errEl, e, root) {
    const known = KNOWN_PROBLEMS.has(e.code) ? `${t(`wl.err.${e.code}`)}：` : '';
    errEl.textContent = e.status === 403 ? t('error.forbidden') : `${known}${e.message}${e.code ? ` (${e.code})` : ''}`;
    errEl.dataset.code = e.code || '';
    if (e.field) root.querySelector(`[name="${CSS.escape(e.field)}"]`)?.classList.add('invalid');
  }

  // ---- the lists ---------------------------------------------------------------------------
  lists() {
    return [...state.watchlists.values()].sort((a, b) => (b.active !== false) - (a.active !== false) || String(a.name).localeCompare(String(b.name)));
  }

  validity(w) {
    return w.validUntil ? t('wl.until', { t: dateTime(w.validUntil) }) : t('wl.open');
  }

  inForce(w) {
    const now = Date.now();
    return w.active !== false && Date.parse(w.validFrom) <= now && (!w.validUntil || Date.parse(w.validUntil) > now);
  }

  renderLists() {
    if (!this.visible) return;
    const lists = this.lists();
    const error = this.loadError ? `<p class="error">${esc(t('error.generic', { m: this.loadError }))}</p>` : '';
    if (!lists.length) { this.listsEl.innerHTML = `${error}<p class="empty">${esc(t('wl.none'))}</p>`; return; }
    this.listsEl.innerHTML = `${error}<table class="adm-table" id="wl-table"><thead><tr><th>${esc(t('wl.f.name'))}</th><th>${esc(t('wl.f.severity'))}</th>
      <th>${esc(t('wl.keeper'))}</th><th>${esc(t('wl.validity'))}</th><th>${esc(t('admin.service'))}</th></tr></thead>
      <tbody>${lists.map((w) => `<tr data-id="${esc(w.id)}" class="${w.id === this.selectedID ? 'sel' : ''}${this.inForce(w) ? '' : ' off'}">
        <td><b>${esc(w.name)}</b></td><td>${severityBadge(w.severity)}</td><td>${esc(orgName(state.jurisdictions.get(w.jurisdictionID)) || w.jurisdictionID)}</td>
        <td>${esc(this.validity(w))}</td><td><span class="badge ${this.inForce(w) ? 'on' : 'off'}">${esc(t(this.inForce(w) ? 'wl.inForce' : w.active === false ? 'wl.stopped' : 'wl.expired'))}</span></td></tr>`).join('')}</tbody></table>`;
  }

  // ---- a new list ----------------------------------------------------------------------------
  renderCreate() {
    if (!this.visible) return;
    const d = this.draft, box = this.el.querySelector('#wl-create-box');
    const shareable = treeOrder().filter(({ j }) => j.active !== false);
    box.innerHTML = `<h3>${esc(t('wl.create'))}</h3>
      <form id="wl-create" class="form" novalidate autocomplete="off">
        <label>${esc(t('wl.f.name'))}<input name="name" id="wl-name" maxlength="100" value="${esc(d.name)}" placeholder="${esc(t('wl.namePh'))}"></label>
        <label>${esc(t('wl.f.reason'))}<textarea name="reason" id="wl-reason" rows="2" maxlength="500" placeholder="${esc(t('wl.reasonPh'))}">${esc(d.reason)}</textarea></label>
        <div class="row2">
          <label>${esc(t('wl.f.severity'))}<select name="severity" id="wl-severity">${SEVERITIES.map((s) => `<option value="${s}"${s === d.severity ? ' selected' : ''}>${esc(t(`alertSeverity.${s}`))}</option>`).join('')}</select></label>
          <label>${esc(t('wl.f.validUntil'))}<input name="validUntil" id="wl-until" type="datetime-local" value="${esc(d.validUntil)}"></label>
        </div>
        <label>${esc(t('wl.f.visibleTo'))}<select name="visibleTo" id="wl-visible" multiple size="4">${shareable.map(({ j, depth }) =>
          `<option value="${esc(j.id)}"${d.visibleTo.includes(j.id) ? ' selected' : ''}>${'　'.repeat(depth)}${esc(orgName(j))}</option>`).join('')}</select>
          <span class="hint">${esc(t('wl.visibleHint'))}</span></label>
        <div class="actions"><button type="submit" class="primary" id="wl-create-send">${esc(t('wl.createSend'))}</button></div>
        <p class="note" id="wl-create-note" role="status">${esc(this.notes.create || '')}</p>
        <p class="error" id="wl-create-error" role="alert"></p>
      </form>`;
    const form = box.querySelector('#wl-create');
    const keep = () => {
      d.name = form.querySelector('#wl-name').value; d.reason = form.querySelector('#wl-reason').value;
      d.severity = form.querySelector('#wl-severity').value; d.validUntil = form.querySelector('#wl-until').value;
      d.visibleTo = [...form.querySelector('#wl-visible').selectedOptions].map((o) => o.value);
    };
    form.addEventListener('input', keep); form.addEventListener('change', keep);
    form.onsubmit = (e) => { e.preventDefault(); keep(); this.create(form); };
  }

  async create(form) {
    const d = this.draft, err = form.querySelector('#wl-create-error');
    for (const i of form.querySelectorAll('.invalid')) i.classList.remove('invalid');
    err.textContent = ''; this.notes.create = ''; form.querySelector('#wl-create-note').textContent = '';
    for (const [field, id] of [['name', '#wl-name'], ['reason', '#wl-reason']]) {
      if (!d[field].trim()) {
        err.textContent = t('wl.required', { f: t(`wl.f.${field}`) });
        form.querySelector(id).classList.add('invalid'); form.querySelector(id).focus();
        return;
      }
    }
    const body = { name: d.name.trim(), reason: d.reason.trim(), severity: d.severity };
    const until = isoOf(d.validUntil);
    if (until) body.validUntil = until;
    if (d.visibleTo.length) body.visibleTo = d.visibleTo;
    const send = form.querySelector('#wl-create-send');
    send.disabled = true;
    try {
      const w = await api('POST', '/v1/watchlists', body, { idempotencyKey: newKey() });
      upsertWatchlist(w);
      this.draft = { name: '', reason: '', severity: d.severity, validUntil: '', visibleTo: [] };
      this.notes.create = t('wl.created', { n: w.name });
      this.renderCreate();
      this.select(w.id);
    } catch (e) {
      send.disabled = false;
      this.problem(err, e, form);
    }
  }

  // ---- one list and its entries --------------------------------------------------------------
  async select(id) {
    this.selectedID = id;
    this.entries = { listID: id, items: null, error: null };
    this.notes.entry = '';
    this.renderLists(); this.renderDetail();
    const mark = this.entries;
    try {
      const reply = await api('GET', `/v1/watchlists/${encodeURIComponent(id)}/entries`);
      mark.items = (reply?.items || []).filter((e) => e.active !== false);
    } catch (e) { mark.items = []; mark.error = e.message; }
    if (this.entries === mark) this.renderDetail();
  }

  /** A live `watchlist.entryAdded` / `entryRemoved`: the open list's entries follow. */
  entryEvent(entry) {
    const m = this.entries;
    if (!m?.items || entry.watchlistID !== m.listID) return;
    m.items = m.items.filter((e) => e.id !== entry.id);
    if (entry.active !== false) m.items.push(entry);
    if (this.visible) this.renderEntries();
  }

  renderDetail() {
    if (!this.visible) return;
    const w = this.selectedID && state.watchlists.get(this.selectedID);
    if (!w) { this.detailEl.innerHTML = `<p class="empty">${esc(t('wl.pick'))}</p>`; return; }
    const shared = (w.visibleTo || []).map((id) => orgName(state.jurisdictions.get(id)) || id).join(t('incident.listSep')) || '—';
    const active = w.active !== false;
    this.detailEl.innerHTML = `<div class="wl-detail" data-id="${esc(w.id)}" data-version="${w.version}">
      <h3 id="wl-detail-title">${severityBadge(w.severity)} ${esc(w.name)} <span class="badge ${this.inForce(w) ? 'on' : 'off'}">${esc(t(this.inForce(w) ? 'wl.inForce' : active ? 'wl.expired' : 'wl.stopped'))}</span></h3>
      <dl class="kv">
        <dt>${esc(t('wl.f.reason'))}</dt><dd id="wl-detail-reason">${esc(w.reason)}</dd>
        <dt>${esc(t('wl.keeper'))}</dt><dd>${esc(orgName(state.jurisdictions.get(w.jurisdictionID)) || w.jurisdictionID)}</dd>
        <dt>${esc(t('wl.validity'))}</dt><dd>${esc(dateTime(w.validFrom))} – ${esc(w.validUntil ? dateTime(w.validUntil) : t('wl.open'))}</dd>
        <dt>${esc(t('wl.sharedWith'))}</dt><dd>${esc(shared)}</dd>
      </dl>
      <div class="actions"><button type="button" id="wl-toggle" class="${active ? 'danger' : ''}">${esc(t(active ? 'wl.stop' : 'wl.start'))}</button></div>
      <p class="error" id="wl-detail-error" role="alert"></p>
      <h4>${esc(t('wl.entries'))}</h4><div id="wl-entries"></div>
      <h4>${esc(t('wl.addEntry'))}</h4><div id="wl-entry-box"></div>
    </div>`;
    this.detailEl.querySelector('#wl-toggle').onclick = () => this.toggle(w);
    this.renderEntries();
    this.renderEntryForm();
  }

  async toggle(w) {
    const err = this.detailEl.querySelector('#wl-detail-error'), b = this.detailEl.querySelector('#wl-toggle');
    b.disabled = true; err.textContent = '';
    try {
      upsertWatchlist(await api('PATCH', `/v1/watchlists/${encodeURIComponent(w.id)}`, { version: w.version, active: w.active === false }, { idempotencyKey: newKey() }));
    } catch (e) {
      b.disabled = false;
      this.problem(err, e, this.detailEl);
      if (e.code === 'stale_version') this.load();
    }
  }

  entryValue(e) {
    if (e.kind === 'plate') return e.plate || '—';
    return e.documentMasked || '—';
  }

  renderEntries() {
    const box = this.detailEl.querySelector('#wl-entries');
    if (!box) return;
    const m = this.entries;
    if (!m || m.items == null) { box.innerHTML = `<p class="rec-msg">${esc(t('alert.loading'))}</p>`; return; }
    const error = m.error ? `<p class="error">${esc(t('error.generic', { m: m.error }))}</p>` : '';
    if (!m.items.length) { box.innerHTML = `${error}<p class="rec-msg" id="wl-entries-none">${esc(t('wl.noEntries'))}</p>`; return; }
    box.innerHTML = `${error}<table class="adm-table wl-entries" id="wl-entries-table"><thead><tr><th>${esc(t('wl.f.kind'))}</th><th>${esc(t('wl.f.value'))}</th>
      <th>${esc(t('wl.f.person'))}</th><th>${esc(t('wl.match'))}</th><th>${esc(t('wl.f.note'))}</th><th></th></tr></thead>
      <tbody>${m.items.map((e) => `<tr data-entry="${esc(e.id)}" data-kind="${e.kind}"><td>${esc(t(`wl.kind.${e.kind}`))}</td>
        <td><b class="loc">${esc(this.entryValue(e))}</b></td><td>${esc(e.name || '')}</td>
        <td>${e.kind === 'plate' ? `<span class="tag ${e.fuzzy ? 'xb' : 'rec'}">${esc(t(e.fuzzy ? 'alert.fuzzy' : 'alert.exact'))}</span>` : ''}</td>
        <td>${esc(e.note || '')}</td><td><button type="button" class="link danger" data-remove="${esc(e.id)}">${esc(t('wl.remove'))}</button></td></tr>`).join('')}</tbody></table>`;
    for (const b of box.querySelectorAll('[data-remove]')) b.onclick = () => this.remove(b.dataset.remove, b);
  }

  async remove(entryID, button) {
    const m = this.entries, err = this.detailEl.querySelector('#wl-entry-error');
    const entry = m?.items?.find((e) => e.id === entryID);
    if (!entry) return;
    // two clicks: the first arms the button ("确认移除？"), the second removes
    if (button.dataset.armed !== '1') {
      button.dataset.armed = '1'; button.textContent = t('wl.removeSure');
      setTimeout(() => { if (button.isConnected && button.dataset.armed === '1') { button.dataset.armed = ''; button.textContent = t('wl.remove'); } }, 4000);
      return;
    }
    button.disabled = true;
    try {
      const removed = await api('DELETE', `/v1/watchlists/${encodeURIComponent(m.listID)}/entries/${encodeURIComponent(entryID)}`);
      this.entryEvent({ ...(removed || entry), active: false });
      this.notes.entry = t('wl.removed', { v: this.entryValue(entry) });
      const note = this.detailEl.querySelector('#wl-entry-note');
      if (note) note.textContent = this.notes.entry;
    } catch (e) {
      button.disabled = false;
      if (err) this.problem(err, e, this.detailEl);
    }
  }

  renderEntryForm() {
    const box = this.detailEl.querySelector('#wl-entry-box');
    if (!box) return;
    const d = this.entryDraft;
    box.innerHTML = `<form id="wl-entry" class="form" novalidate autocomplete="off">
      <div class="row2">
        <label>${esc(t('wl.f.kind'))}<select name="kind" id="wl-entry-kind">${ENTRY_KINDS.map((k) => `<option value="${k}"${k === d.kind ? ' selected' : ''}>${esc(t(`wl.kind.${k}`))}</option>`).join('')}</select></label>
        <label>${esc(t(`wl.valueFor.${d.kind}`))}<input name="value" id="wl-entry-value" maxlength="40" value="${esc(d.value)}" placeholder="${esc(t(`wl.checkPh.${d.kind === 'plate' ? 'plate' : 'document'}`))}"></label>
      </div>
      ${d.kind === 'plate' ? '' : `<label>${esc(t('wl.f.person'))}<input name="name" id="wl-entry-name" maxlength="100" value="${esc(d.name)}"></label>`}
      ${d.kind === 'plate' ? `<label class="chk"><span><input type="checkbox" name="fuzzy" id="wl-entry-fuzzy"${d.fuzzy ? ' checked' : ''}> ${esc(t('wl.fuzzy'))}</span><span class="hint">${esc(t('wl.fuzzyHint'))}</span></label>` : ''}
      <label>${esc(t('wl.f.note'))}<input name="note" id="wl-entry-note-input" maxlength="500" value="${esc(d.note)}"></label>
      <div class="actions"><button type="submit" class="primary" id="wl-entry-send">${esc(t('wl.addSend'))}</button></div>
      <p class="note" id="wl-entry-note" role="status">${esc(this.notes.entry || '')}</p>
      <p class="error" id="wl-entry-error" role="alert"></p>
    </form>`;
    const form = box.querySelector('#wl-entry');
    const keep = () => {
      d.kind = form.querySelector('#wl-entry-kind').value; d.value = form.querySelector('#wl-entry-value').value;
      d.name = form.querySelector('#wl-entry-name')?.value ?? d.name; d.fuzzy = !!form.querySelector('#wl-entry-fuzzy')?.checked;
      d.note = form.querySelector('#wl-entry-note-input').value;
    };
    form.addEventListener('input', keep);
    form.querySelector('#wl-entry-kind').onchange = () => { keep(); this.renderEntryForm(); };
    form.onsubmit = (e) => { e.preventDefault(); keep(); this.addEntry(form); };
  }

  async addEntry(form) {
    const d = this.entryDraft, m = this.entries, err = form.querySelector('#wl-entry-error');
    if (!m) return;
    for (const i of form.querySelectorAll('.invalid')) i.classList.remove('invalid');
    err.textContent = ''; this.notes.entry = ''; form.querySelector('#wl-entry-note').textContent = '';
    const value = d.value.trim(), name = d.kind === 'plate' ? '' : d.name.trim();
    if (!value && !(d.kind === 'person' && name)) {
      err.textContent = t('wl.required', { f: t(`wl.valueFor.${d.kind}`) });
      form.querySelector('#wl-entry-value').classList.add('invalid'); form.querySelector('#wl-entry-value').focus();
      return;
    }
    const body = { kind: d.kind };
    if (value) body.value = value;
    if (name) body.name = name;
    if (d.kind === 'plate') body.fuzzy = d.fuzzy;
    if (d.note.trim()) body.note = d.note.trim();
    const send = form.querySelector('#wl-entry-send');
    send.disabled = true;
    try {
      const entry = await api('POST', `/v1/watchlists/${encodeURIComponent(m.listID)}/entries`, body, { idempotencyKey: newKey() });
      this.entryEvent(entry);
      this.entryDraft = { kind: d.kind, value: '', name: '', fuzzy: d.fuzzy, note: '' };
      this.notes.entry = t('wl.added', { v: this.entryValue(entry) });
      this.renderEntryForm();
      this.detailEl.querySelector('#wl-entry-value')?.focus();
    } catch (e) {
      send.disabled = false;
      this.problem(err, e, form);
    }
  }
}
