// Street and place names over the roads, from `GET /v1/map/labels` in the language shown.
//
// Data: fetched per label tile (LABEL_TILE CSS px at the whole fetch zoom Z = the view's zoom,
// rounded down) for the tiles around the view that are not loaded yet, so panning asks only for
// what came into view and nothing is fetched per frame; a new language, the GCJ-02 switch or
// another Z start a new store.
// Placement (label-placement.js): made once for the zoom the map rests at, in "placement pixels"
// (world × 2^zoom), and grown, never redone, as tiles arrive and the view moves on: while the map
// pans, every label stays where it is. While the zoom moves, the last placement is drawn scaled
// (text at its size) and placed again when the zoom settles. Placing runs in slices of a few
// milliseconds between frames, most important labels first.
// Drawing: each label is painted once, with its halo, into a sprite on a shared atlas canvas (one
// canvas per label would cost more to make than to paint) and copied onto whole pixels per frame,
// like the markers.
import { api } from '../api.js';
import { getLang, onLangChange } from '../i18n.js';
import { unproject, gcjToWgs } from '../geo.js';
import { LabelPlacement, polyLength } from './label-placement.js';
import { pageStyle } from './constants.js';

export const LABEL_MIN_ZOOM = 14;              // the server names nothing below this
const LABEL_TILE = 1024;                       // fetch tile, CSS px at the fetch zoom
const SPRITE_BUDGET_MS = 3;                    // time a frame may spend painting new labels
const PLACE_SLICE_MS = 4;                      // placement runs in slices this long between frames
const ATLAS = 1024;                            // atlas page side, device px
const ATLAS_PAGES = 8;                         // then every sprite is painted again as needed

/** Label sprites packed in shelves on a few large canvases; `clear()` drops them all. */
class SpriteAtlas {
  constructor(opts) { this.opts = opts; this.pages = []; this.gen = 0; }   // opts(): the canvases' context options
  clear() { this.pages = []; this.gen++; }
  /** Room for a w × h (device px) sprite: {page, x, y}, or null when the atlas is full. */
  alloc(w, h) {
    if (w > ATLAS || h > ATLAS) return null;
    for (const page of this.pages) {
      for (const shelf of page.shelves) if (h <= shelf.h && shelf.x + w <= ATLAS) { const x = shelf.x; shelf.x += w + 1; return { page, x, y: shelf.y }; }
      if (page.top + h <= ATLAS) { const shelf = { y: page.top, h, x: w + 1 }; page.top += h + 1; page.shelves.push(shelf); return { page, x: 0, y: shelf.y }; }
    }
    if (this.pages.length >= ATLAS_PAGES) return null;
    const canvas = document.createElement('canvas');
    canvas.width = canvas.height = ATLAS;
    this.pages.push({ canvas, ctx: canvas.getContext('2d', this.opts()), shelves: [], top: 0 });
    return this.alloc(w, h);
  }
}

// Landmarks a dispatcher steers by, named from zoom 16 before the minor streets; the rest (bus
// stops, cafés, shops…) only from zoom 17 and after every street, so they never crowd out the
// street names.
const NOTABLE = /^(railway_station|station|subway_entrance|hospital|clinic|school|university|college|kindergarten|police|fire_station|townhall|courthouse|embassy|mall|department_store|park|stadium|sports_centre|museum|attraction|historic|place_of_worship|theatre|library|square|marketplace|bus_station|ferry_terminal|hotel)$/;
export const MINOR_PLACE_ZOOM = 17;

/** 0 major road, 1 notable landmark, 2 tertiary, 3 other streets, 4 other landmarks: the
 *  placement order. */
export function labelRank(p) {
  if (p.kind === 'place') return NOTABLE.test(String(p.category || '')) ? 1 : 4;
  const k = String(p.class || p.highway || '');
  if (/motorway|trunk|primary|secondary/.test(k)) return 0;
  if (/tertiary/.test(k)) return 2;
  return 3;
}
const FONT = [[13, 600], [12, 500], [12, 400], [11.5, 400], [11.5, 400]];   // [px, weight] per rank

let measurer = null;
const widths = new Map();
function measure(text, font) {
  const key = `${font}|${text}`;
  let w = widths.get(key);
  if (w === undefined) {
    measurer ??= document.createElement('canvas').getContext('2d');
    measurer.font = font;
    w = measurer.measureText(text).width;
    if (widths.size > 20000) widths.clear();
    widths.set(key, w);
  }
  return w;
}

export const labelsLayer = {
  initLabels() {
    this.labelStore = null;     // {z, lang, gcj, feats: Map(key → feature), tiles: Set, pending: Set}
    this.labelPlace = null;     // {zoom, store, placement, queue: features to place, queued: their keys}
    this.labelSprites = new Map();   // look → sprite, shared by labels that look the same
    this.labelAtlas = new SpriteAtlas(() => this.tileOpts);
    this.labelTheme = null;
    this.labelTimer = 0; this.labelsState = 'unknown';
    onLangChange(() => { this.labelStore = null; this.labelPlace = null; this.scheduleLabels(0); this.requestRender(); });
  },

  labelFetchZoom() {
    const z = Math.floor(this.zoom + 0.01);
    return z >= LABEL_MIN_ZOOM ? Math.min(z, 19) : null;
  },

  scheduleLabels(ms = 250) {
    clearTimeout(this.labelTimer);
    if (!this.layers.roads || this.labelsState === 'absent') return;
    this.labelTimer = setTimeout(() => this.loadLabels(), ms);
  },

  /** Loads the label tiles around the view that are missing, then places what came. */
  async loadLabels() {
    const Z = this.labelFetchZoom();
    if (Z == null || !this.layers.roads) { if (this.labelPlace) { this.labelPlace = null; this.requestRender(); } return; }
    const lang = getLang() === 'en' ? 'en' : 'zh', gcj = !!this.layers.gcj;
    let st = this.labelStore;
    if (!st || st.z !== Z || st.lang !== lang || st.gcj !== gcj || st.feats.size > 5000) {
      // another zoom: the last labels stay until the new ones come; another language or datum: not
      if (st && (st.lang !== lang || st.gcj !== gcj)) this.labelPlace = null;
      st = this.labelStore = { z: Z, lang, gcj, feats: new Map(), tiles: new Set(), pending: new Set() };
    }
    const S = 2 ** Z, wt = LABEL_TILE / S, s = 2 ** this.zoom;
    const hw = this.w / 2 / s * 1.5, hh = this.h / 2 / s * 1.5;   // the view and a quarter of it each way
    const tx0 = Math.floor((this.cx - hw) / wt), tx1 = Math.floor((this.cx + hw) / wt);
    const ty0 = Math.floor((this.cy - hh) / wt), ty1 = Math.floor((this.cy + hh) / wt);
    const missing = [];
    for (let ty = ty0; ty <= ty1; ty++) for (let tx = tx0; tx <= tx1; tx++) {
      const k = `${tx}/${ty}`;
      if (!st.tiles.has(k) && !st.pending.has(k)) missing.push([tx, ty, k]);
    }
    this.relayoutLabels();   // the zoom settled: place again for it (nothing to do while it is unchanged)
    if (!missing.length) return;
    let mx0 = Infinity, my0 = Infinity, mx1 = -Infinity, my1 = -Infinity;
    for (const [tx, ty, k] of missing) { st.pending.add(k); mx0 = Math.min(mx0, tx); my0 = Math.min(my0, ty); mx1 = Math.max(mx1, tx + 1); my1 = Math.max(my1, ty + 1); }
    const bbox = this.worldBBox(mx0 * wt, my0 * wt, mx1 * wt, my1 * wt);
    let fc;
    try {
      fc = await api('GET', `/v1/map/labels?bbox=${bbox}&zoom=${Z}&lang=${lang}`);
    } catch (e) {
      for (const [, , k] of missing) st.pending.delete(k);
      if ([403, 404, 501, 503].includes(e.status)) this.labelsState = 'absent';   // not for this user or server: stop asking
      return;
    }
    if (st !== this.labelStore) return;   // another language, zoom or projection meanwhile
    for (const [, , k] of missing) { st.pending.delete(k); st.tiles.add(k); }
    this.labelsState = 'present';
    // thousands of features: read them in slices, so no frame waits for all of them
    const list = fc?.features || [];
    for (let i = 0; i < list.length;) {
      const t0 = performance.now();
      while (i < list.length && performance.now() - t0 < PLACE_SLICE_MS) {
        const feat = this.labelFeature(list[i++]);
        if (feat && !st.feats.has(feat.key)) st.feats.set(feat.key, feat);
      }
      if (i < list.length) { await new Promise((ok) => setTimeout(ok, 0)); if (st !== this.labelStore) return; }
    }
    this.relayoutLabels();
  },

  /** bbox (south,west,north,east, WGS-84) of a rectangle of world coordinates. */
  worldBBox(x0, y0, x1, y1) {
    let [n, w] = unproject(x0, y0), [sth, e] = unproject(x1, y1);
    if (this.layers.gcj) { [n, w] = gcjToWgs(n, w); [sth, e] = gcjToWgs(sth, e); }
    return [sth, w, n, e].map((v) => v.toFixed(5)).join(',');
  },

  /** A label feature in world coordinates with its font and measured width, or null. */
  labelFeature(f) {
    const p = f.properties || {}, g = f.geometry;
    const text = String(p.name || '').trim();
    if (!text || !g) return null;
    const rank = labelRank(p), [px, weight] = FONT[rank];
    const font = `${weight} ${px}px ${pageStyle().font}`;
    const base = { text, rank, size: px, font, width: measure(text, font), category: p.category };
    if (g.type === 'Point') {
      const [x, y] = this.toWorld(g.coordinates[1], g.coordinates[0]);
      return { ...base, key: `p|${text}|${x.toFixed(7)}|${y.toFixed(7)}`, point: [x, y], bx0: x, by0: y, bx1: x, by1: y };
    }
    const parts = g.type === 'LineString' ? [g.coordinates] : g.type === 'MultiLineString' ? g.coordinates : [];
    // the longest part carries the name (a street split by the bbox comes as several)
    let best = null;
    for (const part of parts) if (part.length >= 2 && (!best || part.length > best.length)) best = part;
    if (!best) return null;
    const xy = new Float64Array(best.length * 2);
    let bx0 = Infinity, by0 = Infinity, bx1 = -Infinity, by1 = -Infinity;
    best.forEach(([lon, lat], k) => {
      const [x, y] = this.toWorld(lat, lon); xy[2 * k] = x; xy[2 * k + 1] = y;
      bx0 = Math.min(bx0, x); by0 = Math.min(by0, y); bx1 = Math.max(bx1, x); by1 = Math.max(by1, y);
    });
    const a = best[0], b = best[best.length - 1];
    return { ...base, key: `l|${text}|${a[0]},${a[1]}|${b[0]},${b[1]}|${best.length}`, line: xy, bx0, by0, bx1, by1, len: polyLength(xy) };
  },

  /** Places the store's features near the view that the current placement has not tried yet;
   *  everything again when the zoom settled elsewhere or the store changed since it was made.
   *  The placing itself runs in short slices between frames (pumpLabels), in priority order. */
  relayoutLabels() {
    let pl = this.labelPlace;
    // while the store of a new fetch zoom is still empty, the last one's features stand in
    const st = this.labelStore?.feats.size ? this.labelStore : pl?.store || this.labelStore;
    if (!st) return;
    const again = !pl || pl.store !== st || Math.abs(pl.zoom - this.zoom) > 1e-6 || pl.org !== this.builtOrg;
    if (again) {
      pl = this.labelPlace = { zoom: this.zoom, store: st, org: this.builtOrg, placement: new LabelPlacement({ pad: 3 }), queue: [], queued: new Set() };
      // stations and their names are drawn over the labels: keep the labels off them
      if (this.layers.jurisdictions) {
        const S = 2 ** pl.zoom, en = getLang() === 'en', font = `bold 12px ${pageStyle().font}`;
        pl.placement.block(this.stationPts.map(({ j, p }) => {
          const x = p[0] * S, y = p[1] * S;
          return [x - 10, y - 11, x + 14 + measure((en && j.nameEn) || j.name, font), y + 10];
        }));
      }
    }
    const s = 2 ** this.zoom, hw = this.w / s, hh = this.h / s;
    const vx0 = this.cx - hw, vx1 = this.cx + hw, vy0 = this.cy - hh, vy1 = this.cy + hh;
    let added = 0;
    for (const f of st.feats.values()) {
      if (pl.queued.has(f.key) || f.bx1 < vx0 || f.bx0 > vx1 || f.by1 < vy0 || f.by0 > vy1) continue;
      if (f.rank === 4 && pl.zoom < MINOR_PLACE_ZOOM - 0.01) continue;
      pl.queued.add(f.key); pl.queue.push(f); added++;
    }
    if (!added) { if (again) this.requestRender(); return; }
    // the placement's own order (LabelPlacement.add): priority, the longer line first, then the key
    pl.queue.sort((a, b) => a.rank - b.rank || (b.len || 0) - (a.len || 0) || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
    this.pumpLabels(pl);
  },

  /** Places the queued features of placement `pl` for a few milliseconds, then lets a frame be
   *  drawn and goes on, until the queue is empty or another placement replaced it; then paints
   *  the sprites of the labels placed, the same way, so panning finds them ready. */
  pumpLabels(pl) {
    if (pl.pumping) return;
    pl.pumping = true;
    const S = 2 ** pl.zoom;
    const slice = () => {
      if (this.labelPlace !== pl) return;
      const t0 = performance.now();
      while (pl.queue.length && performance.now() - t0 < PLACE_SLICE_MS) {
        const cands = pl.queue.splice(0, 12).map((f) => {
          const c = { id: f.key, text: f.text, priority: f.rank, size: f.size, width: f.width, feat: f };
          if (f.point) { c.point = [f.point[0] * S, f.point[1] * S]; c.marker = 3.5; }
          else { const xy = new Float64Array(f.line.length); for (let k = 0; k < xy.length; k++) xy[k] = f.line[k] * S; c.line = xy; }
          return c;
        });
        pl.placement.add(cands);
      }
      // then the sprites of the labels in and around the view, before a frame needs them
      const dark = document.documentElement.dataset.theme === 'dark';
      let unpainted = false;
      if (!pl.queue.length && this.labelTheme === dark) {
        const k = 2 ** (this.zoom - pl.zoom), ox = this.cx * S, oy = this.cy * S, mw = this.w, mh = this.h;
        for (const l of pl.placement.labels) {
          if (this.spriteOf(l)) continue;
          if (Math.abs(((l.px ?? l.x) - ox) * k) > mw || Math.abs(((l.py ?? l.y) - oy) * k) > mh) continue;
          if (performance.now() - t0 >= PLACE_SLICE_MS) { unpainted = true; break; }
          l.sprite = this.labelSprite(l, dark);
        }
      }
      this.requestRender();
      if (pl.queue.length || unpainted) setTimeout(slice, 0);
      else pl.pumping = false;
    };
    slice();
  },

  /** Copies the placed labels in view onto the frame, painting new ones within a time budget. */
  drawLabels(ctx, w, h, dark) {
    const pl = this.labelPlace;
    if (!pl) return;
    if (this.zoom < LABEL_MIN_ZOOM - 0.5) return;
    if (this.labelTheme !== dark) { this.labelTheme = dark; this.labelSprites.clear(); this.labelAtlas.clear(); }
    const S = 2 ** pl.zoom, k = 2 ** (this.zoom - pl.zoom), ox = this.cx * S, oy = this.cy * S, d = this.dpr;
    const start = performance.now(), frame = this.labelFrame = (this.labelFrame || 0) + 1;
    let late = false;
    for (const l of pl.placement.labels) {
      const X = ((l.px ?? l.x) - ox) * k + w / 2, Y = ((l.py ?? l.y) - oy) * k + h / 2;
      const r = (l.reach ??= Math.hypot(l.width, l.height) / 2 + Math.hypot((l.px ?? l.x) - l.x, (l.py ?? l.y) - l.y) + 4);
      if (X + r < 0 || X - r > w || Y + r < 0 || Y - r > h) continue;
      let sp = this.spriteOf(l);
      if (!sp) {
        if (late || performance.now() - start > SPRITE_BUDGET_MS) { late = true; continue; }
        sp = l.sprite = this.labelSprite(l, dark);
        if (!sp) continue;
      }
      ctx.drawImage(sp.canvas, sp.sx, sp.sy, sp.sw, sp.sh, Math.round((X - sp.ox) * d) / d, Math.round((Y - sp.oy) * d) / d, sp.w, sp.h);
      l.drawnAt = frame;
    }
    if (late) this.requestRender();
  },

  /** The label's sprite while the atlas still holds it, else null. */
  spriteOf(l) { return l.sprite && l.sprite.gen === this.labelAtlas.gen ? l.sprite : null; },

  /** The label painted with its halo on the atlas: {canvas, sx, sy, sw, sh (its part, device px),
   *  w, h, ox, oy (CSS px; (ox, oy) is the label's origin in it: the text's centre, or a place's
   *  dot), gen}. Shared by labels that look the same. Null only for a label too big to paint. */
  labelSprite(l, dark) {
    const f = l.cand.feat;
    const key = `${l.mode}|${f.font}|${l.text}|${l.angle.toFixed(3)}|${(l.x - (l.px ?? l.x)).toFixed(1)}|${(l.y - (l.py ?? l.y)).toFixed(1)}|${f.rank}`;
    let sp = this.labelSprites.get(key);
    if (sp && sp.gen === this.labelAtlas.gen) return sp;
    const halo = 3.5, m = halo + 2;
    // the sprite's extent around the origin
    let x0, y0, x1, y1;
    if (l.mode === 'rotated') {
      const c = Math.abs(Math.cos(l.angle)), s = Math.abs(Math.sin(l.angle));
      const hx = (l.width * c + l.height * s) / 2, hy = (l.width * s + l.height * c) / 2;
      [x0, y0, x1, y1] = [-hx, -hy, hx, hy];
    } else {
      x0 = Infinity; y0 = Infinity; x1 = -Infinity; y1 = -Infinity;
      for (const b of l.boxes) {
        const ox = l.px ?? l.x, oy = l.py ?? l.y;
        x0 = Math.min(x0, b[0] - ox); y0 = Math.min(y0, b[1] - oy); x1 = Math.max(x1, b[2] - ox); y1 = Math.max(y1, b[3] - oy);
      }
    }
    const W = Math.ceil(x1 - x0 + 2 * m), H = Math.ceil(y1 - y0 + 2 * m), ox = -x0 + m, oy = -y0 + m, d = this.dpr;
    const sw = Math.ceil(W * d), sh = Math.ceil(H * d);
    let at = this.labelAtlas.alloc(sw, sh);
    if (!at) {   // full: start again (what is on screen is painted again in the next frames)
      this.labelAtlas.clear(); this.labelSprites.clear();
      at = this.labelAtlas.alloc(sw, sh);
      if (!at) return null;
    }
    const c = at.page.ctx;
    c.save();
    c.setTransform(1, 0, 0, 1, 0, 0);
    c.beginPath(); c.rect(at.x, at.y, sw, sh); c.clip();
    c.setTransform(d, 0, 0, d, at.x, at.y);
    c.font = f.font; c.textAlign = 'center'; c.textBaseline = 'middle'; c.lineJoin = 'round'; c.lineWidth = halo;
    const place = l.mode === 'point';
    c.strokeStyle = dark ? 'rgba(15,20,27,0.92)' : 'rgba(255,255,255,0.92)';
    c.fillStyle = place ? (dark ? '#e6c08a' : '#7a4a12') : f.rank === 0 ? (dark ? '#e3e9f0' : '#262626') : (dark ? '#b9c3ce' : '#474747');
    const text = (x, y) => { c.strokeText(l.text, x, y); c.fillText(l.text, x, y); };
    if (l.mode === 'rotated') {
      c.translate(ox, oy); c.rotate(l.angle); text(0, 0);
    } else if (l.mode === 'stacked') {
      const chars = [...l.text];
      chars.forEach((ch, k) => { const [gx, gy] = l.glyphs[k]; c.strokeText(ch, ox + gx, oy + gy); c.fillText(ch, ox + gx, oy + gy); });
    } else {
      text(ox + l.x - l.px, oy + l.y - l.py);
      c.beginPath(); c.arc(ox, oy, 3.5, 0, Math.PI * 2);
      c.fillStyle = dark ? '#d08a3a' : '#b5651d'; c.fill();
      c.strokeStyle = dark ? '#0f141b' : '#fff'; c.lineWidth = 1.5; c.stroke();
    }
    c.restore();
    sp = { canvas: at.page.canvas, sx: at.x, sy: at.y, sw, sh, w: sw / d, h: sh / d, ox, oy, gen: this.labelAtlas.gen };
    this.labelSprites.set(key, sp);
    return sp;
  },

  /** The labels placed in view, in screen CSS px (the browser tests read them): text, mode, rank,
   *  origin (x, y), angle, boxes [[x0, y0, x1, y1]] and whether the last frame drew it. */
  placedLabels() {
    const pl = this.labelPlace;
    if (!pl) return [];
    const S = 2 ** pl.zoom, k = 2 ** (this.zoom - pl.zoom), ox = this.cx * S, oy = this.cy * S;
    const out = [];
    for (const l of pl.placement.labels) {
      const lx = l.px ?? l.x, ly = l.py ?? l.y;
      const X = (lx - ox) * k + this.w / 2, Y = (ly - oy) * k + this.h / 2;
      const boxes = l.boxes.map((b) => [X + b[0] - lx, Y + b[1] - ly, X + b[2] - lx, Y + b[3] - ly]);
      if (!boxes.some((b) => b[2] > 0 && b[0] < this.w && b[3] > 0 && b[1] < this.h)) continue;
      out.push({ text: l.text, mode: l.mode, rank: l.priority, x: X, y: Y, angle: l.angle, boxes, drawn: l.drawnAt === this.labelFrame && !!this.spriteOf(l) });
    }
    return out;
  },
};
