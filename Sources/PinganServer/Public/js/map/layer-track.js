// A unit's track for the shift: the line with its direction, and the flight that frames it.
import { MIN_ZOOM, pageStyle } from './constants.js';

export const trackLayer = {
  /** Shows (or with null clears) a unit's track: `{unitID, callsign, points: [{at, lat, lon}]}`. */
  setTrack(track) {
    this.track = track && Array.isArray(track.points) ? { ...track, xy: null, gcj: null } : null;
    this.requestRender();
  },
  /** Appends a live position to the shown track when it is that unit's. */
  extendTrack(unitID, p) {
    const tr = this.track;
    if (!tr || tr.unitID !== unitID || !p || !Number.isFinite(p.lat)) return;
    const last = tr.points[tr.points.length - 1];
    if (last && (Date.parse(p.at) <= Date.parse(last.at) || (last.lat === p.lat && last.lon === p.lon))) return;
    tr.points.push(p); tr.xy = null;
    this.requestRender();
  },

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
  },

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
  },
};
