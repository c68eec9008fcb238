// The console's map: our own canvas renderer in Web Mercator.
//
// Speed with tens of thousands of features comes from data, not objects: each point layer is a
// set of typed arrays (projected world x/y, style codes) rebuilt only when its data changes, a
// grid of world cells for culling, one fill per style per frame (no per-frame Path2D), and level of detail: when
// zoomed out or crowded, points are counted into screen bins and drawn as sized clusters.
import { project, unproject, metresPerPixel, wgsToGcj, gcjToWgs } from './geo.js';
import { state, stationOf } from './state.js';
import { t, getLang } from './i18n.js';
import { api } from './api.js';

const CELL_LEVEL = 14;                  // culling grid: one cell = one z14 tile
const CELL = 256 / 2 ** CELL_LEVEL;
const BIN = 56;                         // cluster bin size in CSS pixels (fewer, larger bins: less to rasterise)
const DETAIL_MAX = 2500;                // above this many visible points, cluster
const MIN_ZOOM = 3, MAX_ZOOM = 19;

export const PRIORITY_COLOURS = ['#d32f2f', '#ef6c00', '#f9a825', '#1e88e5'];
export const UNIT_STATUSES = ['available', 'dispatched', 'enRoute', 'onScene', 'outOfService', 'offDuty'];
export const UNIT_COLOURS = ['#2e7d32', '#1565c0', '#6a1b9a', '#c62828', '#757575', '#9e9e9e'];
const CATEGORIES = ['criminal', 'publicOrder', 'traffic', 'fire', 'disaster', 'dispute', 'assistance', 'complaint', 'suspicious', 'inquiry', 'other'];
// Shape per category: 0 circle, 1 diamond, 2 triangle, 3 square, 4 inverted triangle, 5 hexagon
const CATEGORY_SHAPE = [1, 3, 2, 4, 5, 0, 0, 3, 1, 0, 0];
const STALE_MS = 5 * 60 * 1000;

/** One point layer as flat arrays plus a culling grid. */
class PointLayer {
  constructor() { this.n = 0; this.x = new Float64Array(0); this.y = new Float64Array(0); this.style = new Uint8Array(0); this.flags = new Uint8Array(0); this.items = []; this.grid = new Map(); }
  build(iterable, locate, styleOf, flagsOf) {
    const items = Array.isArray(iterable) ? iterable : [...iterable];
    const n = items.length;
    this.x = new Float64Array(n); this.y = new Float64Array(n); this.style = new Uint8Array(n); this.flags = new Uint8Array(n);
    this.items = new Array(n);
    this.grid = new Map();
    let k = 0;
    for (const it of items) {
      const p = locate(it);
      if (!p) continue;
      this.x[k] = p[0]; this.y[k] = p[1]; this.style[k] = styleOf(it); this.flags[k] = flagsOf ? flagsOf(it) : 0;
      this.items[k] = it;
      const key = Math.floor(p[0] / CELL) * 1e6 + Math.floor(p[1] / CELL);
      let cell = this.grid.get(key);
      if (!cell) { cell = []; this.grid.set(key, cell); }
      cell.push(k);
      k++;
    }
    this.n = k;
  }
  /** Calls `f(i)` for every point inside the world rectangle (cell-level precision). */
  forEachIn(x0, y0, x1, y1, f) {
    const cx0 = Math.floor(x0 / CELL), cx1 = Math.floor(x1 / CELL), cy0 = Math.floor(y0 / CELL), cy1 = Math.floor(y1 / CELL);
    if ((cx1 - cx0 + 1) * (cy1 - cy0 + 1) > this.grid.size) {
      for (let i = 0; i < this.n; i++) { const x = this.x[i], y = this.y[i]; if (x >= x0 && x <= x1 && y >= y0 && y <= y1) f(i); }
      return;
    }
    for (let cx = cx0; cx <= cx1; cx++) for (let cy = cy0; cy <= cy1; cy++) {
      const cell = this.grid.get(cx * 1e6 + cy);
      if (cell) for (let j = 0; j < cell.length; j++) f(cell[j]);
    }
  }
}

export class MapView {
  constructor(canvas) {
    this.canvas = canvas;
    // CPU rasterisation (willReadFrequently): our frames are many small path fills, which the
    // CPU rasteriser draws predictably; the GPU canvas under software GL (headless Chromium,
    // machines without a GPU) crashed the tab under this load. `?gpu=1` opts back in.
    const gpu = new URLSearchParams(location.search).has('gpu');
    this.ctx = canvas.getContext('2d', { alpha: false, willReadFrequently: !gpu });
    this.dpr = window.devicePixelRatio || 1;
    const [x, y] = project(31.2304, 121.4737);
    this.cx = x; this.cy = y; this.zoom = 12;
    this.layers = { roads: true, jurisdictions: true, zones: true, posts: true, units: true, incidents: true, gcj: localStorage.getItem('pingan.gcj') === '1' };
    this.inc = new PointLayer(); this.units = new PointLayer();
    this.builtIncidents = -1; this.builtUnits = -1; this.builtOrg = -1; this.builtGcj = null;
    this.zonePaths = []; this.stationPts = []; this.postPts = [];
    this.roads = null; this.roadsState = 'unknown'; this.roadsKey = ''; this.roadTimer = 0;
    this.anim = null; this.vel = null; this.pick = null; this.picking = false;
    this.route = null;   // a recommended unit's road route: {pts: [{lat, lon}], colour}
    this.onSelect = () => {}; this.onPick = () => {}; this.onUnit = () => {};
    this.frameCost = 0;
    this.pointers = new Map();
    this.resize();
    new ResizeObserver(() => this.resize()).observe(canvas);
    this.bindInput();
    this.requestRender();
  }

  // ---- coordinates -------------------------------------------------------------------------
  toWorld(lat, lon) {
    if (this.layers.gcj) [lat, lon] = wgsToGcj(lat, lon);
    return project(lat, lon);
  }
  /** WGS-84 of a screen point (CSS pixels). */
  toLatLon(px, py) {
    const s = 2 ** this.zoom;
    let [lat, lon] = unproject(this.cx + (px - this.w / 2) / s, this.cy + (py - this.h / 2) / s);
    if (this.layers.gcj) [lat, lon] = gcjToWgs(lat, lon);
    return { lat, lon };
  }
  screenOf(wx, wy) { const s = 2 ** this.zoom; return [(wx - this.cx) * s + this.w / 2, (wy - this.cy) * s + this.h / 2]; }

  resize() {
    const r = this.canvas.getBoundingClientRect();
    this.w = Math.max(1, r.width); this.h = Math.max(1, r.height);
    this.canvas.width = Math.round(this.w * this.dpr); this.canvas.height = Math.round(this.h * this.dpr);
    this.requestRender();
  }

  setLayer(name, on) {
    this.layers[name] = on;
    if (name === 'gcj') { localStorage.setItem('pingan.gcj', on ? '1' : '0'); this.roadsKey = ''; this.scheduleRoads(); }
    this.requestRender();
  }

  // ---- movement ----------------------------------------------------------------------------
  panBy(dx, dy) { const s = 2 ** this.zoom; this.cx -= dx / s; this.cy -= dy / s; this.viewChanged(); }
  zoomAround(px, py, dz) {
    const z = Math.max(MIN_ZOOM, Math.min(MAX_ZOOM, this.zoom + dz));
    const s0 = 2 ** this.zoom, s1 = 2 ** z;
    const wx = this.cx + (px - this.w / 2) / s0, wy = this.cy + (py - this.h / 2) / s0;
    this.zoom = z;
    this.cx = wx - (px - this.w / 2) / s1; this.cy = wy - (py - this.h / 2) / s1;
    this.viewChanged();
  }
  viewChanged() { this.requestRender(); this.scheduleRoads(); }

  /** Animated move to a place: eased centre, with a zoom-out bump for long flights. */
  flyTo(lat, lon, zoom = Math.max(this.zoom, 15), ms = 700) {
    const [tx, ty] = this.toWorld(lat, lon);
    const from = { x: this.cx, y: this.cy, z: this.zoom };
    const distPx = Math.hypot(tx - from.x, ty - from.y) * 2 ** Math.min(from.z, zoom);
    const bump = distPx > this.w ? Math.min(3, Math.log2(distPx / this.w) + 0.5) : 0;
    const start = performance.now();
    this.vel = null;
    this.anim = (now) => {
      const p = Math.min(1, (now - start) / ms);
      const e = p < 0.5 ? 2 * p * p : 1 - (-2 * p + 2) ** 2 / 2;
      this.cx = from.x + (tx - from.x) * e;
      this.cy = from.y + (ty - from.y) * e;
      this.zoom = from.z + (zoom - from.z) * e - bump * Math.sin(Math.PI * e);
      if (p >= 1) { this.cx = tx; this.cy = ty; this.zoom = zoom; this.anim = null; }
      this.viewChanged();
    };
    this.requestRender();
  }

  fitTo(points) {
    if (!points.length) return;
    let x0 = Infinity, y0 = Infinity, x1 = -Infinity, y1 = -Infinity;
    for (const p of points) { const [x, y] = this.toWorld(p.lat, p.lon); x0 = Math.min(x0, x); y0 = Math.min(y0, y); x1 = Math.max(x1, x); y1 = Math.max(y1, y); }
    this.cx = (x0 + x1) / 2; this.cy = (y0 + y1) / 2;
    const span = Math.max(x1 - x0, y1 - y0, 1e-6);
    this.zoom = Math.max(MIN_ZOOM, Math.min(16, Math.log2(Math.min(this.w, this.h) * 0.7 / span)));
    this.viewChanged();
  }

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
    c.addEventListener('dblclick', (e) => { e.preventDefault(); this.zoomAnimated(e.offsetX, e.offsetY, 1); });
  }
  pinchState() {
    const [a, b] = [...this.pointers.values()];
    return { mx: (a.x + b.x) / 2, my: (a.y + b.y) / 2, d: Math.max(10, Math.hypot(a.x - b.x, a.y - b.y)) };
  }
  zoomAnimated(px, py, dz, ms = 250) {
    const start = performance.now(); let done = 0;
    this.anim = (now) => {
      const p = Math.min(1, (now - start) / ms); const e = 1 - (1 - p) ** 3;
      this.zoomAround(px, py, dz * e - done); done = dz * e;
      if (p >= 1) this.anim = null;
    };
    this.requestRender();
  }

  click(px, py) {
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
  }
  setPicking(on) { this.picking = on; if (!on) this.pick = null; this.canvas.classList.toggle('picking', on); this.requestRender(); }

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
  }

  // ---- data --------------------------------------------------------------------------------
  rebuild() {
    const gcj = this.layers.gcj;
    if (this.builtGcj !== gcj) { this.builtGcj = gcj; this.builtIncidents = this.builtUnits = this.builtOrg = -1; }
    const now = Date.now();
    if (this.builtIncidents !== state.version.incidents) {
      this.builtIncidents = state.version.incidents;
      this.inc.build(state.incidents.values(), (i) => i.location && this.toWorld(i.location.lat, i.location.lon),
        (i) => ((i.priority || 4) - 1) * 16 + Math.max(0, CATEGORIES.indexOf(i.category)) ,
        (i) => (i.status === 'closed' || i.status === 'cancelled' ? 2 : 0));
      // earliest open deadline per point: overdue is tested against the clock at draw time
      this.incDue = new Float64Array(this.inc.n);
      for (let k = 0; k < this.inc.n; k++) this.incDue[k] = this.inc.items[k]._minDue ?? Infinity;
    }
    // bit 1 of the flags = overdue now, for visible points only (set in draw)
    this.now = now;
    if (this.builtOrg !== state.version.org) {
      this.builtOrg = state.version.org;
      this.stationPts = [...state.jurisdictions.values()].filter((j) => j.location && (j.level === 'station' || j.level === 'district'))
        .map((j) => ({ j, p: this.toWorld(j.location.lat, j.location.lon) }));
      this.postPts = [...state.posts.values()].map((p) => ({ post: p, p: this.toWorld(p.location.lat, p.location.lon) }));
      this.zonePaths = [...state.zones.values()].map((z) => {
        const pts = z.boundary.map((c) => this.toWorld(c.lat, c.lon));
        let sx = 0, sy = 0; for (const [x, y] of pts) { sx += x; sy += y; }
        return { zone: z, pts, c: [sx / pts.length, sy / pts.length] };
      });
      this.builtUnits = -1;
    }
    if (this.builtUnits !== state.version.units) {
      this.builtUnits = state.version.units;
      this.units.build(state.units.values(), (u) => this.unitWorld(u), (u) => Math.max(0, UNIT_STATUSES.indexOf(u.status)),
        (u) => (u._approx ? 4 : 0) | (u._stale ? 1 : 0));
    }
  }
  /** A unit's position: its last report when the API has one, else beside its station. */
  unitWorld(u) {
    const pos = u.position || u.location || u.lastPosition;
    if (pos && pos.lat != null) {
      const at = Date.parse(pos.at || u.positionAt || '') || 0;
      u._stale = at > 0 && Date.now() - at > STALE_MS;
      u._approx = false;
      return this.toWorld(pos.lat, pos.lon);
    }
    if (u._synthetic) return this.toWorld(u._lat, u._lon);
    const st = state.jurisdictions.get(u.stationID);
    if (!st?.location) return null;
    u._approx = true;
    // deterministic ring around the station so units of one station do not sit on each other
    let h = 0; for (const ch of u.id) h = (h * 31 + ch.charCodeAt(0)) >>> 0;
    const a = (h % 360) * Math.PI / 180, d = 0.0012 + (h % 7) * 0.0002;
    return this.toWorld(st.location.lat + Math.sin(a) * d, st.location.lon + Math.cos(a) * d * 1.2);
  }
  invalidate(what) { if (what === 'incidents') this.builtIncidents = -1; if (what === 'units') this.builtUnits = -1; this.requestRender(); }

  // ---- roads -------------------------------------------------------------------------------
  scheduleRoads() {
    if (!this.layers.roads || this.roadsState === 'absent') return;
    clearTimeout(this.roadTimer);
    this.roadTimer = setTimeout(() => this.loadRoads(), 350);
  }
  async loadRoads() {
    const z = Math.round(this.zoom);
    if (z < 11) { this.roads = null; this.requestRender(); return; }
    const a = this.toLatLon(0, this.h), b = this.toLatLon(this.w, 0);
    const pad = 0.25;
    const dLat = (b.lat - a.lat) * pad, dLon = (b.lon - a.lon) * pad;
    const bbox = [a.lat - dLat, a.lon - dLon, b.lat + dLat, b.lon + dLon].map((v) => v.toFixed(5)).join(',');
    const key = `${bbox}/${z}`;
    if (key === this.roadsKey) return;
    this.roadsKey = key;
    try {
      const fc = await api('GET', `/v1/map/roads?bbox=${bbox}&zoom=${z}`);
      if (key !== this.roadsKey) return;
      const lines = [];
      for (const f of fc?.features || []) {
        const g = f.geometry; if (!g) continue;
        const parts = g.type === 'LineString' ? [g.coordinates] : g.type === 'MultiLineString' ? g.coordinates : [];
        const cls = roadClass(f.properties || {});
        for (const part of parts) {
          const xy = new Float64Array(part.length * 2);
          part.forEach(([lon, lat], k) => { const [x, y] = this.toWorld(lat, lon); xy[2 * k] = x; xy[2 * k + 1] = y; });
          lines.push({ cls, xy });
        }
      }
      this.roads = lines; this.roadsState = 'present';
    } catch (e) {
      // no road layer on this server: draw a light grid instead and stop asking
      // (503 when the server runs without a road network)
      if (e.status === 404 || e.status === 501 || e.status === 503) this.roadsState = 'absent';
      this.roads = null;
    }
    this.requestRender();
  }

  // ---- drawing -----------------------------------------------------------------------------
  requestRender() {
    if (this.frameRequested) return;
    this.frameRequested = true;
    requestAnimationFrame((now) => { this.frameRequested = false; this.frame(now); });
  }
  frame(now) {
    if (this.anim) this.anim(now);
    if (this.vel) {
      this.panBy(this.vel.x, this.vel.y);
      this.vel.x *= 0.92; this.vel.y *= 0.92;
      if (Math.hypot(this.vel.x, this.vel.y) < 0.3) this.vel = null;
    }
    const t0 = performance.now();
    this.draw(now);
    this.frameCost = performance.now() - t0;
    if (this.anim || this.vel || this.pulsing) this.requestRender();
  }

  draw(now) {
    this.rebuild();
    const ctx = this.ctx, dpr = this.dpr, w = this.w, h = this.h, s = 2 ** this.zoom;
    const dark = document.documentElement.dataset.theme === 'dark';
    const css = getComputedStyleCache();
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    ctx.fillStyle = dark ? '#0f141b' : '#f2efe9';
    ctx.fillRect(0, 0, w, h);
    const x0 = this.cx - w / 2 / s, y0 = this.cy - h / 2 / s, x1 = this.cx + w / 2 / s, y1 = this.cy + h / 2 / s;
    const sx = (x) => (x - x0) * s, sy = (y) => (y - y0) * s;

    // base: roads when the server has them, else a light grid
    if (this.layers.roads && this.roads) this.drawRoads(ctx, sx, sy, s, dark, x0, y0, x1, y1);
    else this.drawGrid(ctx, x0, y0, s, w, h, dark);

    if (this.layers.zones && this.zonePaths.length) {
      ctx.beginPath();
      for (const z of this.zonePaths) {
        z.pts.forEach(([x, y], k) => (k ? ctx.lineTo(sx(x), sy(y)) : ctx.moveTo(sx(x), sy(y))));
        ctx.closePath();
      }
      ctx.fillStyle = dark ? 'rgba(61,123,230,0.10)' : 'rgba(29,95,209,0.07)'; ctx.fill();
      ctx.strokeStyle = dark ? 'rgba(120,160,240,0.7)' : 'rgba(29,95,209,0.6)'; ctx.lineWidth = 1.5; ctx.setLineDash([6, 4]); ctx.stroke(); ctx.setLineDash([]);
      if (this.zoom >= 13) {
        ctx.font = '12px ' + css.font; ctx.fillStyle = dark ? '#8fb0ea' : '#1d4fa8'; ctx.textAlign = 'center';
        for (const z of this.zonePaths) { let top = Infinity; for (const p of z.pts) top = Math.min(top, p[1]); ctx.fillText(z.zone.name, sx(z.c[0]), sy(top) + 16); }
      }
    }
    if (this.layers.posts && this.zoom >= 12 && this.postPts.length) {
      ctx.beginPath();
      for (const { p } of this.postPts) ctx.rect(sx(p[0]) - 4, sy(p[1]) - 4, 8, 8);
      ctx.fillStyle = '#00897b'; ctx.fill(); ctx.strokeStyle = '#fff'; ctx.lineWidth = 1; ctx.stroke();
      if (this.zoom >= 15) {
        ctx.font = '11px ' + css.font; ctx.fillStyle = dark ? '#9fd8cf' : '#00695c'; ctx.textAlign = 'left';
        for (const { post, p } of this.postPts) ctx.fillText(post.name, sx(p[0]) + 7, sy(p[1]) + 4);
      }
    }
    if (this.layers.jurisdictions && this.stationPts.length) {
      ctx.beginPath();
      for (const { p } of this.stationPts) { const X = sx(p[0]), Y = sy(p[1]); ctx.moveTo(X, Y - 9); ctx.lineTo(X + 8, Y - 2); ctx.lineTo(X + 6, Y + 7); ctx.lineTo(X - 6, Y + 7); ctx.lineTo(X - 8, Y - 2); ctx.closePath(); }
      ctx.fillStyle = '#1d3f8c'; ctx.fill(); ctx.strokeStyle = '#fff'; ctx.lineWidth = 1.5; ctx.stroke();
      ctx.font = 'bold 12px ' + css.font; ctx.textAlign = 'left'; ctx.lineWidth = 3; ctx.strokeStyle = dark ? '#0f141b' : '#fff'; ctx.fillStyle = dark ? '#b9cdf5' : '#1d3f8c';
      const en = getLang() === 'en';
      for (const { j, p } of this.stationPts) { const name = (en && j.nameEn) || j.name; ctx.strokeText(name, sx(p[0]) + 11, sy(p[1]) + 4); ctx.fillText(name, sx(p[0]) + 11, sy(p[1]) + 4); }
    }

    if (this.route?.pts?.length > 1) this.drawRoute(ctx, sx, sy, dark);

    let pulsing = false, mode = 'detail';
    const pad = 20 / s;
    const visInc = [], visUnits = [];
    if (this.layers.incidents) this.inc.forEachIn(x0 - pad, y0 - pad, x1 + pad, y1 + pad, (i) => visInc.push(i));
    if (this.layers.units) this.units.forEachIn(x0 - pad, y0 - pad, x1 + pad, y1 + pad, (i) => visUnits.push(i));
    if (visInc.length + visUnits.length > DETAIL_MAX || this.zoom < 11) mode = 'cluster';
    this.lastMode = mode;
    if (mode === 'cluster') {
      this.drawClusters(ctx, this.inc, visInc, sx, sy, w, h, 'incident', css);
      this.drawClusters(ctx, this.units, visUnits, sx, sy, w, h, 'unit', css);
    } else {
      pulsing = this.drawIncidents(ctx, visInc, sx, sy, now);
      this.drawUnits(ctx, visUnits, sx, sy, css, dark);
    }
    this.pulsing = pulsing;
    this.visible = { incidents: visInc.length, units: visUnits.length, mode };

    // selection and the picked location
    const sel = state.selectedID && state.incidents.get(state.selectedID);
    if (sel?.location) {
      const [wx, wy] = this.toWorld(sel.location.lat, sel.location.lon);
      ctx.beginPath(); ctx.arc(sx(wx), sy(wy), 14, 0, Math.PI * 2);
      ctx.strokeStyle = dark ? '#fff' : '#111'; ctx.lineWidth = 2.5; ctx.stroke();
    }
    if (this.pick) {
      const [wx, wy] = this.toWorld(this.pick.lat, this.pick.lon); const X = sx(wx), Y = sy(wy);
      ctx.beginPath(); ctx.moveTo(X, Y); ctx.bezierCurveTo(X - 10, Y - 14, X - 9, Y - 26, X, Y - 26); ctx.bezierCurveTo(X + 9, Y - 26, X + 10, Y - 14, X, Y);
      ctx.fillStyle = '#d32f2f'; ctx.fill(); ctx.strokeStyle = '#fff'; ctx.lineWidth = 2; ctx.stroke();
      ctx.beginPath(); ctx.arc(X, Y - 18, 3.5, 0, Math.PI * 2); ctx.fillStyle = '#fff'; ctx.fill();
    }
    this.drawScale(ctx, w, h, css, dark);
    ctx.font = '11px ' + css.font; ctx.textAlign = 'right';
    ctx.fillStyle = dark ? 'rgba(22,27,34,0.8)' : 'rgba(255,255,255,0.8)';
    const attr = '© OpenStreetMap contributors' + (this.layers.gcj ? ' · GCJ-02' : '');
    const tw = ctx.measureText(attr).width; ctx.fillRect(w - tw - 10, h - 18, tw + 10, 18);
    ctx.fillStyle = dark ? '#aab4c0' : '#333'; ctx.fillText(attr, w - 5, h - 5);
    if (this.layers.roads && this.roadsState === 'absent' && this.zoom >= 11) {
      ctx.textAlign = 'left'; ctx.fillStyle = dark ? '#6b7785' : '#8a8a8a'; ctx.fillText(t('map.noRoads'), 130, h - 5);
    }
  }

  /** Shows (or with null clears) a route polyline under the markers. */
  setRoute(pts, colour) {
    const next = pts && pts.length > 1 ? { pts, colour: colour || '#1d5fd1' } : null;
    if (!next && !this.route) return;
    if (next && this.route && this.route.pts === next.pts && this.route.colour === next.colour) return;
    this.route = next;
    this.requestRender();
  }

  drawRoute(ctx, sx, sy, dark) {
    ctx.beginPath();
    this.route.pts.forEach((p, k) => { const [wx, wy] = this.toWorld(p.lat, p.lon); k ? ctx.lineTo(sx(wx), sy(wy)) : ctx.moveTo(sx(wx), sy(wy)); });
    ctx.lineCap = 'round'; ctx.lineJoin = 'round';
    ctx.strokeStyle = dark ? 'rgba(0,0,0,0.6)' : 'rgba(255,255,255,0.9)'; ctx.lineWidth = 8; ctx.stroke();
    ctx.strokeStyle = this.route.colour; ctx.lineWidth = 4.5; ctx.stroke();
    const start = this.route.pts[0], [wx, wy] = this.toWorld(start.lat, start.lon);
    ctx.beginPath(); ctx.arc(sx(wx), sy(wy), 5, 0, Math.PI * 2);
    ctx.fillStyle = '#fff'; ctx.fill(); ctx.strokeStyle = this.route.colour; ctx.lineWidth = 2.5; ctx.stroke();
  }

  drawGrid(ctx, x0, y0, s, w, h, dark) {
    const level = Math.floor(this.zoom) + 1, step = 256 / 2 ** level, px = step * s;
    ctx.beginPath();
    for (let x = Math.floor(x0 / step) * step; (x - x0) * s < w; x += step) { const X = Math.round((x - x0) * s) + 0.5; ctx.moveTo(X, 0); ctx.lineTo(X, h); }
    for (let y = Math.floor(y0 / step) * step; (y - y0) * s < h; y += step) { const Y = Math.round((y - y0) * s) + 0.5; ctx.moveTo(0, Y); ctx.lineTo(w, Y); }
    ctx.strokeStyle = dark ? 'rgba(255,255,255,0.06)' : 'rgba(0,0,0,0.07)'; ctx.lineWidth = 1; ctx.stroke();
    void px;
  }

  drawRoads(ctx, sx, sy, s, dark, x0, y0, x1, y1) {
    const styles = [
      { w: 1, c: dark ? '#2a323d' : '#ffffff' }, { w: 2, c: dark ? '#36404d' : '#ffffff' },
      { w: 3.5, c: dark ? '#4a4330' : '#fcd68a' }, { w: 5, c: dark ? '#5a4a2a' : '#f7b955' },
    ];
    for (let cls = 0; cls < styles.length; cls++) {
      ctx.beginPath();
      for (const r of this.roads) {
        if (r.cls !== cls) continue;
        const xy = r.xy;
        ctx.moveTo(sx(xy[0]), sy(xy[1]));
        for (let k = 2; k < xy.length; k += 2) ctx.lineTo(sx(xy[k]), sy(xy[k + 1]));
      }
      ctx.strokeStyle = styles[cls].c; ctx.lineWidth = styles[cls].w * Math.max(0.6, Math.min(2, (this.zoom - 11) / 3));
      ctx.lineCap = 'round'; ctx.lineJoin = 'round'; ctx.stroke();
    }
    void s; void x0; void y0; void x1; void y1;
  }

  /** Zoomed out: count points into screen bins and draw one sized disc per bin. */
  drawClusters(ctx, L, vis, sx, sy, w, h, kind, css) {
    if (!vis.length) return;
    const cols = Math.ceil(w / BIN) + 1, rows = Math.ceil(h / BIN) + 1, nb = cols * rows;
    const count = new Int32Array(nb), best = new Uint8Array(nb).fill(255), ax = new Float32Array(nb), ay = new Float32Array(nb), hot = new Uint8Array(nb);
    const perStatus = kind === 'unit' ? new Int32Array(nb * 6) : null;
    const off = kind === 'unit' ? BIN / 2 : 0;
    for (let j = 0; j < vis.length; j++) {
      const i = vis[j], X = sx(L.x[i]), Y = sy(L.y[i]);
      // unit bins sit half a bin off the incident bins, so the two kinds of cluster interleave
      const bx = Math.floor((X + off) / BIN), by = Math.floor((Y + off) / BIN);
      if (bx < 0 || by < 0 || bx >= cols || by >= rows) continue;
      const b = by * cols + bx;
      count[b]++; ax[b] += X; ay[b] += Y;
      if (kind === 'incident') { const p = L.style[i] >> 4; if (p < best[b]) best[b] = p; if (this.incDue[i] < this.now) hot[b] = 1; }
      else perStatus[b * 6 + L.style[i]]++;
    }
    // One fill per style, straight on the context: no Path2D per frame (their native memory is
    // invisible to the garbage collector and piles up at 60 frames a second).
    const nStyles = kind === 'incident' ? 4 : 6;
    const styleOf = new Uint8Array(nb), radius = new Float32Array(nb);
    const labels = [];
    for (let b = 0; b < nb; b++) {
      const n = count[b]; if (!n) continue;
      ax[b] /= n; ay[b] /= n;
      radius[b] = (n === 1 ? 4 : Math.min(20, 6 + Math.log2(n) * 2)) * (kind === 'unit' ? 0.75 : 1);
      if (kind === 'incident') styleOf[b] = best[b];
      else { let m = -1; for (let k = 0; k < 6; k++) if (perStatus[b * 6 + k] > m) { m = perStatus[b * 6 + k]; styleOf[b] = k; } }
      if (n >= 5) labels.push(ax[b], ay[b], n);
    }
    const colours = kind === 'incident' ? PRIORITY_COLOURS : UNIT_COLOURS;
    ctx.strokeStyle = '#fff'; ctx.lineWidth = 1;
    for (let k = 0; k < nStyles; k++) {
      ctx.beginPath();
      let any = false;
      for (let b = 0; b < nb; b++) {
        if (!count[b] || styleOf[b] !== k) continue;
        any = true;
        const X = ax[b], Y = ay[b], r = radius[b];
        if (kind === 'unit') ctx.rect(X - r * 0.8, Y - r * 0.8, r * 1.6, r * 1.6);
        else { ctx.moveTo(X + r, Y); ctx.arc(X, Y, r, 0, Math.PI * 2); }
      }
      if (!any) continue;
      ctx.globalAlpha = 0.85; ctx.fillStyle = colours[k]; ctx.fill(); ctx.globalAlpha = 1;
      if (kind === 'incident') ctx.stroke();
    }
    if (kind === 'incident') {
      ctx.beginPath();
      for (let b = 0; b < nb; b++) if (count[b] && hot[b]) { const r = radius[b] + 3; ctx.moveTo(ax[b] + r, ay[b]); ctx.arc(ax[b], ay[b], r, 0, Math.PI * 2); }
      ctx.strokeStyle = '#ff1744'; ctx.lineWidth = 1.5; ctx.stroke();
    }
    ctx.font = 'bold 10px ' + css.font; ctx.textAlign = 'center'; ctx.fillStyle = '#fff';
    for (let k = 0; k < labels.length; k += 3) ctx.fillText(labels[k + 2] > 999 ? `${(labels[k + 2] / 1000).toFixed(1)}k` : String(labels[k + 2]), labels[k], labels[k + 1] + 3.5);
  }

  /** Zoomed in: one shape per incident, one path per priority × shape, pulsing rings when overdue. */
  drawIncidents(ctx, vis, sx, sy, now) {
    const L = this.inc, n = vis.length;
    const r = this.zoom >= 15 ? 8 : 6;
    const X = new Float32Array(n), Y = new Float32Array(n), key = new Uint8Array(n);
    const present = new Uint8Array(64);
    let anyOver = false, anyDone = false;
    for (let j = 0; j < n; j++) {
      const i = vis[j], st = L.style[i];
      X[j] = sx(L.x[i]); Y[j] = sy(L.y[i]);
      if (L.flags[i] & 2) { key[j] = 255; anyDone = true; continue; }
      key[j] = (st >> 4) * 8 + (CATEGORY_SHAPE[st & 15] ?? 0);
      present[key[j]] = 1;
      if (this.incDue[i] < this.now) anyOver = true;
    }
    if (anyDone) {
      ctx.beginPath();
      for (let j = 0; j < n; j++) if (key[j] === 255) { ctx.moveTo(X[j] + 4, Y[j]); ctx.arc(X[j], Y[j], 4, 0, Math.PI * 2); }
      ctx.fillStyle = 'rgba(120,120,120,0.6)'; ctx.fill();
    }
    if (anyOver) {
      const ph = (now % 1200) / 1200;
      ctx.beginPath();
      for (let j = 0; j < n; j++) if (key[j] !== 255 && this.incDue[vis[j]] < this.now) { ctx.moveTo(X[j] + r + 6, Y[j]); ctx.arc(X[j], Y[j], r + 6, 0, Math.PI * 2); }
      ctx.save(); ctx.globalAlpha = 0.25 + 0.6 * (1 - ph); ctx.lineWidth = 2 + 4 * ph; ctx.strokeStyle = '#ff1744'; ctx.stroke(); ctx.restore();
    }
    ctx.lineWidth = 1.5; ctx.strokeStyle = '#fff';
    for (let k = 0; k < 64; k++) {
      if (!present[k]) continue;
      ctx.beginPath();
      for (let j = 0; j < n; j++) if (key[j] === k) addShape(ctx, k & 7, X[j], Y[j], r);
      ctx.fillStyle = PRIORITY_COLOURS[k >> 3]; ctx.fill(); ctx.stroke();
    }
    return anyOver;
  }

  drawUnits(ctx, vis, sx, sy, css, dark) {
    const L = this.units, n = vis.length;
    const X = new Float32Array(n), Y = new Float32Array(n);
    for (let j = 0; j < n; j++) { X[j] = sx(L.x[vis[j]]); Y[j] = sy(L.y[vis[j]]); }
    ctx.lineWidth = 2; ctx.strokeStyle = dark ? '#0f141b' : '#fff';
    for (let k = 0; k < UNIT_COLOURS.length; k++) {
      ctx.beginPath(); let any = false;
      for (let j = 0; j < n; j++) if (L.style[vis[j]] === k) { any = true; ctx.moveTo(X[j] + 6, Y[j]); ctx.arc(X[j], Y[j], 6, 0, Math.PI * 2); }
      if (any) { ctx.fillStyle = UNIT_COLOURS[k]; ctx.fill(); ctx.stroke(); }
    }
    // heading arrows where the position report has one
    ctx.beginPath();
    for (let j = 0; j < n; j++) {
      const u = L.items[vis[j]], heading = u.position?.heading ?? u.heading;
      if (heading == null || !isFinite(heading)) continue;
      const a = (heading - 90) * Math.PI / 180, c = Math.cos(a), s = Math.sin(a);
      ctx.moveTo(X[j] + c * 13, Y[j] + s * 13); ctx.lineTo(X[j] + c * 7 - s * 4, Y[j] + s * 7 + c * 4); ctx.lineTo(X[j] + c * 7 + s * 4, Y[j] + s * 7 - c * 4); ctx.closePath();
    }
    ctx.fillStyle = dark ? '#e0e0e0' : '#263238'; ctx.fill();
    // white centre: placed beside the station (no position reported yet)
    ctx.beginPath();
    for (let j = 0; j < n; j++) if (L.flags[vis[j]] & 4) { ctx.moveTo(X[j] + 2, Y[j]); ctx.arc(X[j], Y[j], 2, 0, Math.PI * 2); }
    ctx.fillStyle = '#fff'; ctx.fill();
    // dashed ring: the last position is stale
    ctx.beginPath();
    for (let j = 0; j < n; j++) if (L.flags[vis[j]] & 1) { ctx.moveTo(X[j] + 9, Y[j]); ctx.arc(X[j], Y[j], 9, 0, Math.PI * 2); }
    ctx.save(); ctx.setLineDash([3, 3]); ctx.strokeStyle = '#9e9e9e'; ctx.lineWidth = 1.5; ctx.stroke(); ctx.restore();
    if (n <= 400 && this.zoom >= 14) {
      ctx.font = '11px ' + css.font; ctx.textAlign = 'left'; ctx.lineWidth = 3; ctx.strokeStyle = dark ? '#0f141b' : '#fff'; ctx.fillStyle = dark ? '#e6edf3' : '#1b2430';
      for (let j = 0; j < n; j++) { const u = L.items[vis[j]]; ctx.strokeText(u.callsign, X[j] + 9, Y[j] + 4); ctx.fillText(u.callsign, X[j] + 9, Y[j] + 4); }
    }
  }

  drawScale(ctx, w, h, css, dark) {
    const lat = unproject(this.cx, this.cy)[0];
    const mpp = metresPerPixel(lat, this.zoom);
    const target = 100 * mpp;
    const pow = 10 ** Math.floor(Math.log10(target));
    const nice = [1, 2, 5, 10].map((m) => m * pow).filter((v) => v <= target).pop() || pow;
    const px = nice / mpp;
    const X = 12, Y = h - 12;
    ctx.fillStyle = dark ? 'rgba(22,27,34,0.8)' : 'rgba(255,255,255,0.8)'; ctx.fillRect(X - 4, Y - 18, px + 8, 22);
    ctx.strokeStyle = dark ? '#dfe6ee' : '#222'; ctx.lineWidth = 2;
    ctx.beginPath(); ctx.moveTo(X, Y - 6); ctx.lineTo(X, Y); ctx.lineTo(X + px, Y); ctx.lineTo(X + px, Y - 6); ctx.stroke();
    ctx.font = '11px ' + css.font; ctx.textAlign = 'center'; ctx.fillStyle = dark ? '#dfe6ee' : '#222';
    ctx.fillText(nice >= 1000 ? `${nice / 1000} km` : `${nice} m`, X + px / 2, Y - 6);
  }
}

function addShape(path, shape, X, Y, r) {
  switch (shape) {
    case 1: path.moveTo(X, Y - r); path.lineTo(X + r, Y); path.lineTo(X, Y + r); path.lineTo(X - r, Y); path.closePath(); break;
    case 2: path.moveTo(X, Y - r); path.lineTo(X + r, Y + r * 0.8); path.lineTo(X - r, Y + r * 0.8); path.closePath(); break;
    case 3: path.rect(X - r * 0.8, Y - r * 0.8, r * 1.6, r * 1.6); break;
    case 4: path.moveTo(X, Y + r); path.lineTo(X + r, Y - r * 0.8); path.lineTo(X - r, Y - r * 0.8); path.closePath(); break;
    case 5: for (let k = 0; k < 6; k++) { const a = k * Math.PI / 3; const px = X + Math.cos(a) * r, py = Y + Math.sin(a) * r; k ? path.lineTo(px, py) : path.moveTo(px, py); } path.closePath(); break;
    default: path.moveTo(X + r, Y); path.arc(X, Y, r, 0, Math.PI * 2);
  }
}
export const categoryShape = (code) => CATEGORY_SHAPE[Math.max(0, CATEGORIES.indexOf(code))] ?? 0;

function roadClass(p) {
  const k = p.class || p.highway || p.kind || '';
  if (/motorway|trunk/.test(k) || p.rank >= 3) return 3;
  if (/primary/.test(k) || p.rank === 2) return 2;
  if (/secondary|tertiary/.test(k) || p.rank === 1) return 1;
  return 0;
}

let cssCache = null;
function getComputedStyleCache() {
  if (!cssCache) cssCache = { font: getComputedStyle(document.body).getPropertyValue('--font') || 'sans-serif' };
  return cssCache;
}
export { stationOf };
