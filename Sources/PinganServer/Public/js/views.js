// The console's pages: dispatch (queue, map and card), the administration and the audit log.
// One shows at a time; the console's `data-view` decides what CSS shows, the URL's hash keeps
// the page across a reload, and a page's buttons in the top bar follow the role (`data-perm`).
import { $ } from './dom.js';

const pages = new Map();   // name → {show(), hide()}
let current = 'dispatch';

export const currentView = () => current;

/** Registers a page other than dispatch: `show` runs each time it opens, `hide` when it closes. */
export function registerView(name, page) { pages.set(name, page); }

/** Whether the signed-in role has the page (its top-bar button is not hidden). */
const allowed = (name) => name === 'dispatch' || (pages.has(name) && !document.querySelector(`.view-tab[data-view="${name}"]`)?.hidden);

export function showView(name) {
  const next = allowed(name) ? name : 'dispatch';
  if (next !== current) pages.get(current)?.hide?.();
  current = next;
  $('app').dataset.view = next;
  for (const b of document.querySelectorAll('.view-tab')) b.classList.toggle('active', b.dataset.view === next);
  history.replaceState(null, '', next === 'dispatch' ? location.pathname + location.search : `#${next}`);
  pages.get(next)?.show?.();
}

/** Makes the top bar's page buttons switch pages. */
export function bindViewTabs() {
  for (const b of document.querySelectorAll('.view-tab')) b.addEventListener('click', () => showView(b.dataset.view));
}
/** The page the URL names (after a reload), else dispatch. */
export const viewFromURL = () => location.hash.slice(1) || 'dispatch';
