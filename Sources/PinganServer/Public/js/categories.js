// The incident categories beyond /v1/meta's standard catalogue: those a new incident in the
// signed-in user's jurisdiction may take (GET /v1/categories: the standard ones and the local
// ones set above it, not retired), and the names of local categories the incidents on screen
// carry, wherever they were set (the policies of the jurisdictions the console holds).
import { api } from './api.js';
import { categories as standard } from './rules.js';
import { state, emit } from './state.js';
import { getLang } from './i18n.js';

let offered = null;

/** Fetches what a new incident may take, again each time (a policy may have changed); the views
 *  listening to `categories` redraw. */
export async function loadOffered() {
  offered = await api('GET', '/v1/categories');
  emit('categories');
  return offered;
}

/** What a new incident may take here; the standard catalogue until the list arrived. */
export const offeredCategories = () => offered || standard();

/** The category `code`: standard, offered here, or set by a jurisdiction on `path` (the incident's,
 *  nearest first) or elsewhere in view. Undefined for one the console does not know. */
export function categoryOf(code, path = '') {
  const found = standard().find((c) => c.code === code) || offered?.find((c) => c.code === code);
  if (found) return found;
  const near = path.split('/').filter(Boolean).reverse().map((id) => state.jurisdictions.get(id)).filter(Boolean);
  for (const j of [...near, ...state.jurisdictions.values()]) {
    const c = j.policy?.categories?.find((x) => x.code === code);
    if (c) return c;
  }
  return undefined;
}

/** A category's name in the current language (the code for one the console does not know). */
export function categoryName(code, path) {
  const c = categoryOf(code, path);
  return (c && (getLang() === 'en' ? c.nameEn : c.nameZh)) || code;
}

/** Every category the console knows of, each once: standard, offered, then local ones set
 *  elsewhere in view (the queue's filter). */
export function knownCategories() {
  const out = new Map();
  for (const c of [...standard(), ...(offered || [])]) if (!out.has(c.code)) out.set(c.code, c);
  for (const j of state.jurisdictions.values()) for (const c of j.policy?.categories || []) if (!out.has(c.code)) out.set(c.code, c);
  return [...out.values()];
}
