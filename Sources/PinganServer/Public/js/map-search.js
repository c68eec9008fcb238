// The map's search box: a landmark, an address, a street or a crossing by name (near the map's
// centre first, in the language shown); picking one (click, or Enter for the first) flies there
// and marks it on the map until the box is cleared.
import { searchPlaces, showPlaces } from './place-search.js';
import { onLangChange } from './i18n.js';

export function bindMapSearch(input, box, map) {
  let timer = 0, found = [], asked = '';
  const clear = () => { found = []; box.innerHTML = ''; box.hidden = true; };
  const choose = (p) => {
    if (!p) return;
    input.value = p.name;
    clear();
    map.setFound({ lat: p.location.lat, lon: p.location.lon, name: p.name, kind: p.kind });
    map.flyTo(p.location.lat, p.location.lon, Math.max(map.zoom, 17));
  };
  const search = async () => {
    const q = input.value.trim();
    if ([...q].length < 2) { clear(); if (!q) map.setFound(null); return; }
    asked = q;
    let list = [];
    try { list = await searchPlaces(q, map.toLatLon(map.w / 2, map.h / 2)); } catch { list = []; }
    if (input.value.trim() !== q || asked !== q) return;   // typed on meanwhile
    found = list;
    showPlaces(box, found, choose, { none: true });
    box.hidden = false;
  };
  input.addEventListener('input', () => { clearTimeout(timer); timer = setTimeout(search, 300); });
  input.addEventListener('keydown', (e) => {
    if (e.key === 'Enter') { e.preventDefault(); clearTimeout(timer); if (found.length) choose(found[0]); else search(); }
    else if (e.key === 'Escape') { clear(); }
  });
  input.addEventListener('search', () => { if (!input.value) { clear(); map.setFound(null); } });   // the field's ✕
  onLangChange(() => { if (!box.hidden) search(); });
  clear();
}
