// Volunteers on patrol (群防群治) on their own layer: a green person-in-a-circle per shift at its
// latest shared position, amber when the position fell outside the team's zones, grey when it is
// more than ten minutes old; from zoom 15 the volunteer's name and team beside it.
import { state } from '../state.js';

const INSIDE = '#2e7d32', OUTSIDE = '#ef6c00', STALE = '#9e9e9e';
const STALE_MS = 10 * 60 * 1000;

export const volunteersLayer = {
  rebuildVolunteers() {
    if (this.builtVolunteers === state.version.volunteers && this.builtVolunteersGcj === this.layers.gcj) return;
    this.builtVolunteers = state.version.volunteers; this.builtVolunteersGcj = this.layers.gcj;
    this.volunteerPts = state.volunteers.filter((v) => v.position).map((v) => ({ v, p: this.toWorld(v.position.lat, v.position.lon) }));
  },

  drawVolunteers(ctx, sx, sy, css, dark) {
    this.rebuildVolunteers();
    if (!this.layers.volunteers || !this.volunteerPts?.length || this.zoom < 11) return;
    const edge = dark ? '#0f141b' : '#fff', now = Date.now();
    for (const { v, p } of this.volunteerPts) {
      const X = sx(p[0]), Y = sy(p[1]);
      if (X < -20 || Y < -20 || X > this.w + 20 || Y > this.h + 20) continue;
      const stale = now - Date.parse(v.positionAt || v.startedAt) > STALE_MS;
      const colour = stale ? STALE : v.inArea === false ? OUTSIDE : INSIDE;
      const key = 9e6 + (stale ? 2 : v.inArea === false ? 1 : 0) * 2 + (dark ? 1 : 0);
      this.blit(ctx, this.sprites.get(key) || this.sprite(key, 20, (c, m) => {
        c.beginPath(); c.arc(m, m, 7.5, 0, Math.PI * 2); c.fillStyle = colour; c.fill(); c.lineWidth = 1.5; c.strokeStyle = edge; c.stroke();
        c.fillStyle = '#fff';
        c.beginPath(); c.arc(m, m - 2.6, 2.2, 0, Math.PI * 2); c.fill();          // head
        c.beginPath(); c.moveTo(m - 4, m + 4.5); c.quadraticCurveTo(m, m - 1.5, m + 4, m + 4.5); c.closePath(); c.fill();   // shoulders
      }), X, Y);
    }
    if (this.zoom >= 15) {
      ctx.font = '11px ' + css.font; ctx.textAlign = 'left'; ctx.textBaseline = 'alphabetic';
      ctx.lineWidth = 3; ctx.strokeStyle = edge; ctx.fillStyle = dark ? '#c8e6c9' : '#1b5e20';
      for (const { v, p } of this.volunteerPts) {
        const X = sx(p[0]) + 10, Y = sy(p[1]) + 4, label = `${v.name} · ${v.teamName}`;
        ctx.strokeText(label, X, Y); ctx.fillText(label, X, Y);
      }
    }
  },
};
