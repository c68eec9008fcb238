// The map's camera: world and screen coordinates, panning, zooming and flying, pointer and wheel
// input, and what is under a point.
import { project, unproject, wgsToGcj, gcjToWgs } from '../geo.js';
import { state } from '../state.js';
import { MIN_ZOOM, MAX_ZOOM } from './constants.js';

export const camera = {
  // ---- coordinates -------------------------------------------------------------------------
  toWorld(lat, lon) {
    if (this.layers.gcj) [lat, lon] = wgsToGcj(lat, lon);
    return project(lat, lon);
  },
  /** WGS-84 of a screen point (CSS pixels). */
  toLatLon(px, py) {
    const s = 2 ** this.zoom;
    let [lat, lon] = unproject(this.cx + (px - this.w / 2) / s, this.cy + (py - this.h / 2) / s);
    if (this.layers.gcj) [lat, lon] = gcjToWgs(lat, lon);
    return { lat, lon };
  },
  screenOf(wx, wy) { const s = 2 ** this.zoom; return [(wx - this.cx) * s + this.w / 2, (wy - this.cy) * s + this.h / 2]; },

  resize() {
    const r = this.canvas.getBoundingClientRect();
    this.w = Math.max(1, r.width); this.h = Math.max(1, r.height);
    this.canvas.width = Math.round(this.w * this.dpr); this.canvas.height = Math.round(this.h * this.dpr);
    this.requestRender();
  },

  // ---- movement ----------------------------------------------------------------------------
  panBy(dx, dy) { const s = 2 ** this.zoom; this.cx -= dx / s; this.cy -= dy / s; this.viewChanged(); },
  zoomAround(px, py, dz) {
    const z = Math.max(MIN_ZOOM, Math.min(MAX_ZOOM, this.zoom + dz));
    const s0 = 2 ** this.zoom, s1 = 2 ** z;
    const wx = this.cx + (px - this.w / 2) / s0, wy = this.cy + (py - this.h / 2) / s0;
    this.zoom = z;
    this.cx = wx - (px - this.w / 2) / s1; this.cy = wy - (py - this.h / 2) / s1;
    this.viewChanged();
  },
  viewChanged() { this.requestRender(); this.scheduleRoads(); this.scheduleCoverage(); },

  /** Animated move to a place: eased centre, with a zoom-out bump for long flights. */
  flyTo(lat, lon, zoom = Math.max(this.zoom, 15), ms = 700) {
    const [tx, ty] = this.toWorld(lat, lon);
    const from = { x: this.cx, y: this.cy, z: this.zoom };
    const distPx = Math.hypot(tx - from.x, ty - from.y) * 2 ** Math.min(from.z, zoom);
    const bump = distPx > this.w ? Math.min(3, Math.log2(distPx / this.w) + 0.5) : 0;
    const start = performance.now();
    this.vel = null;
    this.anim = (now) => {
      // a frame's timestamp may be a little older than `start`: clamp, or e = 2p² of a negative p
      // throws the zoom to hundreds (and the grid loop below never ends)
      const p = Math.max(0, Math.min(1, (now - start) / ms));
      const e = p < 0.5 ? 2 * p * p : 1 - (-2 * p + 2) ** 2 / 2;
      this.cx = from.x + (tx - from.x) * e;
      this.cy = from.y + (ty - from.y) * e;
      this.zoom = Math.max(MIN_ZOOM, Math.min(MAX_ZOOM, from.z + (zoom - from.z) * e - bump * Math.sin(Math.PI * e)));
      if (p >= 1) { this.cx = tx; this.cy = ty; this.zoom = zoom; this.anim = null; }
      this.viewChanged();
    };
    this.requestRender();
  },

  fitTo(points) {
    if (!points.length) return;
    let x0 = Infinity, y0 = Infinity, x1 = -Infinity, y1 = -Infinity;
    for (const p of points) { const [x, y] = this.toWorld(p.lat, p.lon); x0 = Math.min(x0, x); y0 = Math.min(y0, y); x1 = Math.max(x1, x); y1 = Math.max(y1, y); }
    this.cx = (x0 + x1) / 2; this.cy = (y0 + y1) / 2;
    const span = Math.max(x1 - x0, y1 - y0, 1e-6);
    this.zoom = Math.max(MIN_ZOOM, Math.min(16, Math.log2(Math.min(this.w, this.h) * 0.7 / span)));
    this.viewChanged();
  },

  bindInput() {
    const c = this.canvas;
    let down = null, samples = [];
    c.addEventListener('pointerdown', (e) => {
      c.setPointerCapture(e.pointerId);
      this.pointers.set(e.pointerId, { x: e.offsetX, y: e.offsetY });
      this.anim = null; this.vel = null;
      if (this.pointers.size === 1) { down = { x: e.offsetX, y: e.offsetY, moved: 0, t: performance.now() }; samples = []; }
      else { down = null; this.pinch = this.pinchState(); }
    });
    c.addEventListener('pointermove', (e) => {
      const prev = this.pointers.get(e.pointerId);
      if (!prev) return;
      const cur = { x: e.offsetX, y: e.offsetY };
      this.pointers.set(e.pointerId, cur);
      if (this.pointers.size >= 2 && this.pinch) {
        const next = this.pinchState();
        this.panBy(next.mx - this.pinch.mx, next.my - this.pinch.my);
        this.zoomAround(next.mx, next.my, Math.log2(next.d / this.pinch.d));
        this.pinch = next;
        return;
      }
      if (!down) return;
      const dx = cur.x - prev.x, dy = cur.y - prev.y;
      down.moved += Math.abs(dx) + Math.abs(dy);
      if (down.moved > 3) c.classList.add('dragging');
      this.panBy(dx, dy);
      const now = performance.now();
      samples.push({ t: now, dx, dy });
      while (samples.length && now - samples[0].t > 100) samples.shift();
    });
    const up = (e) => {
      this.pointers.delete(e.pointerId);
      if (this.pointers.size < 2) this.pinch = null;
      c.classList.remove('dragging');
      if (!down) return;
      if (down.moved <= 4) this.click(e.offsetX, e.offsetY);
      else if (samples.length > 1) {
        const span = Math.max(16, performance.now() - samples[0].t);
        let sx = 0, sy = 0; for (const s of samples) { sx += s.dx; sy += s.dy; }
        this.vel = { x: sx / span * 16, y: sy / span * 16 };   // px per 16 ms frame
        this.requestRender();
      }
      down = null;
    };
    c.addEventListener('pointerup', up);
    c.addEventListener('pointercancel', up);
    c.addEventListener('wheel', (e) => {
      e.preventDefault();
      this.anim = null;
      const d = e.deltaMode === 1 ? e.deltaY * 33 : e.deltaY;
      this.zoomAround(e.offsetX, e.offsetY, Math.max(-1, Math.min(1, -d / 300)));
    }, { passive: false });
    c.addEventListener('dblclick', (e) => { e.preventDefault(); if (!this.drawing) this.zoomAnimated(e.offsetX, e.offsetY, 1); });   // drawing: two vertices, no zoom
  },
  pinchState() {
    const [a, b] = [...this.pointers.values()];
    return { mx: (a.x + b.x) / 2, my: (a.y + b.y) / 2, d: Math.max(10, Math.hypot(a.x - b.x, a.y - b.y)) };
  },
  zoomAnimated(px, py, dz, ms = 250) {
    const start = performance.now(); let done = 0;
    this.anim = (now) => {
      const p = Math.max(0, Math.min(1, (now - start) / ms)); const e = 1 - (1 - p) ** 3;
      this.zoomAround(px, py, dz * e - done); done = dz * e;
      if (p >= 1) this.anim = null;
    };
    this.requestRender();
  },

  click(px, py) {
    if (this.drawing) { this.addVertex(this.toLatLon(px, py)); return; }
    if (this.picking) {
      const ll = this.toLatLon(px, py);
      this.pick = ll;
      this.onPick(ll);
      this.requestRender();
      return;
    }
    const hit = this.hitTest(px, py);
    if (hit?.cluster) this.zoomAnimated(px, py, 2, 350);
    else if (hit?.incident) this.onSelect(hit.incident.id);
    else if (hit?.unit) this.onUnit(hit.unit);
  },
  setPicking(on) { this.picking = on; if (!on) this.pick = null; this.canvas.classList.toggle('picking', on); this.requestRender(); },

  hitTest(px, py) {
    const s = 2 ** this.zoom, r = 10 / s;
    const wx = this.cx + (px - this.w / 2) / s, wy = this.cy + (py - this.h / 2) / s;
    const search = (L) => {
      let best = -1, bd = Infinity;
      L.forEachIn(wx - r, wy - r, wx + r, wy + r, (i) => { const d = Math.hypot(L.x[i] - wx, L.y[i] - wy); if (d < r && d < bd) { bd = d; best = i; } });
      return best;
    };
    if (this.lastMode === 'cluster') {
      // anything under the cursor in clustered mode zooms in
      if (this.layers.incidents && search(this.inc) >= 0) return { cluster: true };
      if (this.layers.units && search(this.units) >= 0) return { cluster: true };
      return null;
    }
    if (this.layers.incidents) { const i = search(this.inc); if (i >= 0) return { incident: this.inc.items[i] }; }
    if (this.layers.units) { const i = search(this.units); if (i >= 0) return { unit: this.units.items[i] }; }
    return null;
  },

  /** The view as the API's `bbox` (south,west,north,east), widened by `pad` of its size each way. */
  viewBBox(pad) {
    const a = this.toLatLon(0, this.h), b = this.toLatLon(this.w, 0);
    const dLat = (b.lat - a.lat) * pad, dLon = (b.lon - a.lon) * pad;
    return [a.lat - dLat, a.lon - dLon, b.lat + dLat, b.lon + dLon].map((v) => v.toFixed(5)).join(',');
  },
};
