// The volunteer's page (群防群治), the field page's reduced form for `volunteer` accounts: their
// team, a shift started and ended with one button, the phone's position shared while the shift
// runs (at most every 30 s, or sooner after 50 m; GET/POST /v1/volunteer-shifts…), what they see
// reported to the station (urgent or not, where they stand or, without a fix, nowhere: the
// server asks for a place), and what the station made of each report. Not police: no incidents,
// no units, no registries — and 110 one tap away for an emergency.
import { api, newKey } from './api.js';
import { metres } from './geo.js';
import { t, onLangChange } from './i18n.js';
import { dateTime } from './time-text.js';
import { esc, toast } from './dom.js';

const SEND_MS = 30000, SEND_MOVE_M = 50, POLL_MS = 20000;

export class VolunteerDuty {
  constructor(el, { who, team, describe }) {
    this.el = el; this.whoEl = who; this.teamEl = team; this.describe = describe;
    this.me = null; this.mine = null; this.error = ''; this.busy = false;
    this.watch = null; this.fix = null; this.sent = null; this.geoError = '';
    this.keys = new Map();   // action → Idempotency-Key, kept until the server answered
    el.addEventListener('click', (e) => this.click(e));
    el.addEventListener('submit', (e) => { e.preventDefault(); this.report(e.target); });
    onLangChange(() => { if (this.me) this.render(); });
  }

  async start(me) {
    this.me = me;
    this.whoEl.textContent = me.displayName || me.username;
    await this.load();
    clearInterval(this.poll);
    this.poll = setInterval(() => this.load(), POLL_MS);
  }

  stop() { clearInterval(this.poll); this.stopWatch(); }

  get shift() { return this.mine?.shift || null; }

  async load() {
    try { this.mine = await api('GET', '/v1/volunteer-shifts/mine'); this.error = ''; }
    catch (e) { this.error = this.describe(e); }
    if (this.shift) this.startWatch(); else this.stopWatch();
    this.render();
  }

  key(action) {
    if (!this.keys.has(action)) this.keys.set(action, newKey());
    return this.keys.get(action);
  }

  async send(action, method, path, body) {
    const reply = await api(method, path, body, { idempotencyKey: this.key(action) });
    this.keys.delete(action);
    return reply;
  }

  // ---- position, while on shift -------------------------------------------------------------
  startWatch() {
    if (this.watch != null) return;
    if (!navigator.geolocation) { this.geoError = t('vol.noGeo'); return; }
    this.watch = navigator.geolocation.watchPosition((p) => {
      this.fix = { lat: p.coords.latitude, lon: p.coords.longitude };
      this.geoError = '';
      this.maybeSend();
    }, (err) => { this.geoError = err.code === 1 ? t('vol.geoDenied') : t('vol.noFix'); this.render(); },
    { enableHighAccuracy: true, maximumAge: 10000, timeout: 30000 });
  }

  stopWatch() {
    if (this.watch != null) navigator.geolocation.clearWatch(this.watch);
    this.watch = null;
  }

  async maybeSend() {
    const s = this.shift;
    if (!s || !this.fix || this.sending) return;
    const due = !this.sent || Date.now() - this.sent.at >= SEND_MS || metres(this.sent, this.fix) >= SEND_MOVE_M;
    if (!due) return;
    this.sending = true;
    const fix = this.fix;
    try {
      const next = await this.send('position', 'POST', `/v1/volunteer-shifts/${encodeURIComponent(s.id)}/position`, { location: fix });
      this.mine.shift = next;
      this.sent = { ...fix, at: Date.now() };
    } catch (e) { this.geoError = this.describe(e); }
    this.sending = false;
    this.render();
  }

  // ---- actions ------------------------------------------------------------------------------
  async click(e) {
    const b = e.target.closest('button[data-act]');
    if (!b || this.busy) return;
    this.busy = true; b.disabled = true;
    try {
      if (b.dataset.act === 'start') {
        const shift = await this.send('start', 'POST', '/v1/volunteer-shifts', {});
        this.mine.shift = shift; this.sent = null;
        this.startWatch();
        toast(t('vol.started'));
      } else if (b.dataset.act === 'end' && this.shift) {
        await this.send('end', 'POST', `/v1/volunteer-shifts/${encodeURIComponent(this.shift.id)}/end`, {});
        this.mine.shift = null; this.stopWatch();
        toast(t('vol.ended'));
      }
      this.error = '';
    } catch (err) { this.error = this.describe(err); }
    this.busy = false;
    this.render();
  }

  async report(form) {
    if (form.id !== 'vol-report' || !this.shift) return;
    const text = form.elements.text.value.trim();
    const body = { text, urgent: form.elements.urgent.checked };
    if (this.fix) body.location = this.fix;
    const err = form.querySelector('.error');
    try {
      this.mine.shift = await this.send('report', 'POST', `/v1/volunteer-shifts/${encodeURIComponent(this.shift.id)}/reports`, body);
      form.reset();
      toast(t('vol.reported'));
      this.render();
    } catch (e) {
      // a refusal is final for this text: a corrected one is a new request
      if (e.status && e.status < 500) this.keys.delete('report');
      err.textContent = this.describe(e);
    }
  }

  // ---- page ---------------------------------------------------------------------------------
  /** The page's frame changes only with the team, the shift or the language, so a report being
   *  typed survives the position updates and polls; the parts inside are refreshed each time. */
  render() {
    const m = this.mine, s = this.shift;
    this.teamEl.textContent = m?.team ? m.team.name : '';
    const mode = !m ? 'error' : !m.team ? 'noTeam' : !s ? 'off' : `on:${s.id}`;
    const frame = `${mode}|${document.documentElement.lang}`;
    if (frame !== this.frame) {
      this.frame = frame;
      this.el.innerHTML = this.skeleton(mode);
    }
    const set = (id, html) => { const el = this.el.querySelector(id); if (el) el.innerHTML = html; };
    set('#vol-error', esc(this.error));
    if (!s) return;
    const where = s.positionAt
      ? t('vol.sharedAt', { t: dateTime(s.positionAt) }) + (s.inArea === true ? ` · ${t('vol.inArea')}` : s.inArea === false ? ` · ${t('vol.outArea')}` : '')
      : t('vol.notShared');
    const whereEl = this.el.querySelector('#vol-where');
    if (whereEl) { whereEl.textContent = where; whereEl.classList.toggle('warn', s.inArea === false); }
    set('#vol-geo', esc(this.geoError));
    set('#vol-reports', [...s.reports].reverse().map((r) => `<li data-report="${r.number}" data-status="${esc(r.status)}">
      ${r.urgent ? `<span class="vol-urgent">${esc(t('vo.urgent'))}</span> ` : ''}${esc(r.text)}
      <div class="muted">${esc(dateTime(r.at))} · <b class="vol-status">${esc(t(`vol.status.${r.status}`))}</b></div></li>`).join('')
      || `<li class="muted">${esc(t('vol.noReports'))}</li>`);
  }

  skeleton(mode) {
    const m = this.mine;
    if (mode === 'error') return '<p class="error" role="alert" id="vol-error"></p>';
    if (mode === 'noTeam') return `<div class="vol-card"><p class="notice" id="vol-no-team">${esc(t('vol.noTeam'))}</p></div>`;
    const zones = m.zones.map((z) => esc(z.name)).join('、');
    const emergency = `<a class="big link-button danger" id="vol-110" href="tel:110">${esc(t('vol.call110'))}</a>`;
    if (mode === 'off') {
      return `<div class="vol-card"><h2>${esc(m.team.name)}</h2>${zones ? `<p class="muted">${esc(t('vol.zones', { z: zones }))}</p>` : ''}
        <p>${esc(t('vol.offShift'))}</p>
        <button type="button" class="big primary" id="vol-start" data-act="start">${esc(t('vol.start'))}</button>
        <p class="error" role="alert" id="vol-error"></p></div>${emergency}`;
    }
    return `<div class="vol-card"><h2 id="vol-on">${esc(t('vol.onShift', { t: dateTime(this.shift.startedAt) }))}</h2>
        <p id="vol-where"></p><p class="error" role="alert" id="vol-geo"></p></div>
      <form id="vol-report" class="vol-card form">
        <label><span>${esc(t('vol.what'))}</span><textarea name="text" maxlength="1000" rows="3" required></textarea></label>
        <label class="check"><input type="checkbox" name="urgent"> ${esc(t('vol.urgent'))}</label>
        <p class="error" role="alert"></p>
        <button type="submit" class="big primary" id="vol-send">${esc(t('vol.send'))}</button>
      </form>
      <div class="vol-card"><h3>${esc(t('vol.reports'))}</h3><ul id="vol-reports" class="vol-reports"></ul></div>
      ${emergency}
      <button type="button" class="big" id="vol-end" data-act="end">${esc(t('vol.end'))}</button>
      <p class="error" role="alert" id="vol-error"></p>`;
  }
}
