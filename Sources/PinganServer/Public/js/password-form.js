// Changing one's own password (POST /v1/auth/password), on the console and the field page. Forced
// when the sign-in says `mustChangePassword` (imported accounts, a password an administrator set)
// or a request answers `password_change_required`: then the form comes before anything else and
// has no way round it but signing out. Otherwise it opens from the user menu and can be cancelled.
// After the change the session is renewed by signing in with the new password, when the
// username is known.
import { api, setToken } from './api.js';
import { t } from './i18n.js';
import { esc } from './dom.js';

const MIN_LENGTH = 10;

/**
 * Shows the form; resolves true once the password was changed, false when cancelled.
 * `current`: the password just typed at sign-in (then not asked again); `username`: for renewing
 * the session afterwards.
 */
export function changePassword({ forced = false, username = '', current = '' } = {}) {
  document.getElementById('pw-change')?.remove();
  const box = document.createElement('section');
  box.id = 'pw-change';
  box.className = `login pw-change${forced ? ' forced' : ''}`;
  box.setAttribute('role', 'dialog');
  box.setAttribute('aria-modal', 'true');
  const input = (id, label, ac) => `<label><span>${esc(label)}</span><input id="${id}" type="password" autocomplete="${ac}" required></label>`;
  box.innerHTML = `<form id="pw-form" class="login-box" novalidate>
      <h1>${esc(t(forced ? 'pw.forcedTitle' : 'pw.title'))}</h1>
      <p class="pw-why">${esc(t(forced ? 'pw.forcedWhy' : 'pw.why', { n: MIN_LENGTH }))}</p>
      ${username ? `<input type="text" name="username" autocomplete="username" value="${esc(username)}" hidden>` : ''}
      ${current ? '' : input('pw-current', t('pw.current'), 'current-password')}
      ${input('pw-new', t('pw.new'), 'new-password')}
      ${input('pw-again', t('pw.again'), 'new-password')}
      <p id="pw-error" class="error" role="alert"></p>
      <button id="pw-submit" type="submit" class="primary big">${esc(t('pw.submit'))}</button>
      <div class="login-foot"><button type="button" id="pw-cancel" class="link">${esc(t(forced ? 'login.logout' : 'pw.cancel'))}</button></div>
    </form>`;
  document.body.appendChild(box);
  const $ = (id) => box.querySelector(`#${id}`);
  ($('pw-current') || $('pw-new')).focus();

  return new Promise((resolve) => {
    const done = (ok) => { box.remove(); document.removeEventListener('keydown', onKey, true); resolve(ok); };
    const onKey = (e) => { if (e.key === 'Escape' && !forced) { e.preventDefault(); e.stopPropagation(); done(false); } };
    document.addEventListener('keydown', onKey, true);
    box.addEventListener('input', (e) => e.target.classList.remove('invalid'));
    $('pw-cancel').onclick = async () => {
      if (!forced) { done(false); return; }
      try { await api('POST', '/v1/auth/logout', undefined, { keepSession: true }); } catch { /* gone anyway */ }
      setToken(null);
      done(false);
    };
    $('pw-form').addEventListener('submit', async (e) => {
      e.preventDefault();
      const err = $('pw-error');
      const cur = current || $('pw-current').value, next = $('pw-new').value, again = $('pw-again').value;
      const fail = (key, params, at) => { err.textContent = t(key, params); for (const i of box.querySelectorAll('input')) i.classList.toggle('invalid', i === at); at?.focus(); };
      if (!cur) return fail('pw.needCurrent', null, $('pw-current'));
      if ([...next].length < MIN_LENGTH) return fail('pw.short', { n: MIN_LENGTH }, $('pw-new'));
      if (next !== again) return fail('pw.mismatch', null, $('pw-again'));
      if (next === cur) return fail('pw.same', null, $('pw-new'));
      err.textContent = '';
      $('pw-submit').disabled = true;
      try {
        await api('POST', '/v1/auth/password', { currentPassword: cur, newPassword: next }, { keepSession: true });
      } catch (ex) {
        $('pw-submit').disabled = false;
        if (ex.status === 401 || ex.code === 'invalid_credentials' || ex.code === 'wrong_password' || (ex.field === 'currentPassword'))
          return fail('pw.wrongCurrent', null, $('pw-current'));
        if (ex.status === 429) return fail('login.tooMany');
        return fail('pw.failed', { m: ex.message }, ex.field === 'newPassword' ? $('pw-new') : null);
      }
      // a fresh session with the new password (the server may have ended the old one)
      if (username) {
        try { setToken((await api('POST', '/v1/auth/login', { username, password: next })).token); } catch { /* keep the one we have */ }
      }
      done(true);
    });
  });
}
