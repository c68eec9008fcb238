// Zoomed out or crowded: points counted into screen bins and drawn as sized clusters.
import { PRIORITY_COLOURS, unitColour } from '../colours.js';
import { unitStatuses } from '../rules.js';
import { BIN, UNIT_STATUS_SLOTS } from './constants.js';

export const clustersLayer = {
  /** Typed arrays for the cluster bins, kept between frames. */
  bins(kind, nb) {
    let b = this.binCache[kind];
    if (!b || b.nb < nb) {
      b = this.binCache[kind] = { nb, count: new Int32Array(nb), best: new Uint8Array(nb), ax: new Float32Array(nb), ay: new Float32Array(nb),
        hot: new Uint8Array(nb), perStatus: new Int32Array(nb * UNIT_STATUS_SLOTS), labels: new Float32Array(nb * 3) };
    }
    b.count.fill(0, 0, nb); b.best.fill(255, 0, nb); b.ax.fill(0, 0, nb); b.ay.fill(0, 0, nb); b.hot.fill(0, 0, nb); b.perStatus.fill(0, 0, nb * UNIT_STATUS_SLOTS);
    return b;
  },

  /** Zoomed out: count points into screen bins and draw one sized disc per bin. */
  drawClusters(ctx, L, vis, sx, sy, w, h, kind, css) {
    if (!vis.length) return;
    const cols = Math.ceil(w / BIN) + 1, rows = Math.ceil(h / BIN) + 1, nb = cols * rows;
    const { count, best, ax, ay, hot, perStatus, labels } = this.bins(kind, nb);
    const unit = kind === 'unit', off = unit ? BIN / 2 : 0;
    for (let j = 0; j < vis.length; j++) {
      const i = vis[j], X = sx(L.x[i]), Y = sy(L.y[i]);
      // unit bins sit half a bin off the incident bins, so the two kinds of cluster interleave
      const bx = Math.floor((X + off) / BIN), by = Math.floor((Y + off) / BIN);
      if (bx < 0 || by < 0 || bx >= cols || by >= rows) continue;
      const b = by * cols + bx;
      count[b]++; ax[b] += X; ay[b] += Y;
      if (!unit) { const p = L.style[i] >> 4; if (p < best[b]) best[b] = p; if (this.incDue[i] < this.now) hot[b] = 1; }
      else perStatus[b * UNIT_STATUS_SLOTS + L.style[i]]++;
    }
    let nl = 0;
    for (let b = 0; b < nb; b++) {
      const n = count[b]; if (!n) continue;
      const X = ax[b] / n, Y = ay[b] / n;
      const r = Math.round((n === 1 ? 4 : Math.min(20, 6 + Math.log2(n) * 2)) * (unit ? 0.75 : 1) * 2) / 2;
      let style = best[b];
      if (unit) { let m = -1; for (let k = 0; k < UNIT_STATUS_SLOTS; k++) if (perStatus[b * UNIT_STATUS_SLOTS + k] > m) { m = perStatus[b * UNIT_STATUS_SLOTS + k]; style = k; } }
      const h0 = hot[b];
      const key = unit ? 1e6 + style * 1000 + r * 2 : 2e6 + style * 1000 + h0 * 100 + r * 2;
      const sp = this.sprites.get(key) || (unit
        ? this.sprite(key, r * 1.6 + 2, (c, m) => {
          c.globalAlpha = 0.85; c.fillStyle = unitColour(unitStatuses()[style]); c.fillRect(m - r * 0.8, m - r * 0.8, r * 1.6, r * 1.6);
        })
        : this.sprite(key, 2 * (h0 ? r + 5 : r + 1) + 2, (c, m) => {
          c.beginPath(); c.arc(m, m, r, 0, Math.PI * 2);
          c.globalAlpha = 0.85; c.fillStyle = PRIORITY_COLOURS[style]; c.fill(); c.globalAlpha = 1;
          c.strokeStyle = '#fff'; c.lineWidth = 1; c.stroke();
          if (h0) { c.beginPath(); c.arc(m, m, r + 3, 0, Math.PI * 2); c.strokeStyle = '#ff1744'; c.lineWidth = 1.5; c.stroke(); }
        }));
      this.blit(ctx, sp, X, Y);
      if (n >= 5) { labels[nl++] = X; labels[nl++] = Y; labels[nl++] = n; }
    }
    ctx.font = 'bold 10px ' + css.font; ctx.textAlign = 'center'; ctx.fillStyle = '#fff';
    for (let k = 0; k < nl; k += 3) ctx.fillText(labels[k + 2] > 999 ? `${(labels[k + 2] / 1000).toFixed(1)}k` : String(labels[k + 2]), labels[k], labels[k + 1] + 3.5);
  },
};
