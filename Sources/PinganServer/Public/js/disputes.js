// The disputes page (矛盾纠纷) for roles that may `readDisputes`: each station's figures over the
// last 30 days (GET /v1/disputes/rates), the disputes of the user's scope with their risk, state
// and next follow-up (GET /v1/disputes; parties masked for roles that may not see them), one
// dispute with its parties, mediators and sessions, a session recorded (POST …/sessions: settled,
// ended unsettled, or continuing with the next follow-up), an incident filed from it (POST
// …/escalate), and a new dispute opened, from a dispute call in the console's picture or at a
// place (POST /v1/disputes).
import { api, newKey } from './api.js';
import { state } from './state.js';
import { t, onLangChange } from './i18n.js';
import { dateTime } from './time-text.js';
import { esc } from './dom.js';
import { groupBar } from './views.js';
import { orgName, treeOrder } from './admin/org.js';
import { may } from './rules.js';

const KINDS = ['neighbour', 'family', 'marriage', 'landlordTenant', 'labour', 'debt', 'property', 'consumer', 'traffic', 'other'];
const RISKS = ['low', 'medium', 'high'];
const STATUSES = ['open', 'mediating', 'resolved', 'unresolved'];
const MEDIATORS = ['police', 'community', 'lawyer', 'other'];
const pct = (v) => (v == null ? '—' : `${(v * 100).toFixed(1)}%`);
const stationName = (id) => orgName(state.jurisdictions.get(id)) || id;

/** Each station's dispute figures (GET /v1/disputes/rates) as a table; shared with the assessment page. */
export function disputeRatesTable(rates) {
  if (!rates.length) return `<p class="muted">${esc(t('dp.noneInPeriod'))}</p>`;
  return `<table class="wl-table dp-rates-table"><thead><tr><th>${esc(t('dp.station'))}</th><th>${esc(t('dp.opened'))}</th><th>${esc(t('dp.resolved'))}</th>
    <th>${esc(t('dp.resolutionRate'))}</th><th>${esc(t('dp.openNow'))}</th><th>${esc(t('dp.late'))}</th><th>${esc(t('dp.highRisk'))}</th><th>${esc(t('dp.escalated'))}</th></tr></thead>
    <tbody>${rates.map((r) => `<tr data-station="${esc(r.stationID)}"><td>${esc(stationName(r.stationID))}</td><td>${r.opened}</td><td>${r.resolved}</td>
      <td>${pct(r.resolutionRate)}</td><td>${r.open}</td><td class="${r.overdue ? 'bad' : ''}">${r.overdue}</td><td class="${r.highRiskOpen ? 'bad' : ''}">${r.highRiskOpen}</td>
      <td>${r.escalated}</td></tr>`).join('')}</tbody></table>`;
}

export class DisputesPage {
  constructor(el, { role = () => null } = {}) {
    this.el = el; this.role = role;
    this.visible = false; this.status = 'open,mediating'; this.items = []; this.rates = []; this.selected = null; this.error = ''; this.showNew = false;
    el.addEventListener('click', (e) => this.click(e));
    el.addEventListener('change', (e) => { if (e.target.id === 'dp-status') { this.status = e.target.value; this.load(); } });
    el.addEventListener('submit', (e) => { e.preventDefault(); this.submit(e.target, e.submitter); });
    onLangChange(() => this.render());
  }

  show() { this.visible = true; this.render(); this.load(); }
  hide() { this.visible = false; }
  get works() { return may(this.role(), 'workDisputes'); }

  async load() {
    try {
      const q = this.status ? `status=${this.status}&` : '';
      const [list, rates] = await Promise.all([api('GET', `/v1/disputes?${q}limit=200`), api('GET', '/v1/disputes/rates')]);
      this.items = list.items || []; this.rates = rates.stations || []; this.error = '';
    } catch (e) { this.error = e.message; }
    if (this.visible) { this.renderList(); this.renderRates(); }
  }

  render() {
    if (!this.visible) return;
    const choices = [['open,mediating', t('dp.unsettled')], ['', t('dp.all')], ...STATUSES.map((s) => [s, t(`dp.status.${s}`)])];
    this.el.innerHTML = `${groupBar('disputes')}<div class="wl-head"><h2>${esc(t('dp.title'))}</h2>
        <label>${esc(t('dp.show'))} <select id="dp-status">${choices.map(([v, label]) => `<option value="${v}" ${v === this.status ? 'selected' : ''}>${esc(label)}</option>`).join('')}</select></label>
        ${this.works ? `<button type="button" id="dp-new" class="primary">${esc(t('dp.new'))}</button>` : ''}</div>
      <div class="wl-body">
        <div class="wl-left">
          <section class="wl-box" id="dp-rates"></section>
          <section class="wl-box"><h3>${esc(t('dp.list'))}</h3><p class="error" role="alert" id="dp-error"></p><div id="dp-list"></div></section>
        </div>
        <div class="wl-right" id="dp-detail"></div>
      </div>`;
    this.renderRates(); this.renderList(); this.renderDetail();
  }

  renderRates() {
    const el = this.el.querySelector('#dp-rates');
    if (el) el.innerHTML = `<h3>${esc(t('dp.last30'))}</h3>${disputeRatesTable(this.rates)}`;
  }

  renderList() {
    const el = this.el.querySelector('#dp-list'), err = this.el.querySelector('#dp-error');
    if (!el) return;
    if (err) err.textContent = this.error;
    if (!this.items.length) { el.innerHTML = `<p class="muted" id="dp-empty">${esc(t('dp.empty'))}</p>`; return; }
    const now = Date.now();
    el.innerHTML = `<table class="wl-table" id="dp-table"><thead><tr><th>${esc(t('dp.risk'))}</th><th>${esc(t('dp.kind'))}</th><th>${esc(t('dp.place'))}</th>
      <th>${esc(t('dp.statusHead'))}</th><th>${esc(t('dp.followUp'))}</th><th>${esc(t('dp.station'))}</th></tr></thead><tbody>${this.items.map((d) => {
        const late = d.followUpDue && Date.parse(d.followUpDue) < now;
        return `<tr data-dispute="${esc(d.id)}" class="${d.id === this.selected?.id ? 'sel' : ''} ${late ? 'overdue' : ''}">
          <td><span class="risk risk-${esc(d.risk)}">${esc(t(`dp.risk.${d.risk}`))}</span></td><td>${esc(t(`dp.kind.${d.kind}`))}</td><td>${esc(d.address)}</td>
          <td>${esc(t(`dp.status.${d.status}`))}</td><td>${d.followUpDue ? esc(dateTime(d.followUpDue)) : '—'}${late ? ` <span class="badge bad">${esc(t('dp.lateBadge'))}</span>` : ''}</td>
          <td>${esc(stationName(d.stationID))}</td></tr>`;
      }).join('')}</tbody></table>`;
  }

  renderDetail() {
    const el = this.el.querySelector('#dp-detail');
    if (!el) return;
    if (this.showNew) { el.innerHTML = this.newForm(); return; }
    const d = this.selected;
    if (!d) { el.innerHTML = `<p class="muted">${esc(t('dp.pick'))}</p>`; return; }
    if (d.error) { el.innerHTML = `<p class="error" role="alert">${esc(d.error)}</p>`; return; }
    const open = d.status === 'open' || d.status === 'mediating';
    const parties = d.parties.map((p) => `<li>${esc(p.name)}${p.phone ? ` · ${esc(p.phone)}` : ''}${p.idNumber ? ` · <span class="mono">${esc(p.idNumber)}</span>` : ''}</li>`).join('');
    const mediators = d.mediators.map((m) => `${esc(m.name)}（${esc(t(`dp.mediator.${m.kind}`))}）`).join('、') || '—';
    const sessions = d.sessions.map((s) => `<li>${esc(dateTime(s.at))} · ${esc(s.by)} · ${esc(t(`dp.outcome.${s.outcome}`))} — ${esc(s.note)}</li>`).join('');
    const incidents = d.incidentIDs.map((id) => { const i = state.incidents.get(id); return esc(i ? i.number : id.slice(0, 8)); }).join('、');
    el.innerHTML = `<h3 id="dp-selected">${esc(t(`dp.kind.${d.kind}`))} · ${esc(d.address)}</h3>
      <p><span class="risk risk-${esc(d.risk)}">${esc(t(`dp.risk.${d.risk}`))}</span> <span class="badge" id="dp-state">${esc(t(`dp.status.${d.status}`))}</span>
        ${d.followUpDue ? esc(t('dp.nextDue', { t: dateTime(d.followUpDue) })) : ''}</p>
      <p>${esc(d.summary)}</p>
      <dl class="kv"><dt>${esc(t('dp.parties'))}</dt><dd><ul id="dp-parties">${parties}</ul></dd><dt>${esc(t('dp.mediators'))}</dt><dd>${mediators}</dd>
        <dt>${esc(t('dp.station'))}</dt><dd>${esc(stationName(d.stationID))}</dd>${incidents ? `<dt>${esc(t('dp.incidents'))}</dt><dd id="dp-incidents">${incidents}</dd>` : ''}</dl>
      ${sessions ? `<h4>${esc(t('dp.sessions'))}</h4><ul id="dp-sessions">${sessions}</ul>` : ''}
      ${open && this.works ? `<form id="dp-session" class="form"><label><span>${esc(t('dp.note'))}</span><textarea name="note" maxlength="2000" rows="2" required></textarea></label>
        <label><span>${esc(t('dp.reassess'))}</span><select name="risk"><option value="">—</option>${RISKS.map((r) => `<option value="${r}">${esc(t(`dp.risk.${r}`))}</option>`).join('')}</select></label>
        <label><span>${esc(t('dp.mediatorJoined'))}</span><input name="mediatorName" maxlength="50"></label>
        <label><span>${esc(t('dp.mediatorKind'))}</span><select name="mediatorKind">${MEDIATORS.map((k) => `<option value="${k}">${esc(t(`dp.mediator.${k}`))}</option>`).join('')}</select></label>
        <p class="error" role="alert" id="dp-session-error"></p>
        <div class="actions"><button type="submit" data-outcome="continuing">${esc(t('dp.to.continuing'))}</button>
          <button type="submit" class="primary" data-outcome="resolved">${esc(t('dp.to.resolved'))}</button>
          <button type="submit" data-outcome="unresolved">${esc(t('dp.to.unresolved'))}</button></div></form>
        ${may(this.role(), 'writeIncidents') && d.location ? `<form id="dp-escalate" class="wl-inline"><select name="priority">${[1, 2, 3].map((p) => `<option value="${p}" ${p === 2 ? 'selected' : ''}>P${p}</option>`).join('')}</select>
          <button type="submit" class="danger">${esc(t('dp.escalate'))}</button><p class="error" role="alert" id="dp-escalate-error"></p></form>` : ''}` : ''}`;
  }

  newForm() {
    const stations = treeOrder().filter(({ j }) => j.level === 'station' && j.active !== false);
    const calls = [...state.incidents.values()].filter((i) => i.category === 'dispute').sort((a, b) => (b.times?.receivedAt || '').localeCompare(a.times?.receivedAt || '')).slice(0, 30);
    return `<h3>${esc(t('dp.new'))}</h3><form id="dp-open" class="form">
      <label><span>${esc(t('dp.fromCall'))}</span><select name="incidentID"><option value="">—</option>${calls.map((i) => `<option value="${esc(i.id)}">${esc(i.number)} · ${esc(i.address)}</option>`).join('')}</select></label>
      <label><span>${esc(t('dp.kind'))}</span><select name="kind">${KINDS.map((k) => `<option value="${k}">${esc(t(`dp.kind.${k}`))}</option>`).join('')}</select></label>
      <label><span>${esc(t('dp.risk'))}</span><select name="risk">${RISKS.map((r) => `<option value="${r}" ${r === 'medium' ? 'selected' : ''}>${esc(t(`dp.risk.${r}`))}</option>`).join('')}</select></label>
      <label><span>${esc(t('dp.summary'))}</span><textarea name="summary" maxlength="2000" rows="2" required></textarea></label>
      <label><span>${esc(t('dp.place'))}</span><input name="address" maxlength="200" placeholder="${esc(t('dp.placeHint'))}"></label>
      ${[1, 2].map((n) => `<label><span>${esc(t('dp.party', { n }))}</span><input name="party${n}" maxlength="50" ${n === 1 ? 'required' : ''}></label>
        <label><span>${esc(t('dp.partyPhone', { n }))}</span><input name="phone${n}" maxlength="32" inputmode="tel"></label>`).join('')}
      ${stations.length ? `<label><span>${esc(t('dp.station'))}</span><select name="stationID">${stations.map(({ j }) => `<option value="${esc(j.id)}">${esc(orgName(j))}</option>`).join('')}</select></label>` : ''}
      <p class="error" role="alert" id="dp-open-error"></p>
      <div class="actions"><button type="submit" class="primary">${esc(t('dp.open'))}</button><button type="button" id="dp-cancel">${esc(t('dp.cancel'))}</button></div></form>`;
  }

  async open(id) {
    this.showNew = false;
    try { this.selected = await api('GET', `/v1/disputes/${encodeURIComponent(id)}`); }
    catch (e) { this.selected = { id, error: e.message }; }
    this.renderList(); this.renderDetail();
  }

  click(e) {
    const row = e.target.closest('tr[data-dispute]');
    if (row) { this.open(row.dataset.dispute); return; }
    if (e.target.closest('#dp-new')) { this.showNew = true; this.selected = null; this.renderList(); this.renderDetail(); return; }
    if (e.target.closest('#dp-cancel')) { this.showNew = false; this.renderDetail(); }
  }

  async submit(form, submitter) {
    const v = (n) => form.elements[n]?.value?.trim() || undefined;
    const fail = (id, e) => {
      const err = form.querySelector(id);
      if (err) err.textContent = e.message;
    };
    if (form.id === 'dp-open') {
      const parties = [1, 2].filter((n) => v(`party${n}`)).map((n) => ({ name: v(`party${n}`), ...(v(`phone${n}`) ? { phone: v(`phone${n}`) } : {}) }));
      const body = { kind: v('kind'), risk: v('risk'), summary: v('summary') || '', parties };
      for (const k of ['address', 'incidentID', 'stationID']) if (v(k)) body[k] = v(k);
      if (body.incidentID) delete body.stationID;
      try {
        const d = await api('POST', '/v1/disputes', body, { idempotencyKey: newKey() });
        this.showNew = false; this.selected = d; this.status = 'open,mediating';
        await this.load(); this.render();
      } catch (e) { fail('#dp-open-error', e); }
    } else if (form.id === 'dp-session' && this.selected) {
      const body = { note: v('note') || '', outcome: submitter?.dataset?.outcome || 'continuing', version: this.selected.version };
      if (v('risk')) body.risk = v('risk');
      if (v('mediatorName')) body.mediators = [{ name: v('mediatorName'), kind: v('mediatorKind') }];
      try {
        this.selected = await api('POST', `/v1/disputes/${encodeURIComponent(this.selected.id)}/sessions`, body, { idempotencyKey: newKey() });
        this.renderDetail(); this.load();
      } catch (e) { fail('#dp-session-error', e); }
    } else if (form.id === 'dp-escalate' && this.selected) {
      try {
        const r = await api('POST', `/v1/disputes/${encodeURIComponent(this.selected.id)}/escalate`, { priority: Number(v('priority')) });
        this.selected = r.dispute; this.renderDetail(); this.load();
      } catch (e) { fail('#dp-escalate-error', e); }
    }
  }
}

