// The volunteers page (群防群治) for roles that may `readVolunteers`: the teams of the user's scope
// (GET /v1/volunteer-teams) with who is on patrol now (GET /v1/volunteer-shifts), the reports
// waiting for a decision, urgent ones first (…?which=pending: filed as an incident, kept as a
// tip or dismissed), one team with its members and each one's contribution over the last 30
// days (GET /v1/volunteer-teams/{id}), a team formed and a volunteer account added. The
// volunteers on patrol are also the map's volunteers layer, loaded every 20 s (`startVolunteerLayer`).
import { api, newKey } from './api.js';
import { state, setVolunteers } from './state.js';
import { t, onLangChange } from './i18n.js';
import { dateTime } from './time-text.js';
import { esc } from './dom.js';
import { groupBar } from './views.js';
import { orgName, treeOrder } from './admin/org.js';
import { may } from './rules.js';

const REFRESH_MS = 20000;
const stationName = (id) => orgName(state.jurisdictions.get(id)) || id;
let layerTimer = 0;

async function loadPatrol() {
  const reply = await api('GET', '/v1/volunteer-shifts');
  setVolunteers(reply?.items || []);
}

/** The volunteers on patrol for the map, now and every 20 s, for roles that see them. */
export async function startVolunteerLayer() {
  clearInterval(layerTimer); layerTimer = 0;
  if (!may(state.me?.role, 'readVolunteers')) { setVolunteers([]); return; }
  await loadPatrol();
  layerTimer = setInterval(() => { loadPatrol().catch(() => {}); }, REFRESH_MS);
}

export class VolunteersPage {
  constructor(el, { role = () => null } = {}) {
    this.el = el; this.role = role;
    this.visible = false; this.teams = []; this.pending = []; this.selected = null; this.error = ''; this.timer = 0;
    el.addEventListener('click', (e) => this.click(e));
    el.addEventListener('submit', (e) => { e.preventDefault(); this.submit(e.target, e.submitter); });
    el.addEventListener('change', (e) => {
      if (e.target.name === 'stationID' && e.target.form?.id === 'vo-create') el.querySelector('#vo-zones').innerHTML = `<legend>${esc(t('vo.zonesWalked'))}</legend>${this.zoneChoices(e.target.value)}`;
    });
    onLangChange(() => this.render());
  }

  show() { this.visible = true; this.render(); this.load(); clearInterval(this.timer); this.timer = setInterval(() => this.load(), REFRESH_MS); }
  hide() { this.visible = false; clearInterval(this.timer); this.timer = 0; }
  get manages() { return may(this.role(), 'manageVolunteers'); }
  get reviews() { return may(this.role(), 'reviewVolunteerReports'); }

  async load() {
    try {
      const [teams, pending] = await Promise.all([api('GET', '/v1/volunteer-teams'), api('GET', '/v1/volunteer-shifts?which=pending'), loadPatrol()]);
      this.teams = teams.items || []; this.pending = pending.items || []; this.error = '';
    } catch (e) { this.error = e.message; }
    if (this.visible) { this.renderTeams(); this.renderPending(); this.renderPatrol(); }
  }

  render() {
    if (!this.visible) return;
    this.el.innerHTML = `${groupBar('volunteers')}<div class="wl-head"><h2>${esc(t('vo.title'))}</h2>
        ${this.manages ? `<button type="button" id="vo-new" class="primary">${esc(t('vo.newTeam'))}</button>` : ''}</div>
      <div class="wl-body">
        <div class="wl-left">
          <section class="wl-box"><h3>${esc(t('vo.pending'))}</h3><div id="vo-pending"></div></section>
          <section class="wl-box"><h3>${esc(t('vo.teams'))}</h3><p class="error" role="alert" id="vo-error"></p><div id="vo-teams"></div></section>
          <section class="wl-box"><h3>${esc(t('vo.onPatrol'))}</h3><div id="vo-patrol"></div></section>
        </div>
        <div class="wl-right" id="vo-detail"></div>
      </div>`;
    this.renderTeams(); this.renderPending(); this.renderPatrol(); this.renderDetail();
  }

  renderTeams() {
    const el = this.el.querySelector('#vo-teams'), err = this.el.querySelector('#vo-error');
    if (!el) return;
    if (err) err.textContent = this.error;
    if (!this.teams.length) { el.innerHTML = `<p class="muted" id="vo-empty">${esc(t('vo.noTeams'))}</p>`; return; }
    const onPatrol = (id) => state.volunteers.filter((s) => s.teamID === id).length;
    el.innerHTML = `<table class="wl-table" id="vo-team-table"><thead><tr><th>${esc(t('vo.team'))}</th><th>${esc(t('vo.station'))}</th>
      <th>${esc(t('vo.members'))}</th><th>${esc(t('vo.onPatrolNow'))}</th></tr></thead><tbody>${this.teams.map((tm) =>
      `<tr data-team="${esc(tm.id)}" class="${tm.id === this.selected?.team?.id ? 'sel' : ''}"><td>${esc(tm.name)}</td><td>${esc(stationName(tm.stationID))}</td>
        <td>${tm.members.filter((m) => m.active !== false).length}</td><td>${onPatrol(tm.id)}</td></tr>`).join('')}</tbody></table>`;
  }

  renderPatrol() {
    const el = this.el.querySelector('#vo-patrol');
    if (!el) return;
    const list = state.volunteers;
    if (!list.length) { el.innerHTML = `<p class="muted">${esc(t('vo.nobodyOut'))}</p>`; return; }
    el.innerHTML = `<ul class="vo-patrol" id="vo-patrol-list">${list.map((s) => `<li data-shift="${esc(s.id)}">${esc(s.name)} · ${esc(s.teamName)} ·
      ${esc(t('vo.since', { t: dateTime(s.startedAt) }))}${s.positionAt ? ` · ${esc(t('vo.seen', { t: dateTime(s.positionAt) }))}` : ''}
      ${s.inArea === false ? ` <span class="badge bad">${esc(t('vo.outside'))}</span>` : ''}</li>`).join('')}</ul>`;
  }

  renderPending() {
    const el = this.el.querySelector('#vo-pending');
    if (!el) return;
    const rows = this.pending.flatMap((s) => s.reports.filter((r) => r.status === 'pending').map((r) => ({ s, r })))
      .sort((a, b) => (b.r.urgent - a.r.urgent) || a.r.at.localeCompare(b.r.at));
    if (!rows.length) { el.innerHTML = `<p class="muted" id="vo-no-pending">${esc(t('vo.noPending'))}</p>`; return; }
    el.innerHTML = `<ul class="vo-reports" id="vo-report-list">${rows.map(({ s, r }) => `<li data-shift="${esc(s.id)}" data-report="${r.number}" class="${r.urgent ? 'urgent' : ''}">
      ${r.urgent ? `<span class="badge bad">${esc(t('vo.urgent'))}</span> ` : ''}<b>${esc(r.text)}</b>
      <div class="muted">${esc(s.name)} · ${esc(s.teamName)} · ${esc(dateTime(r.at))}</div>
      ${this.reviews ? `<div class="actions"><select class="vo-priority">${[1, 2, 3, 4].map((p) => `<option value="${p}" ${p === (r.urgent ? 2 : 3) ? 'selected' : ''}>P${p}</option>`).join('')}</select>
        <button type="button" class="danger" data-act="file">${esc(t('vo.file'))}</button>
        <button type="button" data-act="kept">${esc(t('vo.keep'))}</button>
        <button type="button" data-act="dismissed">${esc(t('vo.dismiss'))}</button></div><p class="error" role="alert"></p>` : ''}</li>`).join('')}</ul>`;
  }

  renderDetail() {
    const el = this.el.querySelector('#vo-detail');
    if (!el) return;
    if (this.showNew) { el.innerHTML = this.newForm(); return; }
    const d = this.selected;
    if (!d) { el.innerHTML = `<p class="muted">${esc(t('vo.pick'))}</p>`; return; }
    if (d.error) { el.innerHTML = `<p class="error" role="alert">${esc(d.error)}</p>`; return; }
    const byUser = new Map(d.contributions.map((c) => [c.username, c]));
    el.innerHTML = `<h3 id="vo-selected">${esc(d.team.name)} · ${esc(stationName(d.team.stationID))}</h3>
      <p class="muted">${esc(t('vo.period', { from: d.from, to: d.to }))}</p>
      <table class="wl-table" id="vo-members"><thead><tr><th>${esc(t('vo.member'))}</th><th>${esc(t('vo.phone'))}</th><th>${esc(t('vo.shifts'))}</th>
        <th>${esc(t('vo.hours'))}</th><th>${esc(t('vo.reports'))}</th><th>${esc(t('vo.filed'))}</th><th>${esc(t('vo.kept'))}</th></tr></thead>
        <tbody>${d.team.members.map((m) => { const c = byUser.get(m.username) || {};
          return `<tr data-member="${esc(m.username)}"><td>${esc(m.name)} <span class="muted">${esc(m.username)}</span></td><td>${esc(m.phone || '—')}</td>
            <td>${c.shifts || 0}</td><td>${(c.hours || 0).toFixed(1)}</td><td>${c.reports || 0}</td><td>${c.filed || 0}</td><td>${c.kept || 0}</td></tr>`; }).join('')}</tbody></table>
      ${this.manages ? `<form id="vo-add" class="wl-inline"><input name="username" maxlength="64" required placeholder="${esc(t('vo.username'))}">
        <input name="phone" maxlength="32" inputmode="tel" placeholder="${esc(t('vo.phone'))}"><button type="submit">${esc(t('vo.add'))}</button>
        <p class="error" role="alert" id="vo-add-error"></p></form><p class="muted">${esc(t('vo.addHint'))}</p>` : ''}`;
  }

  newForm() {
    const stations = treeOrder().filter(({ j }) => j.level === 'station' && j.active !== false);
    return `<h3>${esc(t('vo.newTeam'))}</h3><form id="vo-create" class="form">
      <label><span>${esc(t('vo.teamName'))}</span><input name="name" maxlength="60" required placeholder="${esc(t('vo.teamHint'))}"></label>
      ${stations.length ? `<label><span>${esc(t('vo.station'))}</span><select name="stationID">${stations.map(({ j }) => `<option value="${esc(j.id)}">${esc(orgName(j))}</option>`).join('')}</select></label>` : ''}
      <fieldset class="vo-zones" id="vo-zones"><legend>${esc(t('vo.zonesWalked'))}</legend>${this.zoneChoices(stations[0]?.j.id || state.me?.jurisdictionID)}</fieldset>
      <p class="error" role="alert" id="vo-create-error"></p>
      <div class="actions"><button type="submit" class="primary">${esc(t('vo.create'))}</button><button type="button" id="vo-cancel">${esc(t('dp.cancel'))}</button></div></form>`;
  }

  /** The station's active patrol zones, as boxes to tick (a team walks up to ten). */
  zoneChoices(stationID) {
    const zones = [...state.zones.values()].filter((z) => z.stationID === stationID && z.active !== false).sort((a, b) => a.name.localeCompare(b.name));
    if (!zones.length) return `<p class="muted">${esc(t('vo.noZones'))}</p>`;
    return zones.map((z) => `<label class="check"><input type="checkbox" name="zoneIDs" value="${esc(z.id)}"> ${esc(z.name)}</label>`).join('');
  }

  async open(id) {
    this.showNew = false;
    try { this.selected = await api('GET', `/v1/volunteer-teams/${encodeURIComponent(id)}`); }
    catch (e) { this.selected = { team: { id }, error: e.message }; }
    this.renderTeams(); this.renderDetail();
  }

  async click(e) {
    const row = e.target.closest('tr[data-team]');
    if (row) { this.open(row.dataset.team); return; }
    if (e.target.closest('#vo-new')) { this.showNew = true; this.selected = null; this.renderTeams(); this.renderDetail(); return; }
    if (e.target.closest('#vo-cancel')) { this.showNew = false; this.renderDetail(); return; }
    const act = e.target.closest('[data-act]');
    const item = act?.closest('li[data-report]');
    if (!item) return;
    const shift = encodeURIComponent(item.dataset.shift), report = Number(item.dataset.report);
    act.disabled = true;
    try {
      if (act.dataset.act === 'file') {
        await api('POST', `/v1/volunteer-shifts/${shift}/file`, { report, priority: Number(item.querySelector('.vo-priority').value) });
      } else {
        await api('POST', `/v1/volunteer-shifts/${shift}/review`, { report, outcome: act.dataset.act }, { idempotencyKey: newKey() });
      }
      await this.load();
    } catch (err) { act.disabled = false; item.querySelector('.error').textContent = err.message; }
  }

  async submit(form) {
    const v = (n) => form.elements[n]?.value?.trim() || undefined;
    if (form.id === 'vo-create') {
      const body = { name: v('name') || '' };
      if (v('stationID')) body.stationID = v('stationID');
      const zoneIDs = [...form.querySelectorAll('input[name=zoneIDs]:checked')].map((i) => i.value);
      if (zoneIDs.length) body.zoneIDs = zoneIDs;
      try {
        const team = await api('POST', '/v1/volunteer-teams', body, { idempotencyKey: newKey() });
        this.showNew = false; await this.load(); this.open(team.id);
      } catch (e) { form.querySelector('#vo-create-error').textContent = e.message; }
    } else if (form.id === 'vo-add' && this.selected?.team) {
      const body = { username: v('username') || '', version: this.selected.team.version };
      if (v('phone')) body.phone = v('phone');
      try {
        await api('POST', `/v1/volunteer-teams/${encodeURIComponent(this.selected.team.id)}/members`, body, { idempotencyKey: newKey() });
        await this.load(); this.open(this.selected.team.id);
      } catch (e) { form.querySelector('#vo-add-error').textContent = e.message; }
    }
  }
}
