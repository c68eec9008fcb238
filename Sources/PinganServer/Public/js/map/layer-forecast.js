// Today's hotspot forecast (预测预警): the grid cells the server's forecast ranks highest for the
// day in the user's scope (`GET /v1/forecast/hotspots`), drawn as translucent squares, darker
// for a higher rank. The forecast changes once a day and with new calls, so it is asked for when
// the layer is turned on and again every ten minutes while it stays on.
import { api } from '../api.js';

const REFRESH_MS = 600_000;

export const forecastLayer = {
  scheduleForecast() {
    clearTimeout(this.forecastRefresh);
    if (!this.layers.forecast) { if (this.forecast) { this.forecast = null; this.onForecast(null); this.requestRender(); } return; }
    this.loadForecast();
  },
  async loadForecast() {
    try {
      const fc = await api('GET', '/v1/forecast/hotspots');
      if (!this.layers.forecast) return;
      const cells = [];
      for (const f of fc?.features || []) {
        const ring = f.geometry?.coordinates?.[0]; if (!ring || ring.length < 4) continue;
        const xy = new Float64Array(ring.length * 2);
        ring.forEach(([lon, lat], k) => { const [x, y] = this.toWorld(lat, lon); xy[2 * k] = x; xy[2 * k + 1] = y; });
        cells.push({ xy, rank: f.properties?.rank ?? 1 });
      }
      this.forecast = { cells, meta: fc };
      this.onForecast(fc);
    } catch (e) {
      this.forecast = null; this.onForecast(null, e);
    }
    this.requestRender();
    clearTimeout(this.forecastRefresh);
    this.forecastRefresh = setTimeout(() => this.loadForecast(), REFRESH_MS);
  },
  drawForecast(ctx, sx, sy, dark) {
    const n = this.forecast.cells.length || 1;
    for (const c of this.forecast.cells) {
      const a = 0.18 + 0.42 * (1 - (c.rank - 1) / n);
      ctx.beginPath();
      ctx.moveTo(sx(c.xy[0]), sy(c.xy[1]));
      for (let k = 2; k < c.xy.length; k += 2) ctx.lineTo(sx(c.xy[k]), sy(c.xy[k + 1]));
      ctx.closePath();
      ctx.fillStyle = dark ? `rgba(255,120,60,${a})` : `rgba(214,60,20,${a})`;
      ctx.fill();
    }
  },
};
