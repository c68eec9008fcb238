// The stored daily reports (三情研判) and duty logs (值班日志) of a jurisdiction, on the dashboard:
// the list (GET /v1/reports), one opened inside the page (its HTML in a sandboxed frame, since a
// new tab would not carry the session's token), its PDF when one was printed, and — for those
// allowed — writing one now (POST /v1/reports) for a chosen day and language.
import { api, fetchFile, newKey } from './api.js';
import { t, getLang } from './i18n.js';
import { state } from './state.js';
import { may } from './rules.js';
import { esc, saveFile } from './dom.js';
import { dateTime } from './time-text.js';

export class ReportsBox {
  constructor(el, { toast, jurisdiction }) {
    this.el = el; this.toast = toast; this.jurisdiction = jurisdiction; this.items = []; this.error = null; this.openID = null;
    el.addEventListener('click', (e) => {
      const open = e.target.closest('button[data-open]');
      if (open) { this.open(open.dataset.open); return; }
      const pdf = e.target.closest('button[data-pdf]');
      if (pdf) { this.pdf(pdf.dataset.pdf); return; }
      if (e.target.closest('#rp-close')) { this.openID = null; this.el.querySelector('#rp-viewer')?.remove(); }
    });
    el.addEventListener('submit', (e) => { e.preventDefault(); this.write(e.target); });
  }

  async load() {
    const id = this.jurisdiction();
    if (!id) return;
    try {
      const r = await api('GET', `/v1/reports?jurisdiction=${encodeURIComponent(id)}`);
      this.items = r?.items || []; this.error = null;
    } catch (e) { this.items = []; this.error = e.message; }
    this.render();
  }

  render() {
    const en = getLang() === 'en', day = (k) => new Date(Date.now() + 8 * 3_600_000 + k * 86_400_000).toISOString().slice(0, 10);
    const yesterday = day(-1);
    const name = (id) => { const j = state.jurisdictions.get(id); return (j && ((en && j.nameEn) || j.name)) || id; };
    const role = state.me?.role;
    const writer = may(role, 'writeIncidents') || may(role, 'readAudit')
      ? `<form id="rp-write" class="rp-write"><select name="kind"><option value="daily">${esc(t('rp.kind.daily'))}</option><option value="dutyLog">${esc(t('rp.kind.dutyLog'))}</option></select>
          <input name="date" type="date" value="${yesterday}" max="${day(0)}"><select name="language"><option value="zh"${en ? '' : ' selected'}>中文</option><option value="en"${en ? ' selected' : ''}>English</option></select>
          <button type="submit" id="rp-write-send">${esc(t('rp.write'))}</button></form>` : '';
    const list = this.error ? `<p class="error">${esc(this.error)}</p>` : !this.items.length ? `<p class="muted" id="rp-empty">${esc(t('rp.none'))}</p>`
      : `<table class="sv-table" id="rp-list"><tbody>${this.items.map((r) => `<tr data-id="${esc(r.id)}"><td>${esc(r.date)}</td><td>${esc(t(`rp.kind.${r.kind}`))}</td>
          <td>${esc(name(r.jurisdictionID))}</td><td>${esc(r.language === 'en' ? 'EN' : '中')}</td>
          <td><button class="link" data-open="${esc(r.id)}">${esc(t('rp.open'))}</button>${r.links?.pdf ? ` <button class="link" data-pdf="${esc(r.id)}">PDF</button>` : ''}</td></tr>`).join('')}</tbody></table>`;
    const viewer = this.el.querySelector('#rp-viewer');
    this.el.innerHTML = `<h3>${esc(t('rp.title'))}</h3>${writer}${list}`;
    if (viewer) this.el.append(viewer);
  }

  async open(id) {
    try {
      const html = await (await fetchFile(`/v1/reports/${encodeURIComponent(id)}/html`)).text();
      this.openID = id;
      this.el.querySelector('#rp-viewer')?.remove();
      const box = document.createElement('div');
      box.id = 'rp-viewer'; box.className = 'rp-viewer'; box.dataset.id = id;
      box.innerHTML = `<div class="rp-viewer-bar"><button class="link" id="rp-close">✕ ${esc(t('rp.close'))}</button></div>`;
      const frame = document.createElement('iframe');
      frame.setAttribute('sandbox', 'allow-same-origin');   // no scripts; same origin so a test can read it
      frame.title = t('rp.title'); frame.srcdoc = html;
      box.append(frame);
      this.el.append(box);
    } catch (e) { this.toast(t('rp.failed', { e: e.message })); }
  }

  async pdf(id) {
    try {
      saveFile(await (await fetchFile(`/v1/reports/${encodeURIComponent(id)}/pdf`)).blob(), `pingan-report-${id}.pdf`);
    } catch (e) { this.toast(t('rp.failed', { e: e.message })); }
  }

  async write(form) {
    const button = form.querySelector('button'); button.disabled = true;
    try {
      const r = await api('POST', '/v1/reports', { kind: form.kind.value, jurisdiction: this.jurisdiction(), date: form.date.value, language: form.language.value },
        { idempotencyKey: newKey() });
      this.toast(t('rp.written', { at: dateTime(r.generatedAt) }));
      await this.load();
      if (r?.id) this.open(r.id);
    } catch (e) { this.toast(t('rp.failed', { e: e.message })); } finally { button.disabled = false; }
  }
}
