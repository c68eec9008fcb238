// Small SVG charts drawn by our own code (no library, no CDN): a line chart for trends and a
// horizontal bar chart for shares. Each returns markup to put in the page; colours come from the
// page's CSS variables so the dark theme follows, and every chart carries a <title> so a screen
// reader (and a test) can tell what it shows.
import { esc } from './dom.js';

const W = 560, H = 180, PAD = { left: 44, right: 12, top: 12, bottom: 26 };

/** A readable step for an axis from 0 to `max`: 1, 2 or 5 times a power of ten. */
export function niceStep(max, ticks = 4) {
  if (!(max > 0)) return 1;
  const raw = max / ticks, p = 10 ** Math.floor(Math.log10(raw)), m = raw / p;
  return (m <= 1 ? 1 : m <= 2 ? 2 : m <= 5 ? 5 : 10) * p;
}

/**
 * Lines over a shared x axis. `labels` are the x values' names (dates), `series` is
 * `[{name, values, css}]` with `null` for a gap, `format(v)` words a y value.
 */
export function lineChart({ title, labels, series, format = String, min0 = true }) {
  const all = series.flatMap((s) => s.values).filter((v) => v != null && Number.isFinite(v));
  const top = all.length ? Math.max(...all) : 1, bottom = min0 || !all.length ? 0 : Math.min(...all);
  const step = niceStep(top - bottom), yMax = Math.max(step, Math.ceil(top / step) * step), yMin = min0 ? 0 : Math.floor(bottom / step) * step;
  const iw = W - PAD.left - PAD.right, ih = H - PAD.top - PAD.bottom, n = labels.length;
  const x = (i) => PAD.left + (n <= 1 ? iw / 2 : (i * iw) / (n - 1));
  const y = (v) => PAD.top + ih - ((v - yMin) / (yMax - yMin || 1)) * ih;
  let out = `<svg class="chart" viewBox="0 0 ${W} ${H}" role="img" aria-label="${esc(title)}"><title>${esc(title)}</title>`;
  for (let v = yMin; v <= yMax + step / 2; v += step) {
    out += `<line class="grid" x1="${PAD.left}" x2="${W - PAD.right}" y1="${y(v).toFixed(1)}" y2="${y(v).toFixed(1)}"/>`;
    out += `<text class="axis" x="${PAD.left - 4}" y="${(y(v) + 4).toFixed(1)}" text-anchor="end">${esc(format(v))}</text>`;
  }
  const every = Math.max(1, Math.ceil(n / 7));
  labels.forEach((l, i) => {
    if (i % every === 0 || i === n - 1) out += `<text class="axis" x="${x(i).toFixed(1)}" y="${H - 8}" text-anchor="middle">${esc(l)}</text>`;
  });
  for (const s of series) {
    let d = '', pen = false;
    s.values.forEach((v, i) => {
      if (v == null || !Number.isFinite(v)) { pen = false; return; }
      d += `${pen ? 'L' : 'M'}${x(i).toFixed(1)},${y(v).toFixed(1)}`; pen = true;
    });
    out += `<path class="line ${esc(s.css || '')}" d="${d}"><title>${esc(s.name)}</title></path>`;
    s.values.forEach((v, i) => {
      if (v != null && Number.isFinite(v)) out += `<circle class="dot ${esc(s.css || '')}" cx="${x(i).toFixed(1)}" cy="${y(v).toFixed(1)}" r="2.2"><title>${esc(`${s.name} · ${labels[i]}: ${format(v)}`)}</title></circle>`;
    });
  }
  return out + '</svg>';
}

/** Horizontal bars, one per `{label, value, css}`, longest first as given; `format` words a value. */
export function barChart({ title, bars, format = String }) {
  const rowH = 20, h = Math.max(rowH, bars.length * rowH) + 6, labelW = 120, iw = W - labelW - 60;
  const top = Math.max(1e-9, ...bars.map((b) => b.value));
  let out = `<svg class="chart bars" viewBox="0 0 ${W} ${h}" role="img" aria-label="${esc(title)}"><title>${esc(title)}</title>`;
  bars.forEach((b, i) => {
    const yy = 3 + i * rowH, w = Math.max(1, (b.value / top) * iw);
    out += `<text class="axis" x="${labelW - 6}" y="${yy + 14}" text-anchor="end">${esc(b.label)}</text>`;
    out += `<rect class="bar ${esc(b.css || '')}" x="${labelW}" y="${yy + 3}" width="${w.toFixed(1)}" height="${rowH - 6}"><title>${esc(`${b.label}: ${format(b.value)}`)}</title></rect>`;
    out += `<text class="value" x="${(labelW + w + 4).toFixed(1)}" y="${yy + 14}">${esc(format(b.value))}</text>`;
  });
  return out + '</svg>';
}
