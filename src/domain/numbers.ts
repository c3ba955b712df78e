// Sales rates are fractional, so products like 0.3 × 30 come out as 9.000000000000002.
// Rounding to 9 decimal places before a ceil/floor/compare keeps that noise from adding a whole unit.
const SCALE = 1e9;

export const clean = (x: number): number => Math.round(x * SCALE) / SCALE;
export const ceilUnits = (x: number): number => Math.ceil(clean(x));
export const floorUnits = (x: number): number => Math.floor(clean(x));
/** Money is rounded to cents at the edges. */
export const cents = (x: number): number => Math.round(clean(x) * 100) / 100;

/** Shows a quantity without float noise: 60, 7.5, 0.33. */
export const showQty = (x: number): string => String(Math.round(clean(x) * 100) / 100);
