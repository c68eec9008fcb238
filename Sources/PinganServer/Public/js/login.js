// The sign-in form both pages share (console and field page): one request, the token kept for
// the tab, and the reason for a refusal shown in the form rather than a generic failure.
import { api, setToken } from './api.js';
import { t } from './i18n.js';
import * as sound from './sound.js';
import { $ } from './dom.js';

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
      const reply = await api('POST', '/v1/auth/login', { username: $('login-user').value.trim(), password: $('login-pass').value });
      setToken(reply.token);
      $('login-pass').value = '';
      await start();
    } catch (err) {
      $('login-error').textContent = err.status === 429 ? t('login.tooMany') : err.status === 401 ? t('login.failed') : describe(err);
    } finally { $('login-submit').disabled = false; }
  });
}
