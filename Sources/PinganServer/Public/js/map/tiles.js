// The road layer: the network inside the view from `GET /v1/map/roads`, with the background
// under it (water, parks, buildings: layer-background.js), drawn once into cached tiles per tile
// zoom and then only copied while the map moves; a grid when there are no roads.
import { api } from '../api.js';
import { MAX_ZOOM, TILE, TILE_KEEP, TILE_BUDGET_MS, TILE_HYSTERESIS } from './constants.js';

export const tiles = {
  // ---- roads -------------------------------------------------------------------------------
  scheduleRoads() {
    this.scheduleLabels?.();
    if (!this.layers.roads || this.roadsState === 'absent') return;
    clearTimeout(this.roadTimer);
    this.roadTimer = setTimeout(() => this.loadRoads(), 350);
  },
  async loadRoads() {
    const z = Math.round(this.zoom);
    if (z < 11) { this.roads = null; this.background = null; this.requestRender(); return; }
    const bbox = this.viewBBox(0.25);
    const key = `${bbox}/${z}`;
    if (key === this.roadsKey) return;
    this.roadsKey = key;
    try {
      const [fc, background] = await Promise.all([api('GET', `/v1/map/roads?bbox=${bbox}&zoom=${z}`), this.loadBackground(bbox, z)]);
      if (key !== this.roadsKey) return;
      this.background = background;
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
  },

  /** Centres the view on the road map (`GET /v1/map/extent`): where a deployment without
   *  stations starts. `stillWanted()` is asked when the answer comes (something else may have
   *  placed the view meanwhile). Returns whether it moved the view. */
  async centreOnExtent(stillWanted = () => true) {
    let e = null;
    try { e = await api('GET', '/v1/map/extent'); } catch { return false; }
    if (!e || ![e.south, e.west, e.north, e.east].every(Number.isFinite) || !stillWanted()) return false;
    this.fitTo([{ lat: e.south, lon: e.west }, { lat: e.north, lon: e.east }]);
    if (e.centre && Number.isFinite(e.centre.lat) && Number.isFinite(e.centre.lon)) {
      [this.cx, this.cy] = this.toWorld(e.centre.lat, e.centre.lon);
    }
    // a whole region's extent would open the map below the zoom roads are drawn at
    if (this.zoom < 12) this.zoom = 12;
    this.viewChanged();
    return true;
  },

  drawGrid(ctx, x0, y0, s, w, h, dark) {
    const level = Math.max(0, Math.min(MAX_ZOOM + 1, Math.floor(this.zoom) + 1)), step = 256 / 2 ** level, px = step * s;
    if (!(step * s >= 4)) return;   // never a loop of sub-pixel steps
    ctx.beginPath();
    for (let x = Math.floor(x0 / step) * step; (x - x0) * s < w; x += step) { const X = Math.round((x - x0) * s) + 0.5; ctx.moveTo(X, 0); ctx.lineTo(X, h); }
    for (let y = Math.floor(y0 / step) * step; (y - y0) * s < h; y += step) { const Y = Math.round((y - y0) * s) + 0.5; ctx.moveTo(0, Y); ctx.lineTo(w, Y); }
    ctx.strokeStyle = dark ? 'rgba(255,255,255,0.06)' : 'rgba(0,0,0,0.07)'; ctx.lineWidth = 1; ctx.stroke();
    void px;
  },

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
  },

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
  },

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
    const open = () => {
      canvas = document.createElement('canvas');
      canvas.width = canvas.height = Math.round(TILE * this.dpr);
      ctx = canvas.getContext('2d', this.tileOpts);
      ctx.setTransform(this.dpr, 0, 0, this.dpr, 0, 0);
      ctx.lineCap = 'round'; ctx.lineJoin = 'round';
      return ctx;
    };
    this.paintBackground(open, wx0, wy0, wx1, wy1, S, dark);
    for (let cls = 0; cls < styles.length; cls++) {
      let any = false;
      for (const r of this.roads) {
        if (r.cls !== cls || r.bx1 < wx0 - margin || r.bx0 > wx1 + margin || r.by1 < wy0 - margin || r.by0 > wy1 + margin) continue;
        if (!ctx) open();
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
  },
};

function roadClass(p) {
  const k = p.class || p.highway || p.kind || '';
  if (/motorway|trunk/.test(k) || p.rank >= 3) return 3;
  if (/primary/.test(k) || p.rank === 2) return 2;
  if (/secondary|tertiary/.test(k) || p.rank === 1) return 1;
  return 0;
}

