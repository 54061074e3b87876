/**
 * The road network of a generated city: an irregular grid of north-south avenues and east-west
 * streets, an optional diagonal boulevard that breaks the grid, river crossings, and the graph of
 * intersections and segments that the WorldSpec stores.
 */
import type { SeededRng } from '../physics/index.ts';
import { DIAGONAL_SUFFIX, EAST_WEST_SUFFIX, NORTH_SOUTH_SUFFIX } from './place-words.ts';
import { segmentSegmentDistance } from './planar-geometry.ts';

/** A straight grid street: a north-south line (`axis: 'x'`, at x = center) or an east-west one. */
export interface GridLine {
  axis: 'x' | 'y';
  center: number;
  width: number;
  streetIndex: number;
}

export interface LayoutStreet {
  name: string;
  kind: 'street' | 'avenue' | 'boulevard';
  width: number;
}

export interface LayoutSegment {
  streetIndex: number;
  from: number;
  to: number;
  width: number;
  bridge: boolean;
}

export interface RoadLayout {
  streets: LayoutStreet[];
  nodes: { x: number; y: number }[];
  segments: LayoutSegment[];
  /** North-south lines sorted by x, east-west lines sorted by y. */
  xLines: GridLine[];
  yLines: GridLine[];
  /** Street index of the diagonal boulevard, -1 without one. */
  diagonalStreetIndex: number;
}

/** Hands out street names from a shuffled word list; when the words run out, the next suffix is used. */
export class StreetNamer {
  private next = 0;

  constructor(private readonly words: readonly string[]) {}

  take(suffixes: readonly string[]): string {
    const round = Math.floor(this.next / this.words.length);
    const word = this.words[this.next % this.words.length];
    this.next++;
    const suffix = suffixes[round % suffixes.length];
    return round < suffixes.length ? `${word} ${suffix}` : `${word} ${suffix} ${round - suffixes.length + 2}`;
  }
}

const NORTH_SOUTH_SUFFIXES = [NORTH_SOUTH_SUFFIX, 'Rd', 'Way'];
const EAST_WEST_SUFFIXES = [EAST_WEST_SUFFIX, 'Ln', 'Dr'];

/** Places grid lines along one axis: irregular blocks of mean `blockLength`, edge blocks at both ends. */
function placeGridLines(rng: SeededRng, size: number, blockLength: number, baseWidth: number): { center: number; width: number }[] {
  const lines: { center: number; width: number }[] = [];
  let cursor = blockLength * rng.uniform(0.45, 0.8);
  for (;;) {
    const width = rng.next() < 0.2 ? baseWidth + 6 : baseWidth;
    if (cursor + width + blockLength * 0.45 > size) break;
    lines.push({ center: cursor + width / 2, width });
    cursor += width + blockLength * rng.uniform(0.65, 1.35);
  }
  return lines;
}

export function layoutStreetGrid(
  rng: SeededRng,
  size: number,
  density: number,
  withDiagonal: boolean,
  downtownCenter: { x: number; y: number },
  namer: StreetNamer,
): RoadLayout {
  const blockLength = 170 + (75 - 170) * density;
  const xPlacements = placeGridLines(rng, size, blockLength, 16);
  const yPlacements = placeGridLines(rng, size, blockLength * rng.uniform(0.8, 1.0), 12);

  const streets: LayoutStreet[] = [];
  const xLines: GridLine[] = [];
  const yLines: GridLine[] = [];
  // Interleave the two directions so the first words go to central and peripheral streets alike.
  const count = Math.max(xPlacements.length, yPlacements.length);
  for (let i = 0; i < count; i++) {
    const x = xPlacements[i];
    if (x) {
      xLines.push({ axis: 'x', center: x.center, width: x.width, streetIndex: streets.length });
      streets.push({ name: namer.take(NORTH_SOUTH_SUFFIXES), kind: 'avenue', width: x.width });
    }
    const y = yPlacements[i];
    if (y) {
      yLines.push({ axis: 'y', center: y.center, width: y.width, streetIndex: streets.length });
      streets.push({ name: namer.take(EAST_WEST_SUFFIXES), kind: 'street', width: y.width });
    }
  }

  const nodes: { x: number; y: number }[] = [];
  const gridNode: number[][] = xLines.map(() => []);
  for (let i = 0; i < xLines.length; i++) {
    for (let j = 0; j < yLines.length; j++) {
      gridNode[i][j] = nodes.length;
      nodes.push({ x: xLines[i].center, y: yLines[j].center });
    }
  }
  // Each line's nodes as (position along the line, node id), including its two ends at the city limit.
  const alongX: { s: number; node: number }[][] = xLines.map((line, i) => {
    const list = yLines.map((yLine, j) => ({ s: yLine.center, node: gridNode[i][j] }));
    list.push({ s: 0, node: nodes.push({ x: line.center, y: 0 }) - 1 });
    list.push({ s: size, node: nodes.push({ x: line.center, y: size }) - 1 });
    return list;
  });
  const alongY: { s: number; node: number }[][] = yLines.map((line, j) => {
    const list = xLines.map((xLine, i) => ({ s: xLine.center, node: gridNode[i][j] }));
    list.push({ s: 0, node: nodes.push({ x: 0, y: line.center }) - 1 });
    list.push({ s: size, node: nodes.push({ x: size, y: line.center }) - 1 });
    return list;
  });

  let diagonalStreetIndex = -1;
  const diagonalNodes: { s: number; node: number }[] = [];
  if (withDiagonal && xLines.length > 1 && yLines.length > 1) {
    diagonalStreetIndex = streets.length;
    const width = 22;
    streets.push({ name: namer.take([DIAGONAL_SUFFIX, 'Pkwy']), kind: 'boulevard', width });
    const angle = (rng.next() < 0.5 ? 1 : -1) * rng.uniform(0.45, 1.1) + (rng.next() < 0.5 ? 0 : Math.PI);
    const dirX = Math.cos(angle);
    const dirY = Math.sin(angle);
    const snap = 14;
    // Crossings with north-south lines snap to a grid node when close, so no sliver segments appear.
    xLines.forEach((line, i) => {
      const t = (line.center - downtownCenter.x) / dirX;
      const y = downtownCenter.y + t * dirY;
      if (!(y > 0 && y < size)) return;
      const j = nearestLine(yLines, y);
      let node: number;
      if (j >= 0 && Math.abs(yLines[j].center - y) < snap) node = gridNode[i][j];
      else {
        node = nodes.push({ x: line.center, y }) - 1;
        alongX[i].push({ s: y, node });
      }
      diagonalNodes.push({ s: t, node });
    });
    yLines.forEach((line, j) => {
      const t = (line.center - downtownCenter.y) / dirY;
      const x = downtownCenter.x + t * dirX;
      if (!(x > 0 && x < size)) return;
      const i = nearestLine(xLines, x);
      let node: number;
      if (i >= 0 && Math.abs(xLines[i].center - x) < snap) node = gridNode[i][j];
      else {
        node = nodes.push({ x, y: line.center }) - 1;
        alongY[j].push({ s: x, node });
      }
      diagonalNodes.push({ s: t, node });
    });
    // The boulevard's two ends on the city limit.
    for (const sign of [-1, 1]) {
      const t = sign * boundaryDistance(downtownCenter, sign * dirX, sign * dirY, size);
      const node = nodes.push({ x: clamp(downtownCenter.x + t * dirX, 0, size), y: clamp(downtownCenter.y + t * dirY, 0, size) }) - 1;
      diagonalNodes.push({ s: t, node });
    }
  }

  const segments: LayoutSegment[] = [];
  const addLine = (list: { s: number; node: number }[], streetIndex: number, width: number): void => {
    list.sort((a, b) => a.s - b.s || a.node - b.node);
    // A snapped crossing can list one node twice; keep its first place along the line.
    const seen = new Set<number>();
    const ordered = list.filter((entry) => !seen.has(entry.node) && seen.add(entry.node) !== undefined);
    for (let k = 0; k + 1 < ordered.length; k++) {
      segments.push({ streetIndex, from: ordered[k].node, to: ordered[k + 1].node, width, bridge: false });
    }
  };
  xLines.forEach((line, i) => addLine(alongX[i], line.streetIndex, line.width));
  yLines.forEach((line, j) => addLine(alongY[j], line.streetIndex, line.width));
  if (diagonalStreetIndex >= 0) addLine(diagonalNodes, diagonalStreetIndex, streets[diagonalStreetIndex].width);

  return { streets, nodes, segments, xLines, yLines, diagonalStreetIndex };
}

function nearestLine(lines: readonly GridLine[], value: number): number {
  let best = -1;
  let bestDistance = Infinity;
  for (let k = 0; k < lines.length; k++) {
    const distance = Math.abs(lines[k].center - value);
    if (distance < bestDistance) {
      bestDistance = distance;
      best = k;
    }
  }
  return best;
}

function boundaryDistance(origin: { x: number; y: number }, dx: number, dy: number, size: number): number {
  const tx = dx > 0 ? (size - origin.x) / dx : dx < 0 ? -origin.x / dx : Infinity;
  const ty = dy > 0 ? (size - origin.y) / dy : dy < 0 ? -origin.y / dy : Infinity;
  return Math.min(tx, ty);
}

function clamp(value: number, min: number, max: number): number {
  return value < min ? min : value > max ? max : value;
}

/**
 * Removes the road segments that run into the river, except on the streets chosen as bridges
 * (every third crossing street, the wide ones and the boulevard). Returns the bridges.
 */
export function cutRoadsAtRiver(
  layout: RoadLayout,
  centerline: readonly { x: number; y: number }[],
  riverWidth: number,
  crossingLines: readonly GridLine[],
  rng: SeededRng,
): { streetIndex: number; segmentIndices: number[] }[] {
  const wet = layout.segments.map((segment) => {
    const a = layout.nodes[segment.from];
    const b = layout.nodes[segment.to];
    const reach = riverWidth / 2 + segment.width / 2;
    for (let k = 0; k + 1 < centerline.length; k++) {
      const p = centerline[k];
      const q = centerline[k + 1];
      // Bounding boxes first: most pieces of the river are far from most segments.
      if (Math.min(a.x, b.x) - reach > Math.max(p.x, q.x) || Math.max(a.x, b.x) + reach < Math.min(p.x, q.x)) continue;
      if (Math.min(a.y, b.y) - reach > Math.max(p.y, q.y) || Math.max(a.y, b.y) + reach < Math.min(p.y, q.y)) continue;
      if (segmentSegmentDistance(a.x, a.y, b.x, b.y, p.x, p.y, q.x, q.y) < reach) return true;
    }
    return false;
  });
  const bridgeStreets = new Set<number>();
  const phase = rng.int(3);
  crossingLines.forEach((line, k) => {
    if ((k + phase) % 3 === 0 || line.width > 16) bridgeStreets.add(line.streetIndex);
  });
  if (layout.diagonalStreetIndex >= 0) bridgeStreets.add(layout.diagonalStreetIndex);

  const kept: LayoutSegment[] = [];
  const bridgeSegments = new Map<number, number[]>();
  layout.segments.forEach((segment, index) => {
    if (!wet[index]) {
      kept.push(segment);
      return;
    }
    // Only a street crossing the river can bridge it; a street running along the water ends at the bank.
    if (bridgeStreets.has(segment.streetIndex) && isCrossingStreet(segment.streetIndex, crossingLines, layout)) {
      segment.bridge = true;
      const list = bridgeSegments.get(segment.streetIndex) ?? [];
      list.push(kept.length);
      bridgeSegments.set(segment.streetIndex, list);
      kept.push(segment);
    }
  });
  layout.segments = kept;
  return [...bridgeSegments.entries()]
    .sort((a, b) => a[0] - b[0])
    .map(([streetIndex, segmentIndices]) => ({ streetIndex, segmentIndices }));
}

function isCrossingStreet(streetIndex: number, crossingLines: readonly GridLine[], layout: RoadLayout): boolean {
  return streetIndex === layout.diagonalStreetIndex || crossingLines.some((line) => line.streetIndex === streetIndex);
}

/**
 * Keeps the largest connected part of the network (so every intersection is reachable from every
 * other), renumbers nodes and streets, and returns old-to-new maps for streets and segments.
 */
export function keepLargestConnectedNetwork(layout: RoadLayout): { streetMap: Int32Array; segmentMap: Int32Array } {
  const parent = new Int32Array(layout.nodes.length);
  for (let i = 0; i < parent.length; i++) parent[i] = i;
  const find = (i: number): number => {
    while (parent[i] !== i) {
      parent[i] = parent[parent[i]];
      i = parent[i];
    }
    return i;
  };
  for (const segment of layout.segments) {
    const a = find(segment.from);
    const b = find(segment.to);
    if (a !== b) parent[Math.max(a, b)] = Math.min(a, b);
  }
  const componentSize = new Int32Array(layout.nodes.length);
  for (const segment of layout.segments) componentSize[find(segment.from)]++;
  let largest = -1;
  for (let i = 0; i < componentSize.length; i++) if (largest < 0 || componentSize[i] > componentSize[largest]) largest = i;

  const nodeMap = new Int32Array(layout.nodes.length).fill(-1);
  const streetUsed = new Uint8Array(layout.streets.length);
  const segmentMap = new Int32Array(layout.segments.length).fill(-1);
  const keptSegments: LayoutSegment[] = [];
  layout.segments.forEach((segment, index) => {
    if (find(segment.from) !== largest) return;
    segmentMap[index] = keptSegments.length;
    keptSegments.push(segment);
    streetUsed[segment.streetIndex] = 1;
    nodeMap[segment.from] = 1;
    nodeMap[segment.to] = 1;
  });
  const keptNodes: { x: number; y: number }[] = [];
  layout.nodes.forEach((node, index) => {
    if (nodeMap[index] === 1) nodeMap[index] = keptNodes.push(node) - 1;
  });
  const streetMap = new Int32Array(layout.streets.length).fill(-1);
  const keptStreets: LayoutStreet[] = [];
  layout.streets.forEach((street, index) => {
    if (streetUsed[index]) streetMap[index] = keptStreets.push(street) - 1;
  });
  for (const segment of keptSegments) {
    segment.from = nodeMap[segment.from];
    segment.to = nodeMap[segment.to];
    segment.streetIndex = streetMap[segment.streetIndex];
  }
  for (const line of [...layout.xLines, ...layout.yLines]) line.streetIndex = streetMap[line.streetIndex];
  if (layout.diagonalStreetIndex >= 0) layout.diagonalStreetIndex = streetMap[layout.diagonalStreetIndex];
  layout.nodes = keptNodes;
  layout.segments = keptSegments;
  layout.streets = keptStreets;
  return { streetMap, segmentMap };
}
