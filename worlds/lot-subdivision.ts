/**
 * Splits a city block into lots: one or two rows along the block's long side, each lot facing the
 * street it will take its address from.
 */
import type { SeededRng } from '../physics/index.ts';
import type { Rect } from './planar-geometry.ts';

export type Facing = 'north' | 'south' | 'east' | 'west';

export interface Lot extends Rect {
  blockId: number;
  facing: Facing;
}

/** Streets around a block: true where a grid street runs along that side. */
export interface BlockSides {
  north: boolean;
  south: boolean;
  east: boolean;
  west: boolean;
}

const MIN_ROW_DEPTH = 16;

/**
 * `inner` is the block inside its sidewalk; frontages are drawn from `frontage` (metres) and the
 * last lot of a row takes what is left, so lots tile the row exactly.
 */
export function subdivideBlock(
  rng: SeededRng,
  blockId: number,
  inner: Rect,
  sides: BlockSides,
  frontage: [number, number],
): Lot[] {
  const width = inner.maxX - inner.minX;
  const height = inner.maxY - inner.minY;
  const alongX = width >= height ? sides.north || sides.south : !(sides.east || sides.west);
  const lots: Lot[] = [];
  if (alongX) {
    const facings = rowFacings(rng, sides.south, sides.north, height, 'south', 'north');
    const rowDepth = height / facings.length;
    facings.forEach((facing, row) => {
      const minY = inner.minY + row * rowDepth;
      for (const [a, b] of splitRow(rng, inner.minX, inner.maxX, frontage)) {
        lots.push({ blockId, facing, minX: a, maxX: b, minY, maxY: minY + rowDepth });
      }
    });
  } else {
    const facings = rowFacings(rng, sides.west, sides.east, width, 'west', 'east');
    const rowDepth = width / facings.length;
    facings.forEach((facing, row) => {
      const minX = inner.minX + row * rowDepth;
      for (const [a, b] of splitRow(rng, inner.minY, inner.maxY, frontage)) {
        lots.push({ blockId, facing, minY: a, maxY: b, minX, maxX: minX + rowDepth });
      }
    });
  }
  return lots;
}

/** Rows from low to high coordinate: two back-to-back rows when both sides have streets and depth allows. */
function rowFacings(rng: SeededRng, lowSide: boolean, highSide: boolean, depth: number, low: Facing, high: Facing): Facing[] {
  if (lowSide && highSide && depth >= 2 * MIN_ROW_DEPTH) return [low, high];
  if (lowSide && highSide) return [rng.next() < 0.5 ? low : high];
  if (highSide) return [high];
  return [low];
}

function splitRow(rng: SeededRng, start: number, end: number, frontage: [number, number]): [number, number][] {
  const pieces: [number, number][] = [];
  let cursor = start;
  while (end - cursor > 1e-6) {
    let length = rng.uniform(frontage[0], frontage[1]);
    if (end - (cursor + length) < frontage[0] * 0.6) length = end - cursor;
    pieces.push([cursor, cursor + length]);
    cursor += length;
  }
  return pieces;
}
