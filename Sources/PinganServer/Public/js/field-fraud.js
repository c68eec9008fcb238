// Anti-fraud warnings on the field page (反诈劝阻): the community officer's station's warnings not
// yet settled, the earliest deadline first (GET /v1/fraud-warnings?status=pending,contacted,unreachable);
// one opened shows the person in full, with the phone to dial (GET /v1/fraud-warnings/{id},
// audited), and the follow-ups the warning may take next (POST …/follow-up), recorded at the door
// or on the phone.
import { api, newKey } from './api.js';
import { t } from './i18n.js';
import { esc } from './dom.js';
import { fraudFollowUps } from './rules.js';
import { dateTime } from './time-text.js';

export class FraudFollowUp {
  constructor({ root, toast = () => {} }) {
    this.root = root; this.toast = toast; this.items = []; this.warning = null; this.error = null;
    root.addEventListener('click', (e) => this.click(e));
    root.addEventListener('submit', (e) => { e.preventDefault(); this.submit(e.target, e.submitter); });
  }

  async load() {
    try {
      this.items = (await api('GET', '/v1/fraud-warnings?status=pending,contacted,unreachable&limit=100')).items || [];
      this.error = null;
    } catch (e) { this.error = e.message; }
    this.render();
  }

  render() {
    const w = this.warning;
    if (w) {
      const next = fraudFollowUps(w.status);
      this.root.innerHTML = `<button type="button" id="fw-back" class="small">${esc(t('field.reg.back'))}</button>
        <h2 id="fw-person">${esc(w.victimName)}</h2>
        <p><a class="call" id="fw-call" href="tel:${esc(w.phone)}">${esc(t('field.fw.call', { p: w.phone }))}</a></p>
        <p><span class="fw-chip" id="fw-state">${esc(t(`fw.status.${w.status}`))}</span> ${esc(t('fw.due', { t: dateTime(w.deadline) }))}</p>
        <p>${esc(w.reason)} · ${esc(`¥${Number(w.amountAtRisk).toLocaleString('en')}`)}</p><p>${esc(w.address)}</p>
        ${next.length ? `<form id="fw-field-follow"><textarea name="note" rows="2" maxlength="500" placeholder="${esc(t('fw.note'))}"></textarea>
          ${next.includes('lossPrevented') ? `<input name="amountPrevented" type="number" min="1" inputmode="numeric" placeholder="${esc(t('fw.amountPrevented'))}">` : ''}
          <p class="error" role="alert" id="fw-field-error"></p>
          <div class="fw-buttons">${next.map((s) => `<button type="submit" class="${s === 'dissuaded' ? 'primary' : ''}" data-to="${s}">${esc(t(`fw.to.${s}`))}</button>`).join('')}</div></form>` : ''}`;
      return;
    }
    const now = Date.now();
    this.root.innerHTML = `<h2>${esc(t('field.fw.title'))}</h2>${this.error ? `<p class="error">${esc(this.error)}</p>` : ''}
      ${this.items.length ? `<ul class="fw-list" id="fw-field-list">${this.items.map((x) => `<li data-warning="${esc(x.id)}" class="${x.status === 'pending' && Date.parse(x.deadline) < now ? 'late' : ''}">
        <b>${esc(x.victimName)}</b> · ${esc(x.reason)}<br><small>${esc(t(`fw.status.${x.status}`))} · ${esc(t('fw.due', { t: dateTime(x.deadline) }))}</small></li>`).join('')}</ul>`
        : `<p class="muted" id="fw-field-none">${esc(t('fw.empty'))}</p>`}`;
  }

  async click(e) {
    if (e.target.closest('#fw-back')) { this.warning = null; this.load(); return; }
    const li = e.target.closest('li[data-warning]');
    if (!li) return;
    try { this.warning = await api('GET', `/v1/fraud-warnings/${encodeURIComponent(li.dataset.warning)}?reason=${encodeURIComponent(t('fw.readReason'))}`); }
    catch (err) { this.error = err.message; }
    this.render();
  }

  async submit(form, submitter) {
    const to = submitter?.dataset?.to;
    if (!to || !this.warning) return;
    const body = { status: to, version: this.warning.version };
    const note = form.elements.note?.value.trim(), amount = form.elements.amountPrevented?.value;
    if (note) body.note = note;
    if (to === 'lossPrevented' && amount) body.amountPrevented = Number(amount);
    try {
      this.warning = await api('POST', `/v1/fraud-warnings/${encodeURIComponent(this.warning.id)}/follow-up`, body, { idempotencyKey: newKey() });
      this.warning = await api('GET', `/v1/fraud-warnings/${encodeURIComponent(this.warning.id)}?reason=${encodeURIComponent(t('fw.readReason'))}`);
      this.toast(t('field.fw.saved', { s: t(`fw.status.${to}`) }));
      this.render();
    } catch (err) {
      const el = form.querySelector('#fw-field-error');
      if (el) el.textContent = err.message;
    }
  }
}
