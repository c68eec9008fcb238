// Web Mercator and the WGS-84 → GCJ-02 display shift (the public "Mars coordinates" formulas).
// World coordinates are 0..256 at zoom 0, like map tiles: screen pixels = world × 2^zoom.

const R = 6378137;
export function project(lat, lon) {
  const s = Math.sin(Math.max(-85.0511, Math.min(85.0511, lat)) * Math.PI / 180);
  return [(lon + 180) / 360 * 256, (0.5 - Math.log((1 + s) / (1 - s)) / (4 * Math.PI)) * 256];
}
export function unproject(x, y) {
  const lon = x / 256 * 360 - 180;
  const n = Math.PI - 2 * Math.PI * y / 256;
  return [180 / Math.PI * Math.atan(0.5 * (Math.exp(n) - Math.exp(-n))), lon];
}
/** Metres per screen pixel at `lat` and `zoom`. */
/** Metres between two points a phone apart (equirectangular: exact enough below a few kilometres). */
export function metres(a, b) {
  const k = Math.PI / 180, x = (b.lon - a.lon) * k * Math.cos((a.lat + b.lat) / 2 * k), y = (b.lat - a.lat) * k;
  return Math.hypot(x, y) * 6371000;
}

export const metresPerPixel = (lat, zoom) => Math.cos(lat * Math.PI / 180) * 2 * Math.PI * R / (256 * 2 ** zoom);

const A = 6378245.0, EE = 0.00669342162296594323;
function outOfChina(lat, lon) { return lon < 72.004 || lon > 137.8347 || lat < 0.8293 || lat > 55.8271; }
function tLat(x, y) {
  let r = -100 + 2 * x + 3 * y + 0.2 * y * y + 0.1 * x * y + 0.2 * Math.sqrt(Math.abs(x));
  r += (20 * Math.sin(6 * x * Math.PI) + 20 * Math.sin(2 * x * Math.PI)) * 2 / 3;
  r += (20 * Math.sin(y * Math.PI) + 40 * Math.sin(y / 3 * Math.PI)) * 2 / 3;
  r += (160 * Math.sin(y / 12 * Math.PI) + 320 * Math.sin(y * Math.PI / 30)) * 2 / 3;
  return r;
}
function tLon(x, y) {
  let r = 300 + x + 2 * y + 0.1 * x * x + 0.1 * x * y + 0.1 * Math.sqrt(Math.abs(x));
  r += (20 * Math.sin(6 * x * Math.PI) + 20 * Math.sin(2 * x * Math.PI)) * 2 / 3;
  r += (20 * Math.sin(x * Math.PI) + 40 * Math.sin(x / 3 * Math.PI)) * 2 / 3;
  r += (150 * Math.sin(x / 12 * Math.PI) + 300 * Math.sin(x / 30 * Math.PI)) * 2 / 3;
  return r;
}
export function wgsToGcj(lat, lon) {
  if (outOfChina(lat, lon)) return [lat, lon];
  let dLat = tLat(lon - 105, lat - 35), dLon = tLon(lon - 105, lat - 35);
  const rad = lat / 180 * Math.PI;
  let magic = Math.sin(rad); magic = 1 - EE * magic * magic;
  const sq = Math.sqrt(magic);
  dLat = (dLat * 180) / ((A * (1 - EE)) / (magic * sq) * Math.PI);
  dLon = (dLon * 180) / (A / sq * Math.cos(rad) * Math.PI);
  return [lat + dLat, lon + dLon];
}
/** The inverse by fixed-point iteration (good to centimetres), for clicks on a GCJ-02 map. */
export function gcjToWgs(lat, lon) {
  let wLat = lat, wLon = lon;
  for (let i = 0; i < 5; i++) {
    const [gLat, gLon] = wgsToGcj(wLat, wLon);
    wLat += lat - gLat; wLon += lon - gLon;
  }
  return [wLat, wLon];
}
