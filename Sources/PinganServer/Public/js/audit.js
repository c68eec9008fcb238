// The audit log (审计日志): the hash-chained event log, newest first (GET /v1/audit), with filters
// (actor, subject, type or a type prefix such as `zone.`, time range), older pages by the
// server's cursor, the chain's verification at the top and each row's ✓/✗, a subject's whole
// history one click away (e.g. everything that happened to one incident), and a row's data as JSON.
import { api } from './api.js';
import { state } from './state.js';
import { t, applyStatic, onLangChange } from './i18n.js';
import { dateTime } from './time-text.js';
import { esc } from './dom.js';

const PAGE = 50;
const TYPE_PREFIXES = ['incident.', 'unit.', 'jurisdiction.', 'zone.', 'post.', 'user.', 'message.'];
const FILTERS = ['actor', 'subject', 'type', 'from', 'to'];
/** What names the entity an event carries whole (`data.unit`, `data.zone`, …). */
const NAMES = { incident: (x) => x.number, unit: (x) => x.callsign, jurisdiction: (x) => x.name, zone: (x) => x.name, post: (x) => x.name, user: (x) => x.username };

const short = (hash) => (hash ? String(hash).slice(0, 10) : '—');
/** A `datetime-local` value as the API's ISO 8601 (whole seconds, UTC); '' stays ''. */
function isoOf(local) {
  const d = local ? new Date(local) : null;
  return d && !Number.isNaN(d.getTime()) ? d.toISOString().replace(/\.\d{3}Z$/, 'Z') : '';
}

export class AuditPage {
  constructor(el) {
    this.el = el;
    this.items = []; this.next = null; this.chain = null; this.selected = null;
    this.loaded = false; this.busy = false; this.error = null; this.seq = 0;
    el.innerHTML = `<div class="audit-head"><h2 data-i18n="audit.title"></h2><div id="audit-chain" class="chain" role="status"></div></div>
      <form id="audit-filters" class="audit-filters" autocomplete="off">
        ${FILTERS.map((f) => `<label><span data-i18n="audit.${f}"></span><input id="af-${f}" name="${f}"${f === 'from' || f === 'to'
          ? ' type="datetime-local" step="1"' : ` data-i18n-placeholder="audit.ph.${f}"`}${f === 'type' ? ' list="audit-types"' : ''}></label>`).join('')}
        <datalist id="audit-types">${TYPE_PREFIXES.map((p) => `<option value="${p}"></option>`).join('')}</datalist>
        <button type="submit" class="primary" id="af-search" data-i18n="audit.search"></button>
        <button type="button" id="af-clear" data-i18n="audit.clear"></button>
      </form>
      <div class="audit-body">
        <div class="audit-list">
          <table class="adm-table audit-table" id="audit-table"><thead><tr>${['at', 'actor', 'command', 'type', 'subject', 'hash', 'ok']
            .map((c) => `<th data-i18n="audit.col.${c}"></th>`).join('')}</tr></thead><tbody id="audit-rows"></tbody></table>
          <p id="audit-msg" class="empty"></p>
          <div class="actions"><button type="button" id="audit-older" data-i18n="audit.older" hidden></button></div>
        </div>
        <aside id="audit-detail" class="audit-detail"></aside>
      </div>`;
    applyStatic(el);
    this.input = (f) => el.querySelector(`#af-${f}`);
    el.querySelector('#audit-filters').addEventListener('submit', (e) => { e.preventDefault(); this.load(); });
    el.querySelector('#af-clear').addEventListener('click', () => { for (const f of FILTERS) this.input(f).value = ''; this.load(); });
    el.querySelector('#audit-older').addEventListener('click', () => this.load(true));
    el.querySelector('#audit-rows').addEventListener('click', (e) => {
      const s = e.target.closest('[data-subject]');
      if (s) { this.history(s.dataset.subject); return; }
      const r = e.target.closest('tr[data-seq]');
      if (r) { this.selected = Number(r.dataset.seq); this.render(); }
    });
    onLangChange(() => this.render());
  }

  /** Opened: the newest entries under the filters as they stand. */
  show() { this.load(); }
  hide() {}

  /** Everything that happened to one subject (an incident, a unit, a station, an account…). */
  history(subject) {
    for (const f of FILTERS) this.input(f).value = f === 'subject' ? subject : '';
    this.load();
  }

  async load(older = false) {
    const seq = ++this.seq;
    const q = new URLSearchParams();
    for (const f of FILTERS) {
      const v = f === 'from' || f === 'to' ? isoOf(this.input(f).value) : this.input(f).value.trim();
      if (v) q.set(f, v);
    }
    q.set('limit', String(PAGE));
    if (older && this.next != null) q.set('before', String(this.next));
    this.busy = true; this.renderMessage();
    try {
      const page = await api('GET', `/v1/audit?${q}`);
      if (seq !== this.seq) return;
      this.items = older ? this.items.concat(page.items || []) : page.items || [];
      this.next = page.next ?? null; this.chain = page.chain || this.chain; this.error = null; this.loaded = true;
      if (!older) this.selected = null;
    } catch (e) {
      if (seq !== this.seq) return;
      this.error = e.message;
      if (!older) { this.items = []; this.next = null; }
    }
    this.busy = false;
    this.render();
  }

  render() {
    const chain = this.el.querySelector('#audit-chain'), c = this.chain;
    chain.className = `chain ${c ? (c.intact ? 'ok' : 'broken') : ''}`;
    chain.dataset.intact = c ? String(c.intact) : '';
    chain.textContent = !c ? '' : c.intact ? `✓ ${t('audit.chainOk', { n: c.rows })}` : `✗ ${t('audit.chainBroken', { seq: c.brokenAt ?? '?', n: c.rows })}`;
    this.el.querySelector('#audit-rows').innerHTML = this.items.map((r) => this.rowHTML(r)).join('');
    this.el.querySelector('#audit-older').hidden = this.next == null || !this.items.length;
    this.renderMessage();
    this.renderDetail();
  }
  renderMessage() {
    const msg = this.el.querySelector('#audit-msg');
    msg.className = this.error ? 'error' : 'empty';
    msg.textContent = this.error ? t('error.generic', { m: this.error }) : this.busy ? t('audit.loading') : this.loaded && !this.items.length ? t('audit.none') : '';
  }

  rowHTML(r) {
    const ok = r.verified !== false;
    return `<tr data-seq="${r.seq}" data-type="${esc(r.type)}" data-subject-id="${esc(r.subject)}" data-verified="${ok}" class="${r.seq === this.selected ? 'sel' : ''}${ok ? '' : ' bad'}">
      <td class="loc">${esc(dateTime(r.at))}</td>
      <td class="actor" title="${esc(r.actor?.id || '')}">${esc(r.actor?.name || r.actor?.id || '—')}</td>
      <td><code>${esc(r.command || '—')}</code></td>
      <td><code class="type">${esc(r.type)}</code></td>
      <td><button type="button" class="link subj" data-subject="${esc(r.subject)}" title="${esc(t('audit.historyOf', { s: r.subject }))}">${esc(this.subjectName(r))}</button></td>
      <td class="loc" title="${esc(r.hash || '')}">${esc(short(r.hash))}</td>
      <td class="${ok ? 'ok' : 'bad'}" title="${esc(t(ok ? 'audit.verified' : 'audit.notVerified'))}">${ok ? '✓' : '✗'}</td></tr>`;
  }

  /** The subject as people know it: the name the event's entity carries, or the console's copy, or its ID shortened. */
  subjectName(r) {
    for (const [key, name] of Object.entries(NAMES)) if (r.data?.[key] && name(r.data[key])) return name(r.data[key]);
    const id = r.subject;
    const known = state.incidents.get(id)?.number || state.units.get(id)?.callsign || state.jurisdictions.get(id)?.name
      || state.zones.get(id)?.name || state.users.get(id)?.username;
    return known || short(id);
  }

  renderDetail() {
    const el = this.el.querySelector('#audit-detail');
    const r = this.items.find((x) => x.seq === this.selected);
    if (!r) { el.innerHTML = `<p class="empty">${t('audit.pickRow')}</p>`; return; }
    const kv = [['audit.col.at', esc(dateTime(r.at, { seconds: true }))], ['audit.col.actor', `${esc(r.actor?.name || '')} <code>${esc(r.actor?.id || '')}</code>`],
      ['audit.col.command', `<code>${esc(r.command || '—')}</code>`], ['audit.col.subject', `<code>${esc(r.subject)}</code>`], ['audit.path', `<code>${esc(r.path || '')}</code>`],
      ['audit.col.hash', `<code class="hash">${esc(r.hash || '')}</code>`], ['audit.prevHash', `<code class="hash">${esc(r.prevHash || '')}</code>`],
      ['audit.col.ok', r.verified !== false ? `✓ ${t('audit.verified')}` : `✗ ${t('audit.notVerified')}`]];
    el.innerHTML = `<h3>#${r.seq} <code>${esc(r.type)}</code></h3>
      <dl class="kv">${kv.map(([k, v]) => `<dt>${t(k)}</dt><dd>${v}</dd>`).join('')}</dl>
      <h4>${t('audit.data')}</h4><pre id="audit-json" class="json">${esc(JSON.stringify(r.data ?? null, null, 2))}</pre>`;
  }
}
