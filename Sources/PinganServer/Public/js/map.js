// The console's map: our own canvas renderer in Web Mercator.
//
// Speed with tens of thousands of features comes from data, not objects: each point layer is a
// set of typed arrays (projected world x/y, style codes) rebuilt only when its data changes, a
// grid of world cells for culling into a reused index buffer, and level of detail: when zoomed out
// or crowded, points are counted into screen bins and drawn as sized clusters. What the CPU
// rasteriser spends a frame on is kept small too: roads are drawn once into cached tiles and then
// copied, markers are cached sprites copied onto whole pixels (not one huge path per style), and
// at rest the overdue pulse redraws ten times a second, not sixty.
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
// 1-3-5 coverage tiers: green, teal, indigo, red (apart from the orange and yellow of the roads)
export const COVERAGE_COLOURS = { 1: '#2e7d32', 3: '#00acc1', 5: '#5c6bc0', over: 'rgba(229,57,53,0.7)' };
const NONE = new Int32Array(0);
// Road tiles: the road layer is drawn once into TILE × TILE (CSS px) canvases per tile zoom and
// then only copied, scaled, while the map moves: thousands of thick stroked lines rasterised on
// every frame were what kept the frame rate down (and the CPU busy) when panning and zooming.
const TILE = 512;
const TILE_KEEP = 40;                   // tiles kept (≈ 1 MB each at 1x)
const TILE_BUDGET_MS = 6;               // time a frame may spend drawing missing tiles
const TILE_HYSTERESIS = 0.75;           // tile zoom changes when the view is this far from it

/** One point layer as flat arrays plus a culling grid. */
class PointLayer {
  constructor() { this.n = 0; this.x = new Float64Array(0); this.y = new Float64Array(0); this.style = new Uint8Array(0); this.flags = new Uint8Array(0); this.items = []; this.grid = new Map(); this.vis = new Int32Array(0); }
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
  /** The indices of the points inside the world rectangle, in a buffer reused every frame (a
   *  view valid until the next call): no per-frame array of tens of thousands of numbers. */
  collect(x0, y0, x1, y1) {
    if (this.vis.length < this.n) this.vis = new Int32Array(this.n);
    const out = this.vis, X = this.x, Y = this.y;
    let n = 0;
    const cx0 = Math.floor(x0 / CELL), cx1 = Math.floor(x1 / CELL), cy0 = Math.floor(y0 / CELL), cy1 = Math.floor(y1 / CELL);
    if ((cx1 - cx0 + 1) * (cy1 - cy0 + 1) > this.grid.size) {
      for (let i = 0; i < this.n; i++) { const x = X[i], y = Y[i]; if (x >= x0 && x <= x1 && y >= y0 && y <= y1) out[n++] = i; }
    } else {
      for (let cx = cx0; cx <= cx1; cx++) for (let cy = cy0; cy <= cy1; cy++) {
        const cell = this.grid.get(cx * 1e6 + cy);
        if (cell) for (let j = 0; j < cell.length; j++) out[n++] = cell[j];
      }
    }
    return out.subarray(0, n);
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
    this.layers = { roads: true, jurisdictions: true, zones: true, posts: true, checkpoints: true, cameras: true, coverage: false, units: true, incidents: true, gcj: localStorage.getItem('pingan.gcj') === '1' };
    this.inc = new PointLayer(); this.units = new PointLayer();
    this.builtIncidents = -1; this.builtUnits = -1; this.builtOrg = -1; this.builtGcj = null;
    this.zonePaths = []; this.stationPts = []; this.postPts = [];
    this.coverage = null; this.coverageKey = ''; this.coverageTimer = 0; this.coverageRefresh = 0; this.coverageAt = 0;
    this.roads = null; this.roadsState = 'unknown'; this.roadsKey = ''; this.roadTimer = 0; this.roadsVersion = 0;
    this.tiles = new Map(); this.tileKey = ''; this.tileZ = null; this.frameNo = 0;
    this.tileOpts = { willReadFrequently: !gpu };
    this.sprites = new Map(); this.binCache = {};
    this.anim = null; this.vel = null; this.pick = null; this.picking = false;
    this.route = null;   // a recommended unit's road route: {pts: [{lat, lon}], colour}
    this.track = null;   // a unit's track for the shift: {unitID, callsign, points: [{at, lat, lon}], xy, gcj}
    this.onSelect = () => {}; this.onPick = () => {}; this.onUnit = () => {}; this.onCoverage = () => {};
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
    if (name === 'gcj' || name === 'coverage') { this.coverageKey = ''; this.scheduleCoverage(); }
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
  viewChanged() { this.requestRender(); this.scheduleRoads(); this.scheduleCoverage(); }

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
      const p = Math.max(0, Math.min(1, (now - start) / ms)); const e = 1 - (1 - p) ** 3;
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
      const stationHue = new Map([...state.jurisdictions.values()].filter((j) => j.level === 'station').map((j, k) => [j.id, (k * 137.5) % 360]));
      this.zonePaths = [...state.zones.values()].map((z) => {
        const pts = z.boundary.map((c) => this.toWorld(c.lat, c.lon));
        let sx = 0, sy = 0; for (const [x, y] of pts) { sx += x; sy += y; }
        return { zone: z, pts, c: [sx / pts.length, sy / pts.length], hue: stationHue.get(z.stationID) ?? 215 };
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

  /** The view as the API's `bbox` (south,west,north,east), widened by `pad` of its size each way. */
  viewBBox(pad) {
    const a = this.toLatLon(0, this.h), b = this.toLatLon(this.w, 0);
    const dLat = (b.lat - a.lat) * pad, dLon = (b.lon - a.lon) * pad;
    return [a.lat - dLat, a.lon - dLon, b.lat + dLat, b.lon + dLon].map((v) => v.toFixed(5)).join(',');
  }

  // ---- roads -------------------------------------------------------------------------------
  scheduleRoads() {
    if (!this.layers.roads || this.roadsState === 'absent') return;
    clearTimeout(this.roadTimer);
    this.roadTimer = setTimeout(() => this.loadRoads(), 350);
  }
  async loadRoads() {
    const z = Math.round(this.zoom);
    if (z < 11) { this.roads = null; this.requestRender(); return; }
    const bbox = this.viewBBox(0.25);
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
          let bx0 = Infinity, by0 = Infinity, bx1 = -Infinity, by1 = -Infinity;
          part.forEach(([lon, lat], k) => {
            const [x, y] = this.toWorld(lat, lon); xy[2 * k] = x; xy[2 * k + 1] = y;
            if (x < bx0) bx0 = x; if (x > bx1) bx1 = x; if (y < by0) by0 = y; if (y > by1) by1 = y;
          });
          lines.push({ cls, xy, bx0, by0, bx1, by1 });
        }
      }
      this.roads = lines; this.roadsState = 'present'; this.roadsVersion++;
    } catch (e) {
      // no road layer on this server: draw a light grid instead and stop asking
      // (503 when the server runs without a road network)
      if (e.status === 404 || e.status === 501 || e.status === 503) this.roadsState = 'absent';
      this.roads = null;
    }
    this.requestRender();
  }

  // ---- 1-3-5 minute coverage ----------------------------------------------------------------
  // Road segments coloured by how soon the nearest free unit reaches them, from the server's
  // road engine. Refreshed when the view settles and every 15 s while shown, since units move.
  scheduleCoverage() {
    clearTimeout(this.coverageTimer);
    if (!this.layers.coverage) {
      clearTimeout(this.coverageRefresh);
      if (this.coverage) { this.coverage = null; this.onCoverage(null); this.requestRender(); }
      return;
    }
    this.coverageTimer = setTimeout(() => this.loadCoverage(), 400);
  }
  async loadCoverage() {
    if (!this.layers.coverage) return;
    const z = Math.max(11, Math.round(this.zoom));
    const bbox = this.viewBBox(0);
    const key = `${bbox}/${z}`;
    if (key === this.coverageKey && Date.now() - this.coverageAt < 15000) return;
    this.coverageKey = key;
    try {
      const fc = await api('GET', `/v1/map/coverage?bbox=${bbox}&zoom=${z}`);
      if (key !== this.coverageKey || !this.layers.coverage) return;
      const byTier = { 1: [], 3: [], 5: [], over: [] };
      for (const f of fc?.features || []) {
        const c = f.geometry?.coordinates; if (!c || c.length < 2) continue;
        const list = byTier[f.properties?.tier] || byTier.over;
        const xy = new Float64Array(c.length * 2);
        c.forEach(([lon, lat], k) => { const [x, y] = this.toWorld(lat, lon); xy[2 * k] = x; xy[2 * k + 1] = y; });
        list.push(xy);
      }
      this.coverage = { byTier, shares: fc.shares || {}, units: fc.units ?? 0 };
      this.coverageAt = Date.now();
      this.onCoverage(this.coverage);
    } catch (e) {
      this.coverage = null; this.onCoverage(null, e);
    }
    this.requestRender();
    // its own timer: a view change re-arms only the debounce, never cancels the refresh
    clearTimeout(this.coverageRefresh);
    this.coverageRefresh = setTimeout(() => { this.coverageKey = ''; this.loadCoverage(); }, 15000);
  }
  drawCoverage(ctx, sx, sy) {
    const colours = COVERAGE_COLOURS;
    ctx.lineCap = 'round'; ctx.lineWidth = this.zoom >= 15 ? 5 : 3;
    for (const tier of ['over', '5', '3', '1']) {
      const list = this.coverage.byTier[tier]; if (!list.length) continue;
      ctx.beginPath();
      for (const xy of list) { ctx.moveTo(sx(xy[0]), sy(xy[1])); for (let k = 2; k < xy.length; k += 2) ctx.lineTo(sx(xy[k]), sy(xy[k + 1])); }
      ctx.strokeStyle = colours[tier]; ctx.stroke();
    }
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
    if (this.anim || this.vel) this.requestRender();
    else if (this.pulsing) {
      // overdue rings pulse in 12 steps over 1.2 s: at rest, ten frames a second are enough
      clearTimeout(this.pulseTimer);
      this.pulseTimer = setTimeout(() => this.requestRender(), 100);
    }
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
    if (this.layers.roads && this.roads) this.drawRoadTiles(ctx, w, h, dark);
    else this.drawGrid(ctx, x0, y0, s, w, h, dark);

    if (this.layers.jurisdictions && this.zonePaths.length) {
      // station areas: each station's zones share one tint, so its territory reads as one
      for (const z of this.zonePaths) {
        ctx.beginPath();
        z.pts.forEach(([x, y], k) => (k ? ctx.lineTo(sx(x), sy(y)) : ctx.moveTo(sx(x), sy(y))));
        ctx.closePath();
        ctx.fillStyle = `hsla(${z.hue},70%,${dark ? 55 : 45}%,${dark ? 0.10 : 0.08})`; ctx.fill();
      }
    }
    if (this.layers.coverage && this.coverage) this.drawCoverage(ctx, sx, sy);
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
    this.drawPosts(ctx, sx, sy, css, dark);
    if (this.layers.jurisdictions && this.stationPts.length) {
      ctx.beginPath();
      for (const { p } of this.stationPts) { const X = sx(p[0]), Y = sy(p[1]); ctx.moveTo(X, Y - 9); ctx.lineTo(X + 8, Y - 2); ctx.lineTo(X + 6, Y + 7); ctx.lineTo(X - 6, Y + 7); ctx.lineTo(X - 8, Y - 2); ctx.closePath(); }
      ctx.fillStyle = '#1d3f8c'; ctx.fill(); ctx.strokeStyle = '#fff'; ctx.lineWidth = 1.5; ctx.stroke();
      ctx.font = 'bold 12px ' + css.font; ctx.textAlign = 'left'; ctx.lineWidth = 3; ctx.strokeStyle = dark ? '#0f141b' : '#fff'; ctx.fillStyle = dark ? '#b9cdf5' : '#1d3f8c';
      const en = getLang() === 'en';
      for (const { j, p } of this.stationPts) { const name = (en && j.nameEn) || j.name; ctx.strokeText(name, sx(p[0]) + 11, sy(p[1]) + 4); ctx.fillText(name, sx(p[0]) + 11, sy(p[1]) + 4); }
    }

    if (this.track?.points?.length) this.drawTrack(ctx, sx, sy, dark, css);
    if (this.route?.pts?.length > 1) this.drawRoute(ctx, sx, sy, dark);

    let pulsing = false, mode = 'detail';
    const pad = 20 / s;
    const visInc = this.layers.incidents ? this.inc.collect(x0 - pad, y0 - pad, x1 + pad, y1 + pad) : NONE;
    const visUnits = this.layers.units ? this.units.collect(x0 - pad, y0 - pad, x1 + pad, y1 + pad) : NONE;
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

  /** Fixed sites by kind: posts (teal squares), checkpoints (orange gates, 卡口) and camera
   *  points (violet dots with a lens, shown from zoom 14), each on its own layer. */
  drawPosts(ctx, sx, sy, css, dark) {
    if (this.zoom < 12 || !this.postPts.length) return;
    const kinds = [
      { on: this.layers.posts, match: (k) => k !== 'checkpoint' && k !== 'camera', min: 12, ink: dark ? '#9fd8cf' : '#00695c',
        shape: (X, Y) => ctx.rect(X - 4, Y - 4, 8, 8), fill: '#00897b' },
      { on: this.layers.checkpoints, match: (k) => k === 'checkpoint', min: 12, ink: dark ? '#ffcc80' : '#bf360c',
        shape: (X, Y) => { ctx.moveTo(X - 6, Y + 5); ctx.lineTo(X - 6, Y - 5); ctx.lineTo(X + 6, Y - 5); ctx.lineTo(X + 6, Y + 5); ctx.lineTo(X + 3, Y + 5); ctx.lineTo(X + 3, Y - 1); ctx.lineTo(X - 3, Y - 1); ctx.lineTo(X - 3, Y + 5); ctx.closePath(); }, fill: '#ef6c00' },
      { on: this.layers.cameras, match: (k) => k === 'camera', min: 14, ink: dark ? '#d1c4e9' : '#4527a0',
        shape: (X, Y) => { ctx.moveTo(X + 4.5, Y); ctx.arc(X, Y, 4.5, 0, Math.PI * 2); }, fill: '#5e35b1', lens: true },
    ];
    for (const k of kinds) {
      if (!k.on || this.zoom < k.min) continue;
      const pts = this.postPts.filter(({ post }) => k.match(post.kind));
      if (!pts.length) continue;
      ctx.beginPath();
      for (const { p } of pts) k.shape(sx(p[0]), sy(p[1]));
      ctx.fillStyle = k.fill; ctx.fill(); ctx.strokeStyle = '#fff'; ctx.lineWidth = 1; ctx.stroke();
      if (k.lens) { ctx.beginPath(); for (const { p } of pts) { const X = sx(p[0]), Y = sy(p[1]); ctx.moveTo(X + 1.6, Y); ctx.arc(X, Y, 1.6, 0, Math.PI * 2); } ctx.fillStyle = '#fff'; ctx.fill(); }
      if (this.zoom >= 15) {
        ctx.font = '11px ' + css.font; ctx.fillStyle = k.ink; ctx.textAlign = 'left';
        for (const { post, p } of pts) ctx.fillText(post.name, sx(p[0]) + 8, sy(p[1]) + 4);
      }
    }
  }

  /** Shows (or with null clears) a unit's track: `{unitID, callsign, points: [{at, lat, lon}]}`. */
  setTrack(track) {
    this.track = track && Array.isArray(track.points) ? { ...track, xy: null, gcj: null } : null;
    this.requestRender();
  }
  /** Appends a live position to the shown track when it is that unit's. */
  extendTrack(unitID, p) {
    const tr = this.track;
    if (!tr || tr.unitID !== unitID || !p || !Number.isFinite(p.lat)) return;
    const last = tr.points[tr.points.length - 1];
    if (last && (Date.parse(p.at) <= Date.parse(last.at) || (last.lat === p.lat && last.lon === p.lon))) return;
    tr.points.push(p); tr.xy = null;
    this.requestRender();
  }

  /** Animated move that frames all `points` ({lat, lon}). */
  flyToFit(points, ms = 700) {
    if (!points.length) return;
    let x0 = Infinity, y0 = Infinity, x1 = -Infinity, y1 = -Infinity, la0 = Infinity, la1 = -Infinity, lo0 = Infinity, lo1 = -Infinity;
    for (const p of points) {
      const [x, y] = this.toWorld(p.lat, p.lon);
      x0 = Math.min(x0, x); y0 = Math.min(y0, y); x1 = Math.max(x1, x); y1 = Math.max(y1, y);
      la0 = Math.min(la0, p.lat); la1 = Math.max(la1, p.lat); lo0 = Math.min(lo0, p.lon); lo1 = Math.max(lo1, p.lon);
    }
    const span = Math.max((x1 - x0) / Math.max(1, this.w), (y1 - y0) / Math.max(1, this.h), 1e-9);
    const zoom = Math.max(MIN_ZOOM, Math.min(17, Math.log2(0.75 / span)));
    this.flyTo((la0 + la1) / 2, (lo0 + lo1) / 2, zoom, ms);
  }

  drawTrack(ctx, sx, sy, dark, css) {
    const tr = this.track, n = tr.points.length;
    if (!tr.xy || tr.gcj !== this.layers.gcj) {
      tr.xy = new Float64Array(n * 2); tr.gcj = this.layers.gcj;
      tr.points.forEach((p, k) => { const [x, y] = this.toWorld(p.lat, p.lon); tr.xy[2 * k] = x; tr.xy[2 * k + 1] = y; });
    }
    const xy = tr.xy, colour = dark ? '#ce93d8' : '#8e24aa';
    if (n > 1) {
      ctx.beginPath();
      ctx.moveTo(sx(xy[0]), sy(xy[1]));
      for (let k = 1; k < n; k++) ctx.lineTo(sx(xy[2 * k]), sy(xy[2 * k + 1]));
      ctx.lineCap = 'round'; ctx.lineJoin = 'round';
      ctx.strokeStyle = dark ? 'rgba(0,0,0,0.7)' : 'rgba(255,255,255,0.9)'; ctx.lineWidth = 7; ctx.stroke();
      ctx.strokeStyle = colour; ctx.lineWidth = 3.5; ctx.stroke();
      // direction: a chevron every ~90 px along the line
      ctx.beginPath();
      let acc = 0;
      for (let k = 1; k < n; k++) {
        const ax = sx(xy[2 * k - 2]), ay = sy(xy[2 * k - 1]), bx = sx(xy[2 * k]), by = sy(xy[2 * k + 1]);
        const len = Math.hypot(bx - ax, by - ay);
        if (len < 0.5) continue;
        const ux = (bx - ax) / len, uy = (by - ay) / len;
        for (let d = 90 - acc; d < len; d += 90) {
          const X = ax + ux * d, Y = ay + uy * d;
          ctx.moveTo(X - ux * 5 - uy * 4, Y - uy * 5 + ux * 4); ctx.lineTo(X + ux * 3, Y + uy * 3); ctx.lineTo(X - ux * 5 + uy * 4, Y - uy * 5 - ux * 4);
        }
        acc = (acc + len) % 90;
      }
      ctx.strokeStyle = '#fff'; ctx.lineWidth = 1.8; ctx.stroke();
    }
    if (this.zoom >= 16 && n < 3000) {
      ctx.beginPath();
      for (let k = 0; k < n; k++) { const X = sx(xy[2 * k]), Y = sy(xy[2 * k + 1]); ctx.moveTo(X + 2.5, Y); ctx.arc(X, Y, 2.5, 0, Math.PI * 2); }
      ctx.fillStyle = colour; ctx.fill();
    }
    // start (hollow) and end (filled) with their times
    const end = (k, filled) => {
      const X = sx(xy[2 * k]), Y = sy(xy[2 * k + 1]);
      ctx.beginPath(); ctx.arc(X, Y, 7, 0, Math.PI * 2);
      ctx.fillStyle = filled ? colour : '#fff'; ctx.fill(); ctx.strokeStyle = filled ? '#fff' : colour; ctx.lineWidth = 3; ctx.stroke();
      const at = Date.parse(tr.points[k].at);
      if (!at) return;
      const d = new Date(at), label = `${String(d.getHours()).padStart(2, '0')}:${String(d.getMinutes()).padStart(2, '0')}`;
      ctx.font = 'bold 11px ' + css.font; ctx.textAlign = 'left'; ctx.lineWidth = 3; ctx.strokeStyle = dark ? '#0f141b' : '#fff'; ctx.fillStyle = colour;
      ctx.strokeText(label, X + 10, Y - 6); ctx.fillText(label, X + 10, Y - 6);
    };
    end(0, false);
    if (n > 1) end(n - 1, true);
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
    const level = Math.max(0, Math.min(MAX_ZOOM + 1, Math.floor(this.zoom) + 1)), step = 256 / 2 ** level, px = step * s;
    if (!(step * s >= 4)) return;   // never a loop of sub-pixel steps
    ctx.beginPath();
    for (let x = Math.floor(x0 / step) * step; (x - x0) * s < w; x += step) { const X = Math.round((x - x0) * s) + 0.5; ctx.moveTo(X, 0); ctx.lineTo(X, h); }
    for (let y = Math.floor(y0 / step) * step; (y - y0) * s < h; y += step) { const Y = Math.round((y - y0) * s) + 0.5; ctx.moveTo(0, Y); ctx.lineTo(w, Y); }
    ctx.strokeStyle = dark ? 'rgba(255,255,255,0.06)' : 'rgba(0,0,0,0.07)'; ctx.lineWidth = 1; ctx.stroke();
    void px;
  }

  /** The road layer from cached tiles at the tile zoom nearest the view (kept while the view is
   *  within TILE_HYSTERESIS of it), scaled; missing tiles are drawn within a time budget and the
   *  rest on the next frames. */
  drawRoadTiles(ctx, w, h, dark) {
    const key = `${dark ? 1 : 0}/${this.roadsVersion}/${this.dpr}`;
    // new roads or another theme: every tile is redrawn at once (the map is at rest then: roads
    // load when it stops), so nothing flickers; while moving, missing tiles wait for the budget
    const fresh = key !== this.tileKey;
    if (fresh) { this.tiles.clear(); this.tileKey = key; }
    if (this.tileZ == null || Math.abs(this.zoom - this.tileZ) > TILE_HYSTERESIS) this.tileZ = Math.round(this.zoom);
    const z = this.tileZ, S = 2 ** z, s = 2 ** this.zoom, wt = TILE / S;
    const x0 = this.cx - w / 2 / s, y0 = this.cy - h / 2 / s;
    const tx0 = Math.floor(x0 / wt), ty0 = Math.floor(y0 / wt), tx1 = Math.floor((x0 + w / s) / wt), ty1 = Math.floor((y0 + h / s) / wt);
    const frame = ++this.frameNo, start = performance.now();
    let drawn = 0, missing = false;
    ctx.imageSmoothingEnabled = true;
    for (let ty = ty0; ty <= ty1; ty++) for (let tx = tx0; tx <= tx1; tx++) {
      const k = `${z}/${tx}/${ty}`;
      let tile = this.tiles.get(k);
      // whole pixels, shared by neighbours: no seams between tiles
      const X0 = Math.round((tx * wt - x0) * s), X1 = Math.round(((tx + 1) * wt - x0) * s);
      const Y0 = Math.round((ty * wt - y0) * s), Y1 = Math.round(((ty + 1) * wt - y0) * s);
      if (!tile) {
        if (!fresh && drawn > 0 && performance.now() - start > TILE_BUDGET_MS) {
          missing = true;
          this.drawTileStandIn(ctx, z, tx, ty, X0, Y0, X1, Y1, frame);
          continue;
        }
        tile = this.renderTile(z, tx, ty, dark); drawn++;
        this.tiles.set(k, tile);
      }
      tile.used = frame;
      if (tile.canvas) ctx.drawImage(tile.canvas, X0, Y0, X1 - X0, Y1 - Y0);   // null: no road in it
    }
    if (missing) this.requestRender();
    const keep = Math.max(16, Math.round(TILE_KEEP / (this.dpr * this.dpr)));
    if (this.tiles.size > keep) {
      const old = [...this.tiles.entries()].sort((a, b) => a[1].used - b[1].used);
      for (let k = 0; k < old.length - keep && old[k][1].used !== frame; k++) this.tiles.delete(old[k][0]);
    }
  }

  /** Until tile (z, tx, ty) is drawn: the part of its parent, or its children, from the tile zoom
   *  the view just left, when they are still cached. */
  drawTileStandIn(ctx, z, tx, ty, X0, Y0, X1, Y1, frame) {
    const parent = this.tiles.get(`${z - 1}/${tx >> 1}/${ty >> 1}`);
    if (parent) {
      parent.used = frame;
      if (!parent.canvas) return;
      const half = parent.canvas.width / 2;
      ctx.drawImage(parent.canvas, (tx & 1) * half, (ty & 1) * half, half, half, X0, Y0, X1 - X0, Y1 - Y0);
      return;
    }
    const mx = (X0 + X1) / 2, my = (Y0 + Y1) / 2;
    for (let k = 0; k < 4; k++) {
      const child = this.tiles.get(`${z + 1}/${2 * tx + (k & 1)}/${2 * ty + (k >> 1)}`);
      if (!child) continue;
      child.used = frame;
      if (!child.canvas) continue;
      const cx0 = k & 1 ? mx : X0, cy0 = k >> 1 ? my : Y0;
      ctx.drawImage(child.canvas, cx0, cy0, (X1 - X0) / 2, (Y1 - Y0) / 2);
    }
  }

  /** One tile of roads at tile zoom z: {canvas} or {canvas: null} when no road crosses it. */
  renderTile(z, tx, ty, dark) {
    const S = 2 ** z, wt = TILE / S, wx0 = tx * wt, wy0 = ty * wt, wx1 = wx0 + wt, wy1 = wy0 + wt;
    const widthScale = Math.max(0.6, Math.min(2, (z - 11) / 3));
    const margin = 6 / S;   // a line just outside still reaches in with its width
    const styles = [
      { w: 1, c: dark ? '#2a323d' : '#ffffff' }, { w: 2, c: dark ? '#36404d' : '#ffffff' },
      { w: 3.5, c: dark ? '#4a4330' : '#fcd68a' }, { w: 5, c: dark ? '#5a4a2a' : '#f7b955' },
    ];
    let ctx = null, canvas = null;
    for (let cls = 0; cls < styles.length; cls++) {
      let any = false;
      for (const r of this.roads) {
        if (r.cls !== cls || r.bx1 < wx0 - margin || r.bx0 > wx1 + margin || r.by1 < wy0 - margin || r.by0 > wy1 + margin) continue;
        if (!ctx) {
          canvas = document.createElement('canvas');
          canvas.width = canvas.height = Math.round(TILE * this.dpr);
          ctx = canvas.getContext('2d', this.tileOpts);
          ctx.setTransform(this.dpr, 0, 0, this.dpr, 0, 0);
          ctx.lineCap = 'round'; ctx.lineJoin = 'round';
        }
        if (!any) { ctx.beginPath(); any = true; }
        // tile pixels from world coordinates in double precision (a canvas transform of 2^z would
        // lose the detail in single precision)
        const xy = r.xy;
        ctx.moveTo((xy[0] - wx0) * S, (xy[1] - wy0) * S);
        for (let k = 2; k < xy.length; k += 2) ctx.lineTo((xy[k] - wx0) * S, (xy[k + 1] - wy0) * S);
      }
      if (!any) continue;
      ctx.strokeStyle = styles[cls].c; ctx.lineWidth = styles[cls].w * widthScale; ctx.stroke();
    }
    return { canvas, used: 0 };
  }

  // Markers are sprites: each kind of marker is painted once into a small canvas and then copied
  // onto whole device pixels. Skia fills one path of a thousand small circles or shapes several
  // times slower than it copies a thousand sprites, and a copy allocates nothing per frame.
  /** The cached sprite `key` (a number: see the draw functions), `size` CSS px square, painted
   *  by `paint(ctx, centre)` on first use. Callers look in `this.sprites` first, so no paint
   *  closure is made per marker per frame. */
  sprite(key, size, paint) {
    let sp = this.sprites.get(key);
    if (!sp) {
      if (this.sprites.size > 4000) this.sprites.clear();
      const px = Math.ceil(size * this.dpr);
      const canvas = document.createElement('canvas');
      canvas.width = canvas.height = px;
      const c = canvas.getContext('2d', this.tileOpts);
      c.setTransform(this.dpr, 0, 0, this.dpr, 0, 0);
      paint(c, px / this.dpr / 2);
      sp = { canvas, size: px / this.dpr, half: px / this.dpr / 2 };
      this.sprites.set(key, sp);
    }
    return sp;
  }
  /** Draws a sprite centred on (X, Y), snapped to whole device pixels (an unfiltered copy). */
  blit(ctx, sp, X, Y) {
    const d = this.dpr;
    ctx.drawImage(sp.canvas, Math.round((X - sp.half) * d) / d, Math.round((Y - sp.half) * d) / d, sp.size, sp.size);
  }
  /** Typed arrays for the cluster bins, kept between frames. */
  bins(kind, nb) {
    let b = this.binCache[kind];
    if (!b || b.nb < nb) {
      b = this.binCache[kind] = { nb, count: new Int32Array(nb), best: new Uint8Array(nb), ax: new Float32Array(nb), ay: new Float32Array(nb),
        hot: new Uint8Array(nb), perStatus: new Int32Array(nb * 6), labels: new Float32Array(nb * 3) };
    }
    b.count.fill(0, 0, nb); b.best.fill(255, 0, nb); b.ax.fill(0, 0, nb); b.ay.fill(0, 0, nb); b.hot.fill(0, 0, nb); b.perStatus.fill(0, 0, nb * 6);
    return b;
  }

  /** Zoomed out: count points into screen bins and draw one sized disc per bin. */
  drawClusters(ctx, L, vis, sx, sy, w, h, kind, css) {
    if (!vis.length) return;
    const cols = Math.ceil(w / BIN) + 1, rows = Math.ceil(h / BIN) + 1, nb = cols * rows;
    const { count, best, ax, ay, hot, perStatus, labels } = this.bins(kind, nb);
    const unit = kind === 'unit', off = unit ? BIN / 2 : 0;
    for (let j = 0; j < vis.length; j++) {
      const i = vis[j], X = sx(L.x[i]), Y = sy(L.y[i]);
      // unit bins sit half a bin off the incident bins, so the two kinds of cluster interleave
      const bx = Math.floor((X + off) / BIN), by = Math.floor((Y + off) / BIN);
      if (bx < 0 || by < 0 || bx >= cols || by >= rows) continue;
      const b = by * cols + bx;
      count[b]++; ax[b] += X; ay[b] += Y;
      if (!unit) { const p = L.style[i] >> 4; if (p < best[b]) best[b] = p; if (this.incDue[i] < this.now) hot[b] = 1; }
      else perStatus[b * 6 + L.style[i]]++;
    }
    let nl = 0;
    for (let b = 0; b < nb; b++) {
      const n = count[b]; if (!n) continue;
      const X = ax[b] / n, Y = ay[b] / n;
      const r = Math.round((n === 1 ? 4 : Math.min(20, 6 + Math.log2(n) * 2)) * (unit ? 0.75 : 1) * 2) / 2;
      let style = best[b];
      if (unit) { let m = -1; for (let k = 0; k < 6; k++) if (perStatus[b * 6 + k] > m) { m = perStatus[b * 6 + k]; style = k; } }
      const h0 = hot[b];
      const key = unit ? 1e6 + style * 1000 + r * 2 : 2e6 + style * 1000 + h0 * 100 + r * 2;
      const sp = this.sprites.get(key) || (unit
        ? this.sprite(key, r * 1.6 + 2, (c, m) => {
          c.globalAlpha = 0.85; c.fillStyle = UNIT_COLOURS[style]; c.fillRect(m - r * 0.8, m - r * 0.8, r * 1.6, r * 1.6);
        })
        : this.sprite(key, 2 * (h0 ? r + 5 : r + 1) + 2, (c, m) => {
          c.beginPath(); c.arc(m, m, r, 0, Math.PI * 2);
          c.globalAlpha = 0.85; c.fillStyle = PRIORITY_COLOURS[style]; c.fill(); c.globalAlpha = 1;
          c.strokeStyle = '#fff'; c.lineWidth = 1; c.stroke();
          if (h0) { c.beginPath(); c.arc(m, m, r + 3, 0, Math.PI * 2); c.strokeStyle = '#ff1744'; c.lineWidth = 1.5; c.stroke(); }
        }));
      this.blit(ctx, sp, X, Y);
      if (n >= 5) { labels[nl++] = X; labels[nl++] = Y; labels[nl++] = n; }
    }
    ctx.font = 'bold 10px ' + css.font; ctx.textAlign = 'center'; ctx.fillStyle = '#fff';
    for (let k = 0; k < nl; k += 3) ctx.fillText(labels[k + 2] > 999 ? `${(labels[k + 2] / 1000).toFixed(1)}k` : String(labels[k + 2]), labels[k], labels[k + 1] + 3.5);
  }

  /** Zoomed in: one shape per incident (shape by category, colour by priority), pulsing rings
   *  when overdue, closed ones as small grey dots underneath. */
  drawIncidents(ctx, vis, sx, sy, now) {
    const L = this.inc, n = vis.length;
    const r = this.zoom >= 15 ? 8 : 6;
    let anyOver = false, anyDone = false;
    const grey = this.sprite(5e6, 10, (c, m) => { c.beginPath(); c.arc(m, m, 4, 0, Math.PI * 2); c.fillStyle = 'rgba(120,120,120,0.6)'; c.fill(); });
    for (let j = 0; j < n; j++) {
      const i = vis[j];
      if (L.flags[i] & 2) { anyDone = true; this.blit(ctx, grey, sx(L.x[i]), sy(L.y[i])); }
      else if (this.incDue[i] < this.now) anyOver = true;
    }
    if (anyOver) {
      const step = Math.floor((now % 1200) / 100), ph = step / 12;   // the pulse in 12 steps
      const ring = this.sprite(4e6 + r * 100 + step, 2 * (r + 10) + 2, (c, m) => {
        c.beginPath(); c.arc(m, m, r + 6, 0, Math.PI * 2);
        c.globalAlpha = 0.25 + 0.6 * (1 - ph); c.lineWidth = 2 + 4 * ph; c.strokeStyle = '#ff1744'; c.stroke();
      });
      for (let j = 0; j < n; j++) { const i = vis[j]; if (!(L.flags[i] & 2) && this.incDue[i] < this.now) this.blit(ctx, ring, sx(L.x[i]), sy(L.y[i])); }
    }
    for (let j = 0; j < n; j++) {
      const i = vis[j];
      if (L.flags[i] & 2) continue;
      const st = L.style[i], p = st >> 4, cat = st & 15, shape = CATEGORY_SHAPE[cat] ?? 0;
      // zoomed in, the category's glyph (dictionary `glyph.*`) sits inside its shape
      // (none for a category this console does not know: its style fell back to the first)
      const glyph = r >= 8 && CATEGORIES.includes(L.items[i].category) ? t(`glyph.${CATEGORIES[cat]}`) : '';
      const key = glyph ? 3.2e6 + (getLang() === 'en' ? 1e5 : 0) + p * 1000 + cat * 20 + r : 3e6 + p * 1000 + shape * 100 + r;
      const sp = this.sprites.get(key) || this.sprite(key, 2 * r + 4, (c, m) => {
        c.beginPath(); addShape(c, shape, m, m, r);
        c.fillStyle = PRIORITY_COLOURS[p]; c.fill(); c.lineWidth = 1.5; c.strokeStyle = '#fff'; c.stroke();
        if (glyph) {
          c.font = `bold ${r + 1}px ${getComputedStyleCache().font}`; c.textAlign = 'center'; c.textBaseline = 'middle';
          c.fillStyle = p === 2 ? '#222' : '#fff'; c.fillText(glyph, m, m + (shape === 2 ? 2 : shape === 4 ? -2 : 0.5));
        }
      });
      this.blit(ctx, sp, sx(L.x[i]), sy(L.y[i]));
    }
    void anyDone;
    return anyOver;
  }

  drawUnits(ctx, vis, sx, sy, css, dark) {
    const L = this.units, n = vis.length, edge = dark ? '#0f141b' : '#fff', ink = dark ? '#e0e0e0' : '#263238';
    for (let j = 0; j < n; j++) {
      const i = vis[j], X = sx(L.x[i]), Y = sy(L.y[i]), style = L.style[i], fl = L.flags[i] & 5;
      // the status disc; a white centre when placed beside its station (no position reported yet),
      // a dashed ring when the last position is stale
      const key = 6e6 + style * 100 + fl * 10 + (dark ? 1 : 0);
      this.blit(ctx, this.sprites.get(key) || this.sprite(key, 24, (c, m) => {
        c.beginPath(); c.arc(m, m, 6, 0, Math.PI * 2); c.fillStyle = UNIT_COLOURS[style]; c.fill();
        c.lineWidth = 2; c.strokeStyle = edge; c.stroke();
        if (fl & 4) { c.beginPath(); c.arc(m, m, 2, 0, Math.PI * 2); c.fillStyle = '#fff'; c.fill(); }
        if (fl & 1) { c.beginPath(); c.arc(m, m, 9, 0, Math.PI * 2); c.setLineDash([3, 3]); c.strokeStyle = '#9e9e9e'; c.lineWidth = 1.5; c.stroke(); }
      }), X, Y);
      // heading arrow where the position report has one (in 5° steps)
      const u = L.items[i], heading = u.position?.heading ?? u.heading;
      if (heading == null || !isFinite(heading)) continue;
      const hb = ((Math.round(heading / 5) % 72) + 72) % 72;
      const akey = 7e6 + hb * 10 + (dark ? 1 : 0);
      this.blit(ctx, this.sprites.get(akey) || this.sprite(akey, 30, (c, m) => {
        const a = (hb * 5 - 90) * Math.PI / 180, co = Math.cos(a), si = Math.sin(a);
        c.beginPath();
        c.moveTo(m + co * 13, m + si * 13); c.lineTo(m + co * 7 - si * 4, m + si * 7 + co * 4); c.lineTo(m + co * 7 + si * 4, m + si * 7 - co * 4); c.closePath();
        c.fillStyle = ink; c.fill();
      }), X, Y);
    }
    if (n <= 400 && this.zoom >= 14) {
      ctx.font = '11px ' + css.font; ctx.textAlign = 'left'; ctx.lineWidth = 3; ctx.strokeStyle = edge; ctx.fillStyle = dark ? '#e6edf3' : '#1b2430';
      for (let j = 0; j < n; j++) {
        const i = vis[j], u = L.items[i], X = sx(L.x[i]), Y = sy(L.y[i]);
        ctx.strokeText(u.callsign, X + 9, Y + 4); ctx.fillText(u.callsign, X + 9, Y + 4);
      }
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
