// How the console paints the platform's concepts, in one place: the 1-3-5 tiers (the badge of a
// recommended unit, its route, the coverage layer), priorities, unit states and category markers.

/** By tier minutes (99 = beyond five): green, teal, indigo, red, apart from the roads' orange and yellow. */
export const TIER_COLOURS = { 1: '#2e7d32', 3: '#00acc1', 5: '#5c6bc0', 99: 'rgba(229,57,53,0.85)' };
export const tierColour = (minutes) => TIER_COLOURS[minutes] || TIER_COLOURS[99];
export const PRIORITY_COLOURS = ['#d32f2f', '#ef6c00', '#f9a825', '#1e88e5'];
export const UNIT_COLOURS = {
  available: '#2e7d32', dispatched: '#1565c0', enRoute: '#6a1b9a', onScene: '#c62828', outOfService: '#757575', offDuty: '#9e9e9e',
};
export const unitColour = (status) => UNIT_COLOURS[status] || '#9e9e9e';
/** Marker shapes by the catalogue's `symbol` (0 circle, 1 diamond, 2 triangle, 3 square, 4 inverted triangle, 5 hexagon). */
const SHAPES = { circle: 0, diamond: 1, triangle: 2, square: 3, invertedTriangle: 4, hexagon: 5 };
export const shapeOf = (symbol) => SHAPES[symbol] ?? 0;
