// The DOM helpers every page shares: an element by ID, HTML escaping, and the toast line.

export const $ = (id) => document.getElementById(id);

/** Text made safe to put inside HTML (element content or a quoted attribute). */
export function esc(s) {
  return String(s ?? '').replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }[c]));
}

/** Shows `msg` in the page's `#toast` for `ms` milliseconds. */
export function toast(msg, ms = 3000) {
  const el = $('toast'); el.textContent = msg; el.hidden = false;
  clearTimeout(toast.timer); toast.timer = setTimeout(() => { el.hidden = true; }, ms);
}

/** Offers `blob` to the user as a file called `name` (a download). */
export function saveFile(blob, name) {
  const a = document.createElement('a');
  a.href = URL.createObjectURL(blob); a.download = name;
  document.body.appendChild(a); a.click(); a.remove();
  setTimeout(() => URL.revokeObjectURL(a.href), 10_000);
}
