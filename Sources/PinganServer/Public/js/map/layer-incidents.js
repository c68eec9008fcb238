// Incidents zoomed in: one marker each, shaped by the category's symbol and coloured by
// priority, with a pulsing ring when a deadline is missed.
import { t, getLang } from '../i18n.js';
import { PRIORITY_COLOURS, shapeOf } from '../colours.js';
import { categories } from '../rules.js';
import { pageStyle } from './constants.js';

export const incidentsLayer = {
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
      // style: priority in the high nibble, the category's place in the catalogue in the low one
      // (15: not in the catalogue, drawn as a circle without a glyph)
      const st = L.style[i], p = st >> 4, cat = st & 15, known = categories()[cat];
      const shape = cat < 15 && known ? shapeOf(known.symbol) : 0;
      // zoomed in, the category's glyph (dictionary `glyph.*`) sits inside its shape
      const glyph = r >= 8 && cat < 15 && known ? t(`glyph.${known.code}`) : '';
      const key = glyph ? 3.2e6 + (getLang() === 'en' ? 1e5 : 0) + p * 1000 + cat * 20 + r : 3e6 + p * 1000 + shape * 100 + r;
      const sp = this.sprites.get(key) || this.sprite(key, 2 * r + 4, (c, m) => {
        c.beginPath(); addShape(c, shape, m, m, r);
        c.fillStyle = PRIORITY_COLOURS[p]; c.fill(); c.lineWidth = 1.5; c.strokeStyle = '#fff'; c.stroke();
        if (glyph) {
          c.font = `bold ${r + 1}px ${pageStyle().font}`; c.textAlign = 'center'; c.textBaseline = 'middle';
          c.fillStyle = p === 2 ? '#222' : '#fff'; c.fillText(glyph, m, m + (shape === 2 ? 2 : shape === 4 ? -2 : 0.5));
        }
      });
      this.blit(ctx, sp, sx(L.x[i]), sy(L.y[i]));
    }
    void anyDone;
    return anyOver;
  },
};

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
