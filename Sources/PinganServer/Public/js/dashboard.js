// The assessment dashboard (系统化考核评估), a page of its own: for a jurisdiction in the user's
// scope and a period, the headline figures against the previous period (环比) and the same period
// a year before (同比) with both periods stated, trend lines, the stations' league table against
// the 1-3-5 standard with the targets in force and the warnings they earn (GET /v1/stats/kpi),
// and the stored daily reports and duty logs (reports.js). Everything is computed by the server
// from the event log; this page only words and draws it.
import { api } from './api.js';
import { t, getLang, onLangChange } from './i18n.js';
import { state, on } from './state.js';
import { esc } from './dom.js';
import { lineChart, barChart } from './charts.js';
import { categoryName } from './categories.js';
import { ReportsBox } from './reports.js';
import { PatrolComplianceBox } from './patrol-compliance.js';
import { RatesBox } from './rates-box.js';
import { ratesTable } from './fraud-warnings.js';
import { disputeRatesTable } from './disputes.js';

/** A day in China Standard Time, `YYYY-MM-DD`, `days` after the day of `ms`. */
export const cstDay = (ms, days = 0) => new Date(ms + 8 * 3_600_000 + days * 86_400_000).toISOString().slice(0, 10);

/** The period a preset names, as of `now` (CST calendar days, both ends inclusive). */
export function presetPeriod(preset, now = Date.now()) {
  const today = cstDay(now);
  const monthStart = `${today.slice(0, 8)}01`;
  switch (preset) {
    case 'today': return { from: today, to: today };
    case 'yesterday': return { from: cstDay(now, -1), to: cstDay(now, -1) };
    case 'last7': return { from: cstDay(now, -7), to: cstDay(now, -1) };
    case 'last30': return { from: cstDay(now, -30), to: cstDay(now, -1) };
    case 'lastMonth': {
      const d = new Date(`${monthStart}T00:00:00Z`); d.setUTCDate(0);   // the last day of the month before
      return { from: `${d.toISOString().slice(0, 8)}01`, to: d.toISOString().slice(0, 10) };
    }
    default: return { from: monthStart, to: today };   // thisMonth
  }
}

const PRESETS = ['today', 'yesterday', 'last7', 'last30', 'thisMonth', 'lastMonth', 'custom'];
/** The headline tiles: key in `changes`, how to read it from the figures, how to word it, which way is better. */
const TILES = [
  { key: 'incidents', read: (f) => f.incidents, kind: 'count' },
  { key: 'metRate', read: (f) => f.metRate, kind: 'share', better: 1 },
  { key: 'callToArrivalP90', read: (f) => f.callToArrival?.p90, kind: 'seconds', better: -1 },
  { key: 'within5MinutesShare', read: (f) => f.within5MinutesShare, kind: 'share', better: 1 },
  { key: 'closureRate', read: (f) => f.closureRate, kind: 'share', better: 1 },
  { key: 'overdueFeedbackRate', read: (f) => f.overdueFeedbackRate, kind: 'share', better: -1 },
  { key: 'referred', read: (f) => f.referred, kind: 'count' },
  { key: 'highRisk', read: (f) => f.highRisk, kind: 'count' },
  { key: 'alerts', read: (f) => f.alerts?.raised, kind: 'count' },
];

export const pct = (v) => (v == null ? '—' : `${(v * 100).toFixed(1)}%`);
export const minSec = (s) => (s == null ? '—' : `${Math.floor(s / 60)}:${String(Math.round(s % 60)).padStart(2, '0')}`);
const word = (kind, v) => (v == null ? '—' : kind === 'share' ? pct(v) : kind === 'seconds' ? minSec(v) : String(Math.round(v)));

/** A change against a base period, worded: relative for counts and durations, in points for shares. */
function changeText(kind, c, better) {
  if (!c || c.current == null || c.base == null) return { text: '—', css: '' };
  let text;
  if (kind === 'share') text = t('db.points', { d: `${c.difference >= 0 ? '+' : ''}${(c.difference * 100).toFixed(1)}` });
  else if (c.relative == null) text = `${c.difference >= 0 ? '+' : ''}${word(kind, c.difference)}`;
  else text = `${c.relative >= 0 ? '+' : ''}${(c.relative * 100).toFixed(1)}%`;
  const css = !better || c.difference === 0 ? '' : (c.difference > 0) === (better > 0) ? 'good' : 'bad';
  return { text, css };
}

export class DashboardPage {
  constructor(el, { toast }) {
    this.el = el; this.toast = toast; this.visible = false; this.report = null; this.error = null; this.seq = 0;
    this.choice = { jurisdiction: '', preset: 'thisMonth', from: '', to: '' };
    el.innerHTML = `<div class="db-head"><h2 id="db-heading"></h2>
        <form id="db-form" class="db-form">
          <select id="db-jurisdiction" name="jurisdiction"></select>
          <select id="db-preset" name="preset"></select>
          <input id="db-from" name="from" type="date"><input id="db-to" name="to" type="date">
          <button id="db-apply" type="submit"></button>
        </form><p class="note" id="db-note" role="status"></p></div>
      <div class="db-body">
        <section class="db-main"><p id="db-periods" class="muted"></p><div id="db-tiles" class="db-tiles"></div>
          <div id="db-trends" class="db-trends"></div><div id="db-categories"></div></section>
        <section class="db-side"><div id="db-league"></div><div id="db-patrol"></div><div id="db-disputes"></div><div id="db-fraud"></div><div id="db-reports"></div></section>
      </div>`;
    this.reports = new ReportsBox(el.querySelector('#db-reports'), { toast, jurisdiction: () => this.jurisdictionID() });
    this.patrol = new PatrolComplianceBox(el.querySelector('#db-patrol'), { jurisdiction: () => this.jurisdictionID(), day: () => this.period().to });
    const scope = { jurisdiction: () => this.jurisdictionID(), period: () => this.period() };
    this.disputes = new RatesBox(el.querySelector('#db-disputes'), { ...scope, permission: 'readDisputes', path: '/v1/disputes/rates', table: disputeRatesTable, title: 'dp.periodTitle' });
    this.fraud = new RatesBox(el.querySelector('#db-fraud'), { ...scope, permission: 'readFraudWarnings', path: '/v1/fraud-warnings/rates', table: ratesTable, title: 'fw.periodTitle' });
    el.querySelector('#db-form').addEventListener('submit', (e) => { e.preventDefault(); this.readForm(); this.load(); });
    el.querySelector('#db-preset').addEventListener('change', () => { this.readForm(); this.renderForm(); if (this.choice.preset !== 'custom') this.load(); });
    el.querySelector('#db-jurisdiction').addEventListener('change', () => { this.readForm(); this.load(); this.reports.load(); });
    onLangChange(() => this.render());
    on('org', () => { if (this.visible) this.renderForm(); });
  }

  show() { this.visible = true; this.render(); this.load(); this.reports.load(); }
  hide() { this.visible = false; }

  /** The jurisdictions the user may choose: those above stations first, then stations, each once. */
  choices() {
    const order = { city: 0, district: 1, station: 2 };
    return [...state.jurisdictions.values()].filter((j) => j.level in order)
      .sort((a, b) => order[a.level] - order[b.level] || (a.path || '').localeCompare(b.path || ''));
  }

  jurisdictionID() { return this.choice.jurisdiction || this.choices()[0]?.id || ''; }

  readForm() {
    const f = this.el.querySelector('#db-form');
    this.choice = { jurisdiction: f.jurisdiction.value, preset: f.preset.value, from: f.from.value, to: f.to.value };
  }

  period() {
    return this.choice.preset === 'custom' && this.choice.from && this.choice.to ? { from: this.choice.from, to: this.choice.to } : presetPeriod(this.choice.preset);
  }

  async load() {
    const id = this.jurisdictionID();
    if (!id) return;
    const { from, to } = this.period(), seq = ++this.seq;
    this.el.querySelector('#db-note').textContent = t('db.loading');
    this.patrol.load();
    this.fraud.load();
    this.disputes.load();
    try {
      const r = await api('GET', `/v1/stats/kpi?jurisdiction=${encodeURIComponent(id)}&from=${from}&to=${to}`);
      if (seq !== this.seq) return;
      this.report = r; this.error = null;
    } catch (e) {
      if (seq !== this.seq) return;
      this.report = null; this.error = e.message;
    }
    if (this.visible) this.render();
  }

  render() {
    if (!this.visible) return;
    this.el.querySelector('#db-heading').textContent = t('db.title');
    this.el.querySelector('#db-apply').textContent = t('db.apply');
    this.renderForm();
    const note = this.el.querySelector('#db-note');
    note.textContent = this.error ? t('db.failed', { e: this.error }) : '';
    note.classList.toggle('error', !!this.error);
    const r = this.report;
    for (const id of ['db-tiles', 'db-trends', 'db-categories', 'db-league', 'db-periods']) this.el.querySelector(`#${id}`).innerHTML = '';
    if (r) { this.renderPeriods(r); this.renderTiles(r); this.renderTrends(r); this.renderCategories(r); this.renderLeague(r); }
    this.reports.render();
    this.patrol.render();
    this.fraud.render();
    this.disputes.render();
  }

  renderForm() {
    const f = this.el.querySelector('#db-form'), en = getLang() === 'en', id = this.jurisdictionID();
    f.jurisdiction.innerHTML = this.choices().map((j) => `<option value="${esc(j.id)}"${j.id === id ? ' selected' : ''}>${esc((en && j.nameEn) || j.name)}</option>`).join('');
    f.preset.innerHTML = PRESETS.map((p) => `<option value="${p}"${p === this.choice.preset ? ' selected' : ''}>${esc(t(`db.preset.${p}`))}</option>`).join('');
    const custom = this.choice.preset === 'custom', p = this.period();
    f.from.hidden = f.to.hidden = this.el.querySelector('#db-apply').hidden = !custom;
    if (!custom) { f.from.value = p.from; f.to.value = p.to; }
  }

  renderPeriods(r) {
    const span = (p) => (p.from === p.to ? p.from : t('db.span', { from: p.from, to: p.to }));
    this.el.querySelector('#db-periods').innerHTML = `<span id="db-period">${esc(t('db.period', { p: span(r.period) }))}</span> · `
      + `<span id="db-previous">${esc(t('db.previous', { p: span(r.previousPeriod) }))}</span> · <span id="db-lastyear">${esc(t('db.lastYear', { p: span(r.lastYearPeriod) }))}</span>`;
  }

  renderTiles(r) {
    const warned = new Set((r.warnings || []).map((w) => w.metric));
    this.el.querySelector('#db-tiles').innerHTML = TILES.map((tile) => {
      const prev = changeText(tile.kind, r.changes?.previous?.[tile.key], tile.better);
      const year = changeText(tile.kind, r.changes?.lastYear?.[tile.key], tile.better);
      return `<div class="db-tile${warned.has(tile.key) ? ' warn' : ''}" data-metric="${tile.key}">
        <div class="db-tile-name">${esc(t(`db.m.${tile.key}`))}</div>
        <div class="db-tile-value">${esc(word(tile.kind, tile.read(r.current)))}</div>
        <div class="db-tile-change"><span class="${prev.css}">${esc(t('db.mom'))} ${esc(prev.text)}</span> <span class="${year.css}">${esc(t('db.yoy'))} ${esc(year.text)}</span></div></div>`;
    }).join('');
  }

  renderTrends(r) {
    const s = r.series || [];
    if (s.length < 2) return;
    const labels = s.map((p) => String(p.day).slice(5));
    this.el.querySelector('#db-trends').innerHTML =
      `<figure id="db-trend-incidents"><figcaption>${esc(t('db.trendIncidents'))}</figcaption>${lineChart({ title: t('db.trendIncidents'), labels, series: [{ name: t('db.m.incidents'), values: s.map((p) => p.incidents), css: 's1' }] })}</figure>`
      + `<figure id="db-trend-rates"><figcaption>${esc(t('db.trendRates'))}</figcaption>${lineChart({ title: t('db.trendRates'), labels, format: pct,
        series: [{ name: t('db.m.metRate'), values: s.map((p) => p.metRate), css: 's1' }, { name: t('db.m.overdueFeedbackRate'), values: s.map((p) => p.overdueFeedbackRate), css: 's2' }] })}
        <div class="db-legend"><span class="sw s1"></span>${esc(t('db.m.metRate'))} <span class="sw s2"></span>${esc(t('db.m.overdueFeedbackRate'))}</div></figure>`;
  }

  renderCategories(r) {
    const bars = Object.entries(r.current.byCategory || {}).sort((a, b) => b[1] - a[1]).slice(0, 8)
      .map(([code, n]) => ({ label: categoryName(code, r.path), value: n }));
    if (!bars.length) return;
    this.el.querySelector('#db-categories').innerHTML = `<figure id="db-by-category"><figcaption>${esc(t('db.byCategory'))}</figcaption>${barChart({ title: t('db.byCategory'), bars })}</figure>`;
  }

  renderLeague(r) {
    const rows = r.league || [], en = getLang() === 'en';
    const tg = r.targets?.targets;
    const name = (row) => { const j = state.jurisdictions.get(row.key); return (j && ((en && j.nameEn) || j.name)) || row.name || row.key; };
    const cell = (row, metric, text) => `<td class="num${row.warnings.some((w) => w.metric === metric) ? ' bad' : ''}">${esc(text)}</td>`;
    const head = `<h3>${esc(t('db.league'))}</h3>` + (tg ? `<p class="muted" id="db-targets">${esc(t('db.targets', { met: pct(tg.minMetRate), p90: minSec(tg.maxP90ArrivalSeconds), overdue: pct(tg.maxOverdueFeedbackRate) }))}</p>` : '');
    if (!rows.length) { this.el.querySelector('#db-league').innerHTML = `${head}<p class="muted">${esc(t('db.noStations'))}</p>`; return; }
    this.el.querySelector('#db-league').innerHTML = `${head}<table class="sv-table" id="db-league-table"><thead><tr><th>#</th><th>${esc(t('db.station'))}</th>
      <th class="num">${esc(t('db.m.incidents'))}</th><th class="num">${esc(t('db.m.metRate'))}</th><th class="num">${esc(t('db.m.callToArrivalP90'))}</th>
      <th class="num">${esc(t('db.m.overdueFeedbackRate'))}</th></tr></thead><tbody>${rows.map((row) => `<tr data-key="${esc(row.key)}"${row.warnings.length ? ' class="warn"' : ''}>
        <td>${row.rank}</td><td>${esc(name(row))}${row.warnings.length ? ` <span class="db-flag" title="${esc(row.warnings.map((w) => t(`db.w.${w.metric}`)).join('; '))}">⚠</span>` : ''}</td>
        <td class="num">${row.incidents}</td>${cell(row, 'metRate', pct(row.metRate))}${cell(row, 'callToArrivalP90', minSec(row.callToArrivalP90))}${cell(row, 'overdueFeedbackRate', pct(row.overdueFeedbackRate))}</tr>`).join('')}</tbody></table>`;
  }
}
