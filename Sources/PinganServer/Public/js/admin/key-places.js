// "重点部位" under a station's form in the administration: how many key places the station
// watches (its registry: key-place posts), and one button that registers the map's schools,
// hospitals, transport hubs and squares on its ground (POST /v1/key-places/import; those already
// registered are skipped). Each key place is then a post like any other: renamed or retired in
// the posts section, drawn on the map, kept within reach by dynamic patrol.
import { api, newKey } from '../api.js';
import { t } from '../i18n.js';
import { esc, toast } from '../dom.js';
import { state, upsertOrg } from '../state.js';

export class KeyPlacesTool {
  html(j) {
    if (j.level !== 'station') return '';
    return `<div class="adm-extra" id="adm-key-places"><h4>${esc(t('kp.title'))}</h4>
      <p id="kp-count" class="hint"></p><button type="button" id="kp-import">${esc(t('kp.import'))}</button><p id="kp-result" role="status"></p></div>`;
  }

  bind(root, j) {
    this.root = root.querySelector('#adm-key-places');
    if (!this.root) return;
    if (this.last?.id !== j.id) this.last = null;
    this.j = j;
    this.root.querySelector('#kp-import').onclick = () => this.import();
    this.render();
  }
  open() {}
  refresh() {}
  leave() {}

  registered() { return [...state.posts.values()].filter((p) => p.kind === 'keyPlace' && p.stationID === this.j?.id && p.active !== false); }

  /** The count and the last import's answer, drawn into whichever copy of the form is shown now
   *  (the form may be redrawn while an import is on its way, by a language switch or a save). */
  render() {
    const n = this.root?.querySelector('#kp-count'), out = this.root?.querySelector('#kp-result');
    if (n) n.textContent = t('kp.count', { n: this.registered().length });
    if (!out) return;
    const last = this.last;
    out.innerHTML = !last ? '' : last.error ? `<span class="error">${esc(t('kp.failed', { e: last.error }))}</span>`
      : esc(t('kp.imported', { n: last.created, s: last.skipped }));
    if (last && !last.error) out.dataset.created = String(last.created); else delete out.dataset.created;
  }

  async import() {
    const id = this.j.id, button = this.root.querySelector('#kp-import');
    button.disabled = true;
    try {
      const reply = await api('POST', '/v1/key-places/import', { stationID: id }, { idempotencyKey: newKey() });
      for (const p of reply.items) upsertOrg('post', p);
      this.last = { id, created: reply.items.length, skipped: reply.skipped };
      toast(t('kp.imported', { n: reply.items.length, s: reply.skipped }));
    } catch (e) {
      this.last = { id, error: e.message };
    } finally {
      if (this.j?.id === id) this.render();
      const live = this.root?.querySelector('#kp-import');
      if (live) live.disabled = false;
      button.disabled = false;
    }
  }
}
