// Units: a disc coloured by status (white centre: placed beside its station, no report yet;
// dashed ring: the report is stale), the heading arrow, and callsigns when zoomed in.
import { state } from '../state.js';
import { unitColour } from '../colours.js';
import { unitStatuses } from '../rules.js';
import { STALE_MS } from './constants.js';

export const unitsLayer = {
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
  },

  drawUnits(ctx, vis, sx, sy, css, dark) {
    const L = this.units, n = vis.length, edge = dark ? '#0f141b' : '#fff', ink = dark ? '#e0e0e0' : '#263238';
    for (let j = 0; j < n; j++) {
      const i = vis[j], X = sx(L.x[i]), Y = sy(L.y[i]), style = L.style[i], fl = L.flags[i] & 5;
      // the status disc; a white centre when placed beside its station (no position reported yet),
      // a dashed ring when the last position is stale
      const key = 6e6 + style * 100 + fl * 10 + (dark ? 1 : 0);
      this.blit(ctx, this.sprites.get(key) || this.sprite(key, 24, (c, m) => {
        c.beginPath(); c.arc(m, m, 6, 0, Math.PI * 2); c.fillStyle = unitColour(unitStatuses()[style]); c.fill();
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
  },
};
