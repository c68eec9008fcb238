// The dispatcher's messages panel: compose a message to one unit, a patrol zone's units or all
// units (POST /v1/messages), and the broadcasts sent, newest first, each with its delivery and
// read receipts over its recipients ("已送达 3/5 · 已读 2/5"), expandable to every unit's state.
// The server makes one message per recipient unit under a shared broadcastID; this panel groups
// them again and updates from the live feed's message.sent / .delivered / .read frames.
import { api, newKey } from './api.js';
import { state, on, isActive } from './state.js';
import { t, getLang, onLangChange } from './i18n.js';
import { dateTime } from './time-text.js';
import { esc } from './dom.js';

const MAX_TEXT = 500;            // MessageDecider.maxLength
const PAGE = 1000;               // MessageQuery.maxLimit
const SHOWN = 100;               // broadcasts drawn in the list
const ROWS = 500;                // per-unit rows drawn for one open broadcast
const AUDIENCES_KEY = 'pingan.msg.audiences';
const AUDIENCES_KEPT = 300;

/** Units a dispatcher may write to: real ones in service (not the browser tests' synthetic load). */
const realUnits = () => [...state.units.values()].filter((u) => !u._synthetic && isActive(u));

export class MessagesPanel {
  constructor(el, { toast = () => {} } = {}) {
    this.el = el; this.toast = toast;
    this.byID = new Map();          // message id → Message (newest version)
    this.open = new Set();          // expanded broadcastIDs
    this.audiences = this.loadAudiences();
    this.draft = { to: 'unit', unitID: '', zoneID: '', text: '' };
    this.loaded = false; this.error = null; this.sending = false; this.timer = 0; this.stale = false;
    this.el.innerHTML = '<div id="msg-compose"></div><div class="msg-list-head"><h3 id="msg-list-title"></h3></div><div id="msg-list" class="msg-list" role="list"></div>';
    this.composeEl = el.querySelector('#msg-compose');
    this.listEl = el.querySelector('#msg-list');
    this.titleEl = el.querySelector('#msg-list-title');
    this.renderCompose();
    this.listEl.addEventListener('toggle', (e) => {
      const d = e.target.closest?.('details[data-bid]');
      if (!d) return;
      if (d.open === this.open.has(d.dataset.bid)) return;   // a redraw, not the user
      if (d.open) this.open.add(d.dataset.bid); else this.open.delete(d.dataset.bid);
      this.schedule(true);   // the per-unit rows are drawn only for open broadcasts
    }, true);
    onLangChange(() => { this.renderCompose(); this.render(); });
    // units change all the time (positions, statuses): the lists are refilled at most twice a second
    const later = () => { if (!this.optTimer) this.optTimer = setTimeout(() => { this.optTimer = 0; this.refreshOptions(); }, 500); };
    on('units', later);
    on('org', later);
  }

  visible() { return !this.el.hidden; }

  // ---- data -------------------------------------------------------------------------------
  /** Forgets what the last sign-in loaded. */
  reset() { this.byID.clear(); this.open.clear(); this.loaded = false; this.error = null; this.schedule(true); }

  /** The newest messages, then the whole of the oldest broadcast when the page cut it short. */
  async load() {
    try {
      const reply = await api('GET', `/v1/messages?limit=${PAGE}`);
      const items = reply?.items || [];
      for (const m of items) this.put(m);
      if (items.length === PAGE) await this.loadBroadcast(items[items.length - 1].broadcastID);
      this.loaded = true; this.error = null;
    } catch (e) {
      this.error = e;
    }
    this.schedule(true);
  }
  async loadBroadcast(bid) {
    for (let offset = 0; offset < 20 * PAGE; offset += PAGE) {
      const reply = await api('GET', `/v1/messages?broadcastID=${encodeURIComponent(bid)}&limit=${PAGE}&offset=${offset}`);
      const items = reply?.items || [];
      for (const m of items) this.put(m);
      if (items.length < PAGE) break;
    }
  }
  put(m) {
    if (!m?.id) return false;
    const old = this.byID.get(m.id);
    if (old && (old.version ?? 0) > (m.version ?? 0)) return false;
    m._sent = Date.parse(m.sentAt) || 0;
    this.byID.set(m.id, m);
    return true;
  }
  /** A message from the live feed (sent, delivered or read). */
  upsert(m) { if (this.put(m)) this.schedule(); }

  /** Broadcasts, newest first: {id, text, from, sentAt, items: [Message] by callsign, delivered, read}. */
  broadcasts() {
    const groups = new Map();
    for (const m of this.byID.values()) {
      let g = groups.get(m.broadcastID);
      if (!g) { g = { id: m.broadcastID, text: m.text, from: m.from, sent: m._sent, items: [], delivered: 0, read: 0 }; groups.set(m.broadcastID, g); }
      g.items.push(m);
      if (m._sent < g.sent) g.sent = m._sent;
      if (m.deliveredAt || m.readAt) g.delivered++;
      if (m.readAt) g.read++;
    }
    const list = [...groups.values()].sort((a, b) => b.sent - a.sent || (a.id < b.id ? -1 : 1));
    for (const g of list) g.items.sort((a, b) => a.callsign.localeCompare(b.callsign, undefined, { numeric: true }));
    return list;
  }

  // Who a broadcast went to is not in the messages themselves: remembered for the ones sent from
  // this browser, otherwise worked out from the recipients (one unit, a zone's units, or a count).
  loadAudiences() {
    try { return new Map(JSON.parse(localStorage.getItem(AUDIENCES_KEY) || '[]')); } catch { return new Map(); }
  }
  remember(bid, audience) {
    this.audiences.delete(bid);
    this.audiences.set(bid, audience);
    while (this.audiences.size > AUDIENCES_KEPT) this.audiences.delete(this.audiences.keys().next().value);
    try { localStorage.setItem(AUDIENCES_KEY, JSON.stringify([...this.audiences])); } catch { /* full: only labels */ }
  }
  audienceOf(g) {
    const a = this.audiences.get(g.id);
    if (a?.to === 'all') return { kind: 'all', label: t('msg.aud.all') };
    if (a?.to === 'zone') return { kind: 'zone', label: t('msg.aud.zone', { z: state.zones.get(a.zoneID)?.name || a.name || a.zoneID }) };
    if (a?.to === 'unit' || g.items.length === 1) return { kind: 'unit', label: t('msg.aud.unit', { c: g.items[0]?.callsign || a?.name || '' }) };
    const ids = new Set(g.items.map((m) => m.unitID));
    for (const z of state.zones.values()) {
      if (Array.isArray(z.unitIDs) && z.unitIDs.length >= ids.size && g.items.every((m) => z.unitIDs.includes(m.unitID))) {
        const inScope = z.unitIDs.filter((id) => state.units.has(id));
        if (inScope.length === ids.size) return { kind: 'zone', label: t('msg.aud.zone', { z: z.name }) };
      }
    }
    return { kind: 'units', label: t('msg.aud.units', { n: g.items.length }) };
  }

  // ---- compose ----------------------------------------------------------------------------
  /** Opens the form, optionally addressed to `unit`, and puts the cursor where typing starts. */
  compose(unit) {
    if (unit && !unit._synthetic) { this.draft.to = 'unit'; this.draft.unitID = unit.id; }
    this.renderCompose();
    const focus = this.draft.to === 'unit' && !this.draft.unitID ? '#msg-unit' : this.draft.to === 'zone' && !this.draft.zoneID ? '#msg-zone' : '#msg-text';
    this.composeEl.querySelector(focus)?.focus();
  }

  unitOptions() {
    const en = getLang() === 'en';
    return realUnits().sort((a, b) => a.callsign.localeCompare(b.callsign, undefined, { numeric: true })).map((u) => {
      const st = state.jurisdictions.get(u.stationID);
      return [u.id, `${u.callsign} · ${t(`unitKind.${u.kind}`)}${st ? ` · ${(en && st.nameEn) || st.name}` : ''}`];
    });
  }
  zoneOptions() {
    const en = getLang() === 'en';
    return [...state.zones.values()].filter(isActive).sort((a, b) => a.name.localeCompare(b.name)).map((z) => {
      const st = state.jurisdictions.get(z.stationID);
      const n = (z.unitIDs || []).filter((id) => state.units.has(id)).length;
      return [z.id, `${z.name}${st ? ` · ${(en && st.nameEn) || st.name}` : ''} · ${t('units.count', { n })}`];
    });
  }
  allCount() { return realUnits().filter((u) => u.status !== 'offDuty').length; }

  renderCompose() {
    const d = this.draft;
    const radio = (v) => `<label class="seg-opt"><input type="radio" name="msg-to" value="${v}"${d.to === v ? ' checked' : ''}><span>${t(`msg.to.${v}`)}</span></label>`;
    this.composeEl.innerHTML = `<form id="msg-form" class="form msg-form" novalidate>
      <h3>${t('msg.new')}</h3>
      <div class="seg" role="radiogroup" aria-label="${esc(t('msg.audience'))}">${radio('unit')}${radio('zone')}${radio('all')}</div>
      <label id="msg-unit-l"${d.to === 'unit' ? '' : ' hidden'}>${t('msg.pickUnit')}<select id="msg-unit"></select></label>
      <label id="msg-zone-l"${d.to === 'zone' ? '' : ' hidden'}>${t('msg.pickZone')}<select id="msg-zone"></select></label>
      <p id="msg-all-note" class="msg-note"${d.to === 'all' ? '' : ' hidden'}></p>
      <label>${t('msg.text')}<textarea id="msg-text" rows="3" maxlength="${MAX_TEXT}" placeholder="${esc(t('msg.placeholder'))}">${esc(d.text)}</textarea></label>
      <p class="error" id="msg-error" role="alert"></p>
      <div class="actions msg-actions"><span id="msg-count" class="msg-count"></span>
        <button type="submit" class="primary" id="msg-send" title="${esc(t('msg.sendTitle'))}">${t('msg.send')}</button></div>
    </form>`;
    const form = this.composeEl.querySelector('#msg-form');
    const text = form.querySelector('#msg-text');
    form.addEventListener('change', (e) => {
      if (e.target.name === 'msg-to') { d.to = e.target.value; this.showAudience(); }
      if (e.target.id === 'msg-unit') d.unitID = e.target.value;
      if (e.target.id === 'msg-zone') d.zoneID = e.target.value;
      this.validate();
    });
    text.addEventListener('input', () => { d.text = text.value; this.validate(); });
    form.addEventListener('keydown', (e) => {
      if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) { e.preventDefault(); this.send(); }
      else if (e.key === 'Escape') { e.stopPropagation(); e.target.blur?.(); }   // not the console's Esc (close the card)
    });
    form.addEventListener('submit', (e) => { e.preventDefault(); this.send(); });
    this.optionsKey = '';
    this.refreshOptions(true);
  }

  showAudience() {
    const f = this.composeEl, to = this.draft.to;
    f.querySelector('#msg-unit-l').hidden = to !== 'unit';
    f.querySelector('#msg-zone-l').hidden = to !== 'zone';
    f.querySelector('#msg-all-note').hidden = to !== 'all';
  }

  /** Refills the unit and zone lists when units or zones changed (keeping the choice). */
  refreshOptions(force = false) {
    if (!force && !this.visible()) { this.stale = true; return; }
    const units = this.unitOptions(), zones = this.zoneOptions(), all = this.allCount();
    const key = JSON.stringify([units, zones, all]);
    if (key === this.optionsKey) return;
    this.optionsKey = key;
    const fill = (sel, list, value, none) => {
      const opts = [['', none], ...list];
      sel.innerHTML = opts.map(([v, label]) => `<option value="${esc(v)}">${esc(label)}</option>`).join('');
      sel.value = list.some(([v]) => v === value) ? value : '';
      return sel.value;
    };
    const f = this.composeEl;
    this.draft.unitID = fill(f.querySelector('#msg-unit'), units, this.draft.unitID, t('msg.choose'));
    this.draft.zoneID = fill(f.querySelector('#msg-zone'), zones, this.draft.zoneID, zones.length ? t('msg.choose') : t('msg.noZones'));
    f.querySelector('#msg-all-note').textContent = t('msg.allNote', { n: all });
    this.validate();
  }

  /** Whether the form can be sent; updates the counter and the send button. */
  validate() {
    const d = this.draft, f = this.composeEl;
    const n = d.text.trim().length;
    const counter = f.querySelector('#msg-count');
    counter.textContent = `${d.text.length}/${MAX_TEXT}`;
    const to = d.to === 'unit' ? !!d.unitID : d.to === 'zone' ? !!d.zoneID : this.allCount() > 0;
    const ok = n > 0 && d.text.length <= MAX_TEXT && to && !this.sending;
    f.querySelector('#msg-send').disabled = !ok;
    return ok;
  }

  async send() {
    const d = this.draft, f = this.composeEl, err = f.querySelector('#msg-error');
    if (!this.validate()) {
      err.textContent = !d.text.trim() ? t('msg.needText') : d.to === 'all' ? t('msg.noRecipients') : t('msg.needAudience');
      return;
    }
    const body = d.to === 'unit' ? { unitID: d.unitID } : d.to === 'zone' ? { zoneID: d.zoneID } : { all: true };
    body.text = d.text.trim();
    const audience = { to: d.to, unitID: body.unitID, zoneID: body.zoneID,
      name: d.to === 'unit' ? state.units.get(d.unitID)?.callsign : d.to === 'zone' ? state.zones.get(d.zoneID)?.name : undefined };
    this.sending = true; err.textContent = '';
    f.querySelector('#msg-send').disabled = true;
    d.key = d.key || newKey();   // a retry after a network error is not sent twice
    try {
      const reply = await api('POST', '/v1/messages', body, { idempotencyKey: d.key });
      const items = reply?.items || [];
      if (items[0]) this.remember(items[0].broadcastID, audience);
      for (const m of items) this.put(m);
      d.text = ''; d.key = null;
      f.querySelector('#msg-text').value = '';
      this.toast(t('msg.sent', { n: items.length }));
      this.render();
    } catch (e) {
      err.textContent = e.code === 'no_recipients' ? t('msg.noRecipients') : e.status === 403 ? t('error.forbidden') : t('error.generic', { m: e.message });
      if (e.status !== 0) d.key = null;   // the server answered: a corrected send is a new one
    } finally {
      this.sending = false;
      this.validate();
    }
  }

  // ---- the list ---------------------------------------------------------------------------
  schedule(now = false) {
    if (!this.visible()) { this.stale = true; return; }
    if (now) { clearTimeout(this.timer); this.timer = 0; this.render(); return; }
    if (this.timer) return;
    this.timer = setTimeout(() => { this.timer = 0; this.render(); }, 120);
  }

  /** Called when the tab is shown. */
  show() {
    if (this.stale) { this.stale = false; this.refreshOptions(true); }
    this.render();
  }

  render() {
    if (!this.visible()) { this.stale = true; return; }
    const all = this.broadcasts();
    this.titleEl.textContent = t('msg.sentTitle', { n: all.length });
    if (this.error && !this.loaded) { this.listEl.innerHTML = `<p class="error">${esc(t('msg.loadError', { m: this.error.message }))}</p>`; return; }
    if (!all.length) { this.listEl.innerHTML = `<p class="empty">${t(this.loaded ? 'msg.empty' : 'msg.loading')}</p>`; return; }
    // keep the keyboard focus on the same broadcast across a redraw
    const focused = this.listEl.contains(document.activeElement) ? document.activeElement.closest('[data-bid]')?.dataset.bid : null;
    const shown = all.slice(0, SHOWN);
    this.listEl.innerHTML = shown.map((g) => this.broadcastHTML(g)).join('') +
      (all.length > SHOWN ? `<p class="empty" style="margin:8px 0">${t('msg.more', { n: all.length - SHOWN })}</p>` : '');
    if (focused) this.listEl.querySelector(`[data-bid="${CSS.escape(focused)}"] > summary`)?.focus();
  }

  broadcastHTML(g) {
    const n = g.items.length, aud = this.audienceOf(g);
    const state_ = g.read === n ? 'read' : g.delivered === n ? 'delivered' : 'sent';
    const pd = Math.round(g.delivered / n * 100), pr = Math.round(g.read / n * 100);
    const open = this.open.has(g.id);
    const rows = !open ? '' : g.items.slice(0, ROWS).map((m) => {
      const st = m.readAt ? 'read' : m.deliveredAt ? 'delivered' : 'sent';
      const delivered = m.deliveredAt || m.readAt;
      return `<li class="rcpt" data-unit="${esc(m.unitID)}" data-state="${st}"><span class="cs">${esc(m.callsign)}</span>` +
        (delivered ? `<span class="ack d">${t('msg.deliveredAt', { t: dateTime(delivered) })}</span>` : `<span class="ack none">${t('msg.notDelivered')}</span>`) +
        (m.readAt ? `<span class="ack r">${t('msg.readAt', { t: dateTime(m.readAt) })}</span>` : '') + '</li>';
    }).join('') + (open && n > ROWS ? `<li class="rcpt more">${t('msg.moreUnits', { n: n - ROWS })}</li>` : '');
    return `<details class="bc" data-bid="${esc(g.id)}" data-state="${state_}" data-total="${n}" data-delivered="${g.delivered}" data-read="${g.read}" role="listitem"${open ? ' open' : ''}>
      <summary>
        <div class="bc-head"><span class="aud aud-${aud.kind}">${esc(aud.label)}</span><span class="bc-from">${esc(g.from?.name || '')}</span><time>${esc(dateTime(g.sent))}</time></div>
        <div class="bc-text">${esc(g.text)}</div>
        <div class="bc-rcpt"><span class="rc">${t('msg.receipts', { d: g.delivered, r: g.read, n })}</span>
          <span class="bar" aria-hidden="true"><i style="width:${pd}%"></i><b style="width:${pr}%"></b></span></div>
      </summary>
      <ul class="rcpts">${rows}</ul>
    </details>`;
  }
}
