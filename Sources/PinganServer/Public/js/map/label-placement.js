// Label placement for the map's street and place names, as a pure module (no DOM, no map): the
// caller hands in candidates in "placement pixels" (world × 2^P for a whole placement zoom P) with
// their measured text width, and gets back where each label goes and the boxes it covers.
//
// - A street name follows its line: it is set straight along the longest straight-ish run of the
//   line (every vertex of the run within `tol` of the run's chord) that is long enough for the
//   text, rotated and kept upright (never upside down). An all-CJK name on a steep line is set as
//   upright characters stacked along it, as Chinese maps do.
// - No two labels overlap: every label is a set of axis-aligned boxes (a rotated text is
//   approximated by squares of its height sampled along it), tested against a grid index of the
//   boxes placed so far; a label that does not fit is left out.
// - Priorities: candidates are placed in order of `priority` (lower first: major roads, then
//   landmarks, then minor roads), then the longer line first, then by id, so the same input
//   always gives the same placement.
// - The same name is not repeated within `repeat` pixels.
// - Incremental: `add` places new candidates against what is already placed and never moves or
//   drops a placed label, so the labels on screen stay put while the map pans and data arrives.

const CJK = /^[\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff00-\uffef0-9·]+$/u;

/** Whether `text` is set as stacked upright characters on a steep line. */
export const isCJK = (text) => CJK.test(text);

/** The direction angle in (-π/2, π/2]: text along it reads left to right, never upside down. */
export function upright(angle) {
  let a = angle;
  while (a > Math.PI / 2 + 1e-9) a -= Math.PI;
  while (a <= -Math.PI / 2 + 1e-9) a += Math.PI;
  return a;
}

/** The maximal straight-ish runs of polyline `pts` ([x0, y0, x1, y1, …]): every interior vertex
 *  of a run lies within `tol` of the chord between its ends, and the line does not turn back.
 *  Returns [{i, j, x0, y0, x1, y1, len}] (vertex indices and chord), longest first. */
export function straightRuns(pts, tol) {
  const n = pts.length >> 1, runs = [];
  let i = 0;
  while (i < n - 1) {
    let j = i + 1;
    while (j + 1 < n && fitsChord(pts, i, j + 1, tol)) j++;
    const x0 = pts[2 * i], y0 = pts[2 * i + 1], x1 = pts[2 * j], y1 = pts[2 * j + 1];
    const len = Math.hypot(x1 - x0, y1 - y0);
    if (len > 0) runs.push({ i, j, x0, y0, x1, y1, len });
    i = j;
  }
  runs.sort((a, b) => b.len - a.len || a.i - b.i);
  return runs;
}

function fitsChord(pts, i, k, tol) {
  const x0 = pts[2 * i], y0 = pts[2 * i + 1], x1 = pts[2 * k], y1 = pts[2 * k + 1];
  const dx = x1 - x0, dy = y1 - y0, L = Math.hypot(dx, dy);
  if (L === 0) return false;
  const ux = dx / L, uy = dy / L;
  let along = 0;
  for (let m = i + 1; m <= k; m++) {
    const px = pts[2 * m] - x0, py = pts[2 * m + 1] - y0;
    const t = px * ux + py * uy;
    if (t < along - tol) return false;                 // turns back
    along = Math.max(along, t);
    if (m < k && Math.abs(px * uy - py * ux) > tol) return false;
  }
  return true;
}

/** A grid of placed boxes ([x0, y0, x1, y1]) for overlap tests. */
export class BoxIndex {
  constructor(cell = 64) { this.cell = cell; this.cells = new Map(); this.count = 0; }
  // one number per cell: placement pixels reach 256 · 2^19 at most, so cells (≥ 64 px) number
  // under 2^22 a side (a shared key would only cost extra tests, never a wrong answer)
  key(gx, gy) { return gx * 4194304 + gy; }
  each(b, f) {
    const c = this.cell;
    const gx0 = Math.floor(b[0] / c), gy0 = Math.floor(b[1] / c), gx1 = Math.floor(b[2] / c), gy1 = Math.floor(b[3] / c);
    for (let gx = gx0; gx <= gx1; gx++) for (let gy = gy0; gy <= gy1; gy++) if (f(this.key(gx, gy)) === false) return false;
    return true;
  }
  /** Whether none of `boxes` overlaps a box in the index. */
  fits(boxes) {
    for (const b of boxes) {
      const ok = this.each(b, (k) => {
        const list = this.cells.get(k);
        if (list) for (const o of list) if (b[0] < o[2] && b[2] > o[0] && b[1] < o[3] && b[3] > o[1]) return false;
        return true;
      });
      if (!ok) return false;
    }
    return true;
  }
  insert(boxes) {
    for (const b of boxes) this.each(b, (k) => { let list = this.cells.get(k); if (!list) this.cells.set(k, list = []); list.push(b); });
    this.count += boxes.length;
  }
}

/** Boxes (axis-aligned) a text of width w and height h centred on (cx, cy) along unit direction
 *  (ux, uy) covers: squares of side h every h/2 along it. */
export function sampleBoxes(cx, cy, ux, uy, w, h) {
  const half = h / 2, reach = Math.max(0, (w - h) / 2);
  const n = Math.max(1, Math.ceil(2 * reach / half) + 1), boxes = [];
  for (let k = 0; k < n; k++) {
    const t = n === 1 ? 0 : -reach + (2 * reach * k) / (n - 1);
    const x = cx + ux * t, y = cy + uy * t;
    boxes.push([x - half, y - half, x + half, y + half]);
  }
  return boxes;
}

const grow = (b, pad) => [b[0] - pad, b[1] - pad, b[2] + pad, b[3] + pad];

/**
 * A growing set of placed labels.
 *
 * A candidate is `{id, text, priority, size, width, line}` for a street (line: [x0, y0, x1, y1, …]
 * in placement pixels; width: the text's measured width at font size `size`), or
 * `{id, text, priority, size, width, point: [x, y], marker}` for a place (marker: the radius of
 * its dot).
 *
 * A placed label is `{id, text, priority, size, mode, x, y, angle, width, height, boxes, cand}`:
 * (x, y) the text's centre; mode `rotated` (text along `angle`), `stacked` (upright characters
 * at `glyphs`: offsets of their centres from (x, y)) or `point` (the dot at (px, py), the text
 * centred on (x, y)); `boxes` what it covers (without the padding kept between labels).
 */
export class LabelPlacement {
  constructor({ cell = 64, pad = 2, repeat = 280, tol = 2.5, lineHeight = 1.3 } = {}) {
    Object.assign(this, { pad, repeat, tol, lineHeight });
    this.index = new BoxIndex(cell);
    this.labels = [];
    this.byText = new Map();   // text → [[x, y], …] of its labels, for the repeat distance
    this.seen = new Set();     // candidate ids already tried
  }

  /** Places those of `cands` not tried before; returns the labels placed now. */
  add(cands) {
    const fresh = cands.filter((c) => !this.seen.has(c.id));
    for (const c of fresh) { this.seen.add(c.id); c._len = c.line ? polyLength(c.line) : 0; }
    fresh.sort((a, b) => a.priority - b.priority || b._len - a._len || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    const placed = [];
    for (const c of fresh) {
      const got = c.line ? this.placeLine(c) : c.point ? this.placePoint(c) : [];
      for (const l of got) { this.labels.push(l); placed.push(l); }
    }
    return placed;
  }

  tooClose(text, x, y) {
    const list = this.byText.get(text);
    if (!list) return false;
    for (const [px, py] of list) if (Math.hypot(px - x, py - y) < this.repeat) return true;
    return false;
  }

  commit(label) {
    this.index.insert(label.boxes.map((b) => grow(b, this.pad)));
    let list = this.byText.get(label.text);
    if (!list) this.byText.set(label.text, list = []);
    list.push([label.x, label.y]);
    return label;
  }

  fits(boxes) { return this.index.fits(boxes.map((b) => grow(b, this.pad))); }

  /** Keeps labels off `boxes` (what the map draws over them anyway: a station and its name). */
  block(boxes) { this.index.insert(boxes); }

  /** Street labels: along the longest runs first; a long run may carry the name more than once
   *  (each copy `repeat` apart), a feature at most three times. */
  placeLine(c) {
    const h = c.size * this.lineHeight, need = c.width + 2 * this.pad + h * 0.5;
    const out = [];
    for (const run of straightRuns(c.line, this.tol)) {
      if (run.len < need) break;   // longest first: none of the rest is long enough either
      const ux = (run.x1 - run.x0) / run.len, uy = (run.y1 - run.y0) / run.len;
      // the run's middle, then further copies every `repeat` along it when it is that long
      const spots = [run.len / 2];
      for (let d = this.repeat; run.len / 2 + d + need / 2 <= run.len; d += this.repeat) spots.push(run.len / 2 + d, run.len / 2 - d);
      for (const at of spots) {
        const x = run.x0 + ux * at, y = run.y0 + uy * at;
        if (this.tooClose(c.text, x, y)) continue;
        const label = this.lineLabel(c, x, y, ux, uy, h);
        if (!this.fits(label.boxes)) continue;
        out.push(this.commit(label));
        if (out.length >= 3) return out;
      }
    }
    return out;
  }

  lineLabel(c, x, y, ux, uy, h) {
    const angle = upright(Math.atan2(uy, ux));
    const chars = [...c.text];
    if (isCJK(c.text) && Math.abs(angle) > Math.PI / 3) {
      // upright characters down the line (top to bottom)
      let dx = ux, dy = uy;
      if (dy < 0) { dx = -dx; dy = -dy; }
      const adv = c.size * 1.08, n = chars.length;
      const glyphs = chars.map((_, k) => [dx * (k - (n - 1) / 2) * adv, dy * (k - (n - 1) / 2) * adv]);
      const half = h / 2;
      const boxes = glyphs.map(([gx, gy]) => [x + gx - half, y + gy - half, x + gx + half, y + gy + half]);
      return { id: c.id, text: c.text, priority: c.priority, size: c.size, mode: 'stacked', x, y, angle: Math.atan2(dy, dx), width: adv * n, height: h, glyphs, boxes, cand: c };
    }
    const boxes = sampleBoxes(x, y, Math.cos(angle), Math.sin(angle), c.width, h);
    return { id: c.id, text: c.text, priority: c.priority, size: c.size, mode: 'rotated', x, y, angle, width: c.width, height: h, boxes, cand: c };
  }

  /** Place labels: the text right of the dot, else left, below or above it. */
  placePoint(c) {
    const [px, py] = c.point, r = c.marker ?? 3, h = c.size * this.lineHeight, w = c.width, gap = r + 3;
    if (this.tooClose(c.text, px, py)) return [];
    const spots = [[px + gap + w / 2, py], [px - gap - w / 2, py], [px, py + gap + h / 2], [px, py - gap - h / 2]];
    for (const [x, y] of spots) {
      const boxes = [[x - w / 2, y - h / 2, x + w / 2, y + h / 2], [px - r, py - r, px + r, py + r]];
      if (!this.fits(boxes)) continue;
      return [this.commit({ id: c.id, text: c.text, priority: c.priority, size: c.size, mode: 'point', x, y, px, py, angle: 0, width: w, height: h, boxes, cand: c })];
    }
    return [];
  }
}

export function polyLength(pts) {
  let L = 0;
  for (let k = 2; k < pts.length; k += 2) L += Math.hypot(pts[k] - pts[k - 2], pts[k + 1] - pts[k - 1]);
  return L;
}

/** Whether any two boxes of different labels overlap (the browser tests' check). */
export function overlaps(labels) {
  const all = [];
  labels.forEach((l, k) => { for (const b of l.boxes) all.push([b, k]); });
  for (let a = 0; a < all.length; a++) for (let b = a + 1; b < all.length; b++) {
    const [p, i] = all[a], [q, j] = all[b];
    if (i !== j && p[0] < q[2] && p[2] > q[0] && p[1] < q[3] && p[3] > q[1]) return [labels[i].text, labels[j].text];
  }
  return null;
}
