// Finding places by name and naming a map point, for the new-incident form's address field and
// the map's search box:
// - `searchPlaces`: what a typed text may mean (`GET /v1/map/places`: landmarks, addresses,
//   streets, crossings, stations and posts), ranked by the server near the map's centre and named
//   in the language shown;
// - `showPlaces`: the list under a field, each place with its kind's icon and label;
// - `addressAt`: the address nearest a map point (`GET /v1/map/address`), null where there is none
//   (address-watch.js names units' positions with it);
// - `fillAddressFromMap`: a map click in the new-incident form fills its address field with that
//   address, unless the dispatcher typed their own words there (then it is offered under them).
import { api } from './api.js';
import { t, getLang } from './i18n.js';
import { esc } from './dom.js';

const ICON = {
  landmark: '★', address: '⌂', street: '═', intersection: '✚',
  station: '⛨', streetPost: '◆', safetyPost: '◆', checkpoint: '▣', camera: '◉', keyPlace: '★',
};

export const langParam = () => (getLang() === 'en' ? 'en' : 'zh');

/** Up to a handful of places `q` may mean, best first, near `near` ({lat, lon}) when given. */
export async function searchPlaces(q, near) {
  let path = `/v1/map/places?q=${encodeURIComponent(q.trim().slice(0, 100))}&lang=${langParam()}`;
  if (near && Number.isFinite(near.lat) && Number.isFinite(near.lon)) path += `&lat=${near.lat.toFixed(5)}&lon=${near.lon.toFixed(5)}`;
  return (await api('GET', path)) || [];
}

/** The kind of a place in words ("路口", "Landmark"…). */
export const kindLabel = (kind) => t(ICON[kind] ? `place.${kind}` : 'place.other');

/** Lists `found` in `box` as buttons (`.place[data-kind]`: icon, kind, name); a click hands the
 *  place to `onChoose`. An empty list empties the box; with `none`, says so. */
export function showPlaces(box, found, onChoose, { none = false } = {}) {
  const offer = box.querySelector('.from-map');   // the address of a map click stays offered (fillAddressFromMap)
  box.innerHTML = found.length
    ? found.map((p, k) => `<button type="button" class="place" data-k="${k}" data-kind="${esc(p.kind)}" role="option">
        <span class="kind"><i aria-hidden="true">${ICON[p.kind] || '•'}</i>${esc(kindLabel(p.kind))}</span> ${esc(p.name)}</button>`).join('')
    : none ? `<div class="place-none">${esc(t('map.searchNone'))}</div>` : '';
  for (const b of box.querySelectorAll('.place')) b.onclick = () => onChoose(found[Number(b.dataset.k)]);
  if (offer) box.prepend(offer);
}

/** The address nearest `ll` ({name, kind, location, distanceMetres}), or null. With `strict`,
 *  no answer at all (offline, 429, a server error other than 503 "no map") throws instead. */
export async function addressAt(ll, { strict = false } = {}) {
  try {
    return await api('GET', `/v1/map/address?lat=${ll.lat.toFixed(6)}&lon=${ll.lon.toFixed(6)}&lang=${langParam()}`);
  } catch (e) {
    if (strict && (e.status === 0 || e.status === 429 || (e.status >= 500 && e.status !== 503))) throw e;
    return null;   // 404 no_address: nothing named near; 404/503 on a server without a map
  }
}

/** An address found at a map point in words: a house number or a crossing as it is, a street
 *  (the nearest point on it, up to 200 m off) as "near" it. */
export const addressText = (a) => (a.kind === 'street' ? t('incident.nearStreet', { s: a.name }) : a.name);

/** A map click at `ll` while `card` creates an incident: its address field gets the address
 *  there when it is empty or still holds the one filled before; what the dispatcher typed is
 *  kept, and the address found is offered under it instead. The field stays editable. */
export async function fillAddressFromMap(card, ll) {
  const d = card.draft, seq = (card.addressSeq = (card.addressSeq || 0) + 1);
  const a = await addressAt(ll);
  if (!a?.name || seq !== card.addressSeq || card.mode !== 'create' || card.draft !== d) return;
  const input = card.el.querySelector('#n-address'), box = card.el.querySelector('#n-places');
  if (!input) return;
  const text = addressText(a);
  const fill = () => {
    input.value = d.address = text;
    d.addressFilled = text;
    input.removeAttribute('aria-invalid');
    if (box) box.innerHTML = '';
  };
  if (!d.address.trim() || d.address === d.addressFilled) { fill(); return; }
  if (!box) return;
  box.innerHTML = `<button type="button" class="place from-map" data-kind="${esc(a.kind)}" role="option">
    <span class="kind"><i aria-hidden="true">${ICON[a.kind] || '⌖'}</i>${esc(t('incident.mapAddress'))}</span> ${esc(text)}</button>`;
  box.querySelector('.place').onclick = fill;
}
