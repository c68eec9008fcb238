// The incident queue: filters, counts per status, search, sort, and a virtualised list that
// renders only the rows in view (a pool of row elements), so 50,000 incidents stay fast.
import { state, on, nextDeadline, isOverdue, stationOf } from './state.js';
import { t, onLangChange, getLang } from './i18n.js';
import { countdown, dateTime } from './time-text.js';
import { statuses, isOpen, priorities } from './rules.js';
import { knownCategories, categoryName } from './categories.js';
import { esc } from './dom.js';

const ROW = 58;

export class Queue {
  constructor(el, countsEl, summaryEl, onSelect) {
    this.el = el; this.countsEl = countsEl; this.summaryEl = summaryEl; this.onSelect = onSelect;
    this.rows = []; this.pool = []; this.builtVersion = -1;
    this.filter = { status: 'open', priority: '', category: '', station: '', time: '', q: '', sort: 'priority' };
    this.spacer = document.createElement('div'); this.spacer.className = 'queue-spacer';
    el.appendChild(this.spacer);
    el.addEventListener('scroll', () => this.renderRows());
    new ResizeObserver(() => this.renderRows()).observe(el);
    el.addEventListener('click', (e) => { const r = e.target.closest('.row'); if (r) this.onSelect(r.dataset.id, true); });
    on('incidents', () => this.refresh());
    on('categories', () => { this.fillSelects(); this.renderRows(); });   // local categories: their names
    on('org', () => this.fillSelects());
    onLangChange(() => { this.fillSelects(); this.refresh(true); });
    setInterval(() => { this.renderRows(); this.renderCounts(); }, 1000);
    this.bindFilters();
  }

  bindFilters() {
    const bind = (id, key) => document.getElementById(id).addEventListener(id === 'f-search' ? 'input' : 'change', (e) => {
      this.filter[key] = e.target.value; this.refresh(true);
    });
    bind('f-search', 'q'); bind('f-status', 'status'); bind('f-priority', 'priority'); bind('f-category', 'category');
    bind('f-station', 'station'); bind('f-time', 'time'); bind('f-sort', 'sort');
    this.fillSelects();
  }

  fillSelects() {
    const opts = (id, list) => {
      const sel = document.getElementById(id), v = this.filter[{ 'f-status': 'status', 'f-priority': 'priority', 'f-category': 'category', 'f-station': 'station', 'f-time': 'time', 'f-sort': 'sort' }[id]];
      sel.innerHTML = '';
      for (const [value, label] of list) { const o = document.createElement('option'); o.value = value; o.textContent = label; sel.appendChild(o); }
      sel.value = v;
    };
    opts('f-status', [['open', t('statusFilter.open')], ['', t('statusFilter.all')], ['overdue', t('statusFilter.overdue')], ...statuses().map((s) => [s, t(`status.${s}`)])]);
    opts('f-priority', [['', t('priority.all')], ...priorities().map((p) => [String(p), `P${p}`])]);
    const en = getLang() === 'en';
    opts('f-category', [['', t('category.all')], ...knownCategories().map((c) => [c.code, (en ? c.nameEn : c.nameZh) || c.code])]);
    const stations = [...state.jurisdictions.values()].filter((j) => j.level === 'station');
    opts('f-station', [['', t('station.all')], ...stations.map((j) => [j.id, (en && j.nameEn) || j.name])]);
    opts('f-time', [['', t('time.all')], ['1h', t('time.1h')], ['24h', t('time.24h')], ['7d', t('time.7d')]]);
    opts('f-sort', [['priority', t('sort.priority')], ['newest', t('sort.newest')], ['oldest', t('sort.oldest')], ['due', t('sort.due')]]);
  }

  /** Filter and sort: at once for a small queue, else throttled to one pass per 200 ms. */
  refresh(now = false) {
    if (now || state.incidents.size < 5000) { clearTimeout(this.timer); this.timer = 0; this.build(); return; }
    if (this.timer) return;
    this.timer = setTimeout(() => { this.timer = 0; this.build(); }, 200);
  }

  build() {
    const f = this.filter, nowMs = Date.now();
    const q = f.q.trim().toLowerCase();
    const prio = f.priority ? Number(f.priority) : 0;
    const since = { '1h': 3600e3, '24h': 86400e3, '7d': 7 * 86400e3 }[f.time];
    const stationPart = f.station ? `/${f.station}/` : '';
    const out = [];
    for (const i of state.incidents.values()) {
      if (f.status === 'open' ? !isOpen(i.status) : f.status === 'overdue' ? !isOverdue(i, nowMs) : f.status && i.status !== f.status) continue;
      if (prio && i.priority !== prio) continue;
      if (f.category && i.category !== f.category) continue;
      if (stationPart && !(i.path || '').includes(stationPart)) continue;
      if (since && nowMs - i._received > since) continue;
      if (q && !i._search.includes(q)) continue;
      out.push(i);
    }
    const byTime = (a, b) => b._received - a._received;
    const cmp = {
      priority: (a, b) => a.priority - b.priority || byTime(a, b),
      newest: byTime,
      oldest: (a, b) => a._received - b._received,
      due: (a, b) => (nextDeadline(a)?.due ?? Infinity) - (nextDeadline(b)?.due ?? Infinity),
    }[f.sort] || byTime;
    out.sort(cmp);
    this.rows = out;
    // counts per status and the sorted earliest-open-deadlines, so the once-a-second refresh
    // of the overdue count is a binary search rather than a pass over every incident
    const counts = Object.fromEntries(statuses().map((st) => [st, 0]));
    const dues = new Float64Array(state.incidents.size); let nd = 0;
    for (const i of state.incidents.values()) { counts[i.status] = (counts[i.status] || 0) + 1; if (i._minDue !== Infinity) dues[nd++] = i._minDue; }
    this.statusCounts = counts;
    this.dues = dues.subarray(0, nd).sort();
    this.spacer.style.height = `${out.length * ROW}px`;
    this.renderRows(true);
    this.renderCounts();
  }

  renderCounts() {
    const counts = this.statusCounts || {};
    const nowMs = Date.now(), dues = this.dues || new Float64Array(0);
    let lo = 0, hi = dues.length;
    while (lo < hi) { const mid = (lo + hi) >> 1; if (dues[mid] < nowMs) lo = mid + 1; else hi = mid; }
    const overdue = lo;
    const chips = statuses().filter((s) => s !== 'reopened' || counts[s]).map((s) =>
      `<button class="chip${this.filter.status === s ? ' active' : ''}" data-status="${s}">${t(`status.${s}`)} <b>${counts[s] || 0}</b></button>`);
    chips.push(`<button class="chip overdue${this.filter.status === 'overdue' ? ' active' : ''}" data-status="overdue">${t('statusFilter.overdue')} <b>${overdue}</b></button>`);
    const html = chips.join('');
    if (html !== this.countsHTML) {
      this.countsHTML = html; this.countsEl.innerHTML = html;
      for (const b of this.countsEl.querySelectorAll('button')) b.onclick = () => {
        this.filter.status = this.filter.status === b.dataset.status ? 'open' : b.dataset.status;
        document.getElementById('f-status').value = this.filter.status; this.refresh(true);
      };
    }
    this.summaryEl.textContent = `${t('queue.count', { n: this.rows.length })} · ${t('queue.overdue', { n: overdue })}`;
  }

  renderRows() {
    const top = this.el.scrollTop, h = this.el.clientHeight || 600;
    const first = Math.max(0, Math.floor(top / ROW) - 3), last = Math.min(this.rows.length, Math.ceil((top + h) / ROW) + 3);
    const need = last - first;
    while (this.pool.length < need) { const d = document.createElement('div'); d.className = 'row'; d.setAttribute('role', 'option'); this.spacer.appendChild(d); this.pool.push(d); }
    const nowMs = Date.now(), en = getLang() === 'en';
    for (let k = 0; k < this.pool.length; k++) {
      const d = this.pool[k];
      if (k >= need) { d.hidden = true; continue; }
      const idx = first + k, i = this.rows[idx];
      d.hidden = false;
      d.style.top = `${idx * ROW}px`;
      d.dataset.id = i.id;
      d.classList.toggle('selected', i.id === state.selectedID);
      d.style.setProperty('--pc', `var(--p${i.priority})`);
      const nd = i.status === 'closed' || i.status === 'cancelled' ? null : nextDeadline(i);
      let due = '';
      if (nd) {
        const left = nd.due - nowMs, step = t(`step.${nd.step}`);
        due = `<span class="due${left < 0 ? ' overdue' : left < 60e3 ? ' soon' : ''}">${t('due.in', { step, t: countdown(left) })}</span>`;
      }
      const st = stationOf(i.path);
      const html = `<div class="l1"><span class="prio p${i.priority}">P${i.priority}</span><span class="st">${t(`status.${i.status}`)}</span>`
        + `<span class="addr">${esc(i.address)}</span>${due}</div>`
        + `<div class="l2"><span class="num">${esc(i.number)}</span><span>${esc(categoryName(i.category, i.path))}</span>`
        + `<span>${esc((st && ((en && st.nameEn) || st.name)) || '')}</span><span class="at">${dateTime(i._received)}</span></div>`;
      if (d._html !== html) { d.innerHTML = html; d._html = html; }
    }
    if (!this.rows.length) {
      if (!this.emptyEl) { this.emptyEl = document.createElement('div'); this.emptyEl.className = 'empty'; this.el.appendChild(this.emptyEl); }
      this.emptyEl.textContent = t('queue.empty'); this.emptyEl.hidden = false;
    } else if (this.emptyEl) this.emptyEl.hidden = true;
  }

  /** Moves the selection by `delta` rows (J/K, arrows) and keeps it in view. */
  move(delta) {
    if (!this.rows.length) return;
    let idx = this.rows.findIndex((i) => i.id === state.selectedID);
    idx = idx < 0 ? 0 : Math.max(0, Math.min(this.rows.length - 1, idx + delta));
    this.reveal(idx);
    this.onSelect(this.rows[idx].id, true);
  }
  reveal(idx) {
    const top = idx * ROW, h = this.el.clientHeight;
    if (top < this.el.scrollTop) this.el.scrollTop = top;
    else if (top + ROW > this.el.scrollTop + h) this.el.scrollTop = top + ROW - h;
    this.renderRows();
  }
  revealID(id) { const idx = this.rows.findIndex((i) => i.id === id); if (idx >= 0) this.reveal(idx); }
  /** The next overdue incident after the selection (O). */
  nextOverdue() {
    const nowMs = Date.now(), n = this.rows.length;
    const start = this.rows.findIndex((i) => i.id === state.selectedID);
    for (let k = 1; k <= n; k++) {
      const idx = (start + k + n) % n;
      if (isOverdue(this.rows[idx], nowMs)) { this.reveal(idx); this.onSelect(this.rows[idx].id, true); return true; }
    }
    return false;
  }
}
