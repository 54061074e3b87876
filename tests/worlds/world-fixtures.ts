/**
 * Worlds shared by the worlds/ suites: generated once per test file, and small hand-built specs
 * whose every building is known.
 */
import { SeededRng } from '../../physics/index.ts';
import { WORLD_SPEC_VERSION, WorldIndex, generateWorld, type Building, type WorldSpec } from '../../worlds/index.ts';

const cities = new Map<string, WorldSpec>();

/** The generated city for a seed and params, cached for the test file. */
export function city(seed = 7, params: Record<string, unknown> = {}): WorldSpec {
  const key = `${seed}:${JSON.stringify(params)}`;
  let spec = cities.get(key);
  if (!spec) {
    spec = generateWorld(seed, params);
    cities.set(key, spec);
  }
  return spec;
}

/** A minimal valid WorldSpec holding the given buildings (addresses on one street). */
export function specWithBuildings(boxes: { minX: number; minY: number; maxX: number; maxY: number; height: number; color?: string; name?: string }[], size = 200): WorldSpec {
  const buildings: Building[] = boxes.map((box, id) => ({
    id, minX: box.minX, minY: box.minY, maxX: box.maxX, maxY: box.maxY, height: box.height, color: box.color ?? '#808080',
    ...(box.name ? { name: box.name } : {}),
    address: { number: id + 1, street: 'Test St' }, districtId: 0, blockId: 0, entrance: { x: box.minX, y: box.minY - 1 },
  }));
  return {
    version: WORLD_SPEC_VERSION, name: 'Test Town', seed: 1,
    bounds: { minX: 0, minY: 0, maxX: size, maxY: size, ceiling: 150 },
    districts: [{ id: 0, name: 'Downtown', kind: 'downtown', anchor: { x: size / 2, y: size / 2 } }],
    streets: [{ id: 0, name: 'Test St', kind: 'street', width: 10 }],
    intersections: [{ id: 0, x: 0, y: 5 }, { id: 1, x: size, y: 5 }],
    roadSegments: [{ id: 0, streetId: 0, from: 0, to: 1, width: 10, bridge: false }],
    blocks: [{ id: 0, minX: 0, minY: 10, maxX: size, maxY: size, districtId: 0, use: 'buildings' }],
    sidewalks: [],
    buildings,
    parks: [],
    bridges: [],
    depots: [],
    pads: [],
    noFlyZones: [],
    wind: { mean: { x: 0, y: 0, z: 0 }, shearExponent: 0.14, gust: { seed: 1, amplitude: 0, periodSeconds: 8, lengthScale: 100 } },
  };
}

/** A seeded scene of random, possibly overlapping boxes, for comparing queries with brute force. */
export function randomScene(seed: number, count: number, size = 300): { spec: WorldSpec; index: WorldIndex } {
  const rng = new SeededRng(seed);
  const boxes = Array.from({ length: count }, () => {
    const w = rng.uniform(2, 40);
    const d = rng.uniform(2, 40);
    const x = rng.uniform(-10, size - w + 10);
    const y = rng.uniform(-10, size - d + 10);
    return { minX: x, minY: y, maxX: x + w, maxY: y + d, height: rng.uniform(1, 80) };
  });
  const spec = specWithBuildings(boxes, size);
  return { spec, index: new WorldIndex(spec, { cellSize: rng.uniform(5, 30) }) };
}
