// The sign-in form both pages share (console and field page): one request, the token kept for
// the tab, and the reason for a refusal shown in the form rather than a generic failure. A sign-in
// that must change its password gets that form (password-form.js) before the page starts.
import { api, setToken } from './api.js';
import { t } from './i18n.js';
import * as sound from './sound.js';
import { $ } from './dom.js';
import { changePassword } from './password-form.js';

/**
 * Wires `#login-form`. `start` runs after a successful sign-in; `describe(error)` words errors
 * other than "wrong password" and "too many tries".
 */
export function bindLoginForm({ start, describe }) {
  $('login-form').addEventListener('submit', async (e) => {
    e.preventDefault();
    sound.unlock();   // a user gesture: browsers only let audio start after one
    $('login-error').textContent = '';
    $('login-submit').disabled = true;
    try {
      const username = $('login-user').value.trim(), password = $('login-pass').value;
      const reply = await api('POST', '/v1/auth/login', { username, password });
      setToken(reply.token);
      $('login-pass').value = '';
      // an imported account or a password an administrator set: the user's own one first
      if (reply.mustChangePassword) {
        $('login').hidden = true;
        const changed = await changePassword({ forced: true, username, current: password });
        $('login').hidden = false;
        if (!changed) return;
      }
      await start();
    } catch (err) {
      $('login-error').textContent = err.status === 429 ? t('login.tooMany') : err.status === 401 ? t('login.failed') : describe(err);
    } finally { $('login-submit').disabled = false; }
  });
}
