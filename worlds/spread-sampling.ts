/**
 * Picks places that lie far apart (seeded farthest-point sampling), so depots, pads and parks
 * spread over the city instead of bunching up.
 */
import type { SeededRng } from '../physics/index.ts';

/** Indices of `count` candidates: a random first one, then each next the farthest from those taken. */
export function pickSpreadOut(rng: SeededRng, points: readonly { x: number; y: number }[], count: number): number[] {
  const n = points.length;
  const wanted = Math.min(count, n);
  if (wanted <= 0) return [];
  const nearest = new Float64Array(n).fill(Infinity);
  const taken = new Uint8Array(n);
  const picked: number[] = [];
  let current = rng.int(n);
  for (;;) {
    picked.push(current);
    taken[current] = 1;
    if (picked.length === wanted) return picked;
    const p = points[current];
    let best = -1;
    let bestDistance = -1;
    for (let i = 0; i < n; i++) {
      if (taken[i]) continue;
      const dx = points[i].x - p.x;
      const dy = points[i].y - p.y;
      const d = dx * dx + dy * dy;
      if (d < nearest[i]) nearest[i] = d;
      if (nearest[i] > bestDistance) {
        bestDistance = nearest[i];
        best = i;
      }
    }
    current = best;
  }
}

/** Fisher-Yates shuffle of a copy. */
export function shuffled<T>(rng: SeededRng, items: readonly T[]): T[] {
  const copy = [...items];
  for (let i = copy.length - 1; i > 0; i--) {
    const j = rng.int(i + 1);
    const swap = copy[i];
    copy[i] = copy[j];
    copy[j] = swap;
  }
  return copy;
}
