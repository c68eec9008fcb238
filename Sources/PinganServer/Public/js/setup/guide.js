// The guided setup (设置向导): a panel over the map, beside the city's roads, that walks an
// administrator from an empty deployment to a first dispatched incident: name the city, add
// districts and draw the stations' areas on the map (or import a GeoJSON file), place the
// stations and posts with a click, add units and accounts (or import CSV), then create the first
// incident. Every step can be skipped and taken up again; where the deployment stands is read
// from its data (steps.js), so the guide resumes wherever the administrator left off. Drawing is
// the map's (map/layer-draft.js), as in the administration's zone and area tools.
import { api, newKey } from '../api.js';
import { state, on, upsertOrg, upsertUnit, upsertUser, isActive } from '../state.js';
import { t, onLangChange } from '../i18n.js';
import { may, unitKinds, roles } from '../rules.js';
import { esc } from '../dom.js';
import { orgName, treeOrder } from '../admin/org.js';
import { ImportPanel, csvField, passwordsHTML, copyText } from '../admin/import.js';
import { polygonOf, stationAt } from '../areas.js';
import { STEPS, progress, setSkipped, basicsMissing, jurisdictionsAt, realUnits, dispatched } from './steps.js';

const OPEN = 'pingan.setup.open';   // localStorage: left open, so it opens again at the next sign-in
const MIN_VERTICES = 3;
const POST_KINDS = ['streetPost', 'safetyPost', 'checkpoint', 'camera', 'keyPlace'];
// what each step may import from files (admin/import.js)
const IMPORTS = { districts: ['jurisdictions'], stations: ['jurisdictions', 'zones'], places: ['posts'], units: ['units'], users: ['users'] };

const byCode = (a, b) => String(a.code).localeCompare(String(b.code));
const option = (value, label, selected) => `<option value="${esc(value)}"${value === selected ? ' selected' : ''}>${esc(label)}</option>`;

export class SetupGuide {
  /** `map`: the console's MapView; `hint`: the line over the map; `newIncident()`: opens the
   *  new-incident form; `openIncident(id)`: shows an incident's card. */
  constructor(parent, { map, hint, newIncident, openIncident }) {
    this.map = map; this.hint = hint; this.newIncident = newIncident; this.openIncident = openIncident;
    this.el = document.createElement('aside');
    this.el.id = 'setup-guide'; this.el.className = 'setup-guide'; this.el.hidden = true;
    this.el.setAttribute('aria-labelledby', 'sg-title');
    parent.appendChild(this.el);
    this.expanded = null;      // the step shown open (null: the current one)
    this.minimised = false;
    this.draft = {};           // what was typed, by input (`data-f`), kept across redraws
    this.notes = {};           // step → {text, error}
    this.drawing = null;       // {what: 'district'|'station'|'area'|'place'|'post', id?}
    this.passwords = null;     // one-time password of the account just added
    this.importers = {}; this.importOpen = {};
    this.lastSig = '';
    this.el.addEventListener('input', (e) => this.typed(e.target));
    this.el.addEventListener('change', (e) => this.typed(e.target));
    this.el.addEventListener('click', (e) => this.clicked(e));
    this.el.addEventListener('submit', (e) => e.preventDefault());
    this.el.addEventListener('toggle', (e) => { if (e.target.dataset?.imp) this.importOpen[e.target.dataset.imp] = e.target.open; }, true);
    document.addEventListener('keydown', (e) => { if (e.key === 'Escape' && this.drawing && !this.el.hidden) { e.preventDefault(); this.cancelDrawing(); } });
    for (const topic of ['org', 'units', 'incidents', 'users']) on(topic, () => this.changed());
    onLangChange(() => { this.render(); this.showHint(); });
  }

  get visible() { return !this.el.hidden; }

  /** After sign-in: opens for an administrator when the basics are missing or it was left open. */
  async maybeShow() {
    if (!may(state.me?.role, 'manageOrganisation')) { this.close(false); return; }
    if (basicsMissing() || localStorage.getItem(OPEN) === '1') { await this.open(); this.centre(); }
  }

  async open() {
    this.el.hidden = false; this.minimised = false;
    localStorage.setItem(OPEN, '1');
    this.render();
    if (may(state.me?.role, 'manageUsers')) {
      try { for (const u of await api('GET', '/v1/users')) upsertUser(u); } catch { /* the users step stays open */ }
    }
  }

  /** Closes the panel; `forget`: it does not open again by itself unless the basics are missing. */
  close(forget = true) {
    this.cancelDrawing();
    this.el.hidden = true;
    if (forget) localStorage.removeItem(OPEN);
  }

  /** With no station placed yet, the map shows the loaded road map's extent (GET /v1/map/extent). */
  async centre() {
    const placed = [...state.jurisdictions.values()].some((j) => j.location || j.area) || state.incidents.size > 0;
    if (!placed) await this.map.centreOnExtent?.();
  }

  // ---- state ---------------------------------------------------------------------------------
  /** Redraws when what the guide shows changed (not for every unit that moves). */
  changed() {
    if (!this.visible) return;
    if (this.signature() !== this.lastSig) this.render();
  }
  signature() {
    const js = [...state.jurisdictions.values()].map((j) => `${j.id}:${j.version}`).join(',');
    const us = realUnits().map((u) => u.id).join(',');
    const users = [...state.users.values()].map((u) => `${u.id}:${u.role}`).join(',');
    const inc = [...state.incidents.values()].filter((i) => !i._synthetic).map((i) => `${i.id}:${dispatched(i) ? 1 : 0}`).join(',');
    return `${js}|${state.posts.size}|${us}|${users}|${inc}|${JSON.stringify(progress())}`;
  }

  typed(el) {
    if (el.dataset?.f) this.draft[el.dataset.f] = el.value;
  }
  val(key, fallback = '') { return this.draft[key] ?? fallback; }

  note(step, text, error = false) {
    this.notes[step] = text ? { text, error } : null;
    const p = this.el.querySelector(`[data-note="${step}"]`);
    if (p) { p.textContent = text || ''; p.className = error ? 'error' : 'note'; }
  }

  // ---- actions -------------------------------------------------------------------------------
  clicked(e) {
    const b = e.target.closest('button');
    if (!b || b.disabled) return;
    if (b.dataset.copy != null) { copyText(b.dataset.copy, b); return; }
    const act = b.dataset.act, step = b.closest('[data-step]')?.dataset.step;
    const run = {
      close: () => this.close(),
      min: () => { this.minimised = !this.minimised; this.render(); },
      toggle: () => { this.expanded = b.dataset.step === this.openStep() ? '__none' : b.dataset.step; setSkipped(b.dataset.step, false); this.render(); },
      skip: () => { setSkipped(step, true); this.expanded = null; this.cancelDrawing(); this.render(); },
      'pw-done': () => { this.passwords = null; this.render(); },
      city: () => this.createCity(),
      'district-draw': () => this.startDrawing({ what: 'district', step }),
      'district-plain': () => this.createJurisdiction('district', null),
      'station-draw': () => this.startDrawing({ what: 'station', step }),
      'area-draw': () => this.startDrawing({ what: 'area', id: b.dataset.id, step }),
      place: () => this.startDrawing({ what: 'place', id: b.dataset.id, step, one: true }),
      'post-place': () => this.startDrawing({ what: 'post', step, one: true }),
      finish: () => this.finishDrawing(),
      undo: () => this.map.undoVertex(),
      cancel: () => this.cancelDrawing(),
      unit: () => this.createUnit(),
      user: () => this.createUser(),
      incident: () => this.newIncident(),
      'open-incident': () => this.openIncident(b.dataset.id),
      done: () => this.close(),
    }[act];
    if (run) { e.preventDefault(); run(); }
  }

  /** A POST or PATCH whose answer goes into the console's state; the step's note says how it went. */
  async send(step, method, path, body, store) {
    try {
      const r = await api(method, path, body, { idempotencyKey: newKey() });
      store?.(r);
      return r;
    } catch (err) {
      this.note(step, t('error.generic', { m: err.message }), true);
      if (err.field) this.el.querySelector(`[data-api="${CSS.escape(err.field)}"]`)?.classList.add('invalid');
      return null;
    }
  }
  /** The typed fields `keys` (draft names), the first empty required one marked; null when one is missing. */
  need(step, keys) {
    for (const x of this.el.querySelectorAll('.invalid')) x.classList.remove('invalid');
    const out = {};
    for (const k of keys) {
      const optional = k.endsWith('?'), key = optional ? k.slice(0, -1) : k;
      const input = this.el.querySelector(`[data-f="${CSS.escape(key)}"]`);
      const v = String(input ? input.value : this.val(key)).trim();   // what the form shows, defaults included
      if (!v && !optional) {
        input?.classList.add('invalid'); input?.focus();
        this.note(step, t('setup.fill', { f: input?.closest('label')?.querySelector('span')?.textContent || key }), true);
        return null;
      }
      out[key.split('.').pop()] = v;
    }
    this.note(step, '');
    return out;
  }
  clear(prefix) { for (const k of Object.keys(this.draft)) if (k.startsWith(prefix)) delete this.draft[k]; }

  async createCity() {
    const f = this.need('city', ['city.name', 'city.nameEn?', 'city.code']);
    if (!f) return;
    const body = { level: 'city', name: f.name, code: f.code, ...(f.nameEn ? { nameEn: f.nameEn } : {}) };
    const j = await this.send('city', 'POST', '/v1/jurisdictions', body, (r) => upsertOrg('jurisdiction', r));
    if (j) { this.clear('city.'); this.expanded = null; this.note('city', ''); this.render(); }
  }

  /** A district or station: the typed fields, with `area` when one was drawn; null on a refusal. */
  async createJurisdiction(level, area) {
    const step = level === 'district' ? 'districts' : 'stations';
    const f = this.need(step, [`${level}.name`, `${level}.nameEn?`, `${level}.code`]);
    if (!f) return null;
    const parentID = level === 'district' ? jurisdictionsAt('city').sort(byCode)[0]?.id : this.val('station.parent', this.districts()[0]?.id);
    if (!parentID) { this.note(step, t(level === 'district' ? 'setup.needCity' : 'setup.needDistrict'), true); return null; }
    const body = { level, parentID, name: f.name, code: f.code, ...(f.nameEn ? { nameEn: f.nameEn } : {}), ...(area ? { area } : {}) };
    const j = await this.send(step, 'POST', '/v1/jurisdictions', body, (r) => upsertOrg('jurisdiction', r));
    if (j) { this.clear(`${level}.`); this.note(step, t('setup.created', { n: orgName(j) })); this.render(); }
    return j;
  }

  async createUnit() {
    const f = this.need('units', ['unit.callsign', 'unit.crew']);
    if (!f) return;
    const stationID = this.val('unit.station', this.stations()[0]?.id);
    const crew = Number(f.crew);
    if (!Number.isInteger(crew) || crew < 1) { this.note('units', t('setup.crew'), true); return; }
    const body = { callsign: f.callsign, kind: this.val('unit.kind', 'patrolCar'), stationID, crew };
    const u = await this.send('units', 'POST', '/v1/units', body, upsertUnit);
    if (u) { delete this.draft['unit.callsign']; this.note('units', t('setup.created', { n: u.callsign })); this.render(); }
  }

  /** An account through the import (one CSV row), so it gets a one-time password to hand over and
   *  must choose its own at the first sign-in. */
  async createUser() {
    const f = this.need('users', ['user.username', 'user.displayName']);
    if (!f) return;
    const j = state.jurisdictions.get(this.val('user.jurisdiction', this.defaultJurisdiction()));
    const unit = state.units.get(this.val('user.unit', ''));
    const row = [f.username, f.displayName, this.val('user.role', 'dispatcher'), j?.code || '', unit?.callsign || ''].map(csvField).join(',');
    try {
      const r = await api('POST', '/v1/import', { users: `username,displayName,role,jurisdiction,unit\n${row}\n` });
      this.passwords = r.passwords || [];
      if (!this.passwords.length) this.note('users', t('setup.userExists', { u: f.username }), true);
      else { this.clear('user.'); this.note('users', t('setup.created', { n: f.username })); }
      try { for (const u of await api('GET', '/v1/users')) upsertUser(u); } catch { /* the feed brings it */ }
      this.render();
    } catch (err) {
      const first = err.problem?.errors?.[0];
      this.note('users', first ? t('setup.rowError', { f: first.field || '', m: first.message }) : t('error.generic', { m: err.message }), true);
    }
  }

  // ---- drawing on the map ----------------------------------------------------------------------
  startDrawing(d) {
    if (d.what === 'district' || d.what === 'station') {
      const level = d.what;
      if (!this.need(d.step, [`${level}.name`, `${level}.code`])) return;
      if (level === 'station' && !this.districts().length) { this.note(d.step, t('setup.needDistrict'), true); return; }
    }
    if (d.what === 'post' && !this.need(d.step, ['post.name'])) return;
    this.cancelDrawing();
    this.drawing = d;
    this.map.startDrawing((pts) => {
      if (this.drawing?.one && pts.length) { this.finishDrawing(); return; }
      this.renderBar(); this.showHint();
    });
    this.render(); this.showHint();
  }
  cancelDrawing() {
    if (!this.drawing) return;
    this.drawing = null;
    if (this.map.drawing) this.map.stopDrawing();
    this.showHint(); this.render();
  }
  showHint() {
    const d = this.drawing;
    if (!d || !this.map.drawing) { if (!this.hint.dataset.owner || this.hint.dataset.owner === 'setup') { this.hint.hidden = true; delete this.hint.dataset.owner; } return; }
    const n = this.map.drawing.pts.length;
    this.hint.dataset.owner = 'setup';
    this.hint.hidden = false;
    this.hint.textContent = d.one ? t(d.what === 'post' ? 'setup.hintPost' : 'setup.hintPlace') : t('admin.drawHint', { n, min: MIN_VERTICES });
  }

  async finishDrawing() {
    const d = this.drawing;
    if (!d || !this.map.drawing) { this.cancelDrawing(); return; }
    const pts = this.map.drawing.pts.map(({ lat, lon }) => ({ lat, lon }));
    if (!d.one && pts.length < MIN_VERTICES) { this.note(d.step, t('admin.tooFewVertices', { n: MIN_VERTICES }), true); return; }
    if (this.busy) return;
    this.busy = true;
    let ok = false;
    try {
      if (d.what === 'district' || d.what === 'station') ok = !!(await this.createJurisdiction(d.what, polygonOf(pts)));
      else if (d.what === 'area' || d.what === 'place') {
        const j = state.jurisdictions.get(d.id);
        const change = d.what === 'area' ? { area: polygonOf(pts) } : { location: pts[0] };
        const r = j && await this.send(d.step, 'PATCH', `/v1/jurisdictions/${encodeURIComponent(j.id)}`, { version: j.version, ...change }, (x) => upsertOrg('jurisdiction', x));
        if (r) this.note(d.step, t(d.what === 'area' ? 'setup.areaSaved' : 'setup.placed', { n: orgName(r) }));
        ok = !!r;
      } else if (d.what === 'post') ok = await this.createPost(pts[0]);
    } finally { this.busy = false; }
    if (ok || d.one) {   // a refused ring stays to be mended; after a refused click, the button again
      this.drawing = null;
      if (this.map.drawing) this.map.stopDrawing();
    }
    this.showHint(); this.render();
  }

  async createPost(ll) {
    const stationID = stationAt(ll)?.id || this.val('post.station', this.stations()[0]?.id);
    if (!stationID) { this.note('places', t('setup.needStation'), true); return false; }
    const body = { stationID, name: this.val('post.name').trim(), kind: this.val('post.kind', 'streetPost'), location: { lat: ll.lat, lon: ll.lon } };
    const p = await this.send('places', 'POST', '/v1/posts', body, (r) => upsertOrg('post', r));
    if (p) { delete this.draft['post.name']; this.note('places', t('setup.postAdded', { n: p.name, s: orgName(state.jurisdictions.get(p.stationID)) })); }
    return !!p;
  }

  // ---- drawing the panel -----------------------------------------------------------------------
  districts() { return jurisdictionsAt('district').sort(byCode); }
  stations() { return jurisdictionsAt('station').sort(byCode); }
  defaultJurisdiction() { return jurisdictionsAt('city').sort(byCode)[0]?.id || ''; }
  openStep() {
    if (this.expanded === '__none') return null;
    return this.expanded || progress().current;
  }

  render() {
    if (!this.visible) return;
    if (this.drawing && !this.map.drawing) this.drawing = null;   // another tool took the map meanwhile
    this.lastSig = this.signature();
    const prog = progress();
    const open = this.openStep();
    const head = `<header class="sg-top"><h2 id="sg-title">${t('setup.title')}</h2>
      <span class="sg-progress" id="sg-progress">${t('setup.progress', { n: prog.done, m: STEPS.length })}</span>
      <button type="button" class="icon" data-act="min" title="${esc(t(this.minimised ? 'setup.expand' : 'setup.minimise'))}" aria-label="${esc(t(this.minimised ? 'setup.expand' : 'setup.minimise'))}">${this.minimised ? '▢' : '–'}</button>
      <button type="button" class="icon" data-act="close" id="sg-close" title="${esc(t('setup.close'))}" aria-label="${esc(t('setup.close'))}">✕</button></header>`;
    if (this.minimised) { this.el.innerHTML = head; this.el.classList.add('min'); return; }
    this.el.classList.remove('min');
    const steps = prog.steps.map((s, k) => {
      const cls = s.done ? 'done' : s.skipped ? 'skipped' : s.id === prog.current ? 'current' : 'todo';
      const isOpen = s.id === open;
      return `<li class="sg-step ${cls}${isOpen ? ' open' : ''}" data-step="${s.id}" data-state="${cls}"${s.id === prog.current ? ' aria-current="step"' : ''}>
        <button type="button" class="sg-head" data-act="toggle" data-step="${s.id}" aria-expanded="${isOpen}">
          <span class="sg-mark">${s.done ? '✓' : k + 1}</span><span class="sg-name">${t(`setup.step.${s.id}`)}</span>
          <span class="sg-state">${s.done ? t('setup.doneMark') : s.skipped ? t('setup.skippedMark') : ''}</span></button>
        ${isOpen ? `<div class="sg-body">${this.bodyHTML(s)}
          <p data-note="${s.id}" class="${this.notes[s.id]?.error ? 'error' : 'note'}" role="status">${esc(this.notes[s.id]?.text || '')}</p>
          ${s.done ? '' : `<div class="sg-foot"><button type="button" class="link" data-act="skip" id="sg-skip-${s.id}">${t('setup.skip')}</button></div>`}</div>` : ''}</li>`;
    }).join('');
    const complete = prog.current == null && prog.steps.every((s) => s.done || s.skipped);
    // a new account's one-time password stays on top, whichever step is open, until noted
    this.el.innerHTML = `${head}${this.passwords?.length ? `<div class="sg-passwords">${passwordsHTML(this.passwords)}</div>` : ''}<ol class="sg-steps">${steps}</ol>
      ${complete ? `<div class="sg-complete" id="sg-complete"><p>${t(prog.done === STEPS.length ? 'setup.complete' : 'setup.completeSkipped')}</p>
        <button type="button" class="primary" data-act="done">${t('setup.finish')}</button></div>` : ''}`;
    // the import panels keep their element (and what was chosen) across redraws
    for (const slot of this.el.querySelectorAll('[data-import-slot]')) {
      const step = slot.dataset.importSlot;
      if (!this.importers[step]) {
        const box = document.createElement('div');
        this.importers[step] = new ImportPanel(box, { sections: IMPORTS[step], exports: false, idPrefix: `sg-imp-${step}`, onApplied: (r) => {
          // the step may be done now and fold away: the one-time passwords go on top of the guide
          if (r.passwords?.length) { this.passwords = r.passwords; this.importers[step].passwords = null; }
          this.render();
        } });
        this.importers[step].render();
      }
      slot.appendChild(this.importers[step].el);
    }
    this.renderBar();
  }

  /** The drawing bar's count and buttons, after each vertex. */
  renderBar() {
    const bar = this.el.querySelector('.sg-drawbar');
    if (!bar || !this.drawing) return;
    const n = this.map.drawing?.pts.length || 0;
    const count = bar.querySelector('.count'), finish = bar.querySelector('[data-act="finish"]'), undo = bar.querySelector('[data-act="undo"]');
    if (count) count.textContent = t('admin.vertexCount', { n });
    if (finish) finish.disabled = n < MIN_VERTICES;
    if (undo) undo.disabled = !n;
  }

  input(key, label, { value = '', placeholder = '', api: apiField = '', type = 'text', attrs = '' } = {}) {
    return `<label><span>${esc(label)}</span><input data-f="${key}" id="sg-${key.replace('.', '-')}" type="${type}" value="${esc(this.val(key, value))}"
      placeholder="${esc(placeholder)}" autocomplete="off"${apiField ? ` data-api="${apiField}"` : ''} ${attrs}></label>`;
  }
  select(key, label, options, fallback) {
    const v = this.val(key, fallback);
    return `<label><span>${esc(label)}</span><select data-f="${key}" id="sg-${key.replace('.', '-')}">${options.map(([o, l]) => option(o, l, v)).join('')}</select></label>`;
  }
  /** The bar while drawing: a ring (count, finish, undo, cancel) or one click (cancel). */
  drawBar(what, id = '') {
    const d = this.drawing;
    if (!d || d.what !== what || (id && d.id !== id)) return '';
    return `<div class="sg-drawbar actions" role="status">${d.one ? `<span>${t(what === 'post' ? 'setup.hintPost' : 'setup.hintPlace')}</span>` : `<span class="count loc"></span>
      <button type="button" class="primary" data-act="finish" id="sg-finish">${t('admin.finish')}</button>
      <button type="button" data-act="undo">${t('admin.undo')}</button>`}
      <button type="button" data-act="cancel" title="Esc">${t('admin.cancelDraw')}</button></div>`;
  }
  importHTML(step) {
    return `<details class="sg-import" data-imp="${step}"${this.importOpen[step] ? ' open' : ''}><summary>${t(`setup.import.${step}`)}</summary><div data-import-slot="${step}"></div></details>`;
  }
  list(items) { return items.length ? `<ul class="sg-list">${items.join('')}</ul>` : ''; }

  bodyHTML(s) {
    const drawingNow = !!this.drawing;
    const dis = drawingNow ? ' disabled' : '';
    switch (s.id) {
      case 'city': {
        const city = jurisdictionsAt('city')[0];
        if (city) return `<p>${t('setup.cityDone', { n: orgName(city) })}</p>`;
        return `<p class="hint">${t('setup.cityHint')}</p><form class="form sg-form">
          ${this.input('city.name', t('admin.f.name'), { placeholder: t('setup.cityPh'), api: 'name' })}
          ${this.input('city.nameEn', t('admin.f.nameEn'), { placeholder: 'Shanghai PSB', api: 'nameEn' })}
          ${this.input('city.code', t('admin.f.code'), { placeholder: 'SH', api: 'code' })}
          <div class="actions"><button type="button" class="primary" data-act="city" id="sg-city-create">${t('setup.createCity')}</button></div></form>`;
      }
      case 'districts': {
        const items = this.districts().map((j) => `<li>${esc(orgName(j))} <code>${esc(j.code)}</code> ${j.area ? `<span class="badge on">${t('setup.hasArea')}</span>` : ''}</li>`);
        return `<p class="hint">${t('setup.districtsHint')}</p>${this.list(items)}<form class="form sg-form">
          ${this.input('district.name', t('admin.f.name'), { placeholder: t('setup.districtPh'), api: 'name' })}
          ${this.input('district.nameEn', t('admin.f.nameEn'), { placeholder: 'Huangpu', api: 'nameEn' })}
          ${this.input('district.code', t('admin.f.code'), { placeholder: 'HP', api: 'code' })}
          ${this.drawBar('district') || `<div class="actions"><button type="button" class="primary" data-act="district-draw" id="sg-district-draw"${dis}>${t('setup.drawAndCreate')}</button>
            <button type="button" data-act="district-plain" id="sg-district-plain"${dis}>${t('setup.createNoArea')}</button></div>`}</form>${this.importHTML('districts')}`;
      }
      case 'stations': {
        const items = this.stations().map((j) => `<li data-id="${esc(j.id)}">${esc(orgName(j))} <code>${esc(j.code)}</code> ${j.area ? `<span class="badge on">${t('setup.hasArea')}</span>`
          : `${this.drawBar('area', j.id) || `<button type="button" class="link" data-act="area-draw" data-id="${esc(j.id)}"${dis}>${t('admin.drawArea')}</button>`}`}</li>`);
        const ds = this.districts();
        return `<p class="hint">${t('setup.stationsHint')}</p>${this.list(items)}<form class="form sg-form">
          ${ds.length ? this.select('station.parent', t('setup.district'), ds.map((j) => [j.id, orgName(j)]), ds[0].id) : `<p class="error">${t('setup.needDistrict')}</p>`}
          ${this.input('station.name', t('admin.f.name'), { placeholder: t('setup.stationPh'), api: 'name' })}
          ${this.input('station.nameEn', t('admin.f.nameEn'), { placeholder: 'East Nanjing Rd Station', api: 'nameEn' })}
          ${this.input('station.code', t('admin.f.code'), { placeholder: 'HP01', api: 'code' })}
          ${this.drawBar('station') || `<div class="actions"><button type="button" class="primary" data-act="station-draw" id="sg-station-draw"${dis || (ds.length ? '' : ' disabled')}>${t('setup.drawStation')}</button></div>`}
          </form>${this.importHTML('stations')}`;
      }
      case 'places': {
        const st = this.stations();
        const items = st.map((j) => `<li data-id="${esc(j.id)}">${esc(orgName(j))} ${j.location ? `<span class="badge on">${t('setup.placedMark')}</span>` : ''}
          ${this.drawBar('place', j.id) || `<button type="button" class="link" data-act="place" data-id="${esc(j.id)}" id="sg-place-${esc(j.code)}"${dis}>${t(j.location ? 'admin.movePlace' : 'admin.place')}</button>`}</li>`);
        const posts = [...state.posts.values()].filter(isActive);
        return `<p class="hint">${t('setup.placesHint')}</p>${st.length ? this.list(items) : `<p class="error">${t('setup.needStation')}</p>`}
          <h4>${t('setup.posts', { n: posts.length })}</h4><p class="hint">${t('setup.postsHint')}</p><form class="form sg-form">
          <div class="row2">${this.input('post.name', t('admin.f.name'), { placeholder: t('setup.postPh'), api: 'name' })}
          ${this.select('post.kind', t('admin.f.kind'), POST_KINDS.map((k) => [k, t(`place.${k}`)]), 'streetPost')}</div>
          ${this.drawBar('post') || `<div class="actions"><button type="button" data-act="post-place" id="sg-post-place"${dis || (st.length ? '' : ' disabled')}>${t('setup.placePost')}</button></div>`}
          </form>${this.importHTML('places')}`;
      }
      case 'units': {
        const st = this.stations();
        const items = realUnits().sort((a, b) => a.callsign.localeCompare(b.callsign)).slice(0, 12)
          .map((u) => `<li>${esc(u.callsign)} · ${esc(t(`unitKind.${u.kind}`))} · ${esc(orgName(state.jurisdictions.get(u.stationID)))}</li>`);
        if (!st.length) return `<p class="error">${t('setup.needStation')}</p>${this.importHTML('units')}`;
        return `<p class="hint">${t('setup.unitsHint')}</p>${this.list(items)}<form class="form sg-form">
          <div class="row2">${this.input('unit.callsign', t('admin.f.callsign'), { placeholder: 'HP01-1', api: 'callsign' })}
          ${this.select('unit.kind', t('admin.f.kind'), unitKinds().map((k) => [k, t(`unitKind.${k}`)]), 'patrolCar')}</div>
          <div class="row2">${this.select('unit.station', t('admin.station'), st.map((j) => [j.id, orgName(j)]), st[0].id)}
          ${this.input('unit.crew', t('admin.f.crew'), { value: '2', type: 'number', api: 'crew', attrs: 'min="1" max="50"' })}</div>
          <div class="actions"><button type="button" class="primary" data-act="unit" id="sg-unit-add">${t('setup.addUnit')}</button></div></form>${this.importHTML('units')}`;
      }
      case 'users': {
        const items = [...state.users.values()].filter((u) => u.role !== 'admin').sort((a, b) => a.username.localeCompare(b.username)).slice(0, 12)
          .map((u) => `<li><code>${esc(u.username)}</code> ${esc(u.displayName)} · ${esc(t(`role.${u.role}`))}</li>`);
        const units = realUnits().sort((a, b) => a.callsign.localeCompare(b.callsign));
        return `<p class="hint">${t('setup.usersHint')}</p>${this.list(items)}<form class="form sg-form">
          <div class="row2">${this.input('user.username', t('admin.username'), { placeholder: 'zhang.wei', api: 'username' })}
          ${this.input('user.displayName', t('admin.f.displayName'), { placeholder: t('setup.displayPh'), api: 'displayName' })}</div>
          <div class="row2">${this.select('user.role', t('admin.f.role'), roles().map((r) => [r, t(`role.${r}`)]), 'dispatcher')}
          ${this.select('user.jurisdiction', t('admin.f.jurisdictionID'), treeOrder().map(({ j, depth }) => [j.id, `${'\u00a0\u00a0'.repeat(depth)}${orgName(j)}`]), this.defaultJurisdiction())}</div>
          ${this.select('user.unit', t('admin.unit'), [['', t('setup.noUnit')], ...units.map((u) => [u.id, u.callsign])], '')}
          <div class="actions"><button type="button" class="primary" data-act="user" id="sg-user-add">${t('setup.addUser')}</button></div></form>${this.importHTML('users')}`;
      }
      case 'incident': {
        const all = [...state.incidents.values()].filter((i) => !i._synthetic);
        const done = all.find(dispatched);
        if (done) return `<p>${t('setup.incidentDone', { n: done.number })}</p>`;
        const waiting = all.sort((a, b) => b._received - a._received)[0];
        return `<p class="hint">${t('setup.incidentHint')}</p>
          <div class="actions"><button type="button" class="primary" data-act="incident" id="sg-incident">${t('incident.new')}</button>
          ${waiting ? `<button type="button" data-act="open-incident" data-id="${esc(waiting.id)}" id="sg-open-incident">${t('setup.openIncident', { n: waiting.number })}</button>` : ''}</div>
          ${waiting ? `<p class="hint">${t('setup.dispatchHint')}</p>` : ''}`;
      }
      default: return '';
    }
  }
}
