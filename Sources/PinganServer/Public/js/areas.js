// A jurisdiction's area as the API keeps it (a GeoJSON Polygon or MultiPolygon, [lon, lat]
// positions, each ring closed) and as the console draws it (rings of {lat, lon}, not closed):
// converting between the two, whether a point lies inside, where a label goes and which
// station's area holds a point.
import { state, isActive } from './state.js';

/** The GeoJSON Polygon of one ring of {lat, lon} vertices drawn on the map (closed here). */
export function polygonOf(pts) {
  const ring = pts.map(({ lat, lon }) => [lon, lat]);
  const [f, l] = [ring[0], ring[ring.length - 1]];
  if (f && (f[0] !== l[0] || f[1] !== l[1])) ring.push([f[0], f[1]]);
  return { type: 'Polygon', coordinates: [ring] };
}

/** The polygons of an area as lists of rings (outer first, then holes) of {lat, lon}, without
 *  the closing vertex; [] for none or a shape the console does not draw. */
export function polygonsOf(area) {
  if (!area || !Array.isArray(area.coordinates)) return [];
  const polys = area.type === 'Polygon' ? [area.coordinates] : area.type === 'MultiPolygon' ? area.coordinates : [];
  return polys.map((rings) => (rings || []).map((ring) => {
    const pts = (ring || []).filter((c) => Array.isArray(c) && c.length >= 2).map(([lon, lat]) => ({ lat, lon }));
    const f = pts[0], l = pts[pts.length - 1];
    if (pts.length > 1 && f.lat === l.lat && f.lon === l.lon) pts.pop();
    return pts;
  }).filter((r) => r.length >= 3)).filter((rings) => rings.length);
}

/** Every ring of an area (outer rings and holes), for outlining. */
export const ringsOf = (area) => polygonsOf(area).flat();
/** The outer rings only (one per polygon). */
export const outerRingsOf = (area) => polygonsOf(area).map((rings) => rings[0]);
/** How many vertices the area has in all (0: none). */
export const vertexCount = (area) => ringsOf(area).reduce((n, r) => n + r.length, 0);

function inRing(pts, lat, lon) {
  let inside = false;
  for (let i = 0, j = pts.length - 1; i < pts.length; j = i++) {
    const a = pts[i], b = pts[j];
    if ((a.lat > lat) !== (b.lat > lat) && lon < (b.lon - a.lon) * (lat - a.lat) / (b.lat - a.lat) + a.lon) inside = !inside;
  }
  return inside;
}

/** Whether {lat, lon} lies inside the area (inside an outer ring and outside its holes). */
export function contains(area, { lat, lon }) {
  return polygonsOf(area).some(([outer, ...holes]) => inRing(outer, lat, lon) && !holes.some((h) => inRing(h, lat, lon)));
}

/** The active station whose area holds `ll` (the first found), or null. */
export function stationAt(ll) {
  for (const j of state.jurisdictions.values()) if (j.level === 'station' && isActive(j) && j.area && contains(j.area, ll)) return j;
  return null;
}

/** Where a ring's label goes: its area-weighted centroid ({lat, lon}); the vertices' mean for a
 *  degenerate ring. Plain lat/lon arithmetic: rings are small. */
export function centroidOf(pts) {
  let a = 0, x = 0, y = 0;
  for (let i = 0, j = pts.length - 1; i < pts.length; j = i++) {
    const f = pts[j].lon * pts[i].lat - pts[i].lon * pts[j].lat;
    a += f; x += (pts[j].lon + pts[i].lon) * f; y += (pts[j].lat + pts[i].lat) * f;
  }
  if (Math.abs(a) < 1e-14) {
    const n = pts.length || 1;
    return { lat: pts.reduce((s, p) => s + p.lat, 0) / n, lon: pts.reduce((s, p) => s + p.lon, 0) / n };
  }
  return { lat: y / (3 * a), lon: x / (3 * a) };
}

/** The largest outer ring of an area (by the shoelace area in degrees), or null. */
export function largestRing(area) {
  let best = null, bestA = -1;
  for (const r of outerRingsOf(area)) {
    let s = 0;
    for (let i = 0, j = r.length - 1; i < r.length; j = i++) s += r[j].lon * r[i].lat - r[i].lon * r[j].lat;
    if (Math.abs(s) > bestA) { bestA = Math.abs(s); best = r; }
  }
  return best;
}
