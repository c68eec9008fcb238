// The map's shared numbers: culling grid, clustering, zoom range, road tiles.
export const CELL_LEVEL = 14;                  // culling grid: one cell = one z14 tile
export const CELL = 256 / 2 ** CELL_LEVEL;
export const BIN = 56;                         // cluster bin size in CSS pixels (fewer, larger bins: less to rasterise)
export const DETAIL_MAX = 2500;                // above this many visible points, cluster
export const MIN_ZOOM = 3, MAX_ZOOM = 19;
export const STALE_MS = 5 * 60 * 1000;         // a unit's position older than this is drawn as stale
export const NONE = new Int32Array(0);
// Road tiles: the road layer is drawn once into TILE × TILE (CSS px) canvases per tile zoom and
// then only copied, scaled, while the map moves: thousands of thick stroked lines rasterised on
// every frame were what kept the frame rate down (and the CPU busy) when panning and zooming.
export const TILE = 512;
export const TILE_KEEP = 40;                   // tiles kept (≈ 1 MB each at 1x)
export const TILE_BUDGET_MS = 6;               // time a frame may spend drawing missing tiles
export const TILE_HYSTERESIS = 0.75;           // tile zoom changes when the view is this far from it

let cssCache = null;
/** The page's font, read once. */
export function pageStyle() {
  if (!cssCache) cssCache = { font: getComputedStyle(document.body).getPropertyValue('--font') || 'sans-serif' };
  return cssCache;
}

/** Room per cluster bin for counting units by status (more than there are statuses). */
export const UNIT_STATUS_SLOTS = 8;
