// The organisation as a tree (city → district → station → community, by parentID): names in the
// current language and a depth-first walk, siblings in code order.
import { state } from '../state.js';
import { getLang } from '../i18n.js';

/** A jurisdiction's name in the current language ('' for none). */
export const orgName = (j) => (j ? (getLang() === 'en' && j.nameEn) || j.name : '');

/** Every jurisdiction in tree order as `{j, depth}`; those whose parent is out of scope are roots. */
export function treeOrder() {
  const children = new Map();
  const roots = [];
  for (const j of state.jurisdictions.values()) {
    if (j.parentID && state.jurisdictions.has(j.parentID)) {
      if (!children.has(j.parentID)) children.set(j.parentID, []);
      children.get(j.parentID).push(j);
    } else roots.push(j);
  }
  const byCode = (a, b) => a.code.localeCompare(b.code) || a.name.localeCompare(b.name);
  const out = [];
  const visit = (j, depth) => {
    out.push({ j, depth });
    for (const c of (children.get(j.id) || []).sort(byCode)) visit(c, depth + 1);
  };
  for (const r of roots.sort(byCode)) visit(r, 0);
  return out;
}
