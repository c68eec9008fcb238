// Bulk import and export of the organisation (POST /v1/import, GET /v1/export?section=…): a file
// per section (jurisdictions and zones as GeoJSON, posts, units and users as CSV), a dry run that
// shows what would be created, updated or left unchanged, or the bad rows by section and line
// (the server checks the whole body before it stores anything), then the import itself. The
// one-time passwords of the accounts it created are shown once, each with a copy button. Used by
// the administration's "导入/导出" section and, with fewer sections, by the guided setup.
import { api, fetchFile } from '../api.js';
import { state, upsertOrg, upsertUnit, upsertUser } from '../state.js';
import { t, onLangChange } from '../i18n.js';
import { may } from '../rules.js';
import { esc, toast, saveFile } from '../dom.js';

export const IMPORT_SECTIONS = [
  { id: 'jurisdictions', geo: true, perm: 'manageOrganisation', head: 'code, parent, level, name, nameEn, lat, lon' },
  { id: 'zones', geo: true, perm: 'manageOrganisation', head: 'station, name' },
  { id: 'posts', perm: 'manageOrganisation', head: 'station,name,kind,lat,lon' },
  { id: 'units', perm: 'manageOrganisation', head: 'callsign,kind,station,crew' },
  { id: 'users', perm: 'manageUsers', head: 'username,displayName,role,jurisdiction,unit' },
];
const COUNTED = ['jurisdictions', 'zones', 'posts', 'units', 'users'];

/** Where a bad row is: a CSV file's line, a GeoJSON file's feature (counted from 1); '—' for the whole file. */
function lineText(e) {
  if (!e.line) return '—';
  return IMPORT_SECTIONS.find((s) => s.id === e.section)?.geo ? t('imp.feature', { n: e.line }) : String(e.line);
}

/** One CSV field, quoted when it must be. */
export const csvField = (v) => (/[",\r\n]/.test(String(v ?? '')) ? `"${String(v).replaceAll('"', '""')}"` : String(v ?? ''));

/** Reads the console's lists again after an import (the live feed brings most of it too). */
export async function reloadOrganisation() {
  const role = state.me?.role;
  const jobs = [
    api('GET', '/v1/jurisdictions').then((l) => l.forEach((j) => upsertOrg('jurisdiction', j))),
    api('GET', '/v1/zones').then((l) => l.forEach((z) => upsertOrg('zone', z))),
    api('GET', '/v1/posts').then((l) => l.forEach((p) => upsertOrg('post', p))),
    api('GET', '/v1/units').then((l) => l.forEach(upsertUnit)),
  ];
  if (may(role, 'manageUsers')) jobs.push(api('GET', '/v1/users').then((l) => l.forEach(upsertUser)));
  await Promise.allSettled(jobs);
}

/** The one-time passwords of new accounts, each with a copy button (and one for all). */
export function passwordsHTML(passwords) {
  if (!passwords?.length) return '';
  return `<div class="imp-pw" id="imp-passwords" role="alert"><h5>${t('imp.passwords')}</h5><p class="hint">${t('imp.passwordsOnce')}</p>
    <table class="adm-table"><thead><tr><th>${t('admin.username')}</th><th>${t('imp.password')}</th><th></th></tr></thead><tbody>
    ${passwords.map((p) => `<tr data-username="${esc(p.username)}"><td><code>${esc(p.username)}</code></td><td><code class="pw">${esc(p.password)}</code></td>
      <td><button type="button" class="copy" data-copy="${esc(p.password)}">${t('imp.copy')}</button></td></tr>`).join('')}</tbody></table>
    <div class="actions">${passwords.length > 1 ? `<button type="button" class="copy" data-copy="${esc(passwords.map((p) => `${p.username}\t${p.password}`).join('\n'))}">${t('imp.copyAll')}</button>` : ''}
      <button type="button" data-act="pw-done">${t('imp.passwordsDone')}</button></div></div>`;
}

/** Copies `text`, saying so on `button`. */
export async function copyText(text, button) {
  let ok = false;
  try { await navigator.clipboard.writeText(text); ok = true; } catch {
    const area = document.createElement('textarea');
    area.value = text; area.style.position = 'fixed'; area.style.opacity = '0';
    document.body.appendChild(area); area.select();
    try { ok = document.execCommand('copy'); } catch { ok = false; }
    area.remove();
  }
  if (button) { button.textContent = t(ok ? 'imp.copied' : 'imp.copyFailed'); button.classList.toggle('done', ok); }
  return ok;
}

/** Saves the section's export as a file (the request needs the session's token, so no plain link). */
async function download(section) {
  const geo = IMPORT_SECTIONS.find((s) => s.id === section)?.geo;
  const res = await fetchFile(`/v1/export?section=${encodeURIComponent(section)}`, geo ? 'application/geo+json, application/json' : 'text/csv');
  saveFile(await res.blob(), `pingan-${section}.${geo ? 'geojson' : 'csv'}`);
}

export class ImportPanel {
  /** `sections`: the ids offered (all the role may use by default); `exports`: with download
   *  buttons; `onApplied(result)`: after an import was stored. */
  constructor(el, { sections = null, exports = true, onApplied = () => {}, idPrefix = 'imp' } = {}) {
    this.el = el; this.only = sections; this.exports = exports; this.onApplied = onApplied; this.p = idPrefix;
    this.files = new Map();   // section → {name, text, json?, error?}
    this.result = null;       // {kind: 'dry'|'applied'|'invalid'|'error', ...}
    this.passwords = null; this.busy = false;
    el.addEventListener('change', (e) => { const f = e.target.closest('input[type="file"][data-sec]'); if (f) this.choose(f.dataset.sec, f.files[0]); });
    el.addEventListener('click', (e) => {
      const b = e.target.closest('button');
      if (!b || b.disabled) return;
      if (b.dataset.copy != null) copyText(b.dataset.copy, b);
      else if (b.dataset.act === 'check') this.send(true);
      else if (b.dataset.act === 'apply') this.send(false);
      else if (b.dataset.act === 'forget') { this.files.delete(b.dataset.sec); this.result = null; this.render(); }
      else if (b.dataset.act === 'pw-done') { this.passwords = null; this.render(); }
      else if (b.dataset.export) download(b.dataset.export).catch((err) => toast(t('error.generic', { m: err.message })));
    });
    onLangChange(() => this.render());
  }

  sections() { return IMPORT_SECTIONS.filter((s) => (!this.only || this.only.includes(s.id)) && may(state.me?.role, s.perm)); }

  /** Forgets the files and the answer (the passwords too: they were shown once). */
  reset() { this.files.clear(); this.result = null; this.passwords = null; this.render(); }

  async choose(section, file) {
    if (!file) { this.files.delete(section); this.result = null; this.render(); return; }
    const text = await file.text();
    const entry = { name: file.name, text };
    if (IMPORT_SECTIONS.find((s) => s.id === section)?.geo) {
      try { entry.json = JSON.parse(text); } catch (e) { entry.error = t('imp.notJSON', { m: e.message }); }
    }
    this.files.set(section, entry);
    this.result = null;
    this.render();
  }

  body(dryRun) {
    const body = { dryRun };
    for (const [sec, f] of this.files) body[sec] = f.json ?? f.text;
    return body;
  }

  async send(dryRun) {
    if (this.busy || !this.files.size) return;
    const bad = [...this.files].filter(([, f]) => f.error);
    if (bad.length) {
      this.result = { kind: 'invalid', errors: bad.map(([section, f]) => ({ section, line: null, field: '', message: f.error })) };
      this.render();
      return;
    }
    this.busy = true; this.render();
    try {
      const r = await api('POST', '/v1/import', this.body(dryRun));
      this.result = { kind: dryRun ? 'dry' : 'applied', data: r };
      if (!dryRun) {
        this.passwords = r.passwords?.length ? r.passwords : null;
        this.files.clear();
        await reloadOrganisation();
        this.onApplied(r);
      }
    } catch (e) {
      const errors = e.problem?.errors;
      this.result = e.code === 'import_invalid' && Array.isArray(errors) ? { kind: 'invalid', errors } : { kind: 'error', message: e.message };
    } finally { this.busy = false; }
    this.render();
  }

  render() {
    const p = this.p, secs = this.sections();
    const rows = secs.map((s) => {
      const f = this.files.get(s.id);
      return `<tr data-sec="${s.id}"><th>${t(`imp.sec.${s.id}`)}<div class="fmt">${s.geo ? 'GeoJSON' : 'CSV'} · <code>${esc(s.head)}</code></div></th>
        <td><label class="file"><input type="file" class="file-input" id="${p}-file-${s.id}" data-sec="${s.id}" accept="${s.geo ? '.geojson,.json,application/geo+json,application/json' : '.csv,text/csv,text/plain'}"
            aria-label="${esc(`${t(`imp.sec.${s.id}`)}: ${t('imp.choose')}`)}"><span class="file-btn">${t('imp.choose')}</span>
          <span class="fname${f ? ' chosen' : ''}">${f ? esc(f.name) : t('imp.noFile')}</span></label>
          ${f ? `<button type="button" class="link" data-act="forget" data-sec="${s.id}" title="${esc(t('imp.forget'))}">✕</button>` : ''}</td>
        ${this.exports ? `<td><button type="button" data-export="${s.id}" id="${p}-export-${s.id}">${t('imp.export')}</button></td>` : ''}</tr>`;
    }).join('');
    const canApply = this.result?.kind === 'dry' && this.files.size > 0;
    this.el.innerHTML = `<div class="imp" id="${p}">
      <table class="imp-files">${rows}</table>
      <div class="actions"><button type="button" data-act="check" id="${p}-check"${this.files.size && !this.busy ? '' : ' disabled'}>${t('imp.check')}</button>
        <button type="button" class="primary" data-act="apply" id="${p}-apply"${canApply && !this.busy ? '' : ' disabled'}>${t('imp.apply')}</button>
        <span class="hint">${this.busy ? t('imp.busy') : this.files.size ? t('imp.checkFirst') : ''}</span></div>
      <div id="${p}-result" class="imp-result" data-kind="${this.result?.kind || ''}">${this.resultHTML()}</div>
      ${passwordsHTML(this.passwords)}</div>`;
  }

  resultHTML() {
    const r = this.result;
    if (!r) return '';
    if (r.kind === 'error') return `<p class="error" role="alert">${esc(t('error.generic', { m: r.message }))}</p>`;
    if (r.kind === 'invalid') {
      const errors = [...r.errors].sort((a, b) => COUNTED.indexOf(a.section) - COUNTED.indexOf(b.section) || (a.line ?? 0) - (b.line ?? 0));
      return `<p class="error" role="alert">${esc(t('imp.invalid', { n: errors.length }))}</p>
        <table class="adm-table imp-errors"><thead><tr><th>${t('imp.section')}</th><th>${t('imp.line')}</th><th>${t('imp.field')}</th><th>${t('imp.problem')}</th></tr></thead><tbody>
        ${errors.map((e) => `<tr data-section="${esc(e.section)}" data-line="${esc(e.line ?? '')}"><td>${esc(t(`imp.sec.${e.section}`))}</td><td class="line">${esc(lineText(e))}</td>
          <td><code>${esc(e.field || '')}</code></td><td>${esc(e.message)}</td></tr>`).join('')}</tbody></table>`;
    }
    const d = r.data || {};
    const n = (group, sec) => d[group]?.[sec] ?? 0;
    const shown = COUNTED.filter((sec) => n('created', sec) || n('updated', sec) || n('unchanged', sec) || this.files.has(sec));
    return `<p class="note" role="status">${esc(t(r.kind === 'dry' ? 'imp.dryDone' : 'imp.applied'))}</p>
      <table class="adm-table imp-counts"><thead><tr><th>${t('imp.section')}</th><th>${t('imp.created')}</th><th>${t('imp.updated')}</th><th>${t('imp.unchanged')}</th></tr></thead><tbody>
      ${shown.map((sec) => `<tr data-section="${sec}"><td>${t(`imp.sec.${sec}`)}</td><td class="c">${n('created', sec)}</td><td class="u">${n('updated', sec)}</td><td class="n">${n('unchanged', sec)}</td></tr>`).join('')}</tbody></table>`;
  }
}
