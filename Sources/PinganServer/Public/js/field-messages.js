// Messages from the command centre to this unit: fetched newest first, acknowledged as
// `delivered` as soon as the page has them and as `read` when the officer opens one (taps it or
// presses "Mark read"). Unread ones are counted on the tab's badge and flashed on the task view.
import { api } from './api.js';
import { t } from './i18n.js';
import { dateTime } from './time-text.js';
import { esc } from './dom.js';

export class MessageBox {
  constructor({ unitID, listEl, badgeEl, flashEl, onNew = () => {}, onOpen = () => {}, toast = () => {} }) {
    this.unitID = unitID; this.listEl = listEl; this.badgeEl = badgeEl; this.flashEl = flashEl;
    this.onNew = onNew; this.onOpen = onOpen; this.toast = toast;
    this.items = []; this.loaded = false; this.unavailable = false; this.error = null;
    this.acking = new Set(); this.seen = new Set(); this.busy = false; this.again = false;
    listEl.addEventListener('click', (e) => {
      const card = e.target.closest('.msg');
      if (card) this.markRead(card.dataset.id);
    });
    flashEl.addEventListener('click', () => {
      const id = flashEl.dataset.id;
      if (id) this.markRead(id);
      this.onOpen();
    });
  }

  get unread() { return this.items.filter((m) => !m.readAt); }

  async refresh() {
    if (this.busy) { this.again = true; return; }
    this.busy = true;
    try {
      const reply = await api('GET', `/v1/messages?unitID=${encodeURIComponent(this.unitID)}&limit=50`);
      const items = Array.isArray(reply?.items) ? reply.items : Array.isArray(reply) ? reply : [];
      this.merge(items);
      this.error = null; this.unavailable = false;
      const fresh = this.loaded ? items.filter((m) => !this.seen.has(m.id) && !m.readAt) : [];
      for (const m of items) this.seen.add(m.id);
      this.loaded = true;
      if (fresh.length) this.onNew(fresh[0]);
      for (const m of items) if (!m.deliveredAt) this.ack(m.id, 'delivered');
    } catch (e) {
      if (e.status === 404 && e.code === 'not_found' && !this.loaded) this.unavailable = true;   // this server has no messages yet
      else this.error = e;
    } finally { this.busy = false; }
    this.render();
    if (this.again) { this.again = false; this.refresh(); }
  }

  /** Keeps the newest version of each message, newest first. */
  merge(list) {
    const byID = new Map(this.items.map((m) => [m.id, m]));
    for (const m of list) {
      const old = byID.get(m.id);
      if (!old || (m.version ?? 0) >= (old.version ?? 0)) byID.set(m.id, m);
    }
    this.items = [...byID.values()].sort((a, b) => Date.parse(b.sentAt) - Date.parse(a.sentAt)).slice(0, 200);
  }

  async ack(id, state) {
    const k = `${id}:${state}`;
    if (this.acking.has(k)) return;
    this.acking.add(k);
    try {
      const m = await api('POST', `/v1/messages/${encodeURIComponent(id)}/ack`, { state }, { idempotencyKey: `ack-${k}` });
      if (m && m.id) this.merge([m]);
      else { const local = this.items.find((x) => x.id === id); if (local) local[state === 'read' ? 'readAt' : 'deliveredAt'] = new Date().toISOString(); }
      this.render();
    } catch (e) {
      if (state === 'read') this.toast(t('field.err', { m: e.message }));
      this.acking.delete(k);   // try again on the next refresh
      return;
    }
    // a delivered ack is needed once; a read ack may be retried only after a failure
  }

  markRead(id) {
    const m = this.items.find((x) => x.id === id);
    if (!m || m.readAt) return;
    this.ack(id, 'read');
  }
  readAll() { for (const m of this.unread) this.ack(m.id, 'read'); }

  render() {
    const n = this.unread.length;
    this.badgeEl.hidden = n === 0;
    this.badgeEl.textContent = n > 99 ? '99+' : String(n);
    const newest = this.unread[0];
    this.flashEl.hidden = !newest;
    if (newest) { this.flashEl.dataset.id = newest.id; this.flashEl.textContent = t('field.msgNew', { m: newest.text }); }
    if (this.unavailable) { this.listEl.innerHTML = `<p class="empty">${t('field.msgUnavailable')}</p>`; return; }
    const err = this.error ? `<p class="error">${esc(t('field.err', { m: this.error.message }))}</p>` : '';
    if (!this.items.length) { this.listEl.innerHTML = err + `<p class="empty">${t('field.msgEmpty')}</p>`; return; }
    this.listEl.innerHTML = err + this.items.map((m) => {
      const read = !!m.readAt;
      const state = read ? t('field.msgReadAt', { t: dateTime(m.readAt) }) : m.deliveredAt ? t('field.msgDelivered') : '';
      return `<article class="msg${read ? '' : ' unread'}" data-id="${esc(m.id)}" data-read="${read}">
        <div class="m-head"><span class="m-from">${esc(m.from?.name || '')}</span><time class="m-time">${esc(dateTime(m.sentAt))}</time></div>
        <div class="m-text">${esc(m.text)}</div>
        <div class="m-foot"><span class="m-state">${esc(state)}</span>${read ? '' : `<button class="small primary" data-act="read">${t('field.msgRead')}</button>`}</div>
      </article>`;
    }).join('');
  }
}
