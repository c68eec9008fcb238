// The user menu under the signed-in name in the top bar (`#me`): changing one's own password for
// everyone, and what else the console adds (the guided setup for administrators). A click on the
// name opens it; a click elsewhere or Esc closes it.
import { t, onLangChange } from './i18n.js';
import { esc } from './dom.js';

/** `items()`: [{id, label (a dictionary key), run()}] for the signed-in user, asked at each opening. */
export function installUserMenu(me, items) {
  me.classList.add('me-menu');
  me.setAttribute('role', 'button');
  me.setAttribute('tabindex', '0');
  me.setAttribute('aria-haspopup', 'menu');
  me.setAttribute('aria-expanded', 'false');
  const menu = document.createElement('div');
  menu.id = 'user-menu'; menu.className = 'user-menu'; menu.hidden = true;
  menu.setAttribute('role', 'menu');
  me.after(menu);

  let shown = [];
  const close = () => { menu.hidden = true; me.setAttribute('aria-expanded', 'false'); };
  const open = () => {
    shown = items();
    menu.innerHTML = shown.map((x) => `<button type="button" role="menuitem" data-item="${esc(x.id)}" id="menu-${esc(x.id)}">${esc(t(x.label))}</button>`).join('');
    const r = me.getBoundingClientRect();
    menu.style.top = `${r.bottom + 4}px`;
    menu.style.right = `${Math.max(4, document.documentElement.clientWidth - r.right)}px`;
    menu.hidden = false; me.setAttribute('aria-expanded', 'true');
    menu.querySelector('button')?.focus();
  };
  const toggle = () => (menu.hidden ? open() : close());
  me.addEventListener('click', toggle);
  me.addEventListener('keydown', (e) => { if (e.key === 'Enter' || e.key === ' ' || e.key === 'ArrowDown') { e.preventDefault(); open(); } });
  menu.addEventListener('click', (e) => {
    const b = e.target.closest('[data-item]');
    if (!b) return;
    close();
    shown.find((x) => x.id === b.dataset.item)?.run();
  });
  menu.addEventListener('keydown', (e) => {
    if (e.key === 'Escape') { e.preventDefault(); e.stopPropagation(); close(); me.focus(); return; }
    if (e.key !== 'ArrowDown' && e.key !== 'ArrowUp') return;
    e.preventDefault();
    const list = [...menu.querySelectorAll('button')], k = list.indexOf(document.activeElement);
    list[(k + (e.key === 'ArrowDown' ? 1 : list.length - 1)) % list.length]?.focus();
  });
  document.addEventListener('pointerdown', (e) => { if (!menu.hidden && !menu.contains(e.target) && !me.contains(e.target)) close(); });
  onLangChange(close);
  return { close };
}
