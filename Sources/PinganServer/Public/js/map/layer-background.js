// The quiet background under the roads: water, parks and major buildings from
// `GET /v1/map/background` (Polygon and MultiPolygon features with `kind`), fetched with the roads
// for the same view and painted into the same cached road tiles, beneath the roads.
import { api } from '../api.js';

// fill per kind, day and night; drawn in this order (buildings over parks over water)
const KINDS = ['water', 'park', 'building'];
const FILL = {
  water: ['#aad3df', '#17283a'],
  park: ['#d3e8c4', '#16251c'],
  building: ['#e2dcd2', '#181d25'],
};

export const backgroundLayer = {
  /** The background polygons inside `bbox` at zoom `z` in world coordinates, or null when the
   *  server has none (then it is not asked again). */
  async loadBackground(bbox, z) {
    if (this.backgroundState === 'absent') return null;
    let fc;
    try {
      fc = await api('GET', `/v1/map/background?bbox=${bbox}&zoom=${z}`);
    } catch (e) {
      if ([403, 404, 501, 503].includes(e.status)) this.backgroundState = 'absent';   // not for this user or server: stop asking
      return null;
    }
    this.backgroundState = 'present';
    const polys = [];
    for (const f of fc?.features || []) {
      const g = f.geometry, kind = f.properties?.kind;
      if (!g || !FILL[kind]) continue;
      const list = g.type === 'Polygon' ? [g.coordinates] : g.type === 'MultiPolygon' ? g.coordinates : [];
      for (const rings of list) {
        let bx0 = Infinity, by0 = Infinity, bx1 = -Infinity, by1 = -Infinity;
        const xy = [];
        for (const ring of rings) {
          if (!ring || ring.length < 3) continue;
          const r = new Float64Array(ring.length * 2);
          ring.forEach(([lon, lat], k) => {
            const [x, y] = this.toWorld(lat, lon); r[2 * k] = x; r[2 * k + 1] = y;
            if (x < bx0) bx0 = x; if (x > bx1) bx1 = x; if (y < by0) by0 = y; if (y > by1) by1 = y;
          });
          xy.push(r);
        }
        if (xy.length) polys.push({ kind, order: KINDS.indexOf(kind), rings: xy, bx0, by0, bx1, by1 });
      }
    }
    polys.sort((a, b) => a.order - b.order);
    return polys;
  },

  /** Paints the background polygons crossing the tile (world x0..x1, y0..y1 at scale S) into
   *  `ctx` (made on demand by `open()`); returns whether it painted any. */
  paintBackground(open, wx0, wy0, wx1, wy1, S, dark) {
    const polys = this.background;
    if (!polys?.length) return false;
    let any = false, ctx = null;
    for (const p of polys) {
      if (p.bx1 < wx0 || p.bx0 > wx1 || p.by1 < wy0 || p.by0 > wy1) continue;
      if (!ctx) ctx = open();
      // one fill per polygon: even-odd cuts its holes out, and overlapping polygons do not cancel
      ctx.beginPath();
      for (const r of p.rings) {
        ctx.moveTo((r[0] - wx0) * S, (r[1] - wy0) * S);
        for (let k = 2; k < r.length; k += 2) ctx.lineTo((r[k] - wx0) * S, (r[k + 1] - wy0) * S);
        ctx.closePath();
      }
      ctx.fillStyle = FILL[p.kind][dark ? 1 : 0]; ctx.fill('evenodd');
      any = true;
    }
    return any;
  },
};
