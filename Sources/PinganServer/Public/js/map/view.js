// The console's map: our own canvas renderer in Web Mercator, used by the console and (as
// `FieldMap`) by the field page. This file holds the view's state, its data rebuild and the
// frame that draws the layers in order; each layer, the camera and the road tiles live in
// their own file beside it and are mixed into `MapView`.
//
// Speed with tens of thousands of features comes from data, not objects: each point layer is a
// set of typed arrays (projected world x/y, style codes) rebuilt only when its data changes, a
// grid of world cells for culling into a reused index buffer, and level of detail: when zoomed out
// or crowded, points are counted into screen bins and drawn as sized clusters. What the CPU
// rasteriser spends a frame on is kept small too: roads are drawn once into cached tiles and then
// copied, street and place names are placed once per zoom and copied from a sprite atlas
// (layer-labels.js), markers are cached sprites copied onto whole pixels (not one huge path per
// style), and at rest the overdue pulse redraws ten times a second, not sixty.
import { project } from '../geo.js';
import { state, isActive } from '../state.js';
import { categories, unitStatuses } from '../rules.js';
import { DETAIL_MAX, NONE, pageStyle } from './constants.js';
import { PointLayer } from './point-layer.js';
import { camera } from './camera.js';
import { tiles } from './tiles.js';
import { backgroundLayer } from './layer-background.js';
import { labelsLayer } from './layer-labels.js';
import { coverageLayer } from './layer-coverage.js';
import { forecastLayer } from './layer-forecast.js';
import { organisationLayer } from './layer-organisation.js';
import { postsLayer } from './layer-posts.js';
import { trackLayer } from './layer-track.js';
import { routeLayer } from './layer-route.js';
import { sprites } from './sprites.js';
import { clustersLayer } from './layer-clusters.js';
import { incidentsLayer } from './layer-incidents.js';
import { unitsLayer } from './layer-units.js';
import { decorations } from './decorations.js';
import { draftLayer } from './layer-draft.js';
import { areasLayer } from './layer-areas.js';
import { sensorsLayer } from './layer-sensors.js';
import { volunteersLayer } from './layer-volunteers.js';

export class MapView {
  constructor(canvas) {
    this.canvas = canvas;
    // CPU rasterisation (willReadFrequently): our frames are many small path fills, which the
    // CPU rasteriser draws predictably; the GPU canvas under software GL (headless Chromium,
    // machines without a GPU) crashed the tab under this load. `?gpu=1` opts back in.
    const gpu = new URLSearchParams(location.search).has('gpu');
    this.ctx = canvas.getContext('2d', { alpha: false, willReadFrequently: !gpu });
    this.dpr = window.devicePixelRatio || 1;
    const [x, y] = project(31.2304, 121.4737);
    this.cx = x; this.cy = y; this.zoom = 12;
    this.layers = { roads: true, jurisdictions: true, zones: true, posts: true, checkpoints: true, cameras: true, coverage: false, forecast: false, sensors: true, volunteers: true, units: true, incidents: true, gcj: localStorage.getItem('pingan.gcj') === '1' };
    this.inc = new PointLayer(); this.units = new PointLayer();
    this.builtIncidents = -1; this.builtUnits = -1; this.builtOrg = -1; this.builtGcj = null;
    this.zonePaths = []; this.stationPts = []; this.postPts = []; this.sensorPts = []; this.builtSensors = -1; this.alertMark = null;
    this.forecast = null; this.forecastRefresh = 0;
    this.coverage = null; this.coverageKey = ''; this.coverageTimer = 0; this.coverageRefresh = 0; this.coverageAt = 0;
    this.roads = null; this.roadsState = 'unknown'; this.roadsKey = ''; this.roadTimer = 0; this.roadsVersion = 0;
    this.background = null; this.backgroundState = 'unknown';
    this.initLabels();
    this.tiles = new Map(); this.tileKey = ''; this.tileZ = null; this.frameNo = 0;
    this.tileOpts = { willReadFrequently: !gpu };
    this.sprites = new Map(); this.binCache = {};
    this.anim = null; this.vel = null; this.pick = null; this.picking = false;
    this.route = null;   // a recommended unit's road route: {pts: [{lat, lon}], colour}
    this.track = null;   // a unit's track for the shift: {unitID, callsign, points: [{at, lat, lon}], xy, gcj}
    this.outline = null; this.drawing = null;   // the zone being edited, and the boundary being drawn (layer-draft.js)
    this.onSelect = () => {}; this.onPick = () => {}; this.onUnit = () => {}; this.onCoverage = () => {}; this.onForecast = () => {};
    this.frameCost = 0;
    this.pointers = new Map();
    this.resize();
    new ResizeObserver(() => this.resize()).observe(canvas);
    this.bindInput();
    this.requestRender();
    // the road map is asked for from the start, not only once something moved the view: a new
    // deployment without stations has nothing to fit the view to, and still wants its streets
    this.scheduleRoads();
  }

  setLayer(name, on) {
    this.layers[name] = on;
    if (name === 'gcj') { localStorage.setItem('pingan.gcj', on ? '1' : '0'); this.roadsKey = ''; this.labelPlace = null; this.scheduleRoads(); }
    if (name === 'roads' && on) this.scheduleRoads();
    if (name === 'gcj' || name === 'coverage') { this.coverageKey = ''; this.scheduleCoverage(); }
    if (name === 'forecast') this.scheduleForecast();
    this.requestRender();
  }

  // ---- data --------------------------------------------------------------------------------
  rebuild() {
    const gcj = this.layers.gcj;
    if (this.builtGcj !== gcj) { this.builtGcj = gcj; this.builtIncidents = this.builtUnits = this.builtOrg = -1; }
    const now = Date.now();
    if (this.builtIncidents !== state.version.incidents) {
      this.builtIncidents = state.version.incidents;
      // style: priority in the high nibble, the category's place in the catalogue in the low one
      const place = new Map(categories().map((c, k) => [c.code, Math.min(14, k)]));
      this.inc.build(state.incidents.values(), (i) => i.location && this.toWorld(i.location.lat, i.location.lon),
        (i) => ((i.priority || 4) - 1) * 16 + (place.get(i.category) ?? 15),
        (i) => (i.status === 'closed' || i.status === 'cancelled' ? 2 : 0));
      // earliest open deadline per point: overdue is tested against the clock at draw time
      this.incDue = new Float64Array(this.inc.n);
      for (let k = 0; k < this.inc.n; k++) this.incDue[k] = this.inc.items[k]._minDue ?? Infinity;
    }
    // bit 1 of the flags = overdue now, for visible points only (set in draw)
    this.now = now;
    if (this.builtOrg !== state.version.org) {
      this.builtOrg = state.version.org;
      // deactivated stations, posts and zones are off the map (the administration still lists them)
      this.stationPts = [...state.jurisdictions.values()].filter((j) => j.location && isActive(j) && (j.level === 'station' || j.level === 'district'))
        .map((j) => ({ j, p: this.toWorld(j.location.lat, j.location.lon) }));
      this.postPts = [...state.posts.values()].filter(isActive).map((p) => ({ post: p, p: this.toWorld(p.location.lat, p.location.lon) }));
      const stationHue = new Map([...state.jurisdictions.values()].filter((j) => j.level === 'station').map((j, k) => [j.id, (k * 137.5) % 360]));
      this.zonePaths = [...state.zones.values()].filter((z) => isActive(z) && z.boundary?.length).map((z) => {
        const pts = z.boundary.map((c) => this.toWorld(c.lat, c.lon));
        let sx = 0, sy = 0; for (const [x, y] of pts) { sx += x; sy += y; }
        return { zone: z, pts, c: [sx / pts.length, sy / pts.length], hue: stationHue.get(z.stationID) ?? 215 };
      });
      this.builtUnits = -1;
    }
    if (this.builtUnits !== state.version.units) {
      this.builtUnits = state.version.units;
      const order = unitStatuses();
      this.units.build(state.units.values(), (u) => isActive(u) && this.unitWorld(u), (u) => Math.max(0, order.indexOf(u.status)),
        (u) => (u._approx ? 4 : 0) | (u._stale ? 1 : 0));
    }
  }
  invalidate(what) { if (what === 'incidents') this.builtIncidents = -1; if (what === 'units') this.builtUnits = -1; this.requestRender(); }

  // ---- drawing -----------------------------------------------------------------------------
  requestRender() {
    if (this.frameRequested) return;
    this.frameRequested = true;
    requestAnimationFrame((now) => { this.frameRequested = false; this.frame(now); });
  }
  frame(now) {
    if (this.anim) this.anim(now);
    if (this.vel) {
      this.panBy(this.vel.x, this.vel.y);
      this.vel.x *= 0.92; this.vel.y *= 0.92;
      if (Math.hypot(this.vel.x, this.vel.y) < 0.3) this.vel = null;
    }
    const t0 = performance.now();
    this.draw(now);
    this.frameCost = performance.now() - t0;
    if (this.anim || this.vel) this.requestRender();
    else if (this.pulsing) {
      // overdue rings pulse in 12 steps over 1.2 s: at rest, ten frames a second are enough
      clearTimeout(this.pulseTimer);
      this.pulseTimer = setTimeout(() => this.requestRender(), 100);
    }
  }

  /** One frame: the layers from the ground up. */
  draw(now) {
    this.rebuild();
    const ctx = this.ctx, dpr = this.dpr, w = this.w, h = this.h, s = 2 ** this.zoom;
    const dark = document.documentElement.dataset.theme === 'dark';
    const css = pageStyle();
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    ctx.fillStyle = dark ? '#0f141b' : '#f2efe9';
    ctx.fillRect(0, 0, w, h);
    const x0 = this.cx - w / 2 / s, y0 = this.cy - h / 2 / s, x1 = this.cx + w / 2 / s, y1 = this.cy + h / 2 / s;
    const sx = (x) => (x - x0) * s, sy = (y) => (y - y0) * s;

    // base: roads when the server has them, else a light grid
    if (this.layers.roads && this.roads) this.drawRoadTiles(ctx, w, h, dark);
    else this.drawGrid(ctx, x0, y0, s, w, h, dark);
    if (this.layers.jurisdictions && this.zonePaths.length) this.drawAreas(ctx, sx, sy, dark);
    if (this.layers.jurisdictions) this.drawJurisdictionAreas(ctx, sx, sy, css, dark);   // station and district areas (layer-areas.js)
    if (this.layers.forecast && this.forecast) this.drawForecast(ctx, sx, sy, dark);
    if (this.layers.coverage && this.coverage) this.drawCoverage(ctx, sx, sy);
    if (this.layers.zones && this.zonePaths.length) this.drawZones(ctx, sx, sy, css, dark);
    if (this.layers.roads && this.roads) this.drawLabels(ctx, w, h, dark);
    this.drawPosts(ctx, sx, sy, css, dark);
    if (this.layers.jurisdictions && this.stationPts.length) this.drawStations(ctx, sx, sy, css, dark);
    this.drawSensors(ctx, sx, sy, css, dark);   // front-end sensors and their crowd counts (layer-sensors.js)
    this.drawVolunteers(ctx, sx, sy, css, dark);   // volunteers on patrol (layer-volunteers.js)
    if (this.track?.points?.length) this.drawTrack(ctx, sx, sy, dark, css);
    if (this.route?.pts?.length > 1) this.drawRoute(ctx, sx, sy, dark);

    let pulsing = false, mode = 'detail';
    const pad = 20 / s;
    const visInc = this.layers.incidents ? this.inc.collect(x0 - pad, y0 - pad, x1 + pad, y1 + pad) : NONE;
    const visUnits = this.layers.units ? this.units.collect(x0 - pad, y0 - pad, x1 + pad, y1 + pad) : NONE;
    if (visInc.length + visUnits.length > DETAIL_MAX || this.zoom < 11) mode = 'cluster';
    this.lastMode = mode;
    if (mode === 'cluster') {
      this.drawClusters(ctx, this.inc, visInc, sx, sy, w, h, 'incident', css);
      this.drawClusters(ctx, this.units, visUnits, sx, sy, w, h, 'unit', css);
    } else {
      pulsing = this.drawIncidents(ctx, visInc, sx, sy, now);
      this.drawUnits(ctx, visUnits, sx, sy, css, dark);
    }
    this.visible = { incidents: visInc.length, units: visUnits.length, mode };

    this.drawSelection(ctx, sx, sy, dark);
    if (this.drawAlertMark(ctx, sx, sy, now, dark)) pulsing = true;   // the alert the card shows
    this.pulsing = pulsing;
    if (this.outline || this.drawing) this.drawDraft(ctx, sx, sy, dark);
    this.drawScale(ctx, w, h, css, dark);
    this.drawAttribution(ctx, w, h, css, dark);
  }
}

Object.assign(MapView.prototype, camera, tiles, backgroundLayer, labelsLayer, coverageLayer, forecastLayer, organisationLayer, postsLayer, trackLayer, routeLayer, sprites,
  clustersLayer, incidentsLayer, unitsLayer, decorations, draftLayer, areasLayer, sensorsLayer, volunteersLayer);
