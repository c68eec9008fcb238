// The administration (管理): sections for the organisation tree, the police stations, the patrol
// zones, the units and the user accounts. Each lists its entities (sections.js) and edits the one
// picked (editor.js; a zone's form has its boundary and its patrol plan (zone-shifts.js) under it, a jurisdiction's form has its area (area-tool.js) and its deadlines and
// categories (policy.js) under it); lists follow the live feed, the form keeps what it read until
// saved. The last section imports and exports the organisation as files (import.js).
import { state, on } from '../state.js';
import { t, onLangChange } from '../i18n.js';
import { may } from '../rules.js';
import { esc } from '../dom.js';
import { Editor } from './editor.js';
import { KINDS } from './kinds.js';
import { SECTIONS, listHTML } from './sections.js';
import { BoundaryTool } from './zone-boundary.js';
import { passwordTool } from './password.js';
import { PolicyTool } from './policy.js';
import { AreaTool, allTools } from './area-tool.js';
import { ImportPanel } from './import.js';
import { ZoneDesignTool } from './zone-design.js';
import { ShiftTool } from './zone-shifts.js';
import { KeyPlacesTool } from './key-places.js';
import { SensorRegisterTool, SensorTokenTool, SensorCrowdTool } from './sensors.js';

export class AdminPanel {
  constructor(el, { map, hint }) {
    this.el = el; this.section = null; this.selectedID = null; this.visible = false; this.timer = 0; this.loadError = null;
    el.innerHTML = `<nav id="adm-sections" class="adm-sections" role="tablist"></nav>
      <div id="adm-list" class="adm-list"></div><div id="adm-edit" class="adm-edit"></div><div id="adm-import" class="adm-import" hidden></div>`;
    this.nav = el.querySelector('#adm-sections'); this.list = el.querySelector('#adm-list');
    this.editor = new Editor(el.querySelector('#adm-edit'), { tools: { zone: allTools(new BoundaryTool(map, hint), new ShiftTool()), user: passwordTool,
      jurisdiction: allTools(new AreaTool(map, hint), new ZoneDesignTool(map), new KeyPlacesTool(), new SensorRegisterTool(), new PolicyTool()),
      sensor: allTools(new SensorCrowdTool(), new SensorTokenTool()) } });
    this.importer = new ImportPanel(el.querySelector('#adm-import'));
    this.nav.addEventListener('click', (e) => { const b = e.target.closest('[data-section]'); if (b) this.open(b.dataset.section); });
    this.list.addEventListener('click', (e) => { const r = e.target.closest('[data-id]'); if (r) this.select(r.dataset.id); });
    // a list redraws when what it shows changed, at most every 300 ms (units move many times a second)
    const later = (kinds) => () => {
      if (!this.visible || this.timer || !kinds.includes(this.section?.kind)) return;
      this.timer = setTimeout(() => { this.timer = 0; this.renderList(); }, 300);
    };
    on('org', later(['jurisdiction', 'zone', 'post', 'unit', 'user'])); on('units', later(['unit'])); on('users', later(['user'])); on('sensors', later(['sensor']));
    onLangChange(() => { this.renderNav(); this.renderList(); });
  }

  /** The sections the signed-in role may use. */
  sections() { return SECTIONS.filter((s) => may(state.me?.role, s.perm)); }

  show() {
    this.visible = true;
    const allowed = this.sections();
    if (!allowed.includes(this.section)) this.open(allowed[0]?.id);
    else { this.renderNav(); this.load(); }
  }
  hide() {
    this.visible = false;
    this.selectedID = null;
    this.editor.close();
    this.importer.reset();   // one-time passwords are not shown again
  }

  open(id) {
    this.section = this.sections().find((s) => s.id === id) || null;
    this.selectedID = null;
    this.editor.close();
    const custom = !!this.section?.custom;
    this.list.hidden = custom; this.editor.el.hidden = custom; this.importer.el.hidden = !custom;
    if (custom) this.importer.render(); else this.importer.reset();
    this.renderNav();
    this.list.scrollTop = 0;
    this.load();
  }
  /** Draws the list, then again once the section's own data (the accounts) arrived. */
  async load() {
    this.loadError = null;
    this.renderList();
    if (!this.section?.load) return;
    const section = this.section;
    try { await section.load(); } catch (e) { this.loadError = e.message; }
    if (this.section === section) this.renderList();
  }

  select(id) {
    const e = this.section && KINDS[this.section.kind].get(id);
    if (!e) return;
    this.selectedID = id;
    this.renderList();
    this.editor.open(this.section.kind, e);
  }

  renderNav() {
    this.nav.innerHTML = this.sections().map((s) => `<button type="button" class="adm-tab${s === this.section ? ' active' : ''}" role="tab"
      data-section="${s.id}" aria-selected="${s === this.section}">${t(`admin.sec.${s.id}`)}</button>`).join('');
  }
  renderList() {
    if (!this.visible || this.section?.custom) return;
    if (!this.section) { this.list.innerHTML = `<p class="empty">${t('error.forbidden')}</p>`; return; }
    this.list.innerHTML = (this.loadError ? `<p class="error">${esc(t('error.generic', { m: this.loadError }))}</p>` : '') + listHTML(this.section, this.selectedID);
  }
}
