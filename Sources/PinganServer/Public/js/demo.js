// Simulated demo mode: when /healthz says `"demo": true`, a banner says so on every page, and
// the console gets an auto-dispatch switch (GET/PUT /v1/demo; 404 when not in demo mode).
import { api } from './api.js';
import { t } from './i18n.js';

/** Shows the banner when `health.demo` is true; wires the switch when given. Returns demo mode. */
export async function setupDemo({ health, banner, switchBox = null, toggle = null, toast = () => {} }) {
  const on = health?.demo === true;
  banner.hidden = !on;
  if (!switchBox || !toggle) return on;
  switchBox.hidden = true;
  if (!on) return on;
  try {
    const d = await api('GET', '/v1/demo');
    toggle.checked = !!d?.autoDispatch;
    switchBox.hidden = false;
  } catch { switchBox.hidden = true; return on; }   // not in demo mode after all, or not allowed
  toggle.onchange = async () => {
    const want = toggle.checked;
    toggle.disabled = true;
    try {
      const d = await api('PUT', '/v1/demo', { autoDispatch: want });
      toggle.checked = typeof d?.autoDispatch === 'boolean' ? d.autoDispatch : want;
      toast(t(toggle.checked ? 'demo.autoDispatchOn' : 'demo.autoDispatchOff'));
    } catch (e) {
      toggle.checked = !want;
      toast(t('error.generic', { m: e.status === 403 ? t('error.forbidden') : e.message }));
    } finally { toggle.disabled = false; }
  };
  return on;
}
