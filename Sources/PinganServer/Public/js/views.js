// The console's pages: dispatch (queue, map and card), the administration, the audit log and the
// others; a group of pages shares one top-bar button and a bar of its own (`groupBar`).
// One shows at a time; the console's `data-view` decides what CSS shows, the URL's hash keeps
// the page across a reload, and a page's buttons in the top bar follow the role (`data-perm`).
import { $, esc } from './dom.js';
import { t } from './i18n.js';

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
  for (const b of document.querySelectorAll('.view-tab')) b.classList.toggle('active', b.dataset.view === next || (b.dataset.group || '').split(' ').includes(next));
  history.replaceState(null, '', next === 'dispatch' ? location.pathname + location.search : `#${next}`);
  pages.get(next)?.show?.();
}

/** Makes the top bar's page buttons switch pages. */
export function bindViewTabs() {
  for (const b of document.querySelectorAll('.view-tab')) b.addEventListener('click', () => showView(b.dataset.view));
}
/** The page the URL names (after a reload), else dispatch. */
export const viewFromURL = () => location.hash.slice(1) || 'dispatch';

/** The sub-pages of a top-bar group (`data-group`: the grass-roots registries, disputes and
 *  anti-fraud warnings share one button), as a bar of buttons for those the role has, the one
 *  open marked; the pages put it at their top. */
export function groupBar(current) {
  const group = document.querySelector(`.view-tab[data-group~="${current}"]`);
  if (!group) return '';
  const names = group.dataset.group.split(' ').filter((n) => !document.querySelector(`.view-tab[data-view="${n}"]`)?.hidden);
  if (names.length < 2) return '';
  return `<nav class="sub-views">${names.map((n) =>
    `<button type="button" class="sub-view${n === current ? ' active' : ''}" data-view="${n}">${esc(t(`view.${n}`))}</button>`).join('')}</nav>`;
}

document.addEventListener('click', (e) => {
  const b = e.target.closest('.sub-view');
  if (b) showView(b.dataset.view);
});
