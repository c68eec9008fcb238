// Front-end sensors (前端感知) on their own layer: a marker per kind (checkpoint, road camera
// gate, camera, drone, alarm button), greyed when offline, the latest crowd count as a number
// beside a sensor that counts; and the mark of the alert the card shows (a warning triangle in
// its severity's colour with a pulsing ring), drawn whatever the layers.
import { state, isActive } from '../state.js';
import { t } from '../i18n.js';

const SEVERITY = { minor: '#1e88e5', moderate: '#f9a825', severe: '#ef6c00', extreme: '#d32f2f' };
const KIND_COLOURS = { checkpoint: '#00838f', gate: '#1565c0', camera: '#5e35b1', drone: '#2e7d32', alarmButton: '#c62828' };
const KINDS = Object.keys(KIND_COLOURS);
const OFFLINE = '#9e9e9e';

/** A sensor's outline, centred on (m, m), in a sprite's canvas. */
function shape(c, kind, m) {
  c.beginPath();
  switch (kind) {
    case 'checkpoint':   // a shield
      c.moveTo(m, m - 7); c.lineTo(m + 6, m - 4); c.lineTo(m + 5, m + 3); c.lineTo(m, m + 7); c.lineTo(m - 5, m + 3); c.lineTo(m - 6, m - 4); c.closePath(); break;
    case 'gate':         // a gantry over the road
      c.rect(m - 7, m - 6, 14, 4); c.rect(m - 7, m - 2, 3, 8); c.rect(m + 4, m - 2, 3, 8); break;
    case 'camera':       // a round lens
      c.moveTo(m + 5.5, m); c.arc(m, m, 5.5, 0, Math.PI * 2); break;
    case 'drone':        // a cross of four rotors
      for (const [dx, dy] of [[-4.5, -4.5], [4.5, -4.5], [-4.5, 4.5], [4.5, 4.5]]) { c.moveTo(m + dx + 2.8, m + dy); c.arc(m + dx, m + dy, 2.8, 0, Math.PI * 2); }
      c.rect(m - 1.5, m - 5, 3, 10); c.rect(m - 5, m - 1.5, 10, 3); break;
    default:             // alarm button: a square with rounded feel
      c.rect(m - 5.5, m - 5.5, 11, 11);
  }
}

export const sensorsLayer = {
  /** The alert the card shows, marked on the map ({lat, lon, severity, id}); null clears it. */
  setAlertMark(mark) { this.alertMark = mark; this.requestRender(); },

  rebuildSensors() {
    if (this.builtSensors === state.version.sensors && this.builtSensorsGcj === this.layers.gcj) return;
    this.builtSensors = state.version.sensors; this.builtSensorsGcj = this.layers.gcj;
    this.sensorPts = [...state.sensors.values()].filter((s) => isActive(s) && s.location)
      .map((s) => ({ s, p: this.toWorld(s.location.lat, s.location.lon) }));
  },

  drawSensors(ctx, sx, sy, css, dark) {
    this.rebuildSensors();
    if (!this.layers.sensors || !this.sensorPts?.length || this.zoom < 11) return;
    const edge = dark ? '#0f141b' : '#fff';
    for (const { s, p } of this.sensorPts) {
      const X = sx(p[0]), Y = sy(p[1]);
      if (X < -20 || Y < -20 || X > this.w + 20 || Y > this.h + 20) continue;
      const k = Math.max(0, KINDS.indexOf(s.kind)), off = s.status === 'offline' ? 1 : 0;
      const key = 8e6 + k * 10 + off * 2 + (dark ? 1 : 0);
      this.blit(ctx, this.sprites.get(key) || this.sprite(key, 20, (c, m) => {
        shape(c, s.kind, m);
        c.fillStyle = off ? OFFLINE : KIND_COLOURS[s.kind] || '#455a64'; c.fill();
        c.lineWidth = 1.2; c.strokeStyle = edge; c.stroke();
        if (s.kind === 'camera') { c.beginPath(); c.arc(m, m, 2, 0, Math.PI * 2); c.fillStyle = '#fff'; c.fill(); }
        if (s.kind === 'alarmButton') { c.font = 'bold 10px sans-serif'; c.textAlign = 'center'; c.textBaseline = 'middle'; c.fillStyle = '#fff'; c.fillText('!', m, m + 0.5); }
        if (off) { c.beginPath(); c.moveTo(m - 6, m - 6); c.lineTo(m + 6, m + 6); c.strokeStyle = dark ? '#e0e0e0' : '#424242'; c.lineWidth = 1.5; c.stroke(); }
      }), X, Y);
    }
    ctx.textBaseline = 'alphabetic';
    // crowd counts: a number in a pill beside each counting sensor
    ctx.font = 'bold 12px ' + css.font; ctx.textAlign = 'left';
    for (const { s, p } of this.sensorPts) {
      if (s.count == null) continue;
      const X = sx(p[0]) + 10, Y = sy(p[1]) - 8;
      const text = s.count.toLocaleString('en-GB');
      const w = ctx.measureText(text).width + 8;
      const warn = s.crowdRule && s.count >= s.crowdRule.alarmAt ? '#d32f2f' : s.crowdRule && s.count >= s.crowdRule.warnAt ? '#ef6c00' : (dark ? '#263238' : '#37474f');
      ctx.fillStyle = s.status === 'offline' ? OFFLINE : warn;
      ctx.beginPath(); ctx.roundRect ? ctx.roundRect(X, Y - 8, w, 16, 8) : ctx.rect(X, Y - 8, w, 16); ctx.fill();
      ctx.fillStyle = '#fff'; ctx.fillText(text, X + 4, Y + 4);
    }
    if (this.zoom >= 15) {
      ctx.font = '11px ' + css.font; ctx.lineWidth = 3; ctx.strokeStyle = edge; ctx.fillStyle = dark ? '#cfd8dc' : '#37474f';
      for (const { s, p } of this.sensorPts) {
        const X = sx(p[0]) + 10, Y = sy(p[1]) + (s.count == null ? 4 : 14);
        const label = s.status === 'offline' ? `${s.name}（${t('sensorStatus.offline')}）` : s.name;
        ctx.strokeText(label, X, Y); ctx.fillText(label, X, Y);
      }
    }
  },

  /** The shown alert's mark: a warning triangle and a ring that pulses while it is open. */
  drawAlertMark(ctx, sx, sy, now, dark) {
    const a = this.alertMark;
    if (!a) return false;
    const [wx, wy] = this.toWorld(a.lat, a.lon), X = sx(wx), Y = sy(wy);
    const col = SEVERITY[a.severity] || '#d32f2f';
    const open = ['received', 'acknowledged'].includes(state.alerts.get(a.id)?.status);
    if (open) {
      const ph = ((now || performance.now()) % 1200) / 1200;
      ctx.beginPath(); ctx.arc(X, Y, 12 + 10 * ph, 0, Math.PI * 2);
      ctx.globalAlpha = 0.8 * (1 - ph); ctx.lineWidth = 3; ctx.strokeStyle = col; ctx.stroke(); ctx.globalAlpha = 1;
    }
    ctx.beginPath(); ctx.moveTo(X, Y - 13); ctx.lineTo(X + 12, Y + 8); ctx.lineTo(X - 12, Y + 8); ctx.closePath();
    ctx.fillStyle = col; ctx.fill(); ctx.lineWidth = 2; ctx.strokeStyle = dark ? '#0f141b' : '#fff'; ctx.stroke();
    ctx.font = 'bold 13px sans-serif'; ctx.textAlign = 'center'; ctx.textBaseline = 'alphabetic'; ctx.fillStyle = '#fff'; ctx.fillText('!', X, Y + 6);
    return open;
  },
};
