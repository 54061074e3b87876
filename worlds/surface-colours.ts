/**
 * Colours of the ground surfaces and the sky as the camera sees them (RGB bytes), indexed by the
 * surface classes of ground-raster.ts.
 */
import { SURFACE_DEPOT, SURFACE_LOT, SURFACE_PAD, SURFACE_PARK, SURFACE_ROAD, SURFACE_SIDEWALK, SURFACE_WATER } from './ground-raster.ts';

/** 3 bytes per surface class; sky and building entries are unused (buildings carry their own colour). */
export const SURFACE_RGB = new Uint8Array(9 * 3);
const set = (surface: number, r: number, g: number, b: number): void => SURFACE_RGB.set([r, g, b], surface * 3);
set(SURFACE_ROAD, 84, 87, 94);
set(SURFACE_SIDEWALK, 172, 170, 162);
set(SURFACE_PARK, 92, 148, 78);
set(SURFACE_WATER, 58, 108, 168);
set(SURFACE_LOT, 178, 170, 150);
set(SURFACE_DEPOT, 214, 150, 64);
set(SURFACE_PAD, 236, 236, 230);

export const SKY_HORIZON_RGB: readonly [number, number, number] = [205, 222, 240];
export const SKY_ZENITH_RGB: readonly [number, number, number] = [86, 136, 206];
/** Marking of a rooftop pad, the same as a ground pad's surface. */
export const PAD_RGB: readonly [number, number, number] = [236, 236, 230];
