// The 1-3-5 minute coverage layer: road segments coloured by the tier the nearest free unit
// reaches them in (`GET /v1/map/coverage`), refreshed while the view or the units change.
import { api } from '../api.js';
import { tierColour } from '../colours.js';

export const coverageLayer = {
  // ---- 1-3-5 minute coverage ----------------------------------------------------------------
  // Road segments coloured by how soon the nearest free unit reaches them, from the server's
  // road engine. Refreshed when the view settles and every 15 s while shown, since units move.
  scheduleCoverage() {
    clearTimeout(this.coverageTimer);
    if (!this.layers.coverage) {
      clearTimeout(this.coverageRefresh);
      if (this.coverage) { this.coverage = null; this.onCoverage(null); this.requestRender(); }
      return;
    }
    this.coverageTimer = setTimeout(() => this.loadCoverage(), 400);
  },
  async loadCoverage() {
    if (!this.layers.coverage) return;
    const z = Math.max(11, Math.round(this.zoom));
    const bbox = this.viewBBox(0);
    const key = `${bbox}/${z}`;
    if (key === this.coverageKey && Date.now() - this.coverageAt < 15000) return;
    this.coverageKey = key;
    try {
      const fc = await api('GET', `/v1/map/coverage?bbox=${bbox}&zoom=${z}`);
      if (key !== this.coverageKey || !this.layers.coverage) return;
      const byTier = { 1: [], 3: [], 5: [], over: [] };
      for (const f of fc?.features || []) {
        const c = f.geometry?.coordinates; if (!c || c.length < 2) continue;
        const list = byTier[f.properties?.tier] || byTier.over;
        const xy = new Float64Array(c.length * 2);
        c.forEach(([lon, lat], k) => { const [x, y] = this.toWorld(lat, lon); xy[2 * k] = x; xy[2 * k + 1] = y; });
        list.push(xy);
      }
      this.coverage = { byTier, shares: fc.shares || {}, units: fc.units ?? 0 };
      this.coverageAt = Date.now();
      this.onCoverage(this.coverage);
    } catch (e) {
      this.coverage = null; this.onCoverage(null, e);
    }
    this.requestRender();
    // its own timer: a view change re-arms only the debounce, never cancels the refresh
    clearTimeout(this.coverageRefresh);
    this.coverageRefresh = setTimeout(() => { this.coverageKey = ''; this.loadCoverage(); }, 15000);
  },
  drawCoverage(ctx, sx, sy) {
    const colours = { 1: tierColour(1), 3: tierColour(3), 5: tierColour(5), over: tierColour(99) };
    ctx.lineCap = 'round'; ctx.lineWidth = this.zoom >= 15 ? 5 : 3;
    for (const tier of ['over', '5', '3', '1']) {
      const list = this.coverage.byTier[tier]; if (!list.length) continue;
      ctx.beginPath();
      for (const xy of list) { ctx.moveTo(sx(xy[0]), sy(xy[1])); for (let k = 2; k < xy.length; k += 2) ctx.lineTo(sx(xy[k]), sy(xy[k + 1])); }
      ctx.strokeStyle = colours[tier]; ctx.stroke();
    }
  },
};
