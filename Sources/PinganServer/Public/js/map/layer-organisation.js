// The organisation on the map: station areas (each station's zones in one tint), patrol zones
// with their names, and station markers with their names.
import { getLang } from '../i18n.js';

export const organisationLayer = {
  /** Station areas: each station's zones share one tint, so its territory reads as one. */
  drawAreas(ctx, sx, sy, dark) {
    for (const z of this.zonePaths) {
      ctx.beginPath();
      z.pts.forEach(([x, y], k) => (k ? ctx.lineTo(sx(x), sy(y)) : ctx.moveTo(sx(x), sy(y))));
      ctx.closePath();
      ctx.fillStyle = `hsla(${z.hue},70%,${dark ? 55 : 45}%,${dark ? 0.10 : 0.08})`; ctx.fill();
    }
  },

  drawZones(ctx, sx, sy, css, dark) {
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
  },

  drawStations(ctx, sx, sy, css, dark) {
    ctx.beginPath();
    for (const { p } of this.stationPts) { const X = sx(p[0]), Y = sy(p[1]); ctx.moveTo(X, Y - 9); ctx.lineTo(X + 8, Y - 2); ctx.lineTo(X + 6, Y + 7); ctx.lineTo(X - 6, Y + 7); ctx.lineTo(X - 8, Y - 2); ctx.closePath(); }
    ctx.fillStyle = '#1d3f8c'; ctx.fill(); ctx.strokeStyle = '#fff'; ctx.lineWidth = 1.5; ctx.stroke();
    ctx.font = 'bold 12px ' + css.font; ctx.textAlign = 'left'; ctx.lineWidth = 3; ctx.strokeStyle = dark ? '#0f141b' : '#fff'; ctx.fillStyle = dark ? '#b9cdf5' : '#1d3f8c';
    const en = getLang() === 'en';
    for (const { j, p } of this.stationPts) { const name = (en && j.nameEn) || j.name; ctx.strokeText(name, sx(p[0]) + 11, sy(p[1]) + 4); ctx.fillText(name, sx(p[0]) + 11, sy(p[1]) + 4); }
  },
};
