// The incident card (details, caller, deadlines and the rule they follow, units, timeline,
// lifecycle buttons) and the new-incident form (its categories: those open to the user's
// jurisdiction, local ones included). Every action goes through the REST API; the card redraws
// from the live feed.
import { state, on, upsertIncident, stationOf, placeUnit, unitsMoved, isActive } from './state.js';
import { api, newKey } from './api.js';
import { t, getLang, onLangChange } from './i18n.js';
import { countdown, eta, dateTime } from './time-text.js';
import { may, successors, isAssignable, ruleOf } from './rules.js';
import { offeredCategories, loadOffered, categoryName } from './categories.js';
import { ruleText } from './deadline-rule.js';
import { tierColour } from './colours.js';
import { esc } from './dom.js';
import { searchPlaces, showPlaces, fillAddressFromMap } from './place-search.js';
import { TriagePanel } from './card-triage.js';
import { textOf } from './field-registry.js';

const REC_THROTTLE_MS = 2000;
// assigned units whose road ETA the card shows
const ETA_STATUSES = new Set(['dispatched', 'enRoute']);
// The server's limits on a new incident (POST /v1/incidents in /openapi.json; test_clarity.py
// compares them), so the form never takes what the server would refuse.
export const NEW_INCIDENT_LIMITS = { address: 200, callerName: 100, callerPhone: 32, description: 4000 };
const PHONE = /^[0-9+ -]*$/;

export class Card {
  constructor(el, { map, toast, onCreated }) {
    this.el = el; this.map = map; this.toast = toast; this.onCreated = onCreated;
    this.triage = new TriagePanel({ toast, onChanged: () => { if (this.mode === 'incident') this.render(); } });
    this.mode = 'empty'; this.detail = null; this.draft = null; this.etas = new Map();
    // nearest-unit recommendations for the open incident: the last answer, the unit whose route
    // is drawn, and a throttle (at most one request per REC_THROTTLE_MS, one in flight)
    this.rec = null; this.recSel = null; this.recAt = 0; this.recTimer = 0; this.recBusy = false; this.recDirty = false;
    // Redraw when this incident changes (not for every other one), and for unit changes only
    // while no feedback/assign form is open, so typing is never lost to the live feed.
    on('incidents', () => {
      if (this.mode !== 'incident') return;
      const seen = (state.events.get(this.id) || []).length;   // a live event may repeat the version we drew
      if (state.incidents.get(this.id)?.version !== this.renderedVersion || seen !== this.renderedEvents) { this.render(); this.wantRecs(); }
    });
    on('units', () => {
      if (this.mode !== 'incident') return;
      if (!this.el.querySelector('#card-extra')?.children.length) this.render();
      this.wantRecs();   // positions or statuses moved: the ranking may have changed
    });
    onLangChange(() => this.render());
    setInterval(() => this.tick(), 1000);
    this.render();
  }

  role() { return state.me?.role; }

  async show(id) {
    this.mode = 'incident'; this.id = id; this.error = '';
    if (this.rec?.id !== id) { this.rec = null; this.recSel = null; this.map.setRoute(null); }
    clearTimeout(this.recTimer); this.recTimer = 0;
    this.render();
    this.wantRecs(true);
    // The single-incident read carries the caller unmasked for roles that may see it.
    try {
      const full = await api('GET', `/v1/incidents/${encodeURIComponent(id)}`);
      if (this.id === id) { upsertIncident(full); this.detail = full; this.render(); }
    } catch (e) { if (e.status !== 404) this.toast(t('error.generic', { m: e.message })); }
  }
  close() {
    this.mode = 'empty'; this.id = null; this.rec = null; this.recSel = null;
    clearTimeout(this.recTimer); this.recTimer = 0;
    this.map.setPicking(false); this.map.setRoute(null); this.render();
  }

  // ---- recommendations (就近派警) ------------------------------------------------------------
  /** Whether the card shows recommendations for `i`: open, and a role that may dispatch. */
  showsRecs(i) { return !!i && isAssignable(i.status) && may(this.role(), 'dispatch'); }

  /** Asks for fresh recommendations, at most once every REC_THROTTLE_MS (`now`: right away). */
  wantRecs(now = false) {
    const i = this.mode === 'incident' && state.incidents.get(this.id);
    if (!this.showsRecs(i)) { this.map.setRoute(null); return; }
    if (this.recTimer) { if (!now) return; clearTimeout(this.recTimer); }
    const delay = now ? 0 : Math.max(0, this.recAt + REC_THROTTLE_MS - Date.now());
    this.recTimer = setTimeout(() => { this.recTimer = 0; this.loadRecs(); }, delay);
  }

  async loadRecs() {
    if (this.recBusy) { this.recDirty = true; return; }
    const id = this.id;
    if (!id) return;
    this.recBusy = true; this.recAt = Date.now();
    try {
      const data = await api('GET', `/v1/incidents/${encodeURIComponent(id)}/recommendations`);
      if (this.id === id) this.rec = { id, data };
      // the snapshot carries no positions: place units not yet seen on the live feed where the ETA starts
      let placed = false;
      for (const r of [...(data.recommended || []), ...(data.alternatives || [])]) {
        if (r.position && placeUnit(r.unit, { lat: r.position.lat, lon: r.position.lon }, { onlyIfUnknown: true })) placed = true;
      }
      if (placed) unitsMoved();
    } catch (e) {
      if (this.id === id) this.rec = { id, error: e };
    } finally { this.recBusy = false; }
    if (this.id === id) this.renderRecs();
    if (this.recDirty) { this.recDirty = false; this.wantRecs(this.id !== id); }
  }

  /** Recommended and alternative units together, fastest first; `_rec` marks the recommended set. */
  recList() {
    const d = this.rec?.id === this.id ? this.rec.data : null;
    if (!d) return [];
    const chosen = new Set((d.recommended || []).map((r) => r.unit));
    return [...(d.recommended || []), ...(d.alternatives || [])]
      .map((r) => ({ ...r, _rec: chosen.has(r.unit) }))
      .sort((a, b) => a.etaSeconds - b.etaSeconds);
  }

  renderRecs() {
    const box = this.el.querySelector('#card-recs');
    if (!box) return;
    const i = state.incidents.get(this.id);
    const r = this.rec?.id === this.id ? this.rec : null;
    const msg = (text, cls = '') => `<p class="rec-msg ${cls}">${esc(text)}</p>`;
    const list = this.recList();
    let html;
    if (!r) html = msg(t('rec.loading'));
    else if (r.error) html = msg(r.error.code === 'no_road_network' ? t('rec.noRoads') : t('rec.error', { m: r.error.message }), r.error.code === 'no_road_network' ? '' : 'error');
    else if (!list.length) html = msg(r.data.status && r.data.status !== 'ok' ? t(`rec.${r.data.status}`) : t('rec.none'));
    else {
      const distance = (m) => (m == null ? '—' : m < 1000 ? t('rec.m', { n: Math.round(m) }) : t('rec.km', { n: (m / 1000).toFixed(1) }));
      const sel = list.find((u) => u.unit === this.recSel) ? this.recSel : list[0].unit;
      html = `<div class="rec-list">${list.map((u, k) => `<div class="rec-row${u.unit === sel ? ' selected' : ''}" data-unit="${esc(u.unit)}" data-tier="${u.tier}">
          <span class="tier" style="--tc:${tierColour(u.tier)}">${t(`rec.tier${u.tier}`)}</span>
          <span class="rec-main"><span class="l1"><b class="cs">${esc(u.callsign)}</b><span>${t(`unitKind.${u.kind}`)}</span>${u._rec ? `<span class="tag rec">${t('rec.recommended')}</span>` : ''}${u.crossBorder ? `<span class="tag xb">${t('rec.crossBorder')}</span>` : ''}${u.stalePosition ? `<span class="tag stale">${t('rec.stale')}</span>` : ''}</span>
            <span class="l2"><span class="eta" title="${esc(t('rec.eta', { t: eta(u.etaSeconds) }))}">${esc(eta(u.etaSeconds))}</span><span class="dist">${distance(u.distanceMeters)}</span></span></span>
          <button data-act="rec-dispatch" data-unit="${esc(u.unit)}"${k === 0 ? ` title="${esc(t('shortcut.dispatch'))}"` : ''}>${t('rec.dispatch')}</button></div>`).join('')}</div>
        ${(r.data.recommended || []).length ? `<div class="actions"><button class="primary" id="rec-all" title="${esc(t('rec.dispatchAllTitle'))}">${t('rec.dispatchAll')} (${r.data.recommended.length})</button></div>` : ''}`;
    }
    box.innerHTML = html;
    for (const row of box.querySelectorAll('.rec-row')) row.onclick = (e) => {
      if (e.target.closest('button')) return;
      this.recSel = row.dataset.unit; this.renderRecs();
    };
    for (const b of box.querySelectorAll('[data-act="rec-dispatch"]')) b.onclick = () => this.dispatchUnits([b.dataset.unit]);
    const all = box.querySelector('#rec-all');
    if (all && i) all.onclick = () => this.act(`/v1/incidents/${i.id}/dispatch`, {});
    // the selected unit's route (or the fastest one that has a route) on the map
    const shown = list.find((u) => u.unit === this.recSel && u.route?.length) || list.find((u) => u.route?.length);
    this.map.setRoute(this.showsRecs(i) && shown ? shown.route : null, shown && tierColour(shown.tier));
  }

  dispatchUnits(unitIDs) {
    const i = this.mode === 'incident' && state.incidents.get(this.id);
    if (!this.showsRecs(i) || !unitIDs.length) return false;
    this.act(`/v1/incidents/${i.id}/dispatch`, { unitIDs });
    return true;
  }
  /** The `D` shortcut: dispatch the first (fastest) recommended unit of the open card. */
  dispatchFirst() {
    const first = this.recList()[0];
    return first ? this.dispatchUnits([first.unit]) : false;
  }

  startCreate() {
    if (!may(this.role(), 'writeIncidents')) return;
    this.mode = 'create'; this.id = null; this.rec = null; this.map.setRoute(null);
    this.draft = { category: '', priority: 2, address: '', callerName: '', callerPhone: '', description: '', location: null };
    this.map.setPicking(true);
    this.render();
    this.el.querySelector('#n-address')?.focus();
    this.refreshCategories();
  }
  /** Asks again which categories a new incident may take (a policy may have added or retired
   *  one) and refills the picker, keeping the choice when it is still offered. */
  async refreshCategories() {
    try { await loadOffered(); } catch { return; }
    const sel = this.mode === 'create' && this.el.querySelector('#n-category');
    if (!sel) return;
    const list = offeredCategories();
    if (!list.some((c) => c.code === this.draft.category)) this.draft.category = '';   // retired meanwhile: choose again
    sel.innerHTML = this.categoryOptions();
  }
  categoryOptions() {
    const en = getLang() === 'en';
    return `<option value=""${this.draft.category ? '' : ' selected'}>${esc(t('incident.pickCategory'))}</option>` + offeredCategories().map((c) => `<option value="${esc(c.code)}"${c.code === this.draft.category ? ' selected' : ''}>${esc((en ? c.nameEn : c.nameZh) || c.code)}</option>`).join('');
  }
  /** Places the typed address may mean (landmarks, addresses, streets, crossings, stations,
   *  posts; near the map's centre first), listed under the field; a click sets the incident's
   *  location as a map click would. Debounced while typing. */
  findPlaces(address) {
    clearTimeout(this.placeTimer);
    const q = address.trim();
    this.placeTimer = setTimeout(async () => {
      const box = this.el.querySelector('#n-places');
      if (!box) return;
      if ([...q].length < 2) { box.innerHTML = ''; return; }
      let found = [], doors = [];
      const registry = may(state.me?.role, 'readRegistry')
        ? api('GET', `/v1/addresses?limit=5&q=${encodeURIComponent(q)}`).then((r) => r.items || [], () => []) : Promise.resolve([]);
      try { found = await searchPlaces(q, this.map.toLatLon(this.map.w / 2, this.map.h / 2)); } catch { found = []; }
      doors = await registry;
      if (this.mode !== 'create' || box.isConnected === false || this.el.querySelector('#n-address')?.value.trim() !== q) return;   // typed on meanwhile
      const goTo = (ll) => {
        this.map.pick = ll;
        this.map.flyTo(ll.lat, ll.lon, Math.max(this.map.zoom, 16));
        this.map.onPick(ll, 'place');   // as a map click: the location and the hint (the typed address stays)
      };
      showPlaces(box, found, (p) => { goTo({ lat: p.location.lat, lon: p.location.lon }); box.innerHTML = ''; });
      // Standard addresses (标准地址) first: picking one links the call to the door, so repeat
      // calls to it are counted as such.
      if (doors.length) {
        const list = document.createElement('div');
        list.innerHTML = doors.map((a, k) => `<button type="button" class="place std-address" data-door="${k}" role="option">
          <span class="kind"><i aria-hidden="true">⌂</i>${esc(t('incident.standardAddress'))}</span> ${esc(textOf(a))}</button>`).join('');
        for (const b of list.querySelectorAll('[data-door]')) b.onclick = () => {
          const a = doors[Number(b.dataset.door)];
          this.draft.addressID = a.id;
          this.draft.address = textOf(a);
          const input = this.el.querySelector('#n-address');
          if (input) input.value = this.draft.address;
          const tag = this.el.querySelector('#n-door');
          if (tag) tag.hidden = false;
          if (a.location) goTo({ lat: a.location.lat, lon: a.location.lon });
          box.innerHTML = '';
        };
        box.prepend(...list.children);
      }
    }, 300);
  }

  /** The new incident's location: from a map click (`via` undefined: its address fills the
   *  address field, place-search.js) or a place picked from the list (`via` 'place'). */
  setLocation(ll, via) {
    if (this.mode !== 'create') return;
    if (via !== 'place') fillAddressFromMap(this, ll);
    this.draft.location = ll;
    const el = this.el.querySelector('#n-loc');
    if (el) el.textContent = `${ll.lat.toFixed(6)}, ${ll.lon.toFixed(6)}`;
  }

  tick() {
    if (this.mode !== 'incident') return;
    const i = state.incidents.get(this.id);
    if (!i) return;
    const box = this.el.querySelector('.deadlines');
    if (box) box.innerHTML = this.deadlinesHTML(i);
    for (const span of this.el.querySelectorAll('[data-eta]')) {
      const u = state.units.get(span.dataset.eta);
      if (u) span.textContent = this.etaText(u);
    }
  }

  deadlinesHTML(i) {
    const now = Date.now();
    return i._deadlines.map((d) => {
      let v;
      if (d.doneAt != null) v = `<span class="${d.doneAt > d.due ? 'overdue' : ''}">${t('due.done')} ${esc(dateTime(d.doneAt))}</span>`;
      else if (i.status === 'cancelled' || i.status === 'closed') v = t('due.none');
      else v = `<span class="due${now > d.due ? ' overdue' : d.due - now < 60e3 ? ' soon' : ''}">${esc(countdown(d.due - now))}</span>`;
      return `<div><span>${t(`step.${d.step}`)}</span>${v}</div>`;
    }).join('') || t('due.none');
  }

  render() {
    const el = this.el;
    if (this.mode === 'create') return this.renderCreate();
    const i = this.mode === 'incident' && state.incidents.get(this.id);
    if (!i) { el.innerHTML = `<p class="empty">${t('card.empty')}</p>`; return; }
    this.renderedVersion = i.version;
    this.renderedEvents = (state.events.get(i.id) || []).length;
    const en = getLang() === 'en';
    const st = stationOf(i.path) || state.jurisdictions.get(i.jurisdictionID);
    const caller = (this.detail?.id === i.id ? this.detail.caller : null) || i.caller || {};
    // units on the incident now, then those that were assigned earlier in this session and freed
    const current = new Set(i.unitIDs || []);
    const earlier = new Set();
    for (const e of state.events.get(i.id) || []) for (const id of e.data?.incident?.unitIDs || []) if (!current.has(id)) earlier.add(id);
    const units = [...current, ...earlier].map((id) => state.units.get(id)).filter(Boolean);
    const role = this.role();
    const canMove = may(role, 'writeIncidents') || may(role, 'updateOwnIncidents');
    const canAssign = may(role, 'dispatch');
    const next = successors(i.status);
    const buttons = [];
    for (const s of next) {
      // A referral is sent (and taken back) from the triage part; the agency's feedback closes it.
      if (s === 'referred' || i.status === 'referred') continue;
      // A merged duplicate comes back by undoing the merge (the triage part), not by reopening it.
      if (i.mergedInto) continue;
      if (s === 'dispatched') { if (canAssign) buttons.push(`<button data-act="assign" class="primary">${t('act.dispatched')}</button>`); continue; }
      if (s === 'closed') { if (canMove) buttons.push(`<button data-act="feedback" class="primary">${t('act.closed')}</button>`); continue; }
      if (!canMove) continue;
      buttons.push(`<button data-act="to" data-to="${s}" class="${s === 'cancelled' ? 'danger' : s === 'reopened' || s === 'received' ? '' : 'primary'}">${t(`act.${s}`)}</button>`);
    }
    const available = [...state.units.values()].filter((u) => u.status === 'available' && !u._synthetic && isActive(u))
      .sort((a, b) => (a.stationID === i.jurisdictionID ? -1 : 0) - (b.stationID === i.jurisdictionID ? -1 : 0) || a.callsign.localeCompare(b.callsign)).slice(0, 200);
    el.innerHTML = `<div class="card" data-id="${esc(i.id)}">
      <h2><span class="prio p${i.priority}">P${i.priority}</span> ${esc(categoryName(i.category, i.path))}
        <span class="st" id="card-status" data-status="${i.status}">${t(`status.${i.status}`)}</span>
        <button class="link" data-act="close" style="margin-left:auto" title="Esc">✕</button></h2>
      <dl class="kv">
        <dt>${t('card.number')}</dt><dd class="loc">${esc(i.number)}</dd>
        <dt>${t('card.address')}</dt><dd>${esc(i.address)}${i.addressID ? ` <span class="tag" id="card-door" title="${esc(t('incident.linkedAddress'))}">⌂ ${esc(t('incident.standardAddress'))}</span>` : ''}</dd>
        <dt>${t('card.location')}</dt><dd class="loc">${i.location.lat.toFixed(6)}, ${i.location.lon.toFixed(6)}</dd>
        <dt>${t('card.jurisdiction')}</dt><dd>${esc(st ? ((en && st.nameEn) || st.name) : i.jurisdictionID)}</dd>
        <dt>${t('card.received')}</dt><dd>${esc(dateTime(i._received))}</dd>
        <dt>${t('card.description')}</dt><dd>${esc(i.description)}</dd>
        <dt>${t('card.caller')}</dt><dd id="card-caller">${esc(caller.name || '—')}</dd>
        <dt>${t('card.phone')}</dt><dd id="card-phone" class="loc">${esc(caller.phone || '—')}</dd>
      </dl>
      <h3>${t('card.deadlines')}</h3><p class="rule" id="card-rule">${esc(ruleText(ruleOf(i)))}</p><div class="deadlines">${this.deadlinesHTML(i)}</div>
      <h3>${t('card.units')}</h3>
      <div id="card-units">${units.length ? units.map((u) => `<div class="unit-row"><span class="cs">${esc(u.callsign)}</span><span>${t(`unitKind.${u.kind}`)}</span><span class="st">${current.has(u.id) ? t(`unitStatus.${u.status}`) : t('card.released')}</span>${current.has(u.id) && ETA_STATUSES.has(u.status) ? `<span class="eta" data-eta="${esc(u.id)}">${esc(this.etaText(u))}</span>` : ''}</div>`).join('') : `<p class="empty" style="margin:4px 0">${t('card.noUnits')}</p>`}</div>
      ${this.showsRecs(i) ? `<h3>${t('rec.title')}</h3><div id="card-recs"></div>` : ''}
      <h3>${t('card.actions')}</h3>
      ${buttons.length ? `<div class="actions" id="card-actions">${buttons.join('')}</div>` : `<p class="empty" style="margin:4px 0">${t('card.readonly')}</p>`}
      <div id="card-extra"></div>
      <div id="card-triage" class="card-triage"></div>
      <p class="error" id="card-error">${esc(this.error || '')}</p>
      <h3>${t('card.timeline')}</h3><ul class="timeline">${this.timelineHTML(i)}</ul>
    </div>`;
    el.querySelector('[data-act="close"]').onclick = () => this.close();
    for (const b of el.querySelectorAll('[data-act="to"]')) b.onclick = () => this.act(`/v1/incidents/${i.id}/transition`, { status: b.dataset.to });
    const fb = el.querySelector('[data-act="feedback"]');
    if (fb) fb.onclick = () => {
      el.querySelector('#card-extra').innerHTML = `<div class="form"><label>${t('card.outcome')}<input id="fb-outcome" value="${esc(t('card.outcomeDefault'))}"></label>
        <label>${t('card.summary')}<textarea id="fb-summary" rows="2"></textarea></label><button class="primary" id="fb-send">${t('act.closed')}</button></div>`;
      el.querySelector('#fb-send').onclick = () => this.act(`/v1/incidents/${i.id}/feedback`, {
        outcome: el.querySelector('#fb-outcome').value.trim() || t('card.outcomeDefault'), summary: el.querySelector('#fb-summary').value.trim() || '—' });
    };
    const as = el.querySelector('[data-act="assign"]');
    if (as) as.onclick = () => {
      el.querySelector('#card-extra').innerHTML = `<div class="form"><label>${t('card.pickUnit')}<select id="as-unit">${available.map((u) =>
        `<option value="${esc(u.id)}">${esc(u.callsign)} · ${t(`unitKind.${u.kind}`)} · ${esc((state.jurisdictions.get(u.stationID) || {}).name || '')}</option>`).join('')}</select></label>
        <button class="primary" id="as-send" ${available.length ? '' : 'disabled'}>${t('card.assign')}</button></div>`;
      el.querySelector('#as-send').onclick = () => this.act(`/v1/incidents/${i.id}/assign`, { unitIDs: [el.querySelector('#as-unit').value] });
    };
    this.triage.render(i, el.querySelector('#card-triage'));
    if (this.showsRecs(i)) this.renderRecs(); else this.map.setRoute(null);
    for (const u of units) if (current.has(u.id) && ETA_STATUSES.has(u.status)) this.loadEta(u, i.id);
  }

  /** The last known road ETA of an assigned unit, counted down from when it was fetched. */
  etaText(u) {
    const e = this.etas.get(u.id);
    if (!e || e.pending) return '';
    if (e.seconds == null) return t('card.etaNone');
    return t('card.eta', { t: eta(e.seconds - (Date.now() - e.at) / 1000) });
  }

  /** Routes a unit on its way to the incident (at most every 15 s per unit: the card re-renders
   *  on every live event) and writes its ETA into the row. */
  async loadEta(u, incidentID) {
    const known = this.etas.get(u.id);
    if (known && known.incidentID === incidentID && Date.now() - known.at < 15000) return;
    this.etas.set(u.id, { incidentID, at: Date.now(), pending: !known || known.incidentID !== incidentID, seconds: known?.seconds });
    let seconds = null;
    try { seconds = (await api('GET', `/v1/units/${encodeURIComponent(u.id)}/route`))?.etaSeconds ?? null; } catch { seconds = null; }
    this.etas.set(u.id, { incidentID, at: Date.now(), seconds });
    const span = this.el.querySelector(`[data-eta="${CSS.escape(u.id)}"]`);
    if (span) span.textContent = this.etaText(u);
  }

  timelineHTML(i) {
    const events = state.events.get(i.id) || [];
    const items = [];
    const hasCreated = events.some((e) => e.type === 'incident.created');
    if (!hasCreated) {
      // events before this session: rebuilt from the incident's own step times
      const tm = i.times || {};
      for (const [k, s] of [['receivedAt', 'received'], ['dispatchedAt', 'dispatched'], ['enRouteAt', 'enRoute'], ['onSceneAt', 'onScene'],
        ['resolvedAt', 'resolved'], ['closedAt', 'closed'], ['cancelledAt', 'cancelled'], ['reopenedAt', 'reopened']]) {
        if (tm[k] && !events.some((e) => e.data?.to === s || (s === 'received' && e.type === 'incident.created'))) items.push({ at: Date.parse(tm[k]), text: t(`status.${s}`) });
      }
    }
    for (const e of events) {
      let text = t(`ev.${e.type}`);
      if (e.type === 'incident.transitioned') text = `${t(`status.${e.data.from}`)} → ${t(`status.${e.data.to}`)}`;
      if (e.type === 'incident.unitsAssigned') text += ` ${(e.data.incident?.unitIDs || []).map((id) => state.units.get(id)?.callsign || id).join(', ')}`;
      if (e.type === 'incident.feedback' && e.data.incident?.feedback) text += `：${e.data.incident.feedback.outcome} ${e.data.incident.feedback.summary}`;
      if (e.data?.note) text += ` (${e.data.note})`;
      items.push({ at: Date.parse(e.at), text: `${text} · ${e.actor?.name || ''}` });
    }
    items.sort((a, b) => a.at - b.at);
    return items.map((x) => `<li><time>${esc(dateTime(x.at))}</time>${esc(x.text)}</li>`).join('');
  }

  async act(path, body) {
    const buttons = this.el.querySelectorAll('button');
    buttons.forEach((b) => { b.disabled = true; });
    try {
      const updated = await api('POST', path, body, { idempotencyKey: newKey() });
      this.error = '';
      upsertIncident(updated);
      this.detail = updated;
      this.render();
    } catch (e) {
      this.error = e.status === 403 ? t('error.forbidden') : t('error.generic', { m: e.message });
      this.render();
    }
  }

  /** Says in `err` what the new incident still lacks (a category, an address, a location) or what
   *  the server would refuse (the phone's characters), marks those fields and focuses the first. */
  checkCreate(err) {
    const d = this.draft, q = (id) => this.el.querySelector(id);
    const missing = [];
    if (!d.category) missing.push(['#n-category', t('card.category')]);
    if (!d.address.trim()) missing.push(['#n-address', t('incident.address')]);
    if (!d.location) missing.push([null, t('card.location')]);
    for (const id of ['#n-category', '#n-address', '#n-phone']) q(id)?.removeAttribute('aria-invalid');
    for (const [id] of missing) if (id) q(id).setAttribute('aria-invalid', 'true');
    let text = '';
    if (missing.length === 1 && !missing[0][0]) text = t('incident.noLocation');
    else if (missing.length) text = t('incident.missing', { f: missing.map(([, name]) => name).join(t('incident.listSep')) }) + (d.location ? '' : ` ${t('incident.pick')}`);
    else if (!PHONE.test(d.callerPhone.trim())) { q('#n-phone').setAttribute('aria-invalid', 'true'); text = t('incident.badPhone'); missing.push(['#n-phone']); }
    err.textContent = text;
    const first = missing.find(([id]) => id);
    if (first) q(first[0]).focus();
    return !text;
  }

  renderCreate() {
    const d = this.draft, L = NEW_INCIDENT_LIMITS;
    this.el.innerHTML = `<div class="card"><h2>${t('incident.new')}<button class="link" data-act="close" style="margin-left:auto">✕</button></h2>
      <p class="map-hint-inline">${t('incident.pick')}：<span id="n-loc" class="loc">${d.location ? `${d.location.lat.toFixed(6)}, ${d.location.lon.toFixed(6)}` : '—'}</span></p>
      <form class="form" id="n-form" novalidate>
        <div class="row2">
          <label>${t('card.category')}<select id="n-category" required>${this.categoryOptions()}</select></label>
          <label>${t('priority')}<select id="n-priority">${[1, 2, 3, 4].map((p) => `<option value="${p}"${p === d.priority ? ' selected' : ''}>P${p}</option>`).join('')}</select></label>
        </div>
        <label>${t('incident.address')}<input id="n-address" value="${esc(d.address)}" required maxlength="${L.address}" autocomplete="off"></label>
        <p class="hint" id="n-door" ${d.addressID ? '' : 'hidden'}>⌂ ${t('incident.linkedAddress')}</p>
        <div id="n-places" class="places" role="listbox"></div>
        <div class="row2">
          <label>${t('incident.callerName')}<input id="n-caller" value="${esc(d.callerName)}" maxlength="${L.callerName}"></label>
          <label>${t('incident.callerPhone')}<input id="n-phone" value="${esc(d.callerPhone)}" maxlength="${L.callerPhone}" type="tel" inputmode="tel"></label>
        </div>
        <label>${t('incident.description')}<textarea id="n-desc" rows="3" maxlength="${L.description}">${esc(d.description)}</textarea></label>
        <p class="error" id="n-error"></p>
        <div class="actions"><button type="submit" class="primary" id="n-submit">${t('incident.create')}</button><button type="button" data-act="close">${t('incident.cancel')}</button></div>
      </form></div>`;
    for (const b of this.el.querySelectorAll('[data-act="close"]')) b.onclick = () => this.close();
    const keep = () => {
      d.category = this.el.querySelector('#n-category').value; d.priority = Number(this.el.querySelector('#n-priority').value);
      d.address = this.el.querySelector('#n-address').value; d.callerName = this.el.querySelector('#n-caller').value;
      d.callerPhone = this.el.querySelector('#n-phone').value; d.description = this.el.querySelector('#n-desc').value;
    };
    this.el.querySelector('#n-form').addEventListener('input', keep);
    this.el.querySelector('#n-address').addEventListener('input', (e) => {
      // Typed over: no longer the standard address picked.
      if (d.addressID) { delete d.addressID; this.el.querySelector('#n-door').hidden = true; }
      this.findPlaces(e.target.value);
    });
    if (d.address && !d.location) this.findPlaces(d.address);
    this.el.querySelector('#n-form').addEventListener('change', keep);
    this.el.querySelector('#n-form').onsubmit = async (e) => {
      e.preventDefault(); keep();
      const err = this.el.querySelector('#n-error');
      if (!this.checkCreate(err)) return;
      const body = { category: d.category, priority: d.priority, location: d.location, address: d.address.trim(), description: d.description.trim() || d.address.trim() };
      if (d.addressID) body.addressID = d.addressID;
      if (d.callerName.trim()) body.callerName = d.callerName.trim();
      if (d.callerPhone.trim()) body.callerPhone = d.callerPhone.trim();
      this.el.querySelector('#n-submit').disabled = true;
      try {
        d.key = d.key || newKey();
        const created = await api('POST', '/v1/incidents', body, { idempotencyKey: d.key });
        upsertIncident(created);
        this.map.setPicking(false);
        this.toast(t('incident.created', { n: created.number }));
        this.onCreated(created.id);
      } catch (ex) {
        // outside every station's area, or a station the user does not cover: said in the user's words
        const outside = { outside_jurisdiction: 'incident.outsideJurisdiction', outside_scope: 'incident.outsideScope' }[ex.code];
        err.textContent = outside ? t(outside) : t('error.generic', { m: ex.message });
        err.dataset.code = ex.code || '';
        if (ex.status >= 400 && ex.status < 500) d.key = null;   // refused, not taken: a corrected retry is a new request
        this.el.querySelector('#n-submit').disabled = false;
        if (ex.code === 'unknown_category') this.refreshCategories();   // retired meanwhile: offer what is open now
      }
    };
  }
}
