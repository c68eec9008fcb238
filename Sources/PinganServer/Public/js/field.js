// The officer's field page (/field.html): sign-in, the unit's current assignment with map and
// route, the lifecycle buttons (accept, en route, on scene, resolved), the feedback form that
// closes the loop (for every incident the server says still waits for our feedback), position
// sharing from the phone with where that position is in words, and messages from the command centre.
// The server decides everything; this page shows what it says and refetches on live frames,
// with a 15-second poll as a fallback.
import { api, token, setToken, setUnauthorizedHandler, newKey } from './api.js';
import { metres } from './geo.js';
import { t, setLang, getLang, applyStatic, onLangChange } from './i18n.js';
import { countdown, eta, dateTime } from './time-text.js';
import { successors, loadRules, may } from './rules.js';
import { loadOffered, categoryName } from './categories.js';
import { LiveFeed } from './live.js';
import { FieldMap } from './field-map.js';
import { PositionSharer } from './field-position.js';
import { AddressWatch } from './address-watch.js';
import { MessageBox } from './field-messages.js';
import { RegistryCollector } from './field-registry.js';
import { FraudFollowUp } from './field-fraud.js';
import { VolunteerDuty } from './field-volunteer.js';
import { $, esc, toast } from './dom.js';
import { bindThemeToggles } from './theme.js';
import * as sound from './sound.js';
import { bindLoginForm } from './login.js';
import { setupDemo } from './demo.js';

const enc = encodeURIComponent;
const POLL_MS = 15000;
const ROUTE_MIN_MS = 10000;        // at most one route request per 10 s unless the assignment changed
const ROUTE_MOVE_M = 60;           // ask again when the phone moved this far from the route's start
const PRIORITY_COLOURS = ['var(--p1)', 'var(--p2)', 'var(--p3)', 'var(--p4)'];
export const OUTCOMES = ['resolved', 'mediated', 'warned', 'arrest', 'referred', 'noFinding', 'falseAlarm', 'other'];

/** Everything the page knows; `window.__field.S` for the browser tests. */
const S = {
  me: null, unitID: null, unit: null, station: null,
  incident: null,        // the unit's current assignment
  pending: [],           // resolved incidents of our unit still waiting for its feedback (GET /v1/me/pending-feedback)
  lastClosed: null,      // the incident this page last closed, for the "done" note
  route: null, routeError: null, routeAt: 0, routeFor: null,
  myPos: null,           // {lat, lon, accuracy?, heading?, phone: bool}
  loadError: null, actionError: null, busyAction: null, confirm: null,
  loaded: false, demo: false,
};
let live = null, map = null, sharer = null, messages = null, where = null, registry = null, fraud = null, volunteer = null, pollTimer = 0, tickTimer = 0;
let refreshing = false, refreshAgain = false, refreshTimer = 0, routeBusy = false;
const writeKeys = new Map();   // action → Idempotency-Key, kept until the server answered
let pendingWanted = true;      // ask the server for the pending feedback on the next refresh

const acceptedKey = 'pingan.field.accepted';
const localAccepted = () => { try { return new Set(JSON.parse(localStorage.getItem(acceptedKey) || '[]')); } catch { return new Set(); } };
function rememberAccepted(id) {
  const list = [...localAccepted()].filter((x) => x !== id).slice(-49);
  list.push(id); localStorage.setItem(acceptedKey, JSON.stringify(list));
}
/** When this unit acknowledged the assignment, or true when only this page remembers it. */
function acceptedAt(i) {
  if (!i) return null;
  const own = (a) => a && (a.unitID === S.unitID || a.unit === S.unitID);
  const hit = (Array.isArray(i.acceptances) && i.acceptances.find(own)) || null;
  return i.times?.acceptedAt || i.acceptedAt || hit?.at || hit?.acceptedAt
    || (Array.isArray(i.acceptedUnitIDs) && i.acceptedUnitIDs.includes(S.unitID)) || localAccepted().has(i.id) || null;
}
function errorText(e) {
  if (e.status === 0 || e.code === 'network') return t('field.errNetwork');
  if (e.status === 403) return t('field.errForbidden', { m: e.message });
  return t('field.err', { m: e.message }) + (e.field ? ` (${e.field})` : '') + (e.code ? ` [${e.code}]` : '');
}
const distanceText = (m) => (m < 1000 ? t('rec.m', { n: Math.round(m) }) : t('rec.km', { n: (m / 1000).toFixed(1) }));

// ---- theme, language, sign-in and sign-out (also before signing in) ----------------------
bindThemeToggles(document.querySelectorAll('.theme-toggle'), () => map?.requestRender());
for (const b of document.querySelectorAll('.lang-toggle')) b.addEventListener('click', () => setLang(getLang() === 'en' ? 'zh-CN' : 'en'));
for (const b of document.querySelectorAll('.logout')) b.addEventListener('click', logout);
document.documentElement.lang = getLang();
applyStatic();
onLangChange(() => { if (S.me && S.me.role !== 'volunteer') render(); });
document.addEventListener('pointerdown', () => sound.unlock(), { once: true });

function showOnly(id) {
  for (const s of ['login', 'nounit', 'app', 'volunteer']) $(s).hidden = s !== id;
}
function showLogin() {
  stopAll();
  showOnly('login');
  $('login-user').focus();
}
setUnauthorizedHandler(() => { setToken(null); showLogin(); });

bindLoginForm({ start, describe: errorText });

async function logout() {
  sharer?.stop();
  volunteer?.stop();
  try { await api('POST', '/v1/auth/logout'); } catch { /* gone anyway */ }
  setToken(null);
  location.reload();
}

function stopAll() {
  live?.stop(); live = null;
  clearInterval(pollTimer); pollTimer = 0;
  clearInterval(tickTimer); tickTimer = 0;
  if (sharer?.sharing) sharer.stop({ remember: false });
}

// ---- start --------------------------------------------------------------------------------
async function start() {
  const me = await api('GET', '/v1/me');
  if (me.role === 'volunteer') {   // not police: the reduced page of their own shifts
    S.me = me;
    showOnly('volunteer');
    volunteer ||= new VolunteerDuty($('vol-body'), { who: $('vol-who'), team: $('vol-team'), describe: errorText });
    let health = null;
    try { health = await api('GET', '/healthz'); } catch { health = null; }
    await setupDemo({ health, banner: $('vol-demo-banner') });
    await volunteer.start(me);
    return;
  }
  await loadRules();
  loadOffered().then(() => { if (map && S.unitID) render(); }).catch(() => {});   // the names of local categories
  S.me = me;
  if (!me.unitID) {
    $('nounit-who').textContent = `${me.displayName || me.username} · ${t(`role.${me.role}`)}`;
    showOnly('nounit');
    return;
  }
  S.unitID = me.unitID;
  localStorage.removeItem(`pingan.field.pending.${S.unitID}`);   // where earlier versions kept it: the server knows now
  pendingWanted = true;
  showOnly('app');
  if (!map) boot();
  // the feed resumes after the log position read before the snapshot, so nothing falls between
  let after = 0, health = null;
  try { health = await api('GET', '/healthz'); after = health?.lastSequence || 0; } catch { after = 0; }
  S.demo = await setupDemo({ health, banner: $('demo-banner') });
  await refresh();
  messages.refresh();
  api('GET', `/v1/units/${enc(S.unitID)}`).then((u) => u?.stationID && api('GET', `/v1/jurisdictions/${enc(u.stationID)}`))
    .then((j) => { if (j) { S.station = j; map.setStation(j); if (!S.incident && !S.myPos) map.fitAll('station'); } }).catch(() => {});
  live?.stop();
  live = new LiveFeed({ token: token(), after, onFrame, onState: liveState });
  clearInterval(pollTimer);
  pollTimer = setInterval(() => { refresh(); messages.refresh(); }, POLL_MS);
  clearInterval(tickTimer);
  tickTimer = setInterval(tick, 1000);
  // sharing resumes by itself when the officer had it on and the browser still allows it
  if (sharer.wanted && !sharer.sharing) {
    let state = 'prompt';
    try { state = (await navigator.permissions?.query({ name: 'geolocation' }))?.state || 'prompt'; } catch { /* no Permissions API */ }
    if (state === 'granted') sharer.start();
  }
  sharer.flush(true);   // fixes queued before a sign-out or a reload
  renderShare();
}

function boot() {
  map = new FieldMap($('map'));
  $('zoom-in').addEventListener('click', () => map.zoomAnimated(map.w / 2, map.h / 2, 1));
  $('zoom-out').addEventListener('click', () => map.zoomAnimated(map.w / 2, map.h / 2, -1));
  $('map-fit').addEventListener('click', () => map.fitAll(map.fittedFor, true));
  sharer = new PositionSharer({ unitID: S.unitID, onFix, onChange: renderShare });
  // the unit's last position in words, next to the sharing status (asked at most every 20 s, after 30 m)
  where = new AddressWatch({ onChange: renderShare });
  $('share-toggle').addEventListener('change', (e) => {
    if (e.target.checked) { sound.unlock(); sharer.start(); } else sharer.stop();
    renderShare();
  });
  messages = new MessageBox({
    unitID: S.unitID, listEl: $('messages'), badgeEl: $('badge'), flashEl: $('msg-flash'), toast,
    onNew: (m) => { navigator.vibrate?.([150, 80, 150]); sound.beep(); toast(t('field.msgNew', { m: m.text })); },
    onOpen: () => showView('messages'),
  });
  $('msg-read-all').addEventListener('click', () => messages.readAll());
  registry = new RegistryCollector({ root: $('view-registry'), toast });
  onLangChange(() => registry?.render());
  // Community officers follow up the anti-fraud warnings of their station at the door.
  $('tab-fraud').hidden = !may(S.me?.role, 'followUpFraudWarnings');
  fraud = new FraudFollowUp({ root: $('view-fraud'), toast });
  onLangChange(() => fraud?.render());
  for (const b of document.querySelectorAll('.tabbar .tab')) b.addEventListener('click', () => showView(b.dataset.view));
  $('task').addEventListener('click', (e) => { if (e.target.closest('[data-act="retry"]')) refresh(); });
}

function showView(name) {
  for (const b of document.querySelectorAll('.tabbar .tab')) b.classList.toggle('active', b.dataset.view === name);
  $('view-task').hidden = name !== 'task';
  $('view-messages').hidden = name !== 'messages';
  $('view-registry').hidden = name !== 'registry';
  $('view-fraud').hidden = name !== 'fraud';
  if (name === 'fraud') fraud?.load();
  if (name === 'task') map?.resize();
  if (name === 'messages') messages?.refresh();
}

// ---- data ---------------------------------------------------------------------------------
async function getIncident(id) {
  try { return await api('GET', `/v1/incidents/${enc(id)}`); } catch (e) { if (e.status === 404 || e.status === 403) return null; throw e; }
}

/** The incidents our unit resolved that still wait for its feedback, oldest first: the server
 *  keeps them, so a cleared browser storage or another phone still offers the form. */
async function loadPending() {
  const list = await api('GET', '/v1/me/pending-feedback');
  return Array.isArray(list) ? list.filter((i) => i && i.status === 'resolved') : [];
}
const isPending = (id) => !!id && S.pending.some((p) => p.id === id);

/** Reloads the unit, its assignment and (on start, after resolving, when the assignment changed
 *  or one of them changed) the incidents still waiting for our feedback. */
async function refresh() {
  if (refreshing) { refreshAgain = true; return; }
  refreshing = true;
  const before = S.incident;
  try {
    const unit = await api('GET', `/v1/units/${enc(S.unitID)}`);
    const currentID = unit.incidentID || null;
    const incident = currentID ? await getIncident(currentID) : null;
    // a resolved incident keeps needing feedback even after the server released the unit
    let pending = S.pending;
    if (pendingWanted || (before?.id || null) !== currentID || incident?.status === 'resolved') {
      pendingWanted = false;
      try { pending = await loadPending(); } catch (e) { pendingWanted = true; if (e.status === 401) throw e; }   // next time
    }
    if (incident?.status === 'resolved' && !pending.some((p) => p.id === incident.id)) pending = [incident, ...pending];
    // what became of the assignment we had, when it is gone
    if (before && before.id !== currentID && !pending.some((p) => p.id === before.id) && S.loaded) {
      const gone = await getIncident(before.id);
      if (gone?.status === 'cancelled') toast(t('field.cancelled', { n: gone.number }));
      else if (gone?.status === 'closed' && S.lastClosed?.id !== gone.id) S.lastClosed = gone;
    }
    if (incident && before?.id !== incident.id && S.loaded && ['dispatched', 'enRoute', 'onScene'].includes(incident.status)) {
      navigator.vibrate?.([300, 120, 300]); sound.beep();
      toast(t('field.newTask', { a: incident.address }));
      showView('task');
      document.querySelector('.views').scrollTop = 0;
    }
    if (incident?.id !== before?.id) { S.confirm = null; S.actionError = null; }
    S.unit = unit; S.incident = incident; S.pending = pending; S.loadError = null;
  } catch (e) {
    if (e.status !== 401) S.loadError = e;
  } finally {
    refreshing = false;
    S.loaded = true;
  }
  render();
  loadRoute();
  if (refreshAgain) { refreshAgain = false; refresh(); }
}
function refreshSoon() {
  clearTimeout(refreshTimer);
  refreshTimer = setTimeout(refresh, 150);
}

async function loadRoute(force = false) {
  const i = S.incident;
  if (!i || !['dispatched', 'enRoute'].includes(i.status)) {
    if (S.route || S.routeError) { S.route = null; S.routeError = null; S.routeFor = null; }
    map.setRoute(null); renderRoute();
    return;
  }
  if (routeBusy) return;
  if (!force && S.routeFor === i.id && Date.now() - S.routeAt < ROUTE_MIN_MS) return;
  routeBusy = true;
  try {
    S.route = await api('GET', `/v1/units/${enc(S.unitID)}/route`);
    S.routeError = null;
  } catch (e) {
    S.route = null; S.routeError = e;
  } finally {
    routeBusy = false; S.routeAt = Date.now(); S.routeFor = i.id;
  }
  if (S.route?.from && !S.myPos?.phone) { S.myPos = { ...S.route.from, phone: false }; map.setMe(S.myPos); }
  const pts = Array.isArray(S.route?.route) && S.route.route.length > 1 ? S.route.route : null;
  map.setRoute(pts, '#1d5fd1');
  renderRoute();
  map.fitAll(`${i.id}|${!!pts}|${!!S.myPos}`);
}

// ---- live feed ----------------------------------------------------------------------------
function onFrame(f) {
  if (f.type === 'unit.position' && Array.isArray(f.positions)) {
    const p = f.positions.find((x) => x.unitID === S.unitID);
    if (p && !S.myPos?.phone) {
      const at = p.road || p;
      S.myPos = { lat: at.lat, lon: at.lon, heading: p.heading, phone: false };
      map.setMe(S.myPos);
      where.update(S.unitID, S.myPos);
    }
    return;
  }
  const type = String(f.type || ''), d = f.data || {};
  if (type.startsWith('message.')) {
    const m = d.message;
    if (!m || m.unitID === S.unitID) messages.refresh();
    return;
  }
  const ours = f.subject === S.unitID || f.subject === S.incident?.id || isPending(f.subject)
    || d.unit?.id === S.unitID || (Array.isArray(d.incident?.unitIDs) && d.incident.unitIDs.includes(S.unitID))
    || (Array.isArray(d.unitIDs) && d.unitIDs.includes(S.unitID));
  if (isPending(f.subject) || isPending(d.incident?.id)) pendingWanted = true;   // closed elsewhere, say
  if (ours && (type.startsWith('incident.') || type.startsWith('unit.'))) refreshSoon();
}

function liveState(online, attempt) {
  $('live-dot').classList.toggle('on', online);
  const el = $('offline');
  if (online) { el.hidden = true; pendingWanted = true; refreshSoon(); messages.refresh(); }
  else { el.textContent = t('live.offline', { n: attempt }); el.hidden = false; }
}

// ---- position sharing ---------------------------------------------------------------------
function onFix(fix) {
  S.myPos = { lat: fix.lat, lon: fix.lon, accuracy: fix.accuracy, heading: fix.heading, phone: true };
  map.setMe(S.myPos);
  where.update(S.unitID, S.myPos);
  if (!S.incident && !S.pending.length) map.fitAll('me');
  const from = S.route?.from;
  if (S.incident && (!S.route || (from && metres(from, fix) > ROUTE_MOVE_M))) loadRoute();
}

function renderShare() {
  if (!sharer) return;
  $('share-toggle').checked = sharer.sharing;
  const parts = [];
  const e = sharer.error;
  if (e) {
    const text = {
      noGeo: t('field.shareNoGeo'), insecure: t('field.shareInsecure'), denied: t('field.shareDenied'),
      unavailable: t('field.shareUnavailable'), timeout: t('field.shareTimeout'),
      send: t('field.shareError', { m: e.message || e.code || '' }),
    }[e.kind] || e.message;
    parts.push(`<span class="err">${esc(text)}</span>`);
  }
  if (sharer.sharing && sharer.waiting && !sharer.lastFix) parts.push(esc(t('field.shareWaiting')));
  const here = where?.text(S.unitID);   // nothing when no address is near (or none asked yet)
  if (here) parts.push(`<span id="share-where" class="where">${esc(t('field.where', { a: here }))}</span>`);
  if (sharer.lastSentAt) parts.push(`<span class="${sharer.sharing ? 'ok' : ''}">${esc(t('field.shareSent', { t: dateTime(sharer.lastSentAt) }))}</span>`);
  else if (!sharer.sharing && !e) parts.push(esc(t('field.shareOff')));
  if (sharer.pending) parts.push(esc(t('field.shareQueued', { n: sharer.pending })));
  if (sharer.sharing && sharer.lastFix?.accuracy != null) parts.push(esc(t('field.shareAcc', { n: Math.round(sharer.lastFix.accuracy) })));
  const w = sharer.warning;
  if (w) parts.push(`<span class="err">${esc(w.kind === 'clock' ? t('field.shareClock', { n: w.n }) : w.kind === 'unknownUnit' ? t('field.shareUnknownUnit') : t('field.shareRejected', { n: w.n }))}</span>`);
  $('share-status').innerHTML = parts.join('<br>');
}

// ---- rendering ----------------------------------------------------------------------------
function render() {
  const u = S.unit;
  $('callsign').textContent = u?.callsign || '';
  $('unit-status').textContent = u ? t(`unitStatus.${u.status}`) : '';
  $('unit-status').dataset.status = u?.status || '';
  renderTask();
  renderActions();
  renderFeedback();
  renderShare();
  messages?.render();
  map.setIncident(S.incident || S.pending[0] || null);
  if (!S.incident && S.pending.length) map.fitAll(`fb|${S.pending[0].id}`);
}

function dueHTML(i) {
  if (!Array.isArray(i.deadlines) || ['resolved', 'closed', 'cancelled'].includes(i.status)) return '';
  const open = i.deadlines.filter((d) => !d.doneAt).sort((a, b) => Date.parse(a.due) - Date.parse(b.due))[0];
  if (!open) return '';
  const left = Date.parse(open.due) - Date.now();
  const step = t(`step.${open.step}`);
  return `<dt>${esc(t('field.due', { step }))}</dt><dd id="due" class="due mono${left < 0 ? ' over' : ''}" data-due="${Date.parse(open.due)}">${esc(countdown(left))}</dd>`;
}

/** The caller's number: a link that calls it when the server gave it in full (the crew of a unit
 *  on the open incident), else as given (masked: "138****5678"). */
function phoneHTML(phone) {
  const dial = phone.replace(/[^\d+]/g, '');
  if (/\*/.test(phone) || !/\d/.test(dial)) return esc(phone);
  return `<a class="call" id="task-call" href="tel:${esc(dial)}" aria-label="${esc(t('field.call', { n: phone }))}">☎ ${esc(phone)}</a>`;
}

function incidentHTML(i) {
  const caller = i.caller || { name: i.callerName, phone: i.callerPhone };
  const phone = caller.phone || '';
  const acc = acceptedAt(i);
  return `<div class="card-head"><span class="prio p${i.priority}">P${i.priority}</span><span class="cat">${esc(categoryName(i.category, i.path))}</span>
      <span class="st" id="task-status" data-status="${esc(i.status)}">${esc(t(`status.${i.status}`))}</span></div>
    <div class="addr" id="task-address">${esc(i.address)}</div>
    ${i.description ? `<div class="desc">${esc(i.description)}</div>` : ''}
    <dl class="kv">
      <dt>${t('field.number')}</dt><dd class="mono">${esc(i.number)}</dd>
      <dt>${t('field.received')}</dt><dd>${esc(dateTime(i.times?.receivedAt))}</dd>
      ${dueHTML(i)}
      ${caller.name ? `<dt>${t('field.caller')}</dt><dd>${esc(caller.name)}</dd>` : ''}
      ${phone ? `<dt>${t('field.phone')}</dt><dd class="mono" id="task-phone">${phoneHTML(phone)}</dd>` : ''}
      ${acc ? `<dt></dt><dd class="accepted" id="task-accepted">✓ ${esc(typeof acc === 'string' ? t('field.acceptedAt', { t: dateTime(acc) }) : t('field.accepted'))}</dd>` : ''}
    </dl>`;
}

function renderTask() {
  const el = $('task');
  const i = S.incident;
  if (S.loadError && !S.unit) {
    el.innerHTML = `<div class="card none"><p class="error">${esc(errorText(S.loadError))}</p><button data-act="retry" class="big">${t('field.retry')}</button></div>`;
    return;
  }
  if (i && !['closed', 'cancelled'].includes(i.status)) {
    el.innerHTML = `<article class="card" id="task-card" data-id="${esc(i.id)}" style="--pc:${PRIORITY_COLOURS[(i.priority || 4) - 1]}">${incidentHTML(i)}</article>`;
    return;
  }
  if (S.pending.length) { el.innerHTML = ''; return; }   // the feedback forms say it all
  const last = S.lastClosed ? `<p class="muted" id="last-closed">✓ ${esc(t('field.lastClosed', { n: S.lastClosed.number }))}</p>` : '';
  el.innerHTML = `<div class="card none" id="no-task"><div class="big-note">${t('field.noTask')}</div>
    <p class="muted">${esc(t('field.noTaskHint'))}</p>${last}
    <p class="muted">${esc(`${S.me?.displayName || S.me?.username || ''} · ${S.unit?.callsign || ''}`)}</p></div>`;
}

/** The lifecycle buttons legal from the incident's status, the next step first. */
function actionsFor(i) {
  if (!i) return [];
  const next = successors(i.status);
  const out = [];
  if (i.status === 'dispatched' && !acceptedAt(i)) out.push({ key: 'accept', path: `/v1/incidents/${i.id}/accept` });
  for (const s of ['enRoute', 'onScene', 'resolved']) if (next.includes(s)) out.push({ key: s, path: `/v1/incidents/${i.id}/transition`, body: { status: s }, confirm: s === 'resolved' });
  return out;
}

function renderActions() {
  const el = $('actions');
  const i = S.incident;
  const list = i ? actionsFor(i) : [];
  el.innerHTML = list.map((a, k) => {
    const confirming = S.confirm?.key === a.key && S.confirm.id === i.id && Date.now() < S.confirm.until;
    const label = confirming ? t('field.confirm', { a: t(`field.act.${a.key}`) }) : t(`field.act.${a.key}`);
    return `<button data-action="${a.key}" class="${k === 0 || confirming ? 'primary' : 'secondary'}"${S.busyAction ? ' disabled' : ''}>${esc(label)}</button>`;
  }).join('');
  for (const b of el.querySelectorAll('button')) b.addEventListener('click', () => act(list.find((a) => a.key === b.dataset.action)));
  $('task-error').textContent = S.actionError || '';
}

async function act(a) {
  const i = S.incident;
  if (!a || !i || S.busyAction) return;
  if (a.confirm && !(S.confirm?.key === a.key && S.confirm.id === i.id && Date.now() < S.confirm.until)) {
    // a second tap within 5 s confirms: a mis-tap on "resolved" would be costly
    S.confirm = { key: a.key, id: i.id, until: Date.now() + 5000 };
    renderActions();
    setTimeout(() => { if (S.confirm?.key === a.key) { S.confirm = null; renderActions(); } }, 5100);
    return;
  }
  S.confirm = null;
  const k = `${i.id}:${a.key}`;
  if (!writeKeys.has(k)) writeKeys.set(k, newKey());
  S.busyAction = a.key; S.actionError = null;
  renderActions();
  try {
    const reply = await api('POST', a.path, a.body, { idempotencyKey: writeKeys.get(k) });
    writeKeys.delete(k);
    if (a.key === 'accept') rememberAccepted(i.id);
    if (reply && reply.id === i.id && reply.status) {
      S.incident = reply;
      if (reply.status === 'resolved') { if (!isPending(reply.id)) S.pending = [reply, ...S.pending]; pendingWanted = true; }
    }
    toast(t('field.updated', { s: t(`field.act.${a.key}`) }), 2000);
  } catch (e) {
    // no answer: keep the key, so pressing again is a safe retry; any answer: a new key next time
    if (e.status !== 0) writeKeys.delete(k);
    S.actionError = e.status === 409 && e.code === 'illegal_transition' ? t('field.errConflict') : errorText(e);
  } finally {
    S.busyAction = null;
  }
  render();
  refreshSoon();
  loadRoute(true);
}

let feedbackRendered = null;
/** One feedback form per incident still waiting for ours (oldest first); what was typed survives
 *  a redraw. */
function renderFeedback() {
  const el = $('feedback');
  const key = `${S.pending.map((i) => i.id).join(',')}|${getLang()}`;
  if (key === feedbackRendered) return;
  feedbackRendered = key;
  const typed = new Map([...el.querySelectorAll('form[data-id]')].map((f) => [f.dataset.id,
    { outcome: f.querySelector('.fb-outcome').value, summary: f.querySelector('.fb-summary').value }]));
  el.innerHTML = S.pending.map((i) => {
    const keep = typed.get(i.id) || { outcome: '', summary: '' };
    const resolved = i.times?.resolvedAt ? ` · ${t('status.resolved')} ${dateTime(i.times.resolvedAt)}` : '';
    return `<form class="form fb-form" novalidate data-id="${esc(i.id)}">
      <h3>${t('field.feedback')}</h3>
      <p class="hint">${esc(i.number)} · ${esc(i.address)}${esc(resolved)}</p>
      <label>${t('field.outcome')}<select class="fb-outcome" required>
        <option value="">${t('field.outcomePick')}</option>
        ${OUTCOMES.map((o) => `<option value="${o}"${o === keep.outcome ? ' selected' : ''}>${esc(t(`field.outcome.${o}`))}</option>`).join('')}
      </select></label>
      <label>${t('field.summary')}<textarea class="fb-summary" required maxlength="4000" placeholder="${esc(t('field.summaryHint'))}">${esc(keep.summary)}</textarea></label>
      <p class="error fb-error" role="alert"></p>
      <button type="submit" class="big primary fb-send">${t('field.send')}</button>
    </form>`;
  }).join('');
  for (const form of el.querySelectorAll('form[data-id]')) {
    const i = S.pending.find((p) => p.id === form.dataset.id);
    form.addEventListener('submit', (e) => { e.preventDefault(); sendFeedback(i, form); });
  }
}

async function sendFeedback(i, form) {
  const q = (c) => form.querySelector(c);
  const outcome = q('.fb-outcome').value.trim(), summary = q('.fb-summary').value.trim();
  const err = q('.fb-error');
  if (!outcome || !summary) { err.textContent = t('field.required'); (outcome ? q('.fb-summary') : q('.fb-outcome')).focus(); return; }
  const k = `${i.id}:feedback`;
  if (!writeKeys.has(k)) writeKeys.set(k, newKey());
  q('.fb-send').disabled = true; err.textContent = '';
  try {
    const reply = await api('POST', `/v1/incidents/${enc(i.id)}/feedback`, { outcome, summary }, { idempotencyKey: writeKeys.get(k) });
    writeKeys.delete(k);
    S.lastClosed = reply && reply.id ? reply : { ...i, status: 'closed' };
    S.pending = S.pending.filter((p) => p.id !== i.id);
    if (S.incident?.id === i.id) S.incident = null;
    toast(t('field.closed'));
    render();
    refreshSoon();
  } catch (e) {
    if (e.status !== 0) writeKeys.delete(k);
    err.textContent = e.status === 409 ? `${t('field.errConflict')} ${errorText(e)}` : errorText(e);
    q('.fb-send').disabled = false;
    if (e.status === 409) { pendingWanted = true; refreshSoon(); }   // closed elsewhere, say
  }
}

function renderRoute() {
  const info = $('route-info'), msg = $('route-msg');
  const r = S.route, e = S.routeError;
  info.hidden = !r;
  if (r) info.innerHTML = `<b id="route-eta">${esc(eta(r.etaSeconds || 0))}</b><span id="route-dist">${esc(distanceText(r.distanceMeters || 0))}</span>`;
  let text = '';
  if (e) {
    text = e.code === 'no_position' ? t('field.route.noPosition') : e.code === 'no_road_network' ? t('field.route.noRoads')
      : e.code === 'no_assignment' ? '' : e.status === 404 ? t('field.route.unavailable') : t('field.route.error', { m: e.message });
  }
  msg.textContent = text; msg.hidden = !text;
}

function tick() {
  const due = $('due');
  if (due) {
    const left = Number(due.dataset.due) - Date.now();
    due.textContent = countdown(left);
    due.classList.toggle('over', left < 0);
  }
  if (S.confirm && Date.now() > S.confirm.until) { S.confirm = null; renderActions(); }
}

// ---- test hook and first start ------------------------------------------------------------
window.__field = {
  S, refresh,
  get live() { return live; }, get map() { return map; }, get sharer() { return sharer; }, get messages() { return messages; },
  get where() { return where; },
};
if (token()) start().catch(() => { setToken(null); showLogin(); });
else showLogin();
