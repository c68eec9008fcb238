// A patrol zone being edited: its present boundary outlined, and while it is redrawn the new
// boundary as the clicks lay it down (each click on the map adds a vertex; the ring closes by
// itself, its first point not repeated, as the API takes it).

export const draftLayer = {
  /** Outlines the ring `pts` ([{lat, lon}]), or several rings ([[{lat, lon}]]: an area of more
   *  than one polygon), as the shape being edited; null clears it. */
  setOutline(pts) {
    const rings = (Array.isArray(pts?.[0]) ? pts : [pts]).filter((r) => r?.length);
    this.outline = rings[0] || null;   // the (first) ring
    this.outlineRings = rings;
    this.requestRender();
  },

  /** Starts a new ring: map clicks add vertices until `stopDrawing`; `onChange(pts)` hears each. */
  startDrawing(onChange = () => {}) {
    this.drawing = { pts: [], onChange };
    this.canvas.classList.add('drawing');
    this.requestRender();
  },
  addVertex(ll) {
    if (!this.drawing) return;
    this.drawing.pts.push({ lat: ll.lat, lon: ll.lon });
    this.drawing.onChange(this.drawing.pts);
    this.requestRender();
  },
  undoVertex() {
    if (!this.drawing?.pts.length) return;
    this.drawing.pts.pop();
    this.drawing.onChange(this.drawing.pts);
    this.requestRender();
  },
  /** Ends drawing; returns the vertices laid down. */
  stopDrawing() {
    const pts = this.drawing?.pts || [];
    this.drawing = null;
    this.canvas.classList.remove('drawing');
    this.requestRender();
    return pts;
  },

  drawDraft(ctx, sx, sy, dark) {
    const ring = (pts) => pts.map((p) => { const [x, y] = this.toWorld(p.lat, p.lon); return [sx(x), sy(y)]; });
    const colour = dark ? '#ffb74d' : '#e65100';
    ctx.lineJoin = 'round';
    if (this.outline && !this.drawing) {
      ctx.beginPath();
      for (const r of this.outlineRings) { ring(r).forEach(([X, Y], k) => (k ? ctx.lineTo(X, Y) : ctx.moveTo(X, Y))); ctx.closePath(); }
      ctx.fillStyle = dark ? 'rgba(255,183,77,0.12)' : 'rgba(230,81,0,0.08)'; ctx.fill('evenodd');
      ctx.strokeStyle = colour; ctx.lineWidth = 3; ctx.stroke();
    }
    if (!this.drawing) return;
    const xy = ring(this.drawing.pts);
    if (xy.length > 1) {
      ctx.beginPath(); xy.forEach(([X, Y], k) => (k ? ctx.lineTo(X, Y) : ctx.moveTo(X, Y)));
      if (xy.length > 2) { ctx.fillStyle = dark ? 'rgba(255,183,77,0.18)' : 'rgba(230,81,0,0.12)'; ctx.fill(); }
      ctx.strokeStyle = colour; ctx.lineWidth = 2.5; ctx.stroke();
      if (xy.length > 2) {   // the closing edge, dashed: it is drawn for the user, not clicked
        ctx.beginPath(); ctx.moveTo(...xy[xy.length - 1]); ctx.lineTo(...xy[0]);
        ctx.setLineDash([5, 5]); ctx.stroke(); ctx.setLineDash([]);
      }
    }
    ctx.beginPath();
    for (const [X, Y] of xy) { ctx.moveTo(X + 5, Y); ctx.arc(X, Y, 5, 0, Math.PI * 2); }
    ctx.fillStyle = '#fff'; ctx.fill(); ctx.strokeStyle = colour; ctx.lineWidth = 2; ctx.stroke();
  },
};
