// Front-end sensors (前端感知设备) in the administration. Under a station's form, a small form
// registers a checkpoint, road gate, camera, drone or alarm button on its ground (POST
// /v1/sensors; its place the station's own unless typed); under a sensor's form (the "sensors"
// section), a button issues it a new token (POST /v1/sensors/{id}/token) and the old one stops
// working. Either way the token the device signs in with is shown this once, until the form is
// left: the server keeps only its hash. A camera's or drone's form also sets the crowd rule of the
// place it counts (warn and alarm lines, a rise per minute, the hours it applies), saved with the
// sensor's version like its other fields (PATCH `crowdRule`, or `clearCrowdRule`).
import { api, newKey } from '../api.js';
import { t } from '../i18n.js';
import { esc, toast } from '../dom.js';
import { state, upsertSensor } from '../state.js';
import { SENSOR_KINDS } from '../sensing.js';

/** Shows the token (or nothing) in `out`, scrolled into sight: it is what the person came for. */
function showToken(out, shown) {
  if (!out) return;
  out.innerHTML = shown ? tokenHTML(shown) : '';
  if (shown) out.scrollIntoView({ block: 'nearest' });
}

/** The token, once, with what to do with it. */
function tokenHTML(shown) {
  return `<p class="hint">${esc(t('sen.tokenOnce', { name: shown.name }))}</p><code id="sen-token" class="token" data-sensor="${esc(shown.id)}">${esc(shown.token)}</code>`;
}

const fixed = (x) => (x == null ? '' : Number(x).toFixed(6));

export class SensorRegisterTool {
  html(j) {
    if (j.level !== 'station') return '';
    const here = j.location || {};
    const mine = [...state.sensors.values()].filter((s) => s.jurisdictionID === j.id && s.active !== false).length;
    return `<div class="adm-extra" id="adm-sensor-new"><h4>${esc(t('sen.title'))}</h4>
      <p class="hint" id="sen-count">${esc(t('sen.count', { n: mine }))}</p>
      <form id="sen-form" class="zs-form" novalidate>
        <label>${esc(t('sen.name'))} <input id="sen-name" maxlength="100" autocomplete="off"></label>
        <label>${esc(t('sen.kind'))} <select id="sen-kind">${SENSOR_KINDS.map((k) => `<option value="${k}">${esc(t(`sensorKind.${k}`))}</option>`).join('')}</select></label>
        <label>${esc(t('sen.lat'))} <input id="sen-lat" inputmode="decimal" value="${fixed(here.lat)}"></label>
        <label>${esc(t('sen.lon'))} <input id="sen-lon" inputmode="decimal" value="${fixed(here.lon)}"></label>
        <label>${esc(t('sen.province'))} <input id="sen-province" maxlength="1" size="2" autocomplete="off"></label>
        <button type="submit" id="sen-register">${esc(t('sen.register'))}</button>
      </form><p id="sen-error" class="error" role="alert"></p><div id="sen-new-out" role="status"></div></div>`;
  }

  bind(root, j) {
    this.root = root.querySelector('#adm-sensor-new');
    if (!this.root) return;
    if (this.shown?.station !== j.id) this.shown = null;
    this.j = j;
    this.root.querySelector('#sen-form').addEventListener('submit', (e) => { e.preventDefault(); this.register(); });
    this.render();
  }
  open() {}
  refresh() {}
  leave() { this.shown = null; }

  render(error = '') {
    const err = this.root?.querySelector('#sen-error');
    showToken(this.root?.querySelector('#sen-new-out'), this.shown);
    if (err) err.textContent = error;
  }

  async register() {
    const v = (id) => this.root.querySelector(id).value.trim();
    const name = v('#sen-name'), lat = Number(v('#sen-lat')), lon = Number(v('#sen-lon'));
    if (!name) return this.render(t('sen.needName'));
    if (!v('#sen-lat') || !v('#sen-lon') || !Number.isFinite(lat) || !Number.isFinite(lon)) return this.render(t('sen.needPlace'));
    const body = { name, kind: v('#sen-kind'), jurisdictionID: this.j.id, location: { lat, lon } };
    if (v('#sen-province')) body.defaultProvince = v('#sen-province');
    const station = this.j.id, button = this.root.querySelector('#sen-register');
    button.disabled = true;
    try {
      const reply = await api('POST', '/v1/sensors', body, { idempotencyKey: newKey() });
      upsertSensor(reply.sensor);
      this.shown = { station, id: reply.sensor.id, name: reply.sensor.name, token: reply.token };
      toast(t('sen.registered', { name: reply.sensor.name }));
      if (this.j?.id === station) {
        this.root.querySelector('#sen-name').value = '';
        this.root.querySelector('#sen-count').textContent = t('sen.count', { n: [...state.sensors.values()].filter((s) => s.jurisdictionID === station && s.active !== false).length });
        this.render();
      }
    } catch (e) {
      if (this.j?.id === station) this.render(e.message);
    } finally {
      button.disabled = false;
      const live = this.root?.querySelector('#sen-register');
      if (live) live.disabled = false;
    }
  }
}

export class SensorTokenTool {
  html() {
    return `<div class="adm-extra" id="adm-sensor-token"><h4>${esc(t('sen.tokenTitle'))}</h4><p class="hint">${esc(t('sen.tokenHint'))}</p>
      <button type="button" id="sen-reissue">${esc(t('sen.reissue'))}</button><p id="sen-reissue-error" class="error" role="alert"></p>
      <div id="sen-token-out" role="status"></div></div>`;
  }

  bind(root, s, editor) {
    this.root = root.querySelector('#adm-sensor-token');
    if (this.shown?.id !== s.id) this.shown = null;
    this.s = s; this.editor = editor;
    this.root.querySelector('#sen-reissue').onclick = () => this.reissue();
    this.render();
  }
  leave() { this.shown = null; }

  render(error = '') {
    const err = this.root?.querySelector('#sen-reissue-error');
    showToken(this.root?.querySelector('#sen-token-out'), this.shown);
    if (err) err.textContent = error;
  }

  /** The first click asks again on the button itself (the device stops working until it gets
   *  the new token); a second click within five seconds issues it. */
  async reissue() {
    const button = this.root.querySelector('#sen-reissue');
    const disarm = () => { delete button.dataset.armed; button.textContent = t('sen.reissue'); button.classList.remove('danger'); };
    if (!button.dataset.armed) {
      button.dataset.armed = '1'; button.textContent = t('sen.reissueConfirm'); button.classList.add('danger');
      setTimeout(disarm, 5000);
      return;
    }
    disarm();
    const id = this.s.id;
    try {
      const reply = await api('POST', `/v1/sensors/${encodeURIComponent(id)}/token`, {}, { idempotencyKey: newKey() });
      upsertSensor(reply.sensor);
      this.editor.adopt(reply.sensor);
      if (this.s?.id !== id) return;
      this.shown = { id, name: reply.sensor.name, token: reply.token };
      this.render();
    } catch (e) {
      if (this.s?.id === id) this.render(e.message);
    }
  }
}

/** The crowd rule of a counting sensor (camera or drone). */
export class SensorCrowdTool {
  html(s) {
    if (s.kind !== 'camera' && s.kind !== 'drone') return '';
    const r = s.crowdRule || {};
    const input = (id, v, min, max) => `<input id="${id}" type="number" min="${min}" max="${max}" step="1" value="${v ?? ''}">`;
    return `<div class="adm-extra" id="adm-sensor-crowd"><h4>${esc(t('sen.crowd'))}</h4>
      <p class="hint" id="sen-crowd-now">${esc(s.crowdRule ? t('sen.crowdNow', { warn: r.warnAt, alarm: r.alarmAt }) : t('sen.crowdNone'))}</p>
      <form id="sen-crowd-form" class="zs-form" novalidate>
        <label>${esc(t('sen.warnAt'))} ${input('sen-warn', r.warnAt, 1, 10000000)}</label>
        <label>${esc(t('sen.alarmAt'))} ${input('sen-alarm', r.alarmAt, 1, 10000000)}</label>
        <label>${esc(t('sen.risePerMinute'))} ${input('sen-rise', r.risePerMinute, 1, 10000000)}</label>
        <label>${esc(t('sen.fromHour'))} ${input('sen-from', r.fromHour, 0, 23)}</label>
        <label>${esc(t('sen.toHour'))} ${input('sen-to', r.toHour, 0, 23)}</label>
        <button type="submit" id="sen-crowd-save">${esc(t('sen.crowdSave'))}</button>
        ${s.crowdRule ? `<button type="button" id="sen-crowd-clear" class="danger">${esc(t('sen.crowdClear'))}</button>` : ''}
      </form></div>`;
  }

  bind(root, s, editor) {
    const box = root.querySelector('#adm-sensor-crowd');
    if (!box) return;
    box.querySelector('#sen-crowd-form').addEventListener('submit', (e) => { e.preventDefault(); this.save(box, editor); });
    box.querySelector('#sen-crowd-clear')?.addEventListener('click', () => editor.save({ clearCrowdRule: true }));
  }

  /** Whole numbers where typed; the lines are required, the rest optional. The server checks the
   *  rest (an alarm line above the warning line) and its answer shows next to the form. */
  save(box, editor) {
    const rule = {};
    for (const [id, key, required] of [['#sen-warn', 'warnAt', true], ['#sen-alarm', 'alarmAt', true], ['#sen-rise', 'risePerMinute'],
      ['#sen-from', 'fromHour'], ['#sen-to', 'toHour']]) {
      const raw = box.querySelector(id).value.trim();
      if (!raw) { if (required) return editor.showError(t('admin.required', { f: t(`sen.${key}`) })); continue; }
      const v = Number(raw);
      if (!Number.isInteger(v)) return editor.showError(t('admin.notNumber', { f: t(`sen.${key}`) }));
      rule[key] = v;
    }
    editor.save({ crowdRule: rule });
  }
}
