// The areas of the stations and districts in the user's scope (a jurisdiction's `area`, GeoJSON):
// quiet outlines under everything else, a station's with its name inside, a district's a little
// wider and dashed. Rebuilt when the organisation changes (the API only hands out what the user
// may see, so scope needs no filter here).
import { state, isActive } from '../state.js';
import { getLang } from '../i18n.js';
import { polygonsOf, largestRing, centroidOf } from '../areas.js';

export const areasLayer = {
  /** World coordinates of every area, kept until the organisation or the display datum changes. */
  areaShapes() {
    const gcj = this.layers.gcj;
    if (this.areaBuilt === state.version.org && this.areaGcj === gcj && this.areaList) return this.areaList;
    this.areaBuilt = state.version.org; this.areaGcj = gcj;
    const list = [];
    for (const j of state.jurisdictions.values()) {
      if (!j.area || !isActive(j) || (j.level !== 'station' && j.level !== 'district')) continue;
      const rings = polygonsOf(j.area).flat().map((r) => r.map((p) => this.toWorld(p.lat, p.lon)));
      if (!rings.length) continue;
      const big = largestRing(j.area);
      let x0 = Infinity, x1 = -Infinity;
      for (const [x] of big.map((p) => this.toWorld(p.lat, p.lon))) { x0 = Math.min(x0, x); x1 = Math.max(x1, x); }
      const c = centroidOf(big);
      list.push({ j, rings, label: this.toWorld(c.lat, c.lon), width: x1 - x0 });
    }
    // districts first: the stations' outlines go over theirs
    list.sort((a, b) => (a.j.level === 'district' ? 0 : 1) - (b.j.level === 'district' ? 0 : 1));
    this.areaList = list;
    return list;
  },

  drawJurisdictionAreas(ctx, sx, sy, css, dark) {
    const list = this.areaShapes();
    if (!list.length) return;
    const s = 2 ** this.zoom;
    ctx.lineJoin = 'round';
    for (const a of list) {
      const district = a.j.level === 'district';
      ctx.beginPath();
      for (const ring of a.rings) { ring.forEach(([x, y], k) => (k ? ctx.lineTo(sx(x), sy(y)) : ctx.moveTo(sx(x), sy(y)))); ctx.closePath(); }
      if (!district) { ctx.fillStyle = dark ? 'rgba(140,170,220,0.05)' : 'rgba(40,70,130,0.035)'; ctx.fill('evenodd'); }
      ctx.strokeStyle = district ? (dark ? 'rgba(150,165,190,0.55)' : 'rgba(70,85,110,0.45)') : (dark ? 'rgba(140,170,220,0.6)' : 'rgba(45,75,135,0.5)');
      ctx.lineWidth = district ? 2 : 1.25;
      if (district) ctx.setLineDash([10, 5]);
      ctx.stroke();
      ctx.setLineDash([]);
    }
    // names where the area is wide enough on screen to hold them; districts only zoomed out
    const en = getLang() === 'en';
    ctx.textAlign = 'center'; ctx.textBaseline = 'middle'; ctx.lineWidth = 3;
    for (const a of list) {
      const district = a.j.level === 'district';
      if (district ? this.zoom >= 13 : this.zoom < 11) continue;
      const name = (en && a.j.nameEn) || a.j.name;
      ctx.font = `${district ? 13 : 12}px ${css.font}`;
      if (ctx.measureText(name).width + 12 > a.width * s) continue;
      const X = sx(a.label[0]), Y = sy(a.label[1]);
      ctx.strokeStyle = dark ? 'rgba(15,20,27,0.85)' : 'rgba(255,255,255,0.85)'; ctx.strokeText(name, X, Y);
      ctx.fillStyle = dark ? 'rgba(170,190,225,0.8)' : 'rgba(45,70,120,0.7)'; ctx.fillText(name, X, Y);
    }
    ctx.textBaseline = 'alphabetic';
  },
};
