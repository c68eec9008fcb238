// The supervision board (督办), a page of its own: the open cases of overdue work in the user's
// scope (GET /v1/supervision) — what is late, which step, since when, and each reminder sent up
// the ladder (unit or agency, station, supervisor) with whether it was acknowledged — with an
// acknowledge button for the stage addressed to the user; beside it the overdue-feedback rate
// (警情超时反馈率) per day and owner from the event log (GET /v1/reports/overdue-feedback). The
// board follows the live feed (`supervision.*` frames carry the case) and reloads every 30 s,
// since the sweep that opens and escalates cases runs on the server's own clock.
import { api, newKey } from './api.js';
import { t, getLang, onLangChange } from './i18n.js';
import { may } from './rules.js';
import { state, on } from './state.js';
import { dateTime, countdown } from './time-text.js';
import { esc } from './dom.js';
import { categoryName } from './categories.js';

const REFRESH_MS = 30_000;
/** The level whose reminder a role acknowledges; other roles acknowledge the highest sent (as the server decides). */
const LEVEL_OF_ROLE = { fieldOfficer: 'unit', externalAgency: 'agency', stationOfficer: 'station', supervisor: 'supervisor' };

/** The stage `role` would acknowledge on case `c`, or null when none is addressed to it. */
export function stageFor(c, role) {
  const level = LEVEL_OF_ROLE[role] || c.stages.at(-1)?.level;
  for (let k = c.stages.length - 1; k >= 0; k--) if (c.stages[k].level === level) return c.stages[k];
  return null;
}

export class SupervisionPage {
  constructor(el, { toast, onOpenIncident }) {
    this.el = el; this.toast = toast; this.onOpenIncident = onOpenIncident;
    this.visible = false; this.cases = new Map(); this.report = null; this.agencies = new Map();
    this.loadError = null; this.reportError = null; this.timer = 0; this.errors = {};
    el.innerHTML = `<div class="sv-head"><h2 id="sv-heading"></h2><p class="note" id="sv-note" role="status"></p></div>
      <div class="sv-body"><section class="sv-board"><div id="sv-cases"></div></section>
        <section class="sv-rate" id="sv-rate"></section></div>`;
    this.casesEl = el.querySelector('#sv-cases');
    this.rateEl = el.querySelector('#sv-rate');
    this.casesEl.addEventListener('click', (e) => {
      const ack = e.target.closest('button[data-ack]');
      if (ack) { this.acknowledge(ack.dataset.ack, ack); return; }
      const open = e.target.closest('button[data-incident]');
      if (open) this.onOpenIncident?.(open.dataset.incident);
    });
    onLangChange(() => this.render());
    on('org', () => { if (this.visible) this.renderRate(); });
  }

  show() {
    this.visible = true;
    this.render();
    this.load();
    clearInterval(this.timer);
    this.timer = setInterval(() => this.load(), REFRESH_MS);
  }

  hide() { this.visible = false; clearInterval(this.timer); this.timer = 0; }

  async load() {
    const role = state.me?.role;
    const tasks = [api('GET', '/v1/supervision').then((reply) => {
      this.cases = new Map((reply?.items || []).map((c) => [c.id, c]));
      this.loadError = null;
    }, (e) => { this.loadError = e.message; })];
    if (may(role, 'readIncidents')) {
      tasks.push(api('GET', '/v1/reports/overdue-feedback').then((r) => { this.report = r; this.reportError = null; },
        (e) => { this.reportError = e.message; }));
      if (may(role, 'readReferrals') && !this.agencies.size) {
        tasks.push(api('GET', '/v1/agencies').then((r) => { for (const a of r?.items || []) this.agencies.set(a.id, a); }, () => {}));
      }
    }
    await Promise.all(tasks);
    if (this.visible) this.render();
  }

  /** A `supervision.*` frame from the live feed: the case after the change. */
  caseEvent(c) {
    if (!c?.id) return;
    const before = this.cases.get(c.id);
    if (before && before.version > c.version) return;
    if (c.status === 'open') this.cases.set(c.id, c); else this.cases.delete(c.id);
    if (this.visible) this.renderCases();
    // a case resolved or a stage acknowledged may change the rate's figures
    if (this.visible && c.status !== 'open' && may(state.me?.role, 'readIncidents')) this.load();
  }

  render() {
    if (!this.visible) return;
    this.el.querySelector('#sv-heading').textContent = t('sv.title');
    this.renderCases();
    this.renderRate();
  }

  renderCases() {
    if (!this.visible) return;
    this.el.querySelector('#sv-note').textContent = this.loadError ? t('error.generic', { m: this.loadError }) : '';
    const rows = [...this.cases.values()].sort((a, b) => Date.parse(a.due) - Date.parse(b.due));
    if (!rows.length) { this.casesEl.innerHTML = `<p class="empty" id="sv-empty">${esc(t('sv.none'))}</p>`; return; }
    const role = state.me?.role, canAck = may(role, 'acknowledgeSupervision'), police = may(role, 'readIncidents');
    const now = Date.now();
    this.casesEl.innerHTML = `<table class="sv-table"><thead><tr><th>${esc(t('sv.case'))}</th><th>${esc(t('sv.kind'))}</th>
      <th>${esc(t('sv.step'))}</th><th>${esc(t('sv.due'))}</th><th>${esc(t('sv.late'))}</th><th>${esc(t('sv.stages'))}</th><th></th></tr></thead><tbody>
      ${rows.map((c) => {
        const mine = canAck ? stageFor(c, role) : null;
        const stages = c.stages.map((s, k) => `<li class="sv-stage${s.acknowledgedAt ? ' acked' : ''}" data-level="${esc(s.level)}">
          <b>${esc(t('sv.stageN', { n: k + 1 }))} · ${esc(t(`sv.level.${s.level}`))}</b> · ${esc(dateTime(s.sentAt))} ·
          ${s.acknowledgedAt ? `<span class="ok">${esc(t('sv.acked', { by: s.acknowledgedBy || '', at: dateTime(s.acknowledgedAt) }))}</span>`
            : `<span class="pending">${esc(t('sv.notAcked'))}</span>`}</li>`).join('');
        const incidentID = c.kind === 'incident' ? c.subjectID : null;
        const title = SupervisionPage.title(c);
        return `<tr data-id="${esc(c.id)}" data-kind="${esc(c.kind)}" data-subject="${esc(c.subjectID)}">
          <td class="sv-title">${police && incidentID ? `<button class="link" data-incident="${esc(incidentID)}">${esc(title)}</button>` : esc(title)}</td>
          <td>${esc(t(`sv.kind.${c.kind}`))}</td><td>${esc(t(`sv.step.${c.step}`))}</td>
          <td>${esc(dateTime(c.due))}</td><td class="sv-late">${esc(countdown(Date.parse(c.due) - now))}</td>
          <td><ol class="sv-stages">${stages}</ol></td>
          <td class="sv-act">${mine && !mine.acknowledgedAt ? `<button class="primary" data-ack="${esc(c.id)}">${esc(t('sv.acknowledge'))}</button>` : ''}
            ${this.errors[c.id] ? `<p class="error" data-error="${esc(c.id)}">${esc(this.errors[c.id])}</p>` : ''}</td></tr>`;
      }).join('')}</tbody></table>`;
  }

  /** The case's line in the reader's words: an incident's is "number category-code" on the
   *  server; its category is named here. */
  static title(c) {
    if (c.kind !== 'incident') return c.title;
    const cut = c.title.indexOf(' ');
    return cut < 0 ? c.title : `${c.title.slice(0, cut)} ${categoryName(c.title.slice(cut + 1), c.path)}`;
  }

  ownerName(row) {
    if (row.ownerKind === 'agency') {
      const a = this.agencies.get(row.owner);
      return a ? (getLang() === 'en' && a.nameEn) || a.name : row.owner;
    }
    const j = state.jurisdictions.get(row.owner);
    return j ? (getLang() === 'en' && j.nameEn) || j.name : row.owner;
  }

  renderRate() {
    if (!this.visible) return;
    if (!may(state.me?.role, 'readIncidents')) { this.rateEl.hidden = true; return; }
    this.rateEl.hidden = false;
    const r = this.report;
    const pct = (x) => `${(x * 100).toFixed(x > 0 && x < 0.1 ? 2 : 1)}%`;
    let body;
    if (this.reportError) body = `<p class="error">${esc(t('error.generic', { m: this.reportError }))}</p>`;
    else if (!r) body = `<p class="empty">${esc(t('sv.loading'))}</p>`;
    else if (!r.rows.length) body = `<p class="empty" id="sv-rate-none">${esc(t('sv.rateNone'))}</p>`;
    else {
      const rows = [...r.rows].sort((a, b) => b.day.localeCompare(a.day) || a.ownerKind.localeCompare(b.ownerKind) || this.ownerName(a).localeCompare(this.ownerName(b)));
      const totals = Object.entries(r.totals || {}).filter(([, x]) => x.due > 0);
      body = `<table class="sv-table sv-rate-table"><thead><tr><th>${esc(t('sv.day'))}</th><th>${esc(t('sv.owner'))}</th>
        <th class="num">${esc(t('sv.dueCount'))}</th><th class="num">${esc(t('sv.overdueCount'))}</th><th class="num">${esc(t('sv.rate'))}</th></tr></thead><tbody>
        ${rows.map((x) => `<tr data-owner="${esc(x.owner)}" data-day="${esc(x.day)}"><td>${esc(x.day)}</td>
          <td>${esc(this.ownerName(x))} <span class="muted">${esc(t(`sv.owner.${x.ownerKind}`))}</span></td>
          <td class="num">${x.due}</td><td class="num">${x.overdue}</td><td class="num${x.overdue ? ' bad' : ''}">${pct(x.rate)}</td></tr>`).join('')}
        </tbody><tfoot>${totals.map(([k, x]) => `<tr data-total="${esc(k)}"><th colspan="2">${esc(t('sv.total', { k: t(`sv.owner.${k}`) }))}</th>
          <td class="num">${x.due}</td><td class="num">${x.overdue}</td><td class="num">${pct(x.rate)}</td></tr>`).join('')}</tfoot></table>`;
    }
    this.rateEl.innerHTML = `<h3 id="sv-rate-title">${esc(t('sv.rateTitle'))}</h3>
      ${r ? `<p class="muted">${esc(t('sv.range', { from: r.from, to: r.to }))}</p>` : ''}${body}`;
  }

  async acknowledge(id, button) {
    button.disabled = true;
    delete this.errors[id];
    try {
      const c = await api('POST', `/v1/supervision/${encodeURIComponent(id)}/acknowledge`, undefined, { idempotencyKey: newKey() });
      if (c?.id) this.cases.set(c.id, c);
      this.toast?.(t('sv.ackDone'));
    } catch (e) {
      this.errors[id] = e.status === 403 ? t('error.forbidden') : `${e.message}${e.code ? ` (${e.code})` : ''}`;
    }
    this.renderCases();
  }
}
