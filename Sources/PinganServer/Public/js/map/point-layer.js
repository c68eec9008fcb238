// One point layer of the map as flat arrays (projected world x/y, style codes, flags) plus a
// grid of world cells for culling, rebuilt only when its data changes.
import { CELL } from './constants.js';

/** One point layer as flat arrays plus a culling grid. */
export class PointLayer {
  constructor() { this.n = 0; this.x = new Float64Array(0); this.y = new Float64Array(0); this.style = new Uint8Array(0); this.flags = new Uint8Array(0); this.items = []; this.grid = new Map(); this.vis = new Int32Array(0); }
  build(iterable, locate, styleOf, flagsOf) {
    const items = Array.isArray(iterable) ? iterable : [...iterable];
    const n = items.length;
    this.x = new Float64Array(n); this.y = new Float64Array(n); this.style = new Uint8Array(n); this.flags = new Uint8Array(n);
    this.items = new Array(n);
    this.grid = new Map();
    let k = 0;
    for (const it of items) {
      const p = locate(it);
      if (!p) continue;
      this.x[k] = p[0]; this.y[k] = p[1]; this.style[k] = styleOf(it); this.flags[k] = flagsOf ? flagsOf(it) : 0;
      this.items[k] = it;
      const key = Math.floor(p[0] / CELL) * 1e6 + Math.floor(p[1] / CELL);
      let cell = this.grid.get(key);
      if (!cell) { cell = []; this.grid.set(key, cell); }
      cell.push(k);
      k++;
    }
    this.n = k;
  }
  /** The indices of the points inside the world rectangle, in a buffer reused every frame (a
   *  view valid until the next call): no per-frame array of tens of thousands of numbers. */
  collect(x0, y0, x1, y1) {
    if (this.vis.length < this.n) this.vis = new Int32Array(this.n);
    const out = this.vis, X = this.x, Y = this.y;
    let n = 0;
    const cx0 = Math.floor(x0 / CELL), cx1 = Math.floor(x1 / CELL), cy0 = Math.floor(y0 / CELL), cy1 = Math.floor(y1 / CELL);
    if ((cx1 - cx0 + 1) * (cy1 - cy0 + 1) > this.grid.size) {
      for (let i = 0; i < this.n; i++) { const x = X[i], y = Y[i]; if (x >= x0 && x <= x1 && y >= y0 && y <= y1) out[n++] = i; }
    } else {
      for (let cx = cx0; cx <= cx1; cx++) for (let cy = cy0; cy <= cy1; cy++) {
        const cell = this.grid.get(cx * 1e6 + cy);
        if (cell) for (let j = 0; j < cell.length; j++) out[n++] = cell[j];
      }
    }
    return out.subarray(0, n);
  }
  /** Calls `f(i)` for every point inside the world rectangle (cell-level precision). */
  forEachIn(x0, y0, x1, y1, f) {
    const cx0 = Math.floor(x0 / CELL), cx1 = Math.floor(x1 / CELL), cy0 = Math.floor(y0 / CELL), cy1 = Math.floor(y1 / CELL);
    if ((cx1 - cx0 + 1) * (cy1 - cy0 + 1) > this.grid.size) {
      for (let i = 0; i < this.n; i++) { const x = this.x[i], y = this.y[i]; if (x >= x0 && x <= x1 && y >= y0 && y <= y1) f(i); }
      return;
    }
    for (let cx = cx0; cx <= cx1; cx++) for (let cy = cy0; cy <= cy1; cy++) {
      const cell = this.grid.get(cx * 1e6 + cy);
      if (cell) for (let j = 0; j < cell.length; j++) f(cell[j]);
    }
  }
}
