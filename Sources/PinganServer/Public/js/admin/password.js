// Setting a new password for an account from the administration (POST /v1/users/{id}/password):
// the administrator types it once, at least MIN_LENGTH characters, and tells the user.
import { api } from '../api.js';
import { t } from '../i18n.js';

const MIN_LENGTH = 10;

export const passwordTool = {
  html() {
    return `<div class="adm-extra" id="adm-password-box"><h4>${t('admin.password')}</h4>
      <div class="actions"><input type="password" id="adm-password" autocomplete="new-password" minlength="${MIN_LENGTH}"
        placeholder="${t('admin.passwordHint', { n: MIN_LENGTH })}" aria-label="${t('admin.password')}">
        <button type="button" id="adm-password-set">${t('admin.passwordSet')}</button></div></div>`;
  },
  bind(root, user, editor) {
    const input = root.querySelector('#adm-password');
    const set = async () => {
      const password = input.value;
      if ([...password].length < MIN_LENGTH) { editor.showError(t('admin.passwordShort', { n: MIN_LENGTH })); input.focus(); return; }
      editor.setBusy(true);
      try {
        await api('POST', `/v1/users/${encodeURIComponent(user.id)}/password`, { password });
        input.value = '';
        editor.flash(t('admin.passwordDone', { u: user.username }));
      } catch (e) {
        editor.showError(e.message, e.field);
      } finally { editor.setBusy(false); }
    };
    root.querySelector('#adm-password-set').onclick = set;
    input.addEventListener('keydown', (e) => { if (e.key === 'Enter') { e.preventDefault(); set(); } });
  },
};
