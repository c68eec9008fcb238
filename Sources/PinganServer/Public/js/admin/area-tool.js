// A station's, district's or community's area (its `area`, a GeoJSON Polygon or MultiPolygon) under its form in
// the administration: drawn and redrawn on the map as a zone's boundary is (zone-boundary.js:
// each click a vertex, "finish" saves with the version the form read, Esc cancels), cleared
// (`"area": null`), and the station's own location set with one click on the map. New incidents
// go to the station whose area holds them.
import { t } from '../i18n.js';
import { BoundaryTool } from './zone-boundary.js';
import { polygonOf, ringsOf, vertexCount } from '../areas.js';

const hasArea = (j) => j.level === 'station' || j.level === 'district' || j.level === 'community';

export class AreaTool extends BoundaryTool {
  constructor(map, hint) { super(map, hint); this.placing = false; }

  rings(j) { return ringsOf(j.area); }
  changes(pts) { return { area: polygonOf(pts) }; }
  titleHTML(j) {
    const n = vertexCount(j.area);
    return `${t('admin.area')} <span class="hint" id="adm-area-state">${n ? t('admin.areaVertices', { n }) : t('admin.areaNone')}</span>`;
  }
  redrawText(j) { return t(j.area ? 'admin.redrawArea' : 'admin.drawArea'); }
  extraHTML(j) {
    return `<button type="button" id="adm-area-clear" class="danger"${j.area ? '' : ' disabled'}>${t('admin.clearArea')}</button>
      <button type="button" id="adm-place">${t(j.location ? 'admin.movePlace' : 'admin.place')}</button>`;
  }
  bindExtra(root, j, editor) {
    root.querySelector('#adm-area-clear').onclick = () => editor.save({ area: null });
    root.querySelector('#adm-place').onclick = () => this.startPlacing();
  }

  html(j) { return hasArea(j) ? super.html(j).replace('id="adm-boundary"', 'id="adm-area"') : ''; }
  bind(root, j, editor) {
    this.placing = false;
    if (!hasArea(j)) { this.root = null; this.zone = null; this.editor = editor; return; }
    super.bind(root, j, editor);
  }
  open(j) { if (hasArea(j)) super.open(j); }

  /** One click on the map sets the location (a drawing of one vertex, saved at once). */
  startPlacing() {
    this.editor.showError('');
    this.placing = true;
    this.map.startDrawing((pts) => {
      if (!pts.length) return;
      const [ll] = this.map.stopDrawing();
      this.placing = false;
      this.refresh();
      this.editor.save({ location: { lat: ll.lat, lon: ll.lon } });
    });
    this.refresh();
  }
  cancel() { this.placing = false; super.cancel(); }
  leave() { this.placing = false; super.leave(); }

  refresh() {
    super.refresh();
    const q = (sel) => this.root?.querySelector(sel);
    for (const sel of ['#adm-finish', '#adm-undo', '#adm-vertex-count']) if (q(sel)) q(sel).hidden = this.placing;
    if (this.placing && this.drawing) this.hint.textContent = t('admin.placeHint');
  }
}

/** Several tools under one form, in order (the editor takes one per kind). */
export function allTools(...tools) {
  const each = (name, ...args) => { for (const x of tools) x[name]?.(...args); };
  return {
    html: (e) => tools.map((x) => x.html(e)).join(''),
    bind: (...args) => each('bind', ...args),
    open: (e) => each('open', e),
    leave: () => each('leave'),
    refresh: () => each('refresh'),
  };
}
