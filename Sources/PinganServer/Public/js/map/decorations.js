// What the map draws over everything: the selected incident's ring, the picked location's pin,
// the place found with the map's search box, the scale bar, the attribution and the note when
// the server has no road network.
import { unproject, metresPerPixel } from '../geo.js';
import { state } from '../state.js';
import { t } from '../i18n.js';
import { pageStyle } from './constants.js';

export const decorations = {
  /** The place the map's search box found ({lat, lon, name}), marked until null. */
  setFound(p) { this.found = p; this.requestRender(); },

  /** A ring round the selected incident, and the pin where a new incident's location was picked. */
  drawSelection(ctx, sx, sy, dark) {
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
    if (this.found) {
      const [wx, wy] = this.toWorld(this.found.lat, this.found.lon); const X = sx(wx), Y = sy(wy);
      ctx.beginPath(); ctx.arc(X, Y, 11, 0, Math.PI * 2); ctx.fillStyle = 'rgba(29,95,209,0.18)'; ctx.fill();
      ctx.beginPath(); ctx.arc(X, Y, 5, 0, Math.PI * 2); ctx.fillStyle = '#1d5fd1'; ctx.fill();
      ctx.strokeStyle = '#fff'; ctx.lineWidth = 2; ctx.stroke();
      ctx.font = 'bold 13px ' + pageStyle().font;
      ctx.textAlign = 'left'; ctx.textBaseline = 'alphabetic'; ctx.lineJoin = 'round'; ctx.lineWidth = 4;
      ctx.strokeStyle = dark ? '#0f141b' : '#fff'; ctx.strokeText(this.found.name, X + 14, Y + 5);
      ctx.fillStyle = dark ? '#9cc0ff' : '#1d4fa8'; ctx.fillText(this.found.name, X + 14, Y + 5);
    }
  },

  /** © OpenStreetMap (and the coordinate system when GCJ-02), and why there are no roads. */
  drawAttribution(ctx, w, h, css, dark) {
    ctx.font = '11px ' + css.font; ctx.textAlign = 'right';
    ctx.fillStyle = dark ? 'rgba(22,27,34,0.8)' : 'rgba(255,255,255,0.8)';
    const attr = '© OpenStreetMap contributors' + (this.layers.gcj ? ' · GCJ-02' : '');
    const tw = ctx.measureText(attr).width; ctx.fillRect(w - tw - 10, h - 18, tw + 10, 18);
    ctx.fillStyle = dark ? '#aab4c0' : '#333'; ctx.fillText(attr, w - 5, h - 5);
    if (this.layers.roads && this.roadsState === 'absent' && this.zoom >= 11) {
      ctx.textAlign = 'left'; ctx.fillStyle = dark ? '#6b7785' : '#8a8a8a'; ctx.fillText(t('map.noRoads'), 130, h - 5);
    }
  },

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
  },
};
