// The field page's map: the console's MapView (road layer with its background, street and place
// names, pan and pinch zoom, route line, attribution) showing only this unit's world: its
// station, the assigned incident, the route, and the officer's own position as a blue dot with
// its accuracy circle.
import { MapView } from './map/view.js';
import { state, showOnlyIncident, upsertOrg } from './state.js';

export class FieldMap extends MapView {
  constructor(canvas) {
    super(canvas);
    Object.assign(this.layers, { units: false, zones: false, posts: false });
    this.me = null;          // {lat, lon, accuracy?, heading?}
    this.fittedFor = null;   // what the view was last fitted to, so live updates do not steal it
  }

  setIncident(incident) {
    showOnlyIncident(incident);
    this.requestRender();
  }

  setStation(j) {
    if (!j?.id) return;
    upsertOrg('jurisdiction', j);
    this.requestRender();
  }

  setMe(pos) {
    this.me = pos && Number.isFinite(pos.lat) && Number.isFinite(pos.lon) ? pos : null;
    this.requestRender();
  }

  /** The map is hidden while the messages tab is open: when it is shown again, load the roads
   *  for its real size and make up for a fit that was asked for meanwhile. */
  resize() {
    super.resize();
    if (this.w < 20 || this.h < 20) return;
    if (this.pendingFit !== undefined) { const key = this.pendingFit; this.pendingFit = undefined; this.fitAll(key, true); }
    this.scheduleRoads?.();
  }

  /** Fits the view to the officer, the incident and the route; `key` names that set, so the
   *  view is fitted once per assignment unless `force`. */
  fitAll(key, force = false) {
    if (!force && key === this.fittedFor) return;
    if (this.w < 20 || this.h < 20) { this.pendingFit = key; return; }   // hidden: fit when shown
    const pts = [];
    if (this.me) pts.push(this.me);
    const i = state.selectedID && state.incidents.get(state.selectedID);
    if (i?.location) pts.push(i.location);
    if (this.route?.pts) pts.push(...this.route.pts);
    if (!pts.length) for (const j of state.jurisdictions.values()) if (j.location) pts.push(j.location);
    if (!pts.length) {
      // nothing to show yet: the road map's own extent, unless a real fit comes first
      if (!this.extentAsked) { this.extentAsked = true; this.centreOnExtent(() => this.fittedFor == null); }
      return;
    }
    this.fittedFor = key;
    if (pts.length === 1) { this.flyTo(pts[0].lat, pts[0].lon, 16, 1); return; }
    this.fitTo(pts);
    if (this.zoom > 17) { this.zoom = 17; this.viewChanged(); }
  }

  draw(now) {
    super.draw(now);
    if (!this.me) return;
    const ctx = this.ctx;
    const [wx, wy] = this.toWorld(this.me.lat, this.me.lon);
    const [X, Y] = this.screenOf(wx, wy);
    const mpp = 40075016.686 * Math.cos(this.me.lat * Math.PI / 180) / (256 * 2 ** this.zoom);
    const acc = this.me.accuracy ? Math.min(400, this.me.accuracy / mpp) : 0;
    if (acc > 10) {
      ctx.beginPath(); ctx.arc(X, Y, acc, 0, Math.PI * 2);
      ctx.fillStyle = 'rgba(30,136,229,0.15)'; ctx.fill();
      ctx.strokeStyle = 'rgba(30,136,229,0.5)'; ctx.lineWidth = 1; ctx.stroke();
    }
    if (this.me.heading != null && Number.isFinite(this.me.heading)) {
      const a = (this.me.heading - 90) * Math.PI / 180, c = Math.cos(a), s = Math.sin(a);
      ctx.beginPath();
      ctx.moveTo(X + c * 20, Y + s * 20); ctx.lineTo(X + c * 9 - s * 7, Y + s * 9 + c * 7); ctx.lineTo(X + c * 9 + s * 7, Y + s * 9 - c * 7); ctx.closePath();
      ctx.fillStyle = '#1565c0'; ctx.fill();
    }
    ctx.beginPath(); ctx.arc(X, Y, 9, 0, Math.PI * 2);
    ctx.fillStyle = '#1e88e5'; ctx.fill(); ctx.strokeStyle = '#fff'; ctx.lineWidth = 3; ctx.stroke();
  }
}
