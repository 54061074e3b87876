/**
 * Plane geometry the generator and the map need: distances between points, segments and
 * axis-aligned rectangles in the x-y plane.
 */

export interface Rect {
  minX: number;
  minY: number;
  maxX: number;
  maxY: number;
}

export function pointSegmentDistance(px: number, py: number, ax: number, ay: number, bx: number, by: number): number {
  const dx = bx - ax;
  const dy = by - ay;
  const lengthSquared = dx * dx + dy * dy;
  let t = lengthSquared > 0 ? ((px - ax) * dx + (py - ay) * dy) / lengthSquared : 0;
  t = t < 0 ? 0 : t > 1 ? 1 : t;
  const cx = ax + t * dx - px;
  const cy = ay + t * dy - py;
  return Math.sqrt(cx * cx + cy * cy);
}

export function pointRectDistance(px: number, py: number, rect: Rect): number {
  const dx = px < rect.minX ? rect.minX - px : px > rect.maxX ? px - rect.maxX : 0;
  const dy = py < rect.minY ? rect.minY - py : py > rect.maxY ? py - rect.maxY : 0;
  return Math.sqrt(dx * dx + dy * dy);
}

/** True when segment a-b and segment c-d cross or touch. */
export function segmentsIntersect(
  ax: number, ay: number, bx: number, by: number,
  cx: number, cy: number, dx: number, dy: number,
): boolean {
  const d1 = orientation(cx, cy, dx, dy, ax, ay);
  const d2 = orientation(cx, cy, dx, dy, bx, by);
  const d3 = orientation(ax, ay, bx, by, cx, cy);
  const d4 = orientation(ax, ay, bx, by, dx, dy);
  if (((d1 > 0 && d2 < 0) || (d1 < 0 && d2 > 0)) && ((d3 > 0 && d4 < 0) || (d3 < 0 && d4 > 0))) return true;
  return d1 === 0 || d2 === 0 || d3 === 0 || d4 === 0
    ? pointSegmentDistance(ax, ay, cx, cy, dx, dy) === 0 ||
        pointSegmentDistance(bx, by, cx, cy, dx, dy) === 0 ||
        pointSegmentDistance(cx, cy, ax, ay, bx, by) === 0 ||
        pointSegmentDistance(dx, dy, ax, ay, bx, by) === 0
    : false;
}

function orientation(ax: number, ay: number, bx: number, by: number, px: number, py: number): number {
  return (bx - ax) * (py - ay) - (by - ay) * (px - ax);
}

export function segmentSegmentDistance(
  ax: number, ay: number, bx: number, by: number,
  cx: number, cy: number, dx: number, dy: number,
): number {
  if (segmentsIntersect(ax, ay, bx, by, cx, cy, dx, dy)) return 0;
  return Math.min(
    pointSegmentDistance(ax, ay, cx, cy, dx, dy),
    pointSegmentDistance(bx, by, cx, cy, dx, dy),
    pointSegmentDistance(cx, cy, ax, ay, bx, by),
    pointSegmentDistance(dx, dy, ax, ay, bx, by),
  );
}

/** Distance between a segment and a rectangle; 0 when they overlap. Exact for convex shapes. */
export function segmentRectDistance(ax: number, ay: number, bx: number, by: number, rect: Rect): number {
  const insideA = ax >= rect.minX && ax <= rect.maxX && ay >= rect.minY && ay <= rect.maxY;
  const insideB = bx >= rect.minX && bx <= rect.maxX && by >= rect.minY && by <= rect.maxY;
  if (insideA || insideB) return 0;
  const { minX, minY, maxX, maxY } = rect;
  return Math.min(
    segmentSegmentDistance(ax, ay, bx, by, minX, minY, maxX, minY),
    segmentSegmentDistance(ax, ay, bx, by, maxX, minY, maxX, maxY),
    segmentSegmentDistance(ax, ay, bx, by, maxX, maxY, minX, maxY),
    segmentSegmentDistance(ax, ay, bx, by, minX, maxY, minX, minY),
  );
}

/** Distance from a point to a polyline given as a list of points. */
export function pointPolylineDistance(px: number, py: number, points: readonly { x: number; y: number }[]): number {
  let best = Infinity;
  for (let i = 0; i + 1 < points.length; i++) {
    const a = points[i];
    const b = points[i + 1];
    const distance = pointSegmentDistance(px, py, a.x, a.y, b.x, b.y);
    if (distance < best) best = distance;
  }
  return best;
}

/** Distance from a rectangle to a polyline; 0 when they overlap. */
export function rectPolylineDistance(rect: Rect, points: readonly { x: number; y: number }[]): number {
  let best = Infinity;
  for (let i = 0; i + 1 < points.length; i++) {
    const a = points[i];
    const b = points[i + 1];
    const distance = segmentRectDistance(a.x, a.y, b.x, b.y, rect);
    if (distance < best) best = distance;
    if (best === 0) return 0;
  }
  return best;
}

export function rectsOverlap(a: Rect, b: Rect): boolean {
  return a.minX < b.maxX && b.minX < a.maxX && a.minY < b.maxY && b.minY < a.maxY;
}

/** Rounds to centimetres, the resolution of every generated coordinate, and turns -0 into 0. */
export function roundToCentimetres(value: number): number {
  return Math.round(value * 100) / 100 + 0;
}
