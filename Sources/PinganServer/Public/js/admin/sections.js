// The administration's sections: what each lists (the organisation as a tree, the rest as
// tables), the kind of entity its rows are, the permission it needs, and what it loads first.
import { api } from '../api.js';
import { state, upsertUser, setSensors } from '../state.js';
import { t } from '../i18n.js';
import { esc } from '../dom.js';
import { KINDS } from './kinds.js';
import { orgName, treeOrder } from './org.js';

const station = (id) => esc(orgName(state.jurisdictions.get(id)) || id || '—');
const byName = (key) => (a, b) => String(a[key]).localeCompare(String(b[key]));

export const SECTIONS = [
  { id: 'org', kind: 'jurisdiction', perm: 'manageOrganisation', tree: true },
  { id: 'stations', kind: 'jurisdiction', perm: 'manageOrganisation',
    items: () => treeOrder().map(({ j }) => j).filter((j) => j.level === 'station'),
    columns: [['admin.f.name', (j) => esc(j.name)], ['admin.f.nameEn', (j) => esc(j.nameEn || '')], ['admin.f.code', (j) => `<code>${esc(j.code)}</code>`],
      ['admin.parent', (j) => esc(orgName(state.jurisdictions.get(j.parentID)))]] },
  { id: 'zones', kind: 'zone', perm: 'manageOrganisation',
    items: () => [...state.zones.values()].sort(byName('name')),
    columns: [['admin.f.name', (z) => esc(z.name)], ['admin.station', (z) => station(z.stationID)],
      ['admin.vertices', (z) => z.boundary?.length ?? 0], ['admin.zoneUnits', (z) => z.unitIDs?.length ?? 0]] },
  { id: 'posts', kind: 'post', perm: 'manageOrganisation',
    items: () => [...state.posts.values()].sort(byName('name')),
    columns: [['admin.f.name', (p) => esc(p.name)], ['admin.f.kind', (p) => esc(t(`place.${p.kind}`))], ['admin.station', (p) => station(p.stationID)]] },
  { id: 'units', kind: 'unit', perm: 'manageOrganisation',
    items: () => [...state.units.values()].filter((u) => !u._synthetic).sort(byName('callsign')),
    columns: [['admin.f.callsign', (u) => `<b>${esc(u.callsign)}</b>`], ['admin.f.kind', (u) => esc(t(`unitKind.${u.kind}`))], ['admin.f.crew', (u) => u.crew ?? ''],
      ['admin.station', (u) => station(u.stationID)], ['admin.status', (u) => esc(t(`unitStatus.${u.status}`))]] },
  { id: 'users', kind: 'user', perm: 'manageUsers',
    load: async () => { for (const u of await api('GET', '/v1/users')) upsertUser(u); },
    items: () => [...state.users.values()].sort(byName('username')),
    columns: [['admin.username', (u) => `<code>${esc(u.username)}</code>`], ['admin.f.displayName', (u) => esc(u.displayName)],
      ['admin.f.role', (u) => esc(t(`role.${u.role}`))], ['admin.f.jurisdictionID', (u) => station(u.jurisdictionID)]] },
  { id: 'sensors', kind: 'sensor', perm: 'manageSensors',
    load: async () => { setSensors((await api('GET', '/v1/sensors'))?.items || []); },
    items: () => [...state.sensors.values()].sort(byName('name')),
    columns: [['admin.f.name', (s) => esc(s.name)], ['admin.f.kind', (s) => esc(t(`sensorKind.${s.kind}`))], ['admin.station', (s) => station(s.jurisdictionID)],
      ['admin.status', (s) => `<span class="badge ${s.status === 'online' ? 'on' : 'off'}">${esc(t(`sensorStatus.${s.status}`))}</span>`]] },
  // files in and out (import.js), not a list of entities
  { id: 'import', perm: 'manageOrganisation', custom: true },
];

/** In service or not, as a badge. */
function badge(kind, e) {
  const s = KINDS[kind].service, on = s.inService(e);
  return `<span class="badge ${on ? 'on' : 'off'}">${t(`admin.${s.words}.${on ? 'on' : 'off'}`)}</span>`;
}

/** The section's list, `selectedID` highlighted. */
export function listHTML(section, selectedID) {
  const rowClass = (e) => `${e.id === selectedID ? 'sel' : ''}${KINDS[section.kind].service.inService(e) ? '' : ' off'}`;
  if (section.tree) {
    const nodes = treeOrder();
    if (!nodes.length) return `<p class="empty">${t('admin.none')}</p>`;
    return `<ul class="adm-tree" role="tree">${nodes.map(({ j, depth }) => `<li role="treeitem" data-id="${esc(j.id)}" data-level="${j.level}"
      class="${rowClass(j)}" style="--depth:${depth}"><span class="lvl">${t(`level.${j.level}`)}</span><span class="nm">${esc(j.name)}</span>${
      j.nameEn ? `<span class="en">${esc(j.nameEn)}</span>` : ''}<code>${esc(j.code)}</code>${badge('jurisdiction', j)}</li>`).join('')}</ul>`;
  }
  const items = section.items();
  if (!items.length) return `<p class="empty">${t('admin.none')}</p>`;
  return `<table class="adm-table"><thead><tr>${section.columns.map(([label]) => `<th>${t(label)}</th>`).join('')}<th>${t('admin.service')}</th></tr></thead>
    <tbody>${items.map((e) => `<tr data-id="${esc(e.id)}" class="${rowClass(e)}">${section.columns.map(([, cell]) => `<td>${cell(e)}</td>`).join('')}<td>${badge(section.kind, e)}</td></tr>`).join('')}</tbody></table>`;
}
