// Redrawing a patrol zone's boundary on the map: "redraw" starts an empty ring, each map click
// adds a vertex (the draft shows as it grows), "finish" saves it through the zone's form with the
// version the form read, and Esc or "cancel" drops it. The zone's present boundary is outlined
// while its form is open. The drawing itself is the map's (map/layer-draft.js). A jurisdiction's
// area is drawn the same way (area-tool.js overrides the hooks under "what is drawn").
import { t, onLangChange } from '../i18n.js';

const MIN_VERTICES = 3;

export class BoundaryTool {
  constructor(map, hint) {
    this.map = map; this.hint = hint; this.root = null; this.zone = null; this.editor = null;
    document.addEventListener('keydown', (e) => {
      if (e.key === 'Escape' && this.drawing) { e.preventDefault(); this.cancel(); }
    });
    onLangChange(() => this.refresh());
  }
  get drawing() { return !!this.zone && !!this.map.drawing; }

  // ---- what is drawn: a zone's boundary (overridden for a jurisdiction's area) -----------------
  /** The rings outlined while the form is open ([{lat, lon}] or several). */
  rings(zone) { return zone.boundary || null; }
  /** The changes that save a drawn ring. */
  changes(pts) { return { boundary: pts.map(({ lat, lon }) => ({ lat, lon })) }; }
  titleHTML() { return t('admin.boundary'); }
  /** Buttons beside "redraw" (none for a zone). */
  extraHTML() { return ''; }
  redrawText() { return t('admin.redraw'); }
  bindExtra() {}

  html(e) {
    return `<div class="adm-extra" id="adm-boundary"><h4>${this.titleHTML(e)}</h4>
      <div class="actions" id="adm-draw-idle"><button type="button" id="adm-redraw">${this.redrawText(e)}</button>${this.extraHTML(e)}</div>
      <div class="actions" id="adm-draw-bar" hidden><span id="adm-vertex-count" class="loc"></span>
        <button type="button" id="adm-finish" class="primary">${t('admin.finish')}</button>
        <button type="button" id="adm-undo">${t('admin.undo')}</button>
        <button type="button" id="adm-cancel-draw" title="Esc">${t('admin.cancelDraw')}</button></div></div>`;
  }
  bind(root, zone, editor) {
    this.root = root; this.zone = zone; this.editor = editor;
    if (this.map.drawing) this.map.stopDrawing();   // a fresh form shows the zone as the server has it
    this.map.setOutline(this.rings(zone));
    root.querySelector('#adm-redraw').onclick = () => this.start();
    root.querySelector('#adm-finish').onclick = () => this.finish();
    root.querySelector('#adm-undo').onclick = () => this.map.undoVertex();
    root.querySelector('#adm-cancel-draw').onclick = () => this.cancel();
    this.bindExtra(root, zone, editor);
    this.refresh();
  }
  /** The zone was picked: the map frames it. */
  open(zone) { const pts = [this.rings(zone) || []].flat(2); if (pts.length) this.map.flyToFit(pts); }
  leave() {
    if (this.map.drawing) this.map.stopDrawing();
    this.map.setOutline(null);
    this.zone = null;
    this.refresh();
  }

  start() {
    this.editor.showError('');
    this.map.startDrawing(() => this.refresh());
    this.refresh();
  }
  cancel() {
    this.map.stopDrawing();
    this.refresh();
  }
  /** Saves the drawn ring; on success the form redraws with the new boundary (and drawing ends),
   *  on a refusal (e.g. a ring that crosses itself) the draft stays to be mended. */
  async finish() {
    const pts = this.map.drawing?.pts || [];
    if (pts.length < MIN_VERTICES) { this.editor.showError(t('admin.tooFewVertices', { n: MIN_VERTICES })); return; }
    await this.editor.save(this.changes(pts));
  }

  /** The buttons and the map's hint, after each vertex, a language switch or a request. */
  refresh() {
    const drawing = this.drawing, n = this.map.drawing?.pts.length || 0;
    const q = (sel) => this.root?.querySelector(sel);
    if (q('#adm-draw-idle')) {
      q('#adm-draw-idle').hidden = drawing;
      q('#adm-draw-bar').hidden = !drawing;
      q('#adm-vertex-count').textContent = t('admin.vertexCount', { n });
      q('#adm-finish').disabled = n < MIN_VERTICES || this.editor.busy;
      q('#adm-undo').disabled = !n || this.editor.busy;
    }
    this.hint.hidden = !drawing;
    if (drawing) this.hint.textContent = t('admin.drawHint', { n, min: MIN_VERTICES });
  }
}
