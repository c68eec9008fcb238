// The console's entry point: sign-in, the first snapshot over REST, the live feed, and the
// wiring between map, queue, card and units panel; keyboard shortcuts, theme, sound, language;
// the administration and audit log pages beside dispatch (views.js).
import { api, allPages, token, setToken, setUnauthorizedHandler } from './api.js';
import { t, setLang, getLang, applyStatic, onLangChange } from './i18n.js';
import { state, on, upsertIncident, upsertUnit, upsertOrg, upsertUser, emit, setMe, setLastSeq, recordEvent, select as selectIncident, placeUnit, unitsMoved } from './state.js';
import { may, loadRules } from './rules.js';
import { loadOffered } from './categories.js';
import { tierColour } from './colours.js';
import { MapView } from './map/view.js';
import { Queue } from './queue.js';
import { Card } from './card.js';
import { UnitsPanel } from './units.js';
import { LiveFeed } from './live.js';
import { TrackView } from './track.js';
import { MessagesPanel } from './messages.js';
import { setupDemo } from './demo.js';
import * as sound from './sound.js';
import { bindLoginForm } from './login.js';
import { $, esc, toast } from './dom.js';
import { bindThemeToggles } from './theme.js';
import { bindMapSearch } from './map-search.js';
import { installTestHook } from './test-hook.js';
import { AdminPanel } from './admin/admin.js';
import { AuditPage } from './audit.js';
import { registerView, showView, currentView, bindViewTabs, viewFromURL } from './views.js';
import { SetupGuide } from './setup/guide.js';
import { changePassword } from './password-form.js';
import { AlertsPanel } from './alerts.js';
import { AlertCard } from './alert-card.js';
import { WatchlistsPage } from './watchlists.js';
import { RegistryPage } from './registry.js';
import { FraudWarningsPage } from './fraud-warnings.js';
import { DisputesPage } from './disputes.js';
import { VolunteersPage, startVolunteerLayer } from './volunteers.js';
import { ReferralsPage } from './referrals.js';
import { SupervisionPage } from './supervision.js';
import { DashboardPage } from './dashboard.js';
import { PatrolPanel } from './patrol.js';
import { startSensing, stopSensing, applySensingFrame, readsAlerts } from './sensing.js';
import { installUserMenu } from './user-menu.js';

const marks = { start: performance.now() };
let live = null, map = null, queue = null, card = null, units = null, track = null, messages = null, admin = null, audit = null, guide = null;
let alerts = null, alertCard = null, watchlists = null, referrals = null, supervision = null, dashboard = null, renderLayers = () => {};

// ---- theme and language (work on the sign-in page too) ------------------------------------
for (const b of document.querySelectorAll('.lang-toggle')) b.addEventListener('click', () => setLang(getLang() === 'en' ? 'zh-CN' : 'en'));
document.documentElement.lang = getLang();
applyStatic();

// ---- sign-in ------------------------------------------------------------------------------
function showLogin() {
  live?.stop(); live = null;
  stopSensing();
  $('app').hidden = true; $('login').hidden = false;
  $('login-user').focus();
}
setUnauthorizedHandler(() => { setToken(null); showLogin(); });

bindLoginForm({ start, describe: (err) => t('error.generic', { m: err.message }) });

// ---- the console --------------------------------------------------------------------------
async function start() {
  let me;
  try { me = await api('GET', '/v1/me'); } catch (e) {
    // a session that must choose its own password first (resumed after a reload)
    if (e.code !== 'password_change_required') throw e;
    $('login').hidden = true;
    if (!await changePassword({ forced: true })) { showLogin(); return; }
    me = await api('GET', '/v1/me');
  }
  // A volunteer is not police: their page is the field page's volunteer form (same tab, same session).
  if (me.role === 'volunteer') { location.replace('/field.html'); return; }
  await loadRules();
  setMe(me);
  $('login').hidden = true; $('app').hidden = false;
  const renderMe = () => { $('me').textContent = $('me').title = `${me.displayName || me.username} · ${t(`role.${me.role}`)}`; };   // the title: in full when cut short
  renderMe(); onLangChange(renderMe);
  // `data-perm` names one permission or several (any of them will do)
  for (const el of document.querySelectorAll('[data-perm]')) el.hidden = !el.dataset.perm.split(' ').some((p) => may(me.role, p));
  // `data-not-role`: roles that do the same work elsewhere (a field officer collects registries on the phone page)
  for (const el of document.querySelectorAll('[data-not-role]')) if (el.dataset.notRole.split(' ').includes(me.role)) el.hidden = true;
  // The page buttons show when there is a page besides dispatch to go to.
  $('views').hidden = ![...document.querySelectorAll('.view-tab[data-perm]:not([data-view="dispatch"])')].some((b) => !b.hidden);
  $('to-field').hidden = !me.unitID;   // officers of a unit have the phone page too

  if (!map) boot();
  renderLayers();   // the sensors layer is offered to roles that see alerts
  // Where the feed resumes: the log position before the snapshot, so nothing falls between.
  let after = 0, health = null;
  try { health = await api('GET', '/healthz'); after = health?.lastSequence || 0; } catch { after = 0; }
  setupDemo({ health, banner: $('demo-banner'), switchBox: $('auto-dispatch'), toggle: $('auto-dispatch-toggle'), toast });
  await loadSnapshot(me);
  // the alerts and sensors (前端感知预警) for roles that see them
  try { await startSensing(); } catch (e) { toast(t('error.generic', { m: e.message })); }
  startVolunteerLayer().catch(() => {});   // the volunteers on patrol, for roles that see them
  alerts.render(true);
  marks.data = performance.now();
  if (may(me.role, 'readIncidents')) loadOffered().catch(() => {});   // local categories for the queue and the new-incident form
  messages.reset();
  if (may(me.role, 'dispatch')) messages.load();   // the broadcasts sent, with their receipts
  setLastSeq(after);
  live?.stop();
  live = new LiveFeed({ token: token(), after, onFrame: applyFrame, onState: liveState });
  window.__pingan.live = live;
  // An agency's users have no dispatch page: their work is the referrals sent to them.
  showView(may(me.role, 'readIncidents') ? viewFromURL() : 'referrals');
  guide.maybeShow();   // an administrator of a deployment not set up yet: the guided setup
}

async function loadSnapshot(me) {
  const tasks = [];
  if (may(me.role, 'readOrganisation')) {
    tasks.push(api('GET', '/v1/jurisdictions').then((l) => l.forEach((j) => upsertOrg('jurisdiction', j))));
    tasks.push(api('GET', '/v1/zones').then((l) => l.forEach((z) => upsertOrg('zone', z))));
    tasks.push(api('GET', '/v1/posts').then((l) => l.forEach((p) => upsertOrg('post', p))));
  }
  if (may(me.role, 'readUnits')) tasks.push(api('GET', '/v1/units').then((l) => l.forEach(upsertUnit)));
  // the working set: every open incident, and the last week's closed ones (the queue's longest
  // time filter); years of imported history stay on the server, for the dashboard and reports
  if (may(me.role, 'readIncidents')) {
    const weekAgo = new Date(Date.now() - 7 * 86_400_000).toISOString();
    tasks.push(allPages('/v1/incidents?status=received,dispatched,enRoute,onScene,resolved,reopened,referred', { max: 50000 }).then((l) => l.forEach(upsertIncident)));
    tasks.push(allPages(`/v1/incidents?from=${encodeURIComponent(weekAgo)}`, { max: 50000 }).then((l) => l.forEach(upsertIncident)));
  }
  const results = await Promise.allSettled(tasks);
  for (const r of results) if (r.status === 'rejected') toast(t('error.generic', { m: r.reason?.message }));
  emit('org'); emit('incidents'); emit('units');
  const pts = [...state.jurisdictions.values()].filter((j) => j.location).map((j) => j.location);
  if (!pts.length) for (const i of state.incidents.values()) { pts.push(i.location); if (pts.length > 500) break; }
  if (pts.length) map.fitTo(pts.length === 1 ? [pts[0], { lat: pts[0].lat + 0.02, lon: pts[0].lon + 0.02 }, { lat: pts[0].lat - 0.02, lon: pts[0].lon - 0.02 }] : pts);
  else map.centreOnExtent();   // nothing in scope yet (a new deployment): the road map's own extent
}

function applyFrame(f) {
  // Positions are not events: `{type: 'unit.position', positions: [...]}` frames without a seq.
  if (f.type === 'unit.position' && Array.isArray(f.positions)) {
    for (const p of f.positions) {
      const at = p.road || p;
      if (!placeUnit(p.unitID, { lat: at.lat, lon: at.lon, heading: p.heading, speed: p.speed, at: p.time })) continue;
      if (track?.unit?.id === p.unitID) { map.extendTrack(p.unitID, { at: p.time, lat: p.lat, lon: p.lon, speed: p.speed, heading: p.heading }); track.render(); }
    }
    unitsMoved();
    return;
  }
  if (typeof f.seq === 'number') setLastSeq(f.seq);
  const d = f.data || {};
  if (d.incident) {
    recordEvent(f);
    const isNew = upsertIncident(d.incident);
    if (f.type === 'incident.created' && isNew && d.incident.priority === 1) sound.beep();
  }
  if (d.unit) upsertUnit(d.unit);
  if (d.jurisdiction) upsertOrg('jurisdiction', d.jurisdiction);
  if (f.type === 'jurisdiction.policySet' && may(state.me?.role, 'readIncidents')) loadOffered().catch(() => {});   // a category added or retired
  if (d.zone) upsertOrg('zone', d.zone);
  if (d.post) upsertOrg('post', d.post);
  if (d.user) upsertUser(d.user);
  if (d.message) messages.upsert(d.message);   // message.sent / .delivered / .read
  if (d.referral) referrals?.upsert(d.referral);   // referral.*
  if (d.case && f.type?.startsWith('supervision.')) supervision?.caseEvent(d.case);   // supervision.*: the case after the change
  if (applySensingFrame(f) && d.entry) watchlists.entryEvent(d.entry);   // alert.*, sensor.*, watchlist.*
}

function liveState(online, attempt) {
  const el = $('offline');
  if (online) { if (!el.hidden) toast(t('live.online')); el.hidden = true; }
  else { el.textContent = t('live.offline', { n: attempt }); el.hidden = false; }
}

function select(id, fly) {
  selectIncident(id);
  const i = state.incidents.get(id);
  showTab('card');
  card.show(id);
  queue.renderRows(); queue.revealID(id);
  if (i && fly) map.flyTo(i.location.lat, i.location.lon, Math.max(map.zoom, 15));
  map.requestRender();
}

const TAB_BODIES = { card: 'card', units: 'units', messages: 'messages', alert: 'alert-card' };
function showTab(name) {
  for (const b of document.querySelectorAll('.tab')) b.classList.toggle('active', b.dataset.tab === name);
  for (const [tab, id] of Object.entries(TAB_BODIES)) $(id).hidden = name !== tab;
  if (name === 'units') units.render();
  if (name === 'messages') messages.show();
}

/** Opens alert `id` in the side pane's alert tab (the map flies to it and marks it). */
function selectAlert(id) {
  showView('dispatch');
  showTab('alert');
  alerts.setSelected(id);
  alertCard.show(id);
}

/** The messages tab with the form open, addressed to `unit` when given. */
function openCompose(unit) {
  if (!may(state.me?.role, 'dispatch')) return;
  showTab('messages');
  messages.compose(unit);
}

function boot() {
  map = new MapView($('map'));
  queue = new Queue($('queue'), $('status-counts'), $('queue-summary'), (id, fly) => select(id, fly));
  card = new Card($('card'), { map, toast, onCreated: (id) => select(id, true) });
  track = new TrackView({ map, bar: $('track-bar'), text: $('track-text'), where: $('track-where'), close: $('track-close'), msg: $('track-msg'), onMessage: openCompose, toast });
  messages = new MessagesPanel($('messages'), { toast });
  // a click on a unit (in the panel or on the map) shows its track for the shift; its ✉ writes to it
  units = new UnitsPanel($('units'), { onUnit: (u) => u && track.show(u), onMessage: openCompose });
  admin = new AdminPanel($('admin'), { map, hint: $('draw-hint') });
  guide = new SetupGuide(document.querySelector('.map-pane'), { map, hint: $('draw-hint'),
    newIncident: () => { showView('dispatch'); showTab('card'); card.startCreate(); }, openIncident: (id) => { showView('dispatch'); select(id, true); } });
  installUserMenu($('me'), () => [
    { id: 'password', label: 'pw.menu', run: () => changePassword({ username: state.me?.username }) },
    ...(may(state.me?.role, 'manageOrganisation') ? [{ id: 'setup', label: 'setup.menu', run: () => { showView('dispatch'); guide.open(); } }] : []),
  ]);
  audit = new AuditPage($('audit'));
  alerts = new AlertsPanel($('alerts'), { onSelect: selectAlert });
  alertCard = new AlertCard($('alert-card'), { map, toast, onOpenIncident: (id) => { showView('dispatch'); select(id, true); }, onClosed: () => alerts.setSelected(null) });
  watchlists = new WatchlistsPage($('watchlists'));
  registerView('registry', new RegistryPage($('registry'), { role: () => state.me?.role }));
  registerView('fraud', new FraudWarningsPage($('fraud'), { role: () => state.me?.role }));
  registerView('disputes', new DisputesPage($('disputes'), { role: () => state.me?.role }));
  registerView('volunteers', new VolunteersPage($('volunteers'), { role: () => state.me?.role }));
  referrals = new ReferralsPage($('referrals'), { toast, onOpenIncident: (id) => { showView('dispatch'); select(id, true); } });
  supervision = new SupervisionPage($('supervision'), { toast, onOpenIncident: (id) => { showView('dispatch'); select(id, true); } });
  registerView('admin', admin); registerView('audit', audit); registerView('watchlists', watchlists); registerView('referrals', referrals);
  dashboard = new DashboardPage($('dashboard'), { toast });
  registerView('supervision', supervision); registerView('dashboard', dashboard);
  bindViewTabs();
  map.onSelect = (id) => select(id, false);
  map.onPick = (ll, via) => { card.setLocation(ll, via); $('map-hint').textContent = `${t('incident.picked')} ${ll.lat.toFixed(5)}, ${ll.lon.toFixed(5)}`; };
  map.onUnit = (u) => track.show(u);
  const pickingHint = () => { $('map-hint').hidden = !map.picking; if (map.picking) $('map-hint').textContent = t('incident.pick'); };
  const setPicking = map.setPicking.bind(map);
  map.setPicking = (on) => { setPicking(on); pickingHint(); };
  on('incidents', () => map.requestRender());
  on('units', () => map.requestRender());
  on('org', () => map.requestRender());
  on('sensors', () => map.requestRender());
  on('volunteers', () => map.requestRender());
  on('alerts', () => { if (map.alertMark) map.requestRender(); });

  for (const b of document.querySelectorAll('.tab')) b.addEventListener('click', () => showTab(b.dataset.tab));
  $('btn-new').addEventListener('click', () => { showView('dispatch'); showTab('card'); card.startCreate(); });
  $('btn-msg').addEventListener('click', () => { showView('dispatch'); openCompose(); });
  bindThemeToggles([$('btn-theme')], () => map.requestRender());
  const renderSound = () => { $('btn-sound').textContent = sound.muted() ? t('sound.off') : t('sound.on'); };
  $('btn-sound').addEventListener('click', () => { sound.unlock(); sound.setMuted(!sound.muted()); renderSound(); });
  renderSound();
  $('btn-logout').addEventListener('click', async () => { try { await api('POST', '/v1/auth/logout'); } catch { /* gone anyway */ } setToken(null); location.reload(); });
  $('zoom-in').addEventListener('click', () => map.zoomAnimated(map.w / 2, map.h / 2, 1));
  $('zoom-out').addEventListener('click', () => map.zoomAnimated(map.w / 2, map.h / 2, -1));
  bindMapSearch($('map-search'), $('map-search-results'), map);

  const layerNames = ['roads', 'jurisdictions', 'zones', 'posts', 'checkpoints', 'cameras', 'sensors', 'volunteers', 'coverage', 'forecast', 'units', 'incidents', 'gcj'];
  renderLayers = () => {
    $('map-layers').innerHTML = layerNames.filter((n) => (n !== 'sensors' || readsAlerts()) && (n !== 'volunteers' || may(state.me?.role, 'readVolunteers'))).map((n) => `<label><input type="checkbox" data-layer="${n}"${map.layers[n] ? ' checked' : ''}>${t(`layer.${n}`)}</label>`).join('');
    for (const cb of $('map-layers').querySelectorAll('input')) cb.addEventListener('change', () => map.setLayer(cb.dataset.layer, cb.checked));
  };
  renderLayers();
  // shares of the whole city's road length: small ones keep a decimal, so 0.4% does not read as none
  const pct = (x) => (x == null ? '—' : `${x < 0.1 ? (x * 100).toFixed(1) : Math.round(x * 100)}%`);
  let lastCoverage = null;
  const renderCoverage = () => {
    const el = $('coverage-legend'), c = lastCoverage;
    el.hidden = !map.layers.coverage || !c;
    if (el.hidden) return;
    const swatch = (col) => `<i style="background:${col}"></i>`;
    const tiers = Object.keys(c.shares).map((m) => `${swatch(tierColour(Number(m)))}${esc(t('coverage.tier', { m, p: pct(c.shares[m]) }))}`).join(' ');
    el.innerHTML = c.units ? `${esc(t('coverage.title'))}${tiers}${swatch(tierColour(99))}${esc(t('coverage.over'))}` : esc(t('coverage.none'));
  };
  const patrol = new PatrolPanel(map);
  map.onCoverage = (c) => { lastCoverage = c; renderCoverage(); patrol.refresh(); };
  // units move and change status all the time: the patrol picture follows at most every 3 s
  let patrolTimer = null;
  on('units', () => {
    if (!map.layers.coverage || patrolTimer) return;
    patrolTimer = setTimeout(() => { patrolTimer = null; patrol.refresh(); }, 3000);
  });
  $('map-layers').addEventListener('change', () => patrol.refresh());
  let lastForecast = null, forecastError = null;
  const renderForecast = () => {
    const el = $('forecast-legend');
    el.hidden = !map.layers.forecast || (!lastForecast && !forecastError);
    if (el.hidden) return;
    const f = lastForecast;
    el.textContent = forecastError ? t('forecast.failed', { e: forecastError.message })
      : f.features.length ? t('forecast.legend', { day: f.day, n: f.features.length, cell: f.cellMetres, method: t(`forecast.method.${f.method}`), events: f.eventsUsed })
      : t('forecast.none');
  };
  map.onForecast = (f, e) => { lastForecast = f; forecastError = e || null; renderForecast(); };
  $('map-layers').addEventListener('change', renderForecast);
  $('map-layers').addEventListener('change', renderCoverage);
  onLangChange(() => { renderLayers(); renderCoverage(); renderForecast(); patrol.render(); pickingHint(); renderSound(); track.render(); map.requestRender(); });

  document.addEventListener('keydown', (e) => {
    if (currentView() !== 'dispatch') return;   // the shortcuts are the dispatch page's
    const typing = /^(INPUT|TEXTAREA|SELECT)$/.test(e.target.tagName);
    if (e.key === 'Escape') {
      if (typing) e.target.blur();
      if (track.active && !typing) { track.clear(); return; }   // one thing per Esc: the track first
      if (!$('alert-card').hidden && alertCard.id && !typing) { alertCard.close(); return; }   // then an open alert card
      card.close(); selectIncident(null); queue.renderRows(); map.requestRender();
      return;
    }
    if (typing || e.ctrlKey || e.metaKey || e.altKey) return;
    const k = e.key.toLowerCase();
    if (k === 'n' && may(state.me?.role, 'writeIncidents')) { e.preventDefault(); showTab('card'); card.startCreate(); }
    else if (k === 'j' || e.key === 'ArrowDown') { e.preventDefault(); queue.move(1); }
    else if (k === 'k' || e.key === 'ArrowUp') { e.preventDefault(); queue.move(-1); }
    else if (k === 'o') { e.preventDefault(); queue.nextOverdue(); }
    else if (k === 'm' && may(state.me?.role, 'dispatch')) { e.preventDefault(); openCompose(); }
    else if (k === 'd') { if (card.dispatchFirst()) e.preventDefault(); }   // first recommended unit of the open card
    else if (e.key === '/') { e.preventDefault(); $('f-search').focus(); }
  });
}

installTestHook({ marks, map: () => map, queue: () => queue, track: () => track, messages: () => messages, admin: () => admin, audit: () => audit,
  alerts: () => alerts, alertCard: () => alertCard, watchlists: () => watchlists });
Object.defineProperty(window.__pingan, 'guide', { get: () => guide });
Object.defineProperty(window.__pingan, 'referrals', { get: () => referrals });
Object.defineProperty(window.__pingan, 'supervision', { get: () => supervision });

// ---- first paint and resume ---------------------------------------------------------------
requestAnimationFrame(() => { marks.firstPaint = performance.now(); });
if (token()) start().catch(() => { setToken(null); showLogin(); });
else showLogin();
