// The alert card (预警详情) in the side pane: what was seen (the sensor's record: plate, colour,
// vehicle, direction, confidence, masked document, count), the watchlist entry and its list
// (name, reason, exact or fuzzy), what to do, the units proposed with their road ETAs, where
// (the map flies there and marks it), the deadlines, and the loop's buttons: acknowledge,
// one-click dispatch (the first proposed unit, or those ticked), handled and false alarm (each
// with feedback, required), and for a storm group its members and split. After dispatch the card
// names the incident, a click away. Buttons follow the role (`handleAlerts`; dispatch also needs
// `dispatch`); every action goes through the REST API and the card redraws from the live feed.
import { api, fetchFile, newKey } from './api.js';
import { state, on, upsertAlert, upsertIncident, alertIsOpen, stationOf } from './state.js';
import { t, getLang, onLangChange } from './i18n.js';
import { countdown, eta, dateTime } from './time-text.js';
import { may } from './rules.js';
import { esc, saveFile } from './dom.js';
import { severityBadge, overdueMarks } from './alerts.js';
import { watchlist } from './sensing.js';

const PLATE_COLOURS = new Set(['blue', 'yellow', 'green', 'white', 'black']);
const FEEDBACK_MAX = 2000;

export class AlertCard {
  constructor(el, { map, toast, onOpenIncident, onClosed = () => {} }) {
    this.el = el; this.map = map; this.toast = toast; this.onOpenIncident = onOpenIncident; this.onClosed = onClosed;
    this.id = null; this.error = ''; this.form = null; this.busy = false;
    this.ticked = new Map();        // alert id → Set of ticked proposed unit IDs
    this.members = null;            // {headID, version, items} of the shown group head
    this.reasons = new Map();       // watchlist id → reason ('' while asked)
    this.numbers = new Map();       // incident id → number, for incidents not in the queue's state
    on('alerts', () => {
      const a = this.alert();
      if (!a || (a.version === this.renderedVersion && a.id === this.renderedID)) return;
      this.render();
      if (a.members?.length && (this.members?.headID !== a.id || this.members.version !== a.version)) this.loadMembers(a);
    });
    // the incident the alert became arrived (or changed its number's source): name it
    on('incidents', () => {
      const a = this.alert(), link = this.el.querySelector('#alert-incident-link');
      const number = a?.incidentID && this.incidentNumber(a.incidentID, false);
      if (link && number && link.textContent !== number) this.render();
    });
    onLangChange(() => this.render());
    setInterval(() => this.tick(), 1000);
    this.render();
  }

  alert() { return this.id ? state.alerts.get(this.id) : null; }
  role() { return state.me?.role; }

  /** Opens alert `id`: the card, a fresh copy from the server, its list's reason, its members,
   *  and the map centred on it with its mark. */
  async show(id, { fly = true } = {}) {
    if (this.id !== id) { this.form = null; this.error = ''; this.members = null; }
    this.id = id;
    this.render();
    const a = this.alert();
    if (a && fly) this.locate(a);
    try {
      const fresh = await api('GET', `/v1/alerts/${encodeURIComponent(id)}`);
      upsertAlert(fresh);
      if (this.id === id) this.render();
      if (this.id === id && !a) this.locate(fresh);
    } catch (e) { if (this.id === id && e.status !== 404) { this.error = this.describe(e); this.render(); } }
    const cur = this.alert();
    if (!cur || this.id !== id) return;
    if (cur.watchlistID && !this.reasons.has(cur.watchlistID)) this.loadReason(cur.watchlistID);
    if (cur.members?.length) this.loadMembers(cur);
    if (cur.incidentID) this.incidentNumber(cur.incidentID, true);
  }

  close() {
    this.id = null; this.form = null; this.error = ''; this.members = null;
    this.map.setAlertMark(null);
    this.render();
    this.onClosed();
  }

  /** Centres the map on the alert and marks it. */
  locate(a) {
    if (!a?.location) return;
    this.map.setAlertMark({ lat: a.location.lat, lon: a.location.lon, severity: a.severity, id: a.id });
    this.map.flyTo(a.location.lat, a.location.lon, Math.max(this.map.zoom, 16));
  }

  async loadReason(listID) {
    this.reasons.set(listID, '');
    try { const w = await watchlist(listID); this.reasons.set(listID, w.reason || ''); } catch { this.reasons.set(listID, null); }
    if (this.alert()?.watchlistID === listID) this.render();
  }

  async loadMembers(head) {
    const mark = { headID: head.id, version: head.version, items: this.members?.headID === head.id ? this.members.items : null };
    this.members = mark;
    try {
      const reply = await api('GET', `/v1/alerts/${encodeURIComponent(head.id)}/members`);
      for (const m of reply?.items || []) upsertAlert(m);
      mark.items = (reply?.items || []).map((m) => m.id);
    } catch (e) { mark.items = []; mark.error = this.describe(e); }
    if (this.members === mark && this.id === head.id) this.render();
  }

  /** The incident's number: from the queue's state, else asked once (`ask`). */
  incidentNumber(incidentID, ask) {
    const known = state.incidents.get(incidentID)?.number || this.numbers.get(incidentID);
    if (known || !ask || this.numbers.has(incidentID) || !may(this.role(), 'readIncidents')) return known || null;
    this.numbers.set(incidentID, null);
    api('GET', `/v1/incidents/${encodeURIComponent(incidentID)}`).then((i) => { upsertIncident(i); this.numbers.set(incidentID, i.number); this.render(); }).catch(() => {});
    return null;
  }

  describe(e) {
    if (e.status === 403) return t('error.forbidden');
    return t('error.generic', { m: e.message }) + (e.code ? ` (${e.code})` : '');
  }

  // ---- drawing ---------------------------------------------------------------------------
  deadlineHTML(a, step, now) {
    const due = step === 'acknowledge' ? a._ackBy : a._handleBy;
    const done = step === 'acknowledge' ? a.acknowledged : a.closed;
    if (done) {
      const late = Date.parse(done.at) > due;
      return `<span class="${late ? 'overdue' : ''}">${esc(t('alert.doneBy', { t: dateTime(done.at), who: done.by }))}</span>`;
    }
    if (!alertIsOpen(a) || !Number.isFinite(due)) return '—';
    return `<span class="due${now > due ? ' overdue' : due - now < 60e3 ? ' soon' : ''}">${esc(countdown(due - now))}</span>`;
  }

  recordHTML(r) {
    if (!r) return '';
    const rows = [];
    const add = (key, v, cls = '') => { if (v != null && v !== '') rows.push(`<dt>${esc(t(key))}</dt><dd class="${cls}" data-field="${key.split('.').pop()}">${v}</dd>`); };
    add('alert.rec.plate', r.plate ? `<b>${esc(r.plate)}</b>` : null, 'plate');
    add('alert.rec.plateColour', r.plateColour ? esc(PLATE_COLOURS.has(r.plateColour) ? t(`plateColour.${r.plateColour}`) : r.plateColour) : null);
    add('alert.rec.vehicleType', r.vehicleType ? esc(r.vehicleType) : null);
    add('alert.rec.direction', r.direction ? esc(r.direction) : null);
    add('alert.rec.confidence', r.confidence != null ? `${Math.round(r.confidence * 100)}%` : null);
    add('alert.rec.document', r.documentMasked ? esc(r.documentMasked) : null, 'loc');
    add('alert.rec.count', r.count != null ? esc(t('alert.people', { n: r.count.toLocaleString(getLang() === 'en' ? 'en-GB' : 'zh-CN') })) : null);
    add('alert.rec.text', r.text ? esc(r.text) : null);
    add('alert.rec.at', esc(dateTime(r.at, { seconds: true })));
    return `<h3>${esc(t('alert.record'))}</h3><dl class="kv" id="alert-record">${rows.join('')}</dl>`;
  }

  watchlistHTML(a) {
    if (!a.watchlistID && !a.watchlistName) return '';
    const reason = a.watchlistID ? this.reasons.get(a.watchlistID) : null;
    const match = a.fuzzy == null ? '' : `<span class="tag ${a.fuzzy ? 'xb' : 'rec'}" id="alert-match">${esc(t(a.fuzzy ? 'alert.fuzzy' : 'alert.exact'))}</span>`;
    return `<h3>${esc(t('alert.watchlist'))}</h3><dl class="kv" id="alert-watchlist">
      <dt>${esc(t('alert.wl.name'))}</dt><dd>${esc(a.watchlistName || '—')}</dd>
      <dt>${esc(t('alert.wl.reason'))}</dt><dd id="alert-reason">${reason == null ? '—' : reason === '' ? '…' : esc(reason)}</dd>
      <dt>${esc(t('alert.wl.entry'))}</dt><dd id="alert-entry"><b>${esc(a.entryLabel || '—')}</b> ${match}</dd></dl>`;
  }

  unitsHTML(a, canDispatch) {
    const list = a.proposedUnits || [];
    if (!list.length) return `<h3>${esc(t('alert.proposed'))}</h3><p class="rec-msg">${esc(t('alert.noProposed'))}</p>`;
    if (!this.ticked.has(a.id)) this.ticked.set(a.id, new Set([list[0].unitID]));
    const ticked = this.ticked.get(a.id);
    const pick = canDispatch && alertIsOpen(a);
    return `<h3>${esc(t('alert.proposed'))}</h3><div class="alert-units" id="alert-units">${list.map((p, k) => {
      const u = state.units.get(p.unitID);
      const busy = u && u.status !== 'available';
      return `<label class="alert-unit" data-unit="${esc(p.unitID)}">${pick ? `<input type="checkbox" name="alert-unit" value="${esc(p.unitID)}"${ticked.has(p.unitID) ? ' checked' : ''}>` : ''}
        <span class="cs">${esc(p.callsign)}</span>${k === 0 ? `<span class="tag rec">${esc(t('alert.first'))}</span>` : ''}
        ${busy ? `<span class="tag stale">${esc(t(`unitStatus.${u.status}`))}</span>` : ''}
        <span class="eta">${esc(t('alert.eta', { t: eta(p.etaSeconds) }))}</span></label>`;
    }).join('')}</div>`;
  }

  membersHTML(a) {
    if (!a.members?.length) return '';
    const m = this.members?.headID === a.id ? this.members : null;
    const items = (m?.items || []).map((id) => state.alerts.get(id)).filter(Boolean);
    const rows = m?.items == null ? `<p class="rec-msg">${esc(t('alert.loading'))}</p>`
      : m.error ? `<p class="rec-msg error">${esc(m.error)}</p>`
        : items.map((x) => `<div class="alert-member" data-member="${esc(x.id)}" role="button" tabindex="0"><time>${esc(dateTime(x._raised))}</time>
          <span>${esc(x.sensorName || x.title)}</span><span class="st">${esc(t(`alertStatus.${x.status}`))}</span></div>`).join('');
    return `<h3>${esc(t('alert.members', { n: a.members.length }))}</h3><p class="rule">${esc(t('alert.groupHint', { n: a.members.length + 1 }))}</p>
      <div class="alert-members" id="alert-members">${rows}</div>`;
  }

  render() {
    const el = this.el, a = this.alert();
    if (!a) {
      this.renderedID = null;
      el.innerHTML = `<p class="empty">${esc(this.id ? t('alert.loading') : t('alert.pick'))}</p>`;
      return;
    }
    this.renderedVersion = a.version; this.renderedID = a.id;
    const now = Date.now(), en = getLang() === 'en', role = this.role();
    const canHandle = may(role, 'handleAlerts'), canDispatch = canHandle && may(role, 'dispatch');
    const open = alertIsOpen(a);
    const st = stationOf(a.path) || state.jurisdictions.get(a.jurisdictionID);
    const sensor = a.sensorID && state.sensors.get(a.sensorID);
    const buttons = [];
    if (canHandle && a.status === 'received') buttons.push(`<button data-act="acknowledge" class="primary" id="alert-ack">${esc(t('alert.act.acknowledge'))}</button>`);
    if (canDispatch && open) buttons.push(`<button data-act="dispatch" class="primary" id="alert-dispatch">${esc(t('alert.act.dispatch'))}</button>`);
    if (canHandle && a.status === 'acknowledged' && !a.groupID) {
      buttons.push(`<button data-act="handled" id="alert-handled">${esc(t('alert.act.handled'))}</button>`);
      buttons.push(`<button data-act="falseAlarm" class="danger" id="alert-false">${esc(t('alert.act.falseAlarm'))}</button>`);
    }
    if (canHandle && a.members?.length) buttons.push(`<button data-act="split" id="alert-split">${esc(t('alert.act.split'))}</button>`);
    const number = a.incidentID ? this.incidentNumber(a.incidentID, true) : null;
    const head = a.groupID ? state.alerts.get(a.groupID) : null;
    el.innerHTML = `<div class="card alert-card" data-id="${esc(a.id)}" data-status="${a.status}" style="--sc:var(--sev-${esc(a.severity)})">
      <h2>${severityBadge(a.severity)} <span id="alert-kind">${esc(t(`alertKind.${a.kind}`))}</span>
        <span class="st" id="alert-status" data-status="${a.status}">${esc(t(`alertStatus.${a.status}`))}</span><span id="alert-overdue">${overdueMarks(a, now)}</span>
        <button class="link" data-act="close" style="margin-left:auto" title="${esc(t('card.close'))}">✕</button></h2>
      <p class="alert-title" id="alert-title">${esc(a.title)}</p>
      ${a.groupID ? `<p class="rule" id="alert-in-group">${esc(t('alert.inGroup'))} <button class="link" data-act="head">${esc(head?.title || t('alert.head'))}</button></p>` : ''}
      <dl class="kv">
        <dt>${esc(t('alert.sensor'))}</dt><dd id="alert-sensor">${esc(a.sensorName || a.externalSender || '—')}${sensor ? ` <span class="tag${sensor.status === 'offline' ? ' stale' : ''}">${esc(t(`sensorKind.${sensor.kind}`))} · ${esc(t(`sensorStatus.${sensor.status}`))}</span>` : ''}</dd>
        <dt>${esc(t('alert.raised'))}</dt><dd>${esc(dateTime(a._raised))}</dd>
        <dt>${esc(t('card.location'))}</dt><dd class="loc">${a.location.lat.toFixed(6)}, ${a.location.lon.toFixed(6)} <button class="link" data-act="locate">${esc(t('alert.locate'))}</button></dd>
        <dt>${esc(t('card.jurisdiction'))}</dt><dd>${esc(st ? ((en && st.nameEn) || st.name) : a.jurisdictionID)}</dd>
        <dt>${esc(t('alert.ackBy'))}</dt><dd data-deadline="acknowledge">${this.deadlineHTML(a, 'acknowledge', now)}</dd>
        <dt>${esc(t('alert.handleBy'))}</dt><dd data-deadline="handle">${this.deadlineHTML(a, 'handle', now)}</dd>
      </dl>
      <h3>${esc(t('alert.action'))}</h3><p class="alert-action" id="alert-action">${esc(a.action || '—')}</p>
      ${this.recordHTML(a.record)}
      ${this.watchlistHTML(a)}
      ${this.unitsHTML(a, canDispatch)}
      ${a.incidentID ? `<p class="alert-incident" id="alert-incident">${esc(t('alert.incident'))} <button class="link" data-act="incident" id="alert-incident-link">${esc(number || t('alert.incidentOpen'))}</button></p>` : ''}
      ${this.membersHTML(a)}
      ${a.closed ? `<h3>${esc(t('alert.result'))}</h3><dl class="kv" id="alert-result"><dt>${esc(t('alert.outcome'))}</dt><dd>${esc(t(`alertStatus.${a.status}`))} · ${esc(a.closed.by)} · ${esc(dateTime(a.closed.at))}</dd>
        <dt>${esc(t('alert.feedback'))}</dt><dd id="alert-feedback-text">${esc(a.feedback || '—')}</dd></dl>` : ''}
      <h3>${esc(t('card.actions'))}</h3>
      ${buttons.length ? `<div class="actions" id="alert-actions">${buttons.join('')}</div>` : `<p class="empty" style="margin:4px 0">${esc(t(open ? 'card.readonly' : 'alert.closedNote'))}</p>`}
      <div id="alert-form">${this.formHTML(a)}</div>
      <p class="alert-cap"><button class="link" data-act="cap" id="alert-cap" title="${esc(t('alert.capHint'))}">⤓ ${esc(t('alert.cap'))}</button></p>
      <p class="error" id="alert-error" role="alert">${esc(this.error || '')}</p>
    </div>`;
    this.bind(a);
  }

  formHTML(a) {
    const f = this.form;
    if (!f || f.alertID !== a.id || a.status !== 'acknowledged') return '';
    return `<div class="form alert-close-form" data-outcome="${f.outcome}"><label>${esc(t(`alert.feedbackFor.${f.outcome}`))}
        <textarea id="alert-feedback" rows="3" maxlength="${FEEDBACK_MAX}" required placeholder="${esc(t(`alert.feedbackPh.${f.outcome}`))}">${esc(f.text)}</textarea></label>
      <div class="actions"><button class="${f.outcome === 'falseAlarm' ? 'danger' : 'primary'}" id="alert-close-send">${esc(t(`alert.send.${f.outcome}`))}</button>
        <button id="alert-close-cancel">${esc(t('incident.cancel'))}</button></div></div>`;
  }

  bind(a) {
    const el = this.el;
    el.querySelector('[data-act="close"]').onclick = () => this.close();
    el.querySelector('[data-act="locate"]').onclick = () => this.locate(a);
    el.querySelector('[data-act="head"]')?.addEventListener('click', () => this.show(a.groupID));
    el.querySelector('[data-act="incident"]')?.addEventListener('click', () => this.onOpenIncident(a.incidentID));
    el.querySelector('[data-act="cap"]').onclick = () => this.exportCAP(a.id);
    for (const m of el.querySelectorAll('[data-member]')) {
      m.onclick = () => this.show(m.dataset.member);
      m.onkeydown = (e) => { if (e.key === 'Enter') this.show(m.dataset.member); };
    }
    for (const cb of el.querySelectorAll('input[name="alert-unit"]')) cb.onchange = () => {
      const set = this.ticked.get(a.id) || new Set();
      if (cb.checked) set.add(cb.value); else set.delete(cb.value);
      this.ticked.set(a.id, set);
      const d = el.querySelector('#alert-dispatch');
      if (d) d.disabled = this.busy || (a.proposedUnits?.length > 0 && set.size === 0);
    };
    const d = el.querySelector('#alert-dispatch');
    if (d && a.proposedUnits?.length && !(this.ticked.get(a.id)?.size)) d.disabled = true;
    el.querySelector('#alert-ack')?.addEventListener('click', () => this.act('acknowledge', {}));
    d?.addEventListener('click', () => this.dispatch(a));
    el.querySelector('#alert-split')?.addEventListener('click', () => this.act('split', {}));
    for (const outcome of ['handled', 'falseAlarm']) {
      el.querySelector(`[data-act="${outcome}"]`)?.addEventListener('click', () => {
        this.form = { alertID: a.id, outcome, text: this.form?.alertID === a.id ? this.form.text : '' };
        this.error = '';
        this.render();
        el.querySelector('#alert-feedback')?.focus();
      });
    }
    const ta = el.querySelector('#alert-feedback');
    if (ta) ta.oninput = () => { this.form.text = ta.value; ta.removeAttribute('aria-invalid'); };
    el.querySelector('#alert-close-cancel')?.addEventListener('click', () => { this.form = null; this.error = ''; this.render(); });
    el.querySelector('#alert-close-send')?.addEventListener('click', () => {
      const text = (ta?.value || '').trim();
      if (!text) {
        this.error = t('alert.feedbackRequired');
        el.querySelector('#alert-error').textContent = this.error;
        ta?.setAttribute('aria-invalid', 'true'); ta?.focus();
        return;
      }
      this.act('close', { outcome: this.form.outcome, feedback: text }, () => { this.form = null; });
    });
    if (this.busy) for (const b of el.querySelectorAll('#alert-actions button, #alert-form button')) b.disabled = true;
  }

  /** The alert as an OASIS CAP 1.2 document (GET /v1/alerts/{id}/cap), saved as a file for
   *  another agency's system. */
  async exportCAP(id) {
    try {
      saveFile(await (await fetchFile(`/v1/alerts/${encodeURIComponent(id)}/cap`, 'application/cap+xml')).blob(), `pingan-alert-${id}.cap.xml`);
    } catch (e) {
      this.error = t('alert.capFailed', { e: e.message });
      this.el.querySelector('#alert-error').textContent = this.error;
    }
  }

  setBusy(on) {
    this.busy = on;
    for (const b of this.el.querySelectorAll('#alert-actions button, #alert-form button')) b.disabled = on;
  }

  /** POST /v1/alerts/{id}/{what}; the reply is the alert. */
  async act(what, body, done = () => {}) {
    const id = this.id;
    if (!id || this.busy) return;
    this.setBusy(true);
    try {
      const updated = await api('POST', `/v1/alerts/${encodeURIComponent(id)}/${what}`, body, { idempotencyKey: newKey() });
      upsertAlert(updated);
      done();
      this.error = '';
      if (what === 'split') this.members = null;
    } catch (e) {
      this.error = this.describe(e);
    } finally {
      this.busy = false;
      if (this.id === id) this.render();
    }
  }

  /** One-click dispatch: the ticked proposed units (the first by default), or, without any
   *  proposed, an incident alone. */
  async dispatch(a) {
    const id = a.id;
    if (this.busy) return;
    const ticked = [...(this.ticked.get(id) || [])].filter((u) => (a.proposedUnits || []).some((p) => p.unitID === u));
    const body = ticked.length ? { unitIDs: ticked } : undefined;
    this.setBusy(true);
    try {
      const reply = await api('POST', `/v1/alerts/${encodeURIComponent(id)}/dispatch`, body);
      upsertAlert(reply.alert);
      if (reply.incident) {
        upsertIncident(reply.incident);
        this.numbers.set(reply.incident.id, reply.incident.number);
        this.toast(t('alert.dispatched', { n: reply.incident.number }));
      }
      this.error = '';
    } catch (e) {
      this.error = this.describe(e);
    } finally {
      this.busy = false;
      if (this.id === id) this.render();
    }
  }

  tick() {
    const a = this.alert();
    if (!a || this.el.hidden) return;
    const now = Date.now();
    for (const dd of this.el.querySelectorAll('[data-deadline]')) {
      const html = this.deadlineHTML(a, dd.dataset.deadline, now);
      if (dd._html !== html) { dd.innerHTML = html; dd._html = html; }
    }
    const ov = this.el.querySelector('#alert-overdue');
    if (ov) { const html = overdueMarks(a, now); if (ov._html !== html) { ov.innerHTML = html; ov._html = html; } }
  }
}
