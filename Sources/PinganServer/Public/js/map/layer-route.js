// A recommended or assigned unit's road route, coloured by its 1-3-5 tier.


export const routeLayer = {
  /** Shows (or with null clears) a route polyline under the markers. */
  setRoute(pts, colour) {
    const next = pts && pts.length > 1 ? { pts, colour: colour || '#1d5fd1' } : null;
    if (!next && !this.route) return;
    if (next && this.route && this.route.pts === next.pts && this.route.colour === next.colour) return;
    this.route = next;
    this.requestRender();
  },

  drawRoute(ctx, sx, sy, dark) {
    ctx.beginPath();
    this.route.pts.forEach((p, k) => { const [wx, wy] = this.toWorld(p.lat, p.lon); k ? ctx.lineTo(sx(wx), sy(wy)) : ctx.moveTo(sx(wx), sy(wy)); });
    ctx.lineCap = 'round'; ctx.lineJoin = 'round';
    ctx.strokeStyle = dark ? 'rgba(0,0,0,0.6)' : 'rgba(255,255,255,0.9)'; ctx.lineWidth = 8; ctx.stroke();
    ctx.strokeStyle = this.route.colour; ctx.lineWidth = 4.5; ctx.stroke();
    const start = this.route.pts[0], [wx, wy] = this.toWorld(start.lat, start.lon);
    ctx.beginPath(); ctx.arc(sx(wx), sy(wy), 5, 0, Math.PI * 2);
    ctx.fillStyle = '#fff'; ctx.fill(); ctx.strokeStyle = this.route.colour; ctx.lineWidth = 2.5; ctx.stroke();
  },
};
