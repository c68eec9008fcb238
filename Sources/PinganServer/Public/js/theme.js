// Day and night themes, shared by the console and the field page: one setting (`pingan.theme`),
// applied before first paint by each page's inline script and toggled here.

export const isDark = () => document.documentElement.dataset.theme === 'dark';

export function setTheme(dark) {
  if (dark) document.documentElement.dataset.theme = 'dark'; else delete document.documentElement.dataset.theme;
  localStorage.setItem('pingan.theme', dark ? 'dark' : 'light');
}

/** Makes every element of `buttons` switch the theme; `onChange` redraws what paints itself. */
export function bindThemeToggles(buttons, onChange = () => {}) {
  for (const b of buttons) b.addEventListener('click', () => { setTheme(!isDark()); onChange(); });
}
