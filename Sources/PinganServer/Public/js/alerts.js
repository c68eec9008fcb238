// The alert panel (预警) above the incident queue: the counts per status (the server's, within
// the user's scope), the open alerts newest first (a storm group once, with its count), each with
// its severity's colour, kind, title, sensor, time and missed deadlines; new severe and extreme
// alerts from the live feed flash until they are opened or acknowledged (sensing.js beeps). A
// click opens the alert card; the chips show one status (handled and false alarms are asked
// for). The panel folds to its header; the choice is remembered.
import { state, on, alertOverdue, alertIsOpen, upsertAlert } from './state.js';
import { t, onLangChange } from './i18n.js';
import { dateTime } from './time-text.js';
import { esc, toast } from './dom.js';
import { api } from './api.js';
import { may } from './rules.js';
import { ALERT_STATUSES, loadClosed, onFreshAlert } from './sensing.js';

const FOLDED = 'pingan.alerts.folded';
const SHOWN = 100;

/** The colour of a severity (CAP's words; China's blue, yellow, orange, red warning levels). */
export const SEVERITY_COLOURS = { minor: '#1e88e5', moderate: '#f9a825', severe: '#ef6c00', extreme: '#d32f2f' };
export const severityColour = (s) => SEVERITY_COLOURS[s] || '#757575';

/** The small coloured badge of a severity. */
export function severityBadge(s) {
  return `<span class="sev sev-${esc(s)}" style="--sc:${severityColour(s)}">${esc(t(`alertSeverity.${s}`))}</span>`;
}
/** The missed deadlines as marks. */
export function overdueMarks(a, now = Date.now()) {
  if (!alertIsOpen(a) && !a.closed) return '';
  return alertOverdue(a, now).map((step) => `<span class="ovd" data-overdue="${step}">${esc(t(`alert.overdue.${step}`))}</span>`).join('');
}

export class AlertsPanel {
  constructor(el, { onSelect }) {
    this.el = el; this.onSelect = onSelect;
    this.filter = '';            // '' = open ones; else one status
    this.closedIDs = null;       // the last answer for a closed status
    this.fresh = new Set();      // new severe/extreme alerts not opened yet
    this.selectedID = null;
    this.folded = localStorage.getItem(FOLDED) === '1';
    el.innerHTML = `<div class="alerts-head">
        <button type="button" id="alerts-fold" class="link alerts-fold" aria-expanded="true"></button>
        <h3 id="alerts-title"></h3><span id="alerts-open" class="alerts-open"></span>
        <label class="link alerts-cap" id="alerts-cap" hidden><span></span><input type="file" id="alerts-cap-file" accept=".xml,application/cap+xml,application/xml,text/xml" hidden></label>
      </div>
      <div id="alert-counts" class="alert-counts"></div>
      <div id="alert-list" class="alert-list" role="listbox"></div>`;
    this.countsEl = el.querySelector('#alert-counts');
    this.listEl = el.querySelector('#alert-list');
    el.querySelector('#alerts-fold').addEventListener('click', () => this.fold(!this.folded));
    el.querySelector('#alerts-title').addEventListener('click', () => this.fold(!this.folded));
    this.countsEl.addEventListener('click', (e) => {
      const b = e.target.closest('[data-astatus]');
      if (b) this.setFilter(this.filter === b.dataset.astatus ? '' : b.dataset.astatus);
    });
    this.listEl.addEventListener('click', (e) => {
      const r = e.target.closest('.alert-row');
      if (r) this.select(r.dataset.id);
    });
    this.listEl.addEventListener('keydown', (e) => {
      if (e.key !== 'Enter' && e.key !== ' ') return;
      const r = e.target.closest('.alert-row');
      if (r) { e.preventDefault(); this.select(r.dataset.id); }
    });
    el.querySelector('#alerts-cap-file').addEventListener('change', (e) => { const f = e.target.files?.[0]; e.target.value = ''; if (f) this.importCAP(f); });
    onFreshAlert((a) => { this.fresh.add(a.id); if (this.folded) this.fold(false); this.render(); });
    on('alerts', () => this.render());
    onLangChange(() => this.render(true));
    setInterval(() => this.render(), 1000);   // overdue marks appear as deadlines pass
    this.render(true);
  }

  select(id) {
    this.selectedID = id;
    this.fresh.delete(id);
    this.render();
    this.onSelect(id);
  }
  /** The alert card was closed or shows another alert. */
  setSelected(id) { this.selectedID = id; if (id) this.fresh.delete(id); this.render(); }

  /** A CAP 1.2 alert another system sent as a file (POST /v1/alerts/cap): it becomes an alert of
   *  the station whose area holds it, shown at once; the same message again opens the alert it made. */
  async importCAP(file) {
    try {
      const a = await api('POST', '/v1/alerts/cap', await file.text(), { contentType: 'application/cap+xml' });
      upsertAlert(a);
      toast(t('alert.capImported', { title: a.title }));
      this.setFilter('');
      this.select(a.id);
    } catch (e) {
      toast(t('alert.capRefused', { e: e.message }), 8000);
    }
  }

  fold(folded) {
    this.folded = folded;
    localStorage.setItem(FOLDED, folded ? '1' : '0');
    this.render(true);
  }

  async setFilter(status) {
    this.filter = status; this.closedIDs = null; this.error = null;
    this.render(true);
    if (status === 'handled' || status === 'falseAlarm') {
      try { this.closedIDs = await loadClosed(status); } catch (e) { this.error = e.message; this.closedIDs = []; }
      if (this.filter === status) this.render(true);
    }
  }

  /** What the list shows: open group heads (or one status), newest first. */
  items() {
    const f = this.filter;
    let list;
    if (f === 'handled' || f === 'falseAlarm') list = (this.closedIDs || []).map((id) => state.alerts.get(id)).filter((a) => a && a.status === f);
    else list = [...state.alerts.values()].filter((a) => !a.groupID && (f ? a.status === f : alertIsOpen(a)));
    return list.sort((a, b) => b._raised - a._raised).slice(0, SHOWN);
  }

  rowHTML(a, now) {
    const cls = ['alert-row', `sev-${a.severity}`, a.id === this.selectedID ? 'selected' : '', this.fresh.has(a.id) && a.status === 'received' ? 'fresh' : ''].filter(Boolean).join(' ');
    const group = a.members?.length ? `<span class="grp" title="${esc(t('alert.groupTitle', { n: a.members.length + 1 }))}">×${a.members.length + 1}</span>` : '';
    return `<div class="${cls}" data-id="${esc(a.id)}" data-status="${a.status}" data-severity="${a.severity}" role="option" tabindex="0" style="--sc:${severityColour(a.severity)}">
      <div class="l1">${severityBadge(a.severity)}<span class="kind">${esc(t(`alertKind.${a.kind}`))}</span>${group}
        <span class="st" data-astatus="${a.status}">${esc(t(`alertStatus.${a.status}`))}</span>${overdueMarks(a, now)}<time>${esc(dateTime(a._raised))}</time></div>
      <div class="l2 title">${esc(a.title)}</div>
      ${a.sensorName ? `<div class="l3">${esc(a.sensorName)}</div>` : ''}</div>`;
  }

  render(force = false) {
    if (this.el.hidden && !force) return;
    const c = state.alertCounts || {};
    const foldBtn = this.el.querySelector('#alerts-fold');
    foldBtn.textContent = this.folded ? '▸' : '▾';
    foldBtn.title = t(this.folded ? 'alert.unfold' : 'alert.fold');
    foldBtn.setAttribute('aria-expanded', String(!this.folded));
    this.el.classList.toggle('folded', this.folded);
    this.el.querySelector('#alerts-title').textContent = t('alert.panel');
    const cap = this.el.querySelector('#alerts-cap');
    cap.hidden = this.folded || !may(state.me?.role, 'handleAlerts');
    cap.title = t('alert.capImportHint');
    cap.querySelector('span').textContent = t('alert.capImport');
    const open = (c.received || 0) + (c.acknowledged || 0);
    const openEl = this.el.querySelector('#alerts-open');
    openEl.textContent = open ? t('alert.openCount', { n: open }) : '';
    openEl.classList.toggle('loud', [...this.fresh].some((id) => state.alerts.get(id)?.status === 'received'));
    const chips = ALERT_STATUSES.map((s) => `<button type="button" class="chip${this.filter === s ? ' active' : ''}" data-astatus="${s}" id="alert-count-${s}">${esc(t(`alertStatus.${s}`))} <b>${c[s] || 0}</b></button>`).join('');
    if (chips !== this.chipsHTML || force) { this.chipsHTML = chips; this.countsEl.innerHTML = chips; }
    this.countsEl.hidden = this.folded; this.listEl.hidden = this.folded;
    if (this.folded) return;
    const now = Date.now();
    const items = this.items();
    let html = items.map((a) => this.rowHTML(a, now)).join('');
    if (!items.length) {
      const loading = (this.filter === 'handled' || this.filter === 'falseAlarm') && !this.closedIDs;
      html = `<p class="empty alert-empty">${esc(this.error ? t('error.generic', { m: this.error }) : loading ? t('alert.loading') : t(this.filter ? 'alert.noneStatus' : 'alert.none'))}</p>`;
    }
    if (html !== this.listHTML || force) { this.listHTML = html; this.listEl.innerHTML = html; }
  }
}
