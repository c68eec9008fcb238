// The incident card's triage part (研判分流): the high-risk rules that fired and on which words;
// likely duplicate calls with their score and reasons, to merge this call into one of them (and
// to undo a merge); how often this place and this caller called in 30 and 90 days; the routing
// rules' proposals and the referral form (agency and note); where each referral stands, with a
// withdraw. Reads GET /v1/incidents/{id}/triage once per version of the incident.
import { api, newKey } from './api.js';
import { t, getLang } from './i18n.js';
import { may } from './rules.js';
import { state, upsertIncident } from './state.js';
import { dateTime } from './time-text.js';
import { esc } from './dom.js';

const UNTOUCHED = new Set(['received', 'reopened']);

/** A duplicate's reason code in words: "near:120m" → "相距 120 米", "similarText:0.72" → "描述相似 72%". */
export function reasonText(code) {
  const [kind, value = ''] = String(code).split(':');
  const n = kind === 'similarText' ? Math.round(Number(value) * 100) : parseInt(value, 10);
  const key = `tri.reason.${kind}`;
  if (!['sameCaller', 'near', 'within', 'similarText', 'sameCategory'].includes(kind)) return code;
  return t(key, { n: Number.isFinite(n) ? n : value });
}

export class TriagePanel {
  constructor({ toast, onChanged }) {
    this.toast = toast; this.onChanged = onChanged;
    this.info = null;        // {id, version, data}
    this.agencies = null;    // the agencies the user may refer to
    this.referring = false; this.error = '';
    // The refer form's choices, kept across the card's redraws (the live feed redraws it).
    this.draft = { agencyID: '', note: '' };
    this.forID = null;       // the incident drawn last: another one starts afresh
  }

  /** Draws the part for incident `i` into `el` and fetches what it lacks. */
  render(i, el) {
    if (!el) return;
    if (this.forID !== i.id) { this.forID = i.id; this.referring = false; this.error = ''; this.draft = { agencyID: '', note: '' }; }
    const typing = el.contains(document.activeElement) && document.activeElement.id === 'tri-note';
    const role = state.me?.role, canRefer = may(role, 'dispatch'), canMerge = may(role, 'writeIncidents');
    const info = this.info?.id === i.id ? this.info.data : null;
    if (!this.info || this.info.id !== i.id || this.info.version !== i.version) this.load(i);
    const parts = [];
    const flags = i.riskFlags || info?.riskFlags || [];
    if (flags.length) {
      parts.push(`<div class="risk-flags" id="card-risk">${flags.map((f) => `<div class="risk-flag" data-rule="${esc(f.rule)}">⚠ <b>${esc(getLang() === 'en' ? f.nameEn : f.nameZh)}</b>
        · ${esc(t('tri.words'))}: ${f.words.map((w) => `<mark>${esc(w)}</mark>`).join(' ')}</div>`).join('')}</div>`);
    }
    if (i.mergedInto) {
      parts.push(`<div class="merged" id="card-merged">${esc(t('tri.mergedInto', { n: i.mergedInto.intoNumber }))}
        ${canMerge ? `<button class="link" id="tri-unmerge">${esc(t('tri.unmerge'))}</button>` : ''}</div>`);
    }
    if (i.mergedIncidentIDs?.length) {
      const numbers = i.mergedIncidentIDs.map((id) => state.incidents.get(id)?.number || id);
      parts.push(`<div class="merged" id="card-merged-calls">${esc(t('tri.mergedCalls', { n: numbers.join(', ') }))}</div>`);
    }
    const refs = i.referrals || [];
    if (refs.length) {
      parts.push(`<div class="referrals" id="card-referrals">${refs.map((r) => `<div class="referral" data-id="${esc(r.id)}" data-status="${esc(r.status)}">
        ${esc(t('tri.referredTo', { a: r.agencyName }))} · <span class="rf-status rf-${esc(r.status)}">${esc(t(`rf.st.${r.status}`))}</span>
        ${canRefer && ['sent', 'accepted', 'inProgress'].includes(r.status) ? `<button class="link" data-withdraw="${esc(r.id)}">${esc(t('rf.withdraw'))}</button>` : ''}</div>`).join('')}</div>`);
    }
    if (info?.repeats) {
      const r = info.repeats;
      // only what repeats: a place called from before, a number heard before
      const said = [];
      if (r.address90 > 0) said.push(t('tri.repeatAddress', { a30: r.address30, a90: r.address90 }));
      if (r.place90 > 0) said.push(t('tri.repeatPlace', { p30: r.place30, p90: r.place90 }));
      if (r.caller90 > 0) said.push(t('tri.repeatCaller', { c30: r.caller30, c90: r.caller90 }));
      if (said.length) parts.push(`<div class="repeats" id="card-repeats">${esc(said.join(' · '))}</div>`);
    }
    const dups = info?.duplicates || [];
    if (dups.length && !i.mergedInto) {
      const mergeable = canMerge && UNTOUCHED.has(i.status) && !(i.unitIDs || []).length && !(i.mergedIncidentIDs || []).length;
      parts.push(`<div class="dups" id="card-dups"><b>${esc(t('tri.duplicates'))}</b>${dups.map((d) => `<div class="dup" data-id="${esc(d.incidentID)}">
        <span class="score" title="${esc(t('tri.score'))}">${Math.round(d.score * 100)}%</span> ${esc(d.number || d.incidentID)} · ${esc(d.address || '')} · ${esc(dateTime(d.receivedAt))}
        <div class="reasons">${d.reasons.map((x) => `<span class="tag" data-reason="${esc(x)}">${esc(reasonText(x))}</span>`).join(' ')}</div>
        ${mergeable ? `<button class="link" data-merge="${esc(d.incidentID)}">${esc(t('tri.merge'))}</button>` : ''}</div>`).join('')}</div>`);
    }
    const open = refs.some((r) => ['sent', 'accepted', 'inProgress'].includes(r.status));
    const referable = canRefer && !open && !i.mergedInto && !['closed', 'cancelled', 'referred'].includes(i.status);
    const proposals = (info?.proposals || []).filter(() => referable);
    for (const p of proposals) {
      parts.push(`<div class="proposal" data-agency="${esc(p.agencyID)}">${esc(t('tri.proposal', { a: p.agencyName, r: p.name || p.rule }))}
        <button class="link" data-propose="${esc(p.agencyID)}" data-rule="${esc(p.rule)}">${esc(t('tri.refer'))}</button></div>`);
    }
    if (referable) {
      if (this.referring) {
        const agencies = (this.agencies || []).filter((a) => a.active !== false);
        parts.push(`<div class="form" id="tri-refer-form"><label>${esc(t('tri.agency'))}<select id="tri-agency">${agencies.map((a) =>
          `<option value="${esc(a.id)}"${a.id === this.draft.agencyID ? ' selected' : ''}>${esc((getLang() === 'en' && a.nameEn) || a.name)}</option>`).join('')}</select></label>
          <label>${esc(t('rf.note'))}<input id="tri-note" maxlength="1000" value="${esc(this.draft.note)}"></label>
          <div class="actions"><button class="primary" id="tri-refer-send" ${agencies.length ? '' : 'disabled'}>${esc(t('tri.refer'))}</button>
          <button id="tri-refer-cancel">${esc(t('tri.cancel'))}</button></div></div>`);
      } else {
        parts.push(`<button id="tri-refer">${esc(t('tri.referOpen'))}</button>`);
      }
    }
    if (this.error) parts.push(`<p class="error" id="tri-error">${esc(this.error)}</p>`);
    el.innerHTML = parts.length ? `<h3>${esc(t('tri.title'))}</h3>${parts.join('')}` : '';
    el.querySelector('#tri-unmerge')?.addEventListener('click', () => this.post(i, `/v1/incidents/${encodeURIComponent(i.id)}/unmerge`, {}));
    for (const b of el.querySelectorAll('[data-merge]')) {
      const d = dups.find((x) => x.incidentID === b.dataset.merge);
      b.onclick = () => this.post(i, `/v1/incidents/${encodeURIComponent(i.id)}/merge`, { into: d.incidentID, score: Math.min(1, Math.max(0, d.score)), reasons: d.reasons.slice(0, 20) });
    }
    for (const b of el.querySelectorAll('[data-withdraw]')) b.onclick = () => this.post(i, `/v1/referrals/${encodeURIComponent(b.dataset.withdraw)}/withdraw`, {}, true);
    for (const b of el.querySelectorAll('[data-propose]')) b.onclick = () => this.post(i, `/v1/incidents/${encodeURIComponent(i.id)}/referrals`, { agencyID: b.dataset.propose, rule: b.dataset.rule }, true);
    el.querySelector('#tri-refer')?.addEventListener('click', async () => {
      this.referring = true;
      if (!this.agencies) { try { this.agencies = (await api('GET', '/v1/agencies')).items; } catch (e) { this.error = e.message; this.agencies = []; } }
      this.onChanged?.();
    });
    const agencySelect = el.querySelector('#tri-agency'), noteInput = el.querySelector('#tri-note');
    agencySelect?.addEventListener('change', () => { this.draft.agencyID = agencySelect.value; });
    noteInput?.addEventListener('input', () => { this.draft.note = noteInput.value; });
    if (typing && noteInput) { noteInput.focus(); noteInput.setSelectionRange(noteInput.value.length, noteInput.value.length); }
    el.querySelector('#tri-refer-cancel')?.addEventListener('click', () => {
      this.referring = false; this.error = ''; this.draft = { agencyID: '', note: '' }; this.onChanged?.();
    });
    el.querySelector('#tri-refer-send')?.addEventListener('click', () => {
      const note = noteInput.value.trim();
      this.post(i, `/v1/incidents/${encodeURIComponent(i.id)}/referrals`, { agencyID: agencySelect.value, ...(note ? { note } : {}) }, true);
    });
  }

  async load(i) {
    this.info = { id: i.id, version: i.version, data: this.info?.id === i.id ? this.info.data : null };
    if (!may(state.me?.role, 'readIncidents')) return;
    try {
      const data = await api('GET', `/v1/incidents/${encodeURIComponent(i.id)}/triage`);
      if (this.info.id === i.id) { this.info.data = data; this.onChanged?.(); }
    } catch { /* the card works without it */ }
  }

  /** Posts a triage step; `referral` replies carry a referral, the others the incident. */
  async post(i, path, body, referral = false) {
    try {
      const reply = await api('POST', path, body, { idempotencyKey: newKey() });
      this.error = ''; this.referring = false; this.draft = { agencyID: '', note: '' };
      if (!referral) upsertIncident(reply);
      else {
        const fresh = await api('GET', `/v1/incidents/${encodeURIComponent(i.id)}`);
        upsertIncident(fresh);
      }
      this.toast?.(t(referral ? 'tri.referred' : 'tri.saved'));
    } catch (e) {
      this.error = e.status === 403 ? t('error.forbidden') : `${e.message}${e.code ? ` (${e.code})` : ''}`;
    }
    this.onChanged?.();
  }
}
