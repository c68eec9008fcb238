// The entities the administration edits: where the API keeps each kind (GET and PATCH
// `{path}/{id}`) and where the console keeps its copy, the fields its form edits, the facts it
// only shows, how it is taken out of service and back, and how a fresh copy goes back into the
// console's state.
import { state, isActive, upsertOrg, upsertUnit, upsertUser, upsertSensor } from '../state.js';
import { t } from '../i18n.js';
import { unitKinds, roles } from '../rules.js';
import { orgName, treeOrder } from './org.js';

/** Jurisdictions as `<select>` options, in tree order, indented by depth. */
const jurisdictionOptions = () => treeOrder().map(({ j, depth }) => [j.id, `${'\u00a0\u00a0'.repeat(depth)}${orgName(j)}`]);

/** The words of the in-service switch: units, zones and jurisdictions are deactivated, accounts disabled. */
const ACTIVE = { inService: isActive, set: (on) => ({ active: on }), words: 'active' };

export const KINDS = {
  jurisdiction: {
    path: '/v1/jurisdictions',
    get: (id) => state.jurisdictions.get(id),
    title: (j) => orgName(j),
    fields: [{ key: 'name', required: true }, { key: 'nameEn' }, { key: 'code', required: true }],
    facts: (j) => [['admin.level', t(`level.${j.level}`)], ['admin.parent', orgName(state.jurisdictions.get(j.parentID)) || '—']],
    service: ACTIVE,
    store: (j) => upsertOrg('jurisdiction', j),
  },
  zone: {
    path: '/v1/zones',
    get: (id) => state.zones.get(id),
    title: (z) => z.name,
    fields: [{ key: 'name', required: true }],
    facts: (z) => [['admin.station', orgName(state.jurisdictions.get(z.stationID)) || z.stationID],
      ['admin.vertices', String(z.boundary?.length ?? 0)], ['admin.zoneUnits', String(z.unitIDs?.length ?? 0)]],
    service: ACTIVE,
    store: (z) => upsertOrg('zone', z),
  },
  post: {
    path: '/v1/posts',
    get: (id) => state.posts.get(id),
    title: (p) => p.name,
    fields: [{ key: 'name', required: true },
      { key: 'kind', options: () => ['streetPost', 'safetyPost', 'checkpoint', 'camera', 'keyPlace'].map((k) => [k, t(`place.${k}`)]) }],
    facts: (p) => [['admin.station', orgName(state.jurisdictions.get(p.stationID)) || p.stationID]],
    service: ACTIVE,
    store: (p) => upsertOrg('post', p),
  },
  unit: {
    path: '/v1/units',
    get: (id) => state.units.get(id),
    title: (u) => u.callsign,
    fields: [{ key: 'callsign', required: true }, { key: 'kind', options: () => unitKinds().map((k) => [k, t(`unitKind.${k}`)]) },
      { key: 'crew', type: 'number', min: 0, max: 99 }],
    facts: (u) => [['admin.station', orgName(state.jurisdictions.get(u.stationID)) || u.stationID], ['admin.status', t(`unitStatus.${u.status}`)]],
    service: ACTIVE,
    store: upsertUnit,
  },
  sensor: {
    path: '/v1/sensors',
    get: (id) => state.sensors.get(id),
    title: (s) => s.name,
    fields: [{ key: 'name', required: true }, { key: 'defaultProvince' }],
    facts: (s) => [['admin.f.kind', t(`sensorKind.${s.kind}`)], ['admin.station', orgName(state.jurisdictions.get(s.jurisdictionID)) || s.jurisdictionID],
      ['admin.status', t(`sensorStatus.${s.status}`)], ['admin.location', s.location ? `${s.location.lat.toFixed(5)}, ${s.location.lon.toFixed(5)}` : '—']],
    service: ACTIVE,
    store: upsertSensor,
  },
  user: {
    path: '/v1/users',
    get: (id) => state.users.get(id),
    title: (u) => u.displayName || u.username,
    fields: [{ key: 'displayName', required: true }, { key: 'role', options: () => roles().map((r) => [r, t(`role.${r}`)]) },
      { key: 'jurisdictionID', options: jurisdictionOptions }],
    facts: (u) => [['admin.username', u.username], ['admin.unit', u.unitID ? state.units.get(u.unitID)?.callsign || u.unitID : '—']],
    service: { inService: (u) => !u.disabled, set: (on) => ({ disabled: !on }), words: 'account' },
    store: upsertUser,
  },
};
