// The browser tests' handle on the console (`window.__pingan`): its state, timing marks, views
// and the dictionary keys it missed, and with `?e2e=1` a synthetic load (units and incidents that
// never went through the server) for the frame-rate measurement. Nothing of the console depends on it.
import { state, addSynthetic } from './state.js';
import { categories, unitStatuses } from './rules.js';
import * as sound from './sound.js';
import { missingKeys } from './i18n.js';

export function installTestHook({ marks, map, queue, track, messages, admin, audit, alerts, alertCard, watchlists }) {
  window.__pingan = {
    state, marks,
    get map() { return map(); }, get queue() { return queue(); }, get track() { return track(); }, get messages() { return messages(); },
    get admin() { return admin(); }, get audit() { return audit(); },
    get alerts() { return alerts(); }, get alertCard() { return alertCard(); }, get watchlists() { return watchlists(); },
    get beeps() { return sound.beeps; },
    /** Dictionary keys looked up but missing in the language shown then (`lang:key`). */
    get missingKeys() { return missingKeys(); },
  };
  if (!new URLSearchParams(location.search).has('e2e')) return;
  /** Adds `nUnits` units and `nIncidents` incidents around (lat, lon) without the server. */
  window.__pingan.injectSynthetic = (nUnits, nIncidents, lat = 31.23, lon = 121.47, spread = 0.25) => {
    let seed = 42;
    const rnd = () => {   // mulberry32: small, seeded, evenly spread
      seed = (seed + 0x6D2B79F5) | 0; let x = Math.imul(seed ^ (seed >>> 15), 1 | seed);
      x = (x + Math.imul(x ^ (x >>> 7), 61 | x)) ^ x; return ((x ^ (x >>> 14)) >>> 0) / 4294967296;
    };
    const cats = categories().map((c) => c.code);
    const statuses = ['received', 'dispatched', 'enRoute', 'onScene', 'resolved'];
    const ustat = unitStatuses();
    const now = Date.now();
    const units = [], incidents = [];
    for (let k = 0; k < nUnits; k++) {
      units.push({ id: `syn-u${k}`, callsign: `SYN-${k}`, kind: 'patrolCar', stationID: 'synthetic', status: ustat[k % ustat.length],
        statusSince: new Date(now - rnd() * 3600e3).toISOString(), crew: 2, path: '/synthetic/', version: 1,
        _synthetic: true, _lat: lat + (rnd() - 0.5) * spread, _lon: lon + (rnd() - 0.5) * spread * 1.2, heading: Math.floor(rnd() * 360) });
    }
    for (let k = 0; k < nIncidents; k++) {
      const r = new Date(now - rnd() * 7200e3).toISOString();
      incidents.push({ id: `syn-i${k}`, number: `SYN-${String(k).padStart(6, '0')}`, jurisdictionID: 'synthetic', category: cats[k % cats.length],
        priority: 1 + (k % 4), location: { lat: lat + (rnd() - 0.5) * spread, lon: lon + (rnd() - 0.5) * spread * 1.2 },
        address: `合成地址 ${k}号`, caller: {}, description: 'synthetic', status: statuses[k % statuses.length], times: { receivedAt: r },
        unitIDs: [], path: '/synthetic/', version: 1 });
    }
    addSynthetic(units, incidents);
    return { units: state.units.size, incidents: state.incidents.size };
  };
}
