// Referrals (警情分流), a page of its own: an agency's users (综治中心, 12345, a grid) see the
// calls sent to their agency and work each one — accept, start, give feedback, or return it
// with a reason — and the police side sees the referrals of its scope, where each stands and
// which deadlines are missed, and may take one back. The list follows the live feed
// (`referral.*` frames); the server's problems show next to the form that caused them.
import { api, newKey } from './api.js';
import { t, onLangChange } from './i18n.js';
import { may } from './rules.js';
import { state } from './state.js';
import { dateTime } from './time-text.js';
import { esc } from './dom.js';
import { AgenciesBox } from './agencies.js';
import { categoryName } from './categories.js';

const OPEN = ['sent', 'accepted', 'inProgress'];

export class ReferralsPage {
  constructor(el, { toast, onOpenIncident }) {
    this.el = el; this.toast = toast; this.onOpenIncident = onOpenIncident;
    this.visible = false; this.items = new Map(); this.selectedID = null; this.filter = 'open'; this.loadError = null;
    el.innerHTML = `<div class="rf-head"><h2 id="rf-heading"></h2>
        <select id="rf-filter"></select><p class="note" id="rf-note" role="status"></p></div>
      <div class="rf-body"><div class="rf-left"><div id="rf-list" class="rf-list"></div><section id="rf-agencies" class="rf-agencies" hidden></section></div><div class="rf-right" id="rf-detail"></div></div>`;
    this.listEl = el.querySelector('#rf-list');
    this.agencies = new AgenciesBox(el.querySelector('#rf-agencies'), { toast });
    this.detailEl = el.querySelector('#rf-detail');
    el.querySelector('#rf-filter').addEventListener('change', (e) => { this.filter = e.target.value; this.renderList(); });
    this.listEl.addEventListener('click', (e) => { const r = e.target.closest('tr[data-id]'); if (r) this.select(r.dataset.id); });
    onLangChange(() => this.render());
  }

  show() {
    this.visible = true;
    this.render(); this.load();
    // Administrators register the agencies and their logins here too.
    const box = this.el.querySelector('#rf-agencies');
    box.hidden = !may(state.me?.role, 'manageOrganisation');
    if (!box.hidden) this.agencies.load();
  }
  hide() { this.visible = false; }

  async load() {
    try {
      const reply = await api('GET', '/v1/referrals?limit=500');
      for (const r of reply?.items || []) this.items.set(r.id, r);
      this.loadError = null;
    } catch (e) { this.loadError = e.message; }
    if (this.visible) { this.renderList(); this.renderDetail(); }
  }

  /** A `referral.*` frame from the live feed. */
  upsert(r) {
    if (!r?.id) return;
    const before = this.items.get(r.id);
    if (before && before.version > r.version) return;
    this.items.set(r.id, r);
    if (!before && r.status === 'sent' && state.me?.role === 'externalAgency') this.toast?.(t('rf.new', { n: r.incidentNumber }));
    if (this.visible) { this.renderList(); if (this.selectedID === r.id) this.renderDetail(); }
  }

  render() {
    if (!this.visible) return;
    this.el.querySelector('#rf-heading').textContent = t(state.me?.role === 'externalAgency' ? 'rf.titleAgency' : 'rf.title');
    const f = this.el.querySelector('#rf-filter');
    f.innerHTML = ['open', 'all'].map((k) => `<option value="${k}"${k === this.filter ? ' selected' : ''}>${esc(t(`rf.filter.${k}`))}</option>`).join('');
    this.renderList(); this.renderDetail();
  }

  list() {
    return [...this.items.values()].filter((r) => this.filter === 'all' || OPEN.includes(r.status))
      .sort((a, b) => String(b.sent?.at).localeCompare(String(a.sent?.at)));
  }

  /** The deadlines missed now, as the server would say (`overdue`), recomputed as time passes. */
  static overdue(r, now = Date.now()) {
    const late = [];
    if (r.status === 'sent' && now > Date.parse(r.acceptDue)) late.push('accept');
    if (OPEN.includes(r.status) && now > Date.parse(r.feedbackDue)) late.push('feedback');
    if (r.feedback && Date.parse(r.feedback.at) > Date.parse(r.feedbackDue)) late.push('feedback');
    return late;
  }

  renderList() {
    if (!this.visible) return;
    const rows = this.list();
    this.el.querySelector('#rf-note').textContent = this.loadError ? t('error.generic', { m: this.loadError }) : '';
    if (!rows.length) { this.listEl.innerHTML = `<p class="empty" id="rf-empty">${esc(t('rf.none'))}</p>`; return; }
    this.listEl.innerHTML = `<table class="rf-table"><thead><tr><th>${esc(t('rf.number'))}</th><th>${esc(t('rf.agency'))}</th>
      <th>${esc(t('rf.address'))}</th><th>${esc(t('rf.status'))}</th><th>${esc(t('rf.sentAt'))}</th></tr></thead><tbody>
      ${rows.map((r) => {
        const late = ReferralsPage.overdue(r);
        return `<tr data-id="${esc(r.id)}" data-number="${esc(r.incidentNumber)}" class="${r.id === this.selectedID ? 'selected' : ''}${late.length ? ' overdue' : ''}">
          <td>${esc(r.incidentNumber)}</td><td>${esc(r.agencyName)}</td><td>${esc(r.summary?.address || '')}</td>
          <td><span class="rf-status rf-${esc(r.status)}">${esc(t(`rf.st.${r.status}`))}</span>${late.map((s) => ` <span class="tag overdue">${esc(t(`rf.late.${s}`))}</span>`).join('')}</td>
          <td>${esc(dateTime(r.sent?.at))}</td></tr>`;
      }).join('')}</tbody></table>`;
  }

  select(id) { this.selectedID = id; this.renderList(); this.renderDetail(); }

  renderDetail() {
    if (!this.visible) return;
    const r = this.items.get(this.selectedID);
    if (!r) { this.detailEl.innerHTML = `<p class="empty">${esc(t('rf.pick'))}</p>`; return; }
    const role = state.me?.role, works = may(role, 'workReferrals'), police = may(role, 'dispatch');
    const s = r.summary || {};
    const steps = [['sent', r.sent], ['accepted', r.accepted], ['inProgress', r.started], ['done', r.feedback], ['returned', r.returned], ['withdrawn', r.withdrawn]]
      .filter(([, step]) => step).map(([k, step]) => `<li>${esc(t(`rf.st.${k}`))} · ${esc(dateTime(step.at))} · ${esc(step.by)}</li>`).join('');
    const actions = [];
    if (works && r.status === 'sent') actions.push(`<button class="primary" data-act="accept" id="rf-accept">${esc(t('rf.accept'))}</button>`);
    if (works && r.status === 'accepted') actions.push(`<button data-act="start" id="rf-start">${esc(t('rf.start'))}</button>`);
    if (police && OPEN.includes(r.status)) actions.push(`<button class="danger" data-act="withdraw" id="rf-withdraw">${esc(t('rf.withdraw'))}</button>`);
    const feedbackForm = works && (r.status === 'accepted' || r.status === 'inProgress') ? `
      <form id="rf-feedback" class="form" novalidate autocomplete="off"><h3>${esc(t('rf.feedback'))}</h3>
        <label>${esc(t('rf.outcome'))}<input name="outcome" maxlength="100" value="${esc(t('rf.outcomeDone'))}"></label>
        <label>${esc(t('rf.summary'))}<textarea name="summary" maxlength="4000" rows="3"></textarea></label>
        <button type="submit" class="primary" id="rf-feedback-send">${esc(t('rf.feedbackSend'))}</button></form>` : '';
    const returnForm = works && OPEN.includes(r.status) ? `
      <form id="rf-return" class="form" novalidate autocomplete="off"><h3>${esc(t('rf.return'))}</h3>
        <label>${esc(t('rf.reason'))}<input name="reason" maxlength="1000"></label>
        <button type="submit" id="rf-return-send">${esc(t('rf.returnSend'))}</button></form>` : '';
    const late = ReferralsPage.overdue(r);
    this.detailEl.innerHTML = `<h3 id="rf-detail-title">${esc(r.incidentNumber)} · ${esc(categoryName(s.category, r.path))}
        <span class="rf-status rf-${esc(r.status)}" id="rf-detail-status">${esc(t(`rf.st.${r.status}`))}</span></h3>
      <dl class="rf-facts">
        <dt>${esc(t('rf.agency'))}</dt><dd>${esc(r.agencyName)}</dd>
        <dt>${esc(t('rf.address'))}</dt><dd>${esc(s.address || '')}</dd>
        <dt>${esc(t('rf.description'))}</dt><dd>${esc(s.description || '')}</dd>
        <dt>${esc(t('rf.caller'))}</dt><dd>${esc([s.caller?.name, s.caller?.phone].filter(Boolean).join(' ') || '—')}</dd>
        ${r.note ? `<dt>${esc(t('rf.note'))}</dt><dd>${esc(r.note)}</dd>` : ''}
        <dt>${esc(t('rf.acceptDue'))}</dt><dd>${esc(dateTime(r.acceptDue))}${late.includes('accept') ? ` <span class="tag overdue">${esc(t('rf.late.accept'))}</span>` : ''}</dd>
        <dt>${esc(t('rf.feedbackDue'))}</dt><dd>${esc(dateTime(r.feedbackDue))}${late.includes('feedback') ? ` <span class="tag overdue">${esc(t('rf.late.feedback'))}</span>` : ''}</dd>
        ${r.returnReason ? `<dt>${esc(t('rf.reason'))}</dt><dd id="rf-return-reason">${esc(r.returnReason)}</dd>` : ''}
        ${r.feedback ? `<dt>${esc(t('rf.feedback'))}</dt><dd id="rf-feedback-text">${esc(r.feedback.outcome)} · ${esc(r.feedback.summary)} (${esc(dateTime(r.feedback.at))})</dd>` : ''}
      </dl>
      <ul class="rf-steps">${steps}</ul>
      <div class="actions" id="rf-actions">${actions.join('')}</div>
      ${police ? `<p><button class="link" id="rf-open-incident">${esc(t('rf.openIncident'))}</button></p>` : ''}
      <p class="error" id="rf-error" role="alert"></p>${feedbackForm}${returnForm}`;
    for (const b of this.detailEl.querySelectorAll('button[data-act]')) b.onclick = () => this.step(r, b.dataset.act);
    this.detailEl.querySelector('#rf-open-incident')?.addEventListener('click', () => this.onOpenIncident?.(r.incidentID));
    const fb = this.detailEl.querySelector('#rf-feedback');
    if (fb) fb.onsubmit = (e) => { e.preventDefault(); this.step(r, 'feedback', { outcome: fb.outcome.value.trim(), summary: fb.summary.value.trim() }, fb); };
    const rt = this.detailEl.querySelector('#rf-return');
    if (rt) rt.onsubmit = (e) => { e.preventDefault(); this.step(r, 'return', { reason: rt.reason.value.trim() }, rt); };
  }

  async step(r, act, body = {}, form = null) {
    const err = this.detailEl.querySelector('#rf-error');
    err.textContent = '';
    for (const el of this.detailEl.querySelectorAll('.invalid')) el.classList.remove('invalid');
    for (const [k, v] of Object.entries(body)) {
      if (!v) { err.textContent = t('rf.required', { f: t(`rf.${k}`) }); form?.querySelector(`[name="${k}"]`)?.classList.add('invalid'); return; }
    }
    try {
      const next = await api('POST', `/v1/referrals/${encodeURIComponent(r.id)}/${act}`, body, { idempotencyKey: newKey() });
      this.items.set(next.id, next);
      this.toast?.(t(`rf.done.${act}`, { n: r.incidentNumber }));
      this.renderList(); this.renderDetail();
    } catch (e) {
      err.textContent = e.status === 403 ? t('error.forbidden') : `${e.message}${e.code ? ` (${e.code})` : ''}`;
      if (e.field) form?.querySelector(`[name="${CSS.escape(e.field)}"]`)?.classList.add('invalid');
    }
  }
}
