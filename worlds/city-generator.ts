/**
 * `generateWorld(seed, params)`: a whole city as a WorldSpec. Each stage draws from its own seeded
 * stream (derived from the seed and the stage's name), so changing one stage leaves the others alone;
 * every coordinate is rounded to centimetres so the same seed gives the same bytes.
 */
import { SeededRng, hashString, mixSeeds } from '../physics/index.ts';
import {
  WORLD_SPEC_VERSION,
  type Address,
  type Block,
  type Bridge,
  type Building,
  type Depot,
  type District,
  type DistrictKind,
  type Intersection,
  type NoFlyZone,
  type Pad,
  type Park,
  type RoadSegment,
  type Sidewalk,
  type Street,
  type WindField,
  type WorldSpec,
} from './world-spec.ts';
import { parseGeneratorParams, type GeneratorParams, type GeneratorParamsInput } from './generator-params.ts';
import { DISTRICT_PROFILES, RING_ORDER, heightRange } from './district-profiles.ts';
import {
  CIVIC_LANDMARKS,
  INDUSTRIAL_DISTRICT_SUFFIXES,
  LANDMARK_COLOURS,
  OUTSKIRTS_DISTRICT_SUFFIXES,
  RESIDENTIAL_DISTRICT_SUFFIXES,
  RIVER_WORDS,
  STREET_WORDS,
  TOWER_NOUNS,
} from './place-words.ts';
import { StreetNamer, cutRoadsAtRiver, keepLargestConnectedNetwork, layoutStreetGrid, type GridLine } from './street-grid-layout.ts';
import { layoutRiver, type RiverLayout } from './river-layout.ts';
import { subdivideBlock, type Facing, type Lot } from './lot-subdivision.ts';
import { pickSpreadOut, shuffled } from './spread-sampling.ts';
import { formatHexColour, parseHexColour } from './hex-colours.ts';
import { pointPolylineDistance, rectsOverlap, roundToCentimetres as cm, segmentRectDistance, type Rect } from './planar-geometry.ts';

/** Seeds are unsigned 32-bit integers. */
export function checkSeed(seed: number): number {
  if (!Number.isInteger(seed) || seed < 0 || seed > 0xffffffff) {
    throw new RangeError(`seed: must be an integer in [0, 4294967295] (got ${String(seed)})`);
  }
  return seed;
}

function stream(seed: number, stage: string): SeededRng {
  return new SeededRng(mixSeeds(seed, hashString(stage)));
}

interface BlockInfo {
  rect: Rect;
  kind: DistrictKind;
  lines: { north: GridLine | null; south: GridLine | null; east: GridLine | null; west: GridLine | null };
  sidewalkWidth: number;
}

interface PlannedBuilding extends Rect {
  height: number;
  color: string;
  name: string | undefined;
  address: Address;
  districtKind: DistrictKind;
  blockId: number;
  entrance: { x: number; y: number };
}

export function generateWorld(seed: number, paramsInput: GeneratorParamsInput | GeneratorParams = {}): WorldSpec {
  checkSeed(seed);
  const params = parseGeneratorParams(paramsInput);
  const size = params.size;

  const words = shuffled(stream(seed, 'names'), STREET_WORDS);
  // Streets take words from the front; parks, districts and the river from the back.
  let tailWord = words.length - 1;
  const takeTailWord = (): string => words[(tailWord-- + words.length) % words.length];

  const centreRng = stream(seed, 'downtown');
  const downtownCenter = {
    x: size / 2 + size * centreRng.uniform(-0.12, 0.12),
    y: size / 2 + size * centreRng.uniform(-0.12, 0.12),
  };

  // Roads, the river and bridges.
  const roadLayout = layoutStreetGrid(stream(seed, 'streets'), size, params.density, params.avenue, downtownCenter, new StreetNamer(words));
  const xLines = roadLayout.xLines.map((line) => ({ ...line }));
  const yLines = roadLayout.yLines.map((line) => ({ ...line }));
  let river: RiverLayout | null = null;
  let bridgeLayout: { streetIndex: number; segmentIndices: number[] }[] = [];
  if (params.river) {
    river = layoutRiver(stream(seed, 'river'), size);
    const crossing = river.flow === 'north-south' ? roadLayout.yLines : roadLayout.xLines;
    bridgeLayout = cutRoadsAtRiver(roadLayout, river.centerline, river.width, crossing, stream(seed, 'bridges'));
  }
  const { streetMap, segmentMap } = keepLargestConnectedNetwork(roadLayout);
  const streets: Street[] = roadLayout.streets.map((street, id) => ({ id, name: street.name, kind: street.kind, width: street.width }));
  const intersections: Intersection[] = roadLayout.nodes.map((node, id) => ({ id, x: cm(node.x), y: cm(node.y) }));
  const roadSegments: RoadSegment[] = roadLayout.segments.map((segment, id) => ({
    id, streetId: segment.streetIndex, from: segment.from, to: segment.to, width: segment.width, bridge: segment.bridge,
  }));
  const bridges: Bridge[] = [];
  for (const entry of bridgeLayout) {
    const streetId = streetMap[entry.streetIndex];
    const segmentIds = entry.segmentIndices.map((index) => segmentMap[index]).filter((index) => index >= 0);
    if (streetId < 0 || segmentIds.length === 0) continue;
    bridges.push({ id: bridges.length, name: `${streets[streetId].name} Bridge`, roadSegmentIds: segmentIds });
  }
  const streetOfLine = (line: GridLine | null): Street | null => {
    if (!line) return null;
    const id = streetMap[line.streetIndex];
    return id >= 0 ? streets[id] : null;
  };
  const diagonalSegments = roadSegments
    .filter((segment) => segment.streetId === roadLayout.diagonalStreetIndex)
    .map((segment) => ({ a: intersections[segment.from], b: intersections[segment.to], width: segment.width }));
  const isWater = (x: number, y: number): boolean => river !== null && pointPolylineDistance(x, y, river.centerline) < river.width / 2;

  // Districts: rings around the downtown centre, industry in a sector.
  const districtRng = stream(seed, 'districts');
  const industrialAngle = districtRng.uniform(-Math.PI, Math.PI);
  const enabled = new Set(params.districts);
  const districtKindAt = (x: number, y: number): DistrictKind => {
    const r = Math.hypot(x - downtownCenter.x, y - downtownCenter.y) / (size / 2);
    const ring = r < 0.24 ? 0 : r < 0.48 ? 1 : r < 0.82 ? 2 : 3;
    let angleGap = Math.abs(Math.atan2(y - downtownCenter.y, x - downtownCenter.x) - industrialAngle);
    if (angleGap > Math.PI) angleGap = 2 * Math.PI - angleGap;
    if (enabled.has('industrial') && r > 0.4 && angleGap < 0.5) return 'industrial';
    for (let step = 0; step < RING_ORDER.length; step++) {
      for (const candidate of [ring + step, ring - step]) {
        const kind = RING_ORDER[candidate];
        if (kind && enabled.has(kind)) return kind;
      }
    }
    return params.districts[0];
  };
  const districtNames: Record<DistrictKind, string> = {
    downtown: 'Downtown',
    midtown: 'Midtown',
    residential: `${takeTailWord()} ${districtRng.pick(RESIDENTIAL_DISTRICT_SUFFIXES)}`,
    industrial: `${takeTailWord()} ${districtRng.pick(INDUSTRIAL_DISTRICT_SUFFIXES)}`,
    outskirts: `${takeTailWord()} ${districtRng.pick(OUTSKIRTS_DISTRICT_SUFFIXES)}`,
  };

  // Blocks between grid lines, with their sidewalks.
  const edges = (lines: GridLine[]): { min: number; max: number; low: GridLine | null; high: GridLine | null }[] => {
    const spans: { min: number; max: number; low: GridLine | null; high: GridLine | null }[] = [];
    let start = 0;
    let low: GridLine | null = null;
    for (const line of lines) {
      spans.push({ min: start, max: line.center - line.width / 2, low, high: line });
      start = line.center + line.width / 2;
      low = line;
    }
    spans.push({ min: start, max: size, low, high: null });
    return spans;
  };
  const blockInfos: BlockInfo[] = [];
  const blocks: Block[] = [];
  const usedKinds: DistrictKind[] = [];
  const districtIdOf = (kind: DistrictKind): number => {
    let id = usedKinds.indexOf(kind);
    if (id < 0) id = usedKinds.push(kind) - 1;
    return id;
  };
  for (const ySpan of edges(yLines)) {
    for (const xSpan of edges(xLines)) {
      const rect = { minX: cm(xSpan.min), minY: cm(ySpan.min), maxX: cm(xSpan.max), maxY: cm(ySpan.max) };
      if (rect.maxX - rect.minX < 8 || rect.maxY - rect.minY < 8) continue;
      const cx = (rect.minX + rect.maxX) / 2;
      const cy = (rect.minY + rect.maxY) / 2;
      const kind = districtKindAt(cx, cy);
      blockInfos.push({
        rect,
        kind,
        lines: { south: ySpan.low, north: ySpan.high, west: xSpan.low, east: xSpan.high },
        sidewalkWidth: DISTRICT_PROFILES[kind].sidewalkWidth,
      });
      blocks.push({ id: blocks.length, ...rect, districtId: districtIdOf(kind), use: isWater(cx, cy) ? 'water' : 'buildings' });
    }
  }
  const districts: District[] = usedKinds.map((kind, id) => ({ id, name: districtNames[kind], kind, anchor: districtAnchor(blocks, id) }));
  const sidewalks: Sidewalk[] = [];
  blocks.forEach((block, blockId) => {
    if (block.use === 'water') return;
    const { rect, sidewalkWidth } = blockInfos[blockId];
    sidewalks.push({ id: sidewalks.length, blockId, ...rect, width: sidewalkWidth });
  });

  // Parks on blocks spread over the city.
  const parkRng = stream(seed, 'parks');
  const parkCandidates = blocks.filter((block) => block.use === 'buildings' && block.minX > 0 && block.minY > 0 && block.maxX < size && block.maxY < size);
  const parks: Park[] = [];
  const parkWords = new Set<string>();
  for (const index of pickSpreadOut(parkRng, parkCandidates.map(rectCentre), params.parks)) {
    const block = parkCandidates[index];
    block.use = 'park';
    let word = takeTailWord();
    while (parkWords.has(word)) word = takeTailWord();
    parkWords.add(word);
    const inset = blockInfos[block.id].sidewalkWidth;
    parks.push({
      id: parks.length, name: `${word} Park`, blockId: block.id,
      minX: cm(block.minX + inset), minY: cm(block.minY + inset), maxX: cm(block.maxX - inset), maxY: cm(block.maxY - inset),
    });
  }
  parks.sort((a, b) => a.blockId - b.blockId).forEach((park, id) => (park.id = id));

  // Lots, minus those in the river, on its banks or under the boulevard (bounding boxes first, for speed).
  const riverPieces = river ? river.centerline.slice(1).map((b, k) => ({ a: river!.centerline[k], b, ...boundingRect([river!.centerline[k], b], river!.width / 2 + 6) })) : [];
  const riverBounds = river ? boundingRect(river.centerline, river.width / 2 + 6) : null;
  const nearRiver = (lot: Rect): boolean =>
    rectsOverlap(lot, riverBounds!) &&
    riverPieces.some((piece) => rectsOverlap(lot, piece) && segmentRectDistance(piece.a.x, piece.a.y, piece.b.x, piece.b.y, lot) < river!.width / 2 + 6);
  const diagonalReach = diagonalSegments.length > 0 ? diagonalSegments.map((s) => ({ ...s, ...boundingRect([s.a, s.b], s.width / 2 + 3) })) : null;
  // The boulevard is nearly straight (its nodes snap at most 14 m), so its line rules out most lots at once.
  const diagonalLine = diagonalSegments.length > 0 ? lineThrough(diagonalSegments[0].a, diagonalSegments[diagonalSegments.length - 1].b) : null;
  const nearDiagonal = (lot: Rect, reach: NonNullable<typeof diagonalReach>): boolean => {
    const cx = (lot.minX + lot.maxX) / 2;
    const cy = (lot.minY + lot.maxY) / 2;
    const reachOfLot = Math.hypot(lot.maxX - lot.minX, lot.maxY - lot.minY) / 2 + 40;
    if (diagonalLine && Math.abs((cx - diagonalLine.x) * diagonalLine.nx + (cy - diagonalLine.y) * diagonalLine.ny) > reachOfLot) return false;
    return reach.some((s) => rectsOverlap(lot, s) && segmentRectDistance(s.a.x, s.a.y, s.b.x, s.b.y, lot) < s.width / 2 + 3);
  };
  const lotRng = stream(seed, 'lots');
  const densityScale = 1.3 + (0.85 - 1.3) * params.density;
  const lots: Lot[] = [];
  blocks.forEach((block, blockId) => {
    if (block.use !== 'buildings') return;
    const info = blockInfos[blockId];
    const inner = insetRect(info.rect, info.sidewalkWidth);
    if (inner.maxX - inner.minX < 6 || inner.maxY - inner.minY < 6) return;
    const sides = {
      north: streetOfLine(info.lines.north) !== null, south: streetOfLine(info.lines.south) !== null,
      east: streetOfLine(info.lines.east) !== null, west: streetOfLine(info.lines.west) !== null,
    };
    const [fMin, fMax] = DISTRICT_PROFILES[info.kind].frontage;
    for (const lot of subdivideBlock(lotRng, blockId, inner, sides, [fMin * densityScale, fMax * densityScale])) {
      if (river && nearRiver(lot)) continue;
      if (diagonalReach && nearDiagonal(lot, diagonalReach)) continue;
      lots.push(lot);
    }
  });

  // Addresses: number grows along the street, even on the north and east sides, odd on the others.
  const usedNumbers = new Map<string, Set<number>>();
  const addressFor = (lot: Lot, frontCentre: number): Address | null => {
    const info = blockInfos[lot.blockId];
    const order: Facing[] = [lot.facing, opposite(lot.facing), ...(['north', 'south', 'east', 'west'] as Facing[])];
    for (const facing of order) {
      const street = streetOfLine(info.lines[facing]);
      if (!street) continue;
      const along = facing === lot.facing ? frontCentre : facing === 'north' || facing === 'south' ? (lot.minX + lot.maxX) / 2 : (lot.minY + lot.maxY) / 2;
      const evenSide = facing === 'south' || facing === 'west';
      let number = 2 * Math.floor(along / 10) + (evenSide ? 2 : 1);
      const taken = usedNumbers.get(street.name) ?? new Set<number>();
      while (taken.has(number)) number += 2;
      taken.add(number);
      usedNumbers.set(street.name, taken);
      return { number, street: street.name };
    }
    return null;
  };

  // Depots take whole lots away from the central districts.
  const depotRng = stream(seed, 'depots');
  const lotArea = (lot: Rect): number => (lot.maxX - lot.minX) * (lot.maxY - lot.minY);
  // Hubs serve the city around them, so keep them off the outermost tenth of the map when lots allow.
  const inland = (lot: Rect): boolean => Math.min(lot.minX, lot.minY, size - lot.maxX, size - lot.maxY) > size * 0.1;
  let depotCandidates = lots.filter((lot) => blockInfos[lot.blockId].kind !== 'downtown' && lotArea(lot) >= 400 && inland(lot));
  if (depotCandidates.length < params.depots) depotCandidates = lots.filter((lot) => lotArea(lot) >= 200);
  const depotLots = new Set<Lot>();
  const depots: Depot[] = [];
  for (const index of pickSpreadOut(depotRng, depotCandidates.map(rectCentre), params.depots)) {
    const lot = depotCandidates[index];
    const address = addressFor(lot, frontCentreOf(lot));
    if (!address) continue;
    depotLots.add(lot);
    const rect = insetRect(lot, 1);
    depots.push({
      id: depots.length, name: `Depot ${depots.length + 1}`, x: cm((rect.minX + rect.maxX) / 2), y: cm((rect.minY + rect.maxY) / 2),
      minX: cm(rect.minX), minY: cm(rect.minY), maxX: cm(rect.maxX), maxY: cm(rect.maxY), blockId: lot.blockId, address,
    });
  }

  // Buildings on the other lots.
  const buildingRng = stream(seed, 'buildings');
  const planned: PlannedBuilding[] = [];
  const emptyLots: Lot[] = [];
  const occupancyScale = 0.75 + 0.25 * params.density;
  const heightScale = 0.75 + 0.35 * params.density;
  for (const lot of lots) {
    if (depotLots.has(lot)) continue;
    const info = blockInfos[lot.blockId];
    const profile = DISTRICT_PROFILES[info.kind];
    if (buildingRng.next() > profile.coverage * occupancyScale) {
      emptyLots.push(lot);
      continue;
    }
    const front = buildingRng.uniform(profile.frontSetback[0], profile.frontSetback[1]);
    const gap = buildingRng.uniform(profile.sideGap[0], profile.sideGap[1]);
    const maxDepth = MAX_BUILDING_DEPTH[info.kind] * buildingRng.uniform(0.8, 1.2);
    const footprint = buildingFootprint(lot, front, gap, maxDepth);
    if (footprint.maxX - footprint.minX < 5 || footprint.maxY - footprint.minY < 5) {
      emptyLots.push(lot);
      continue;
    }
    const address = addressFor(lot, frontCentreOf(footprint));
    if (!address) continue;
    const cx = (footprint.minX + footprint.maxX) / 2;
    const cy = (footprint.minY + footprint.maxY) / 2;
    const centrality = Math.max(0, 1 - Math.hypot(cx - downtownCenter.x, cy - downtownCenter.y) / (0.24 * size / 2));
    const [hMin, hMax] = heightRange(info.kind, params.heightProfile, params.maxHeight, centrality);
    const scale = info.kind === 'downtown' || info.kind === 'midtown' ? heightScale : 1;
    const u = buildingRng.next();
    const height = Math.min(params.maxHeight, (hMin + (hMax - hMin) * u * u) * scale);
    const base = buildingRng.pick(PALETTE_RGB[info.kind]);
    const jitter = (): number => buildingRng.uniform(-10, 10);
    planned.push({
      minX: cm(footprint.minX),
      minY: cm(footprint.minY),
      maxX: cm(footprint.maxX),
      maxY: cm(footprint.maxY),
      height: cm(Math.max(3, height)),
      color: formatHexColour(base[0] + jitter(), base[1] + jitter(), base[2] + jitter()),
      name: undefined,
      address,
      districtKind: info.kind,
      blockId: lot.blockId,
      entrance: entranceOf(footprint, lot.facing, info),
    });
  }

  // The skyline's peak: the downtown building nearest the centre reaches the maximum height.
  if (params.heightProfile === 'downtown' && planned.length > 0) {
    let best = -1;
    let bestDistance = Infinity;
    planned.forEach((building, index) => {
      const distance = Math.hypot((building.minX + building.maxX) / 2 - downtownCenter.x, (building.minY + building.maxY) / 2 - downtownCenter.y);
      if (building.districtKind === 'downtown' && distance < bestDistance && Math.min(building.maxX - building.minX, building.maxY - building.minY) >= 15) {
        bestDistance = distance;
        best = index;
      }
    });
    if (best >= 0) planned[best].height = cm(params.maxHeight);
  }

  // Landmarks: the tallest towers get colour names, some central mid-rises get civic names.
  const landmarkRng = stream(seed, 'landmarks');
  const byHeight = planned.map((_, index) => index).sort((a, b) => planned[b].height - planned[a].height || a - b);
  const towerCount = Math.min(LANDMARK_COLOURS.length, Math.max(3, Math.round(planned.length / 300)), planned.length);
  const colours = shuffled(landmarkRng, LANDMARK_COLOURS);
  const landmarkIds: number[] = [];
  for (let k = 0; k < towerCount; k++) {
    const building = planned[byHeight[k]];
    const colour = colours[k];
    building.name = `${colour.name} ${landmarkRng.pick(TOWER_NOUNS)}`;
    building.color = colour.hex;
    landmarkIds.push(byHeight[k]);
  }
  const civicCandidates = planned
    .map((building, index) => ({ building, index }))
    .filter(({ building }) => building.name === undefined && (building.districtKind === 'downtown' || building.districtKind === 'midtown') &&
      Math.min(building.maxX - building.minX, building.maxY - building.minY) >= 14);
  const civicNames = shuffled(landmarkRng, CIVIC_LANDMARKS);
  const civicIds: number[] = [];
  for (const pick of pickSpreadOut(landmarkRng, civicCandidates.map(({ building }) => rectCentre(building)), Math.min(6, civicNames.length))) {
    const { building, index } = civicCandidates[pick];
    building.name = civicNames[civicIds.length];
    civicIds.push(index);
  }

  const tallest = planned.length > 0 ? planned[byHeight[0]].height : 0;
  const ceiling = cm(Math.max(150, Math.ceil((tallest + 50) / 10) * 10));

  // No-fly zones: cylinders around civic landmarks and boxes over blocks, never over a depot.
  const zoneRng = stream(seed, 'no-fly-zones');
  const noFlyZones: NoFlyZone[] = [];
  const depotInside = (rect: Rect): boolean => depots.some((depot) => depot.x >= rect.minX && depot.x <= rect.maxX && depot.y >= rect.minY && depot.y <= rect.maxY);
  const zoneBlocks = shuffled(zoneRng, blocks.filter((block) => block.use !== 'water'));
  let civicCursor = 0;
  let blockCursor = 0;
  for (let k = 0; k < params.noFlyZones; k++) {
    let placed = false;
    while (!placed && k % 2 === 0 && civicCursor < civicIds.length) {
      const building = planned[civicIds[civicCursor++]];
      const x = (building.minX + building.maxX) / 2;
      const y = (building.minY + building.maxY) / 2;
      const radius = cm(Math.max(60, Math.hypot(building.maxX - building.minX, building.maxY - building.minY) / 2 + 30));
      if (depotInside({ minX: x - radius, minY: y - radius, maxX: x + radius, maxY: y + radius })) continue;
      noFlyZones.push({ id: noFlyZones.length, name: `${building.name} No-Fly Zone`, shape: 'cylinder', x: cm(x), y: cm(y), radius, minZ: 0, maxZ: ceiling });
      placed = true;
    }
    while (!placed && blockCursor < zoneBlocks.length) {
      const block = zoneBlocks[blockCursor++];
      if (depotInside(block)) continue;
      noFlyZones.push({
        id: noFlyZones.length, name: `Restricted Area ${noFlyZones.length + 1}`, shape: 'box',
        minX: block.minX, minY: block.minY, minZ: 0, maxX: block.maxX, maxY: block.maxY, maxZ: ceiling,
      });
      placed = true;
    }
  }
  const inNoFlyZone = (x: number, y: number): boolean =>
    noFlyZones.some((zone) =>
      zone.shape === 'box' ? x >= zone.minX && x <= zone.maxX && y >= zone.minY && y <= zone.maxY : Math.hypot(x - zone.x, y - zone.y) <= zone.radius,
    );

  // The final building list, in a stable order: by block, then west to east, south to north.
  const order = planned.map((_, index) => index).sort((a, b) => compareBuildings(planned[a], planned[b]) || a - b);
  const buildings: Building[] = order.map((plannedIndex, id) => {
    const building = planned[plannedIndex];
    return {
      id, minX: building.minX, minY: building.minY, maxX: building.maxX, maxY: building.maxY, height: building.height, color: building.color,
      ...(building.name !== undefined ? { name: building.name } : {}),
      address: building.address, districtId: districtIdOf(building.districtKind), blockId: building.blockId, entrance: building.entrance,
    };
  });

  // Pads: on broad roofs and on open ground, spread out and outside no-fly zones.
  const padRng = stream(seed, 'pads');
  const pads: Pad[] = [];
  const roofCandidates = buildings.filter((building) => {
    const minSide = Math.min(building.maxX - building.minX, building.maxY - building.minY);
    return building.height >= 10 && minSide >= 10 && !inNoFlyZone((building.minX + building.maxX) / 2, (building.minY + building.maxY) / 2);
  });
  for (const index of pickSpreadOut(padRng, roofCandidates.map(rectCentre), params.rooftopPads).sort((a, b) => roofCandidates[a].id - roofCandidates[b].id)) {
    const building = roofCandidates[index];
    const minSide = Math.min(building.maxX - building.minX, building.maxY - building.minY);
    pads.push({
      id: pads.length, name: `Rooftop Pad ${pads.length + 1}`, kind: 'rooftop',
      x: cm((building.minX + building.maxX) / 2), y: cm((building.minY + building.maxY) / 2), z: building.height,
      radius: cm(Math.min(4, minSide / 2 - 1)), buildingId: building.id,
    });
  }
  const groundSpots = [
    ...parks.map(rectCentre),
    ...emptyLots.filter((lot) => lotArea(lot) >= 150).map(rectCentre),
  ].filter((spot) => !inNoFlyZone(spot.x, spot.y) && !isWater(spot.x, spot.y));
  const rooftopCount = pads.length;
  for (const index of pickSpreadOut(padRng, groundSpots, params.groundPads).sort((a, b) => a - b)) {
    const spot = groundSpots[index];
    pads.push({
      id: pads.length, name: `Ground Pad ${pads.length - rooftopCount + 1}`, kind: 'ground',
      x: cm(spot.x), y: cm(spot.y), z: 0, radius: 2.5, buildingId: -1,
    });
  }

  const spec: WorldSpec = {
    version: WORLD_SPEC_VERSION,
    name: params.river ? `Port ${takeTailWord()}` : `${takeTailWord()} City`,
    seed,
    bounds: { minX: 0, minY: 0, maxX: size, maxY: size, ceiling },
    districts,
    streets,
    intersections,
    roadSegments,
    blocks,
    sidewalks,
    buildings,
    parks,
    ...(river ? { river: { name: `${stream(seed, 'river-name').pick(RIVER_WORDS)} River`, width: river.width, centerline: river.centerline } } : {}),
    bridges,
    depots,
    pads,
    noFlyZones,
    wind: windField(seed, params),
  };
  return spec;
}

const PALETTE_RGB: Readonly<Record<DistrictKind, readonly [number, number, number][]>> = {
  downtown: DISTRICT_PROFILES.downtown.palette.map(parseHexColour),
  midtown: DISTRICT_PROFILES.midtown.palette.map(parseHexColour),
  residential: DISTRICT_PROFILES.residential.palette.map(parseHexColour),
  industrial: DISTRICT_PROFILES.industrial.palette.map(parseHexColour),
  outskirts: DISTRICT_PROFILES.outskirts.palette.map(parseHexColour),
};

const MAX_BUILDING_DEPTH: Readonly<Record<DistrictKind, number>> = {
  downtown: 90, midtown: 40, residential: 16, industrial: 60, outskirts: 14,
};

function windField(seed: number, params: GeneratorParams): WindField {
  const rng = stream(seed, 'wind');
  const from = (params.windFromDeg * Math.PI) / 180;
  return {
    mean: { x: cm(-params.windSpeed * Math.sin(from)), y: cm(-params.windSpeed * Math.cos(from)), z: 0 },
    shearExponent: 0.14,
    gust: {
      seed: rng.nextUint32(),
      amplitude: cm(params.gustiness * params.windSpeed),
      periodSeconds: cm(rng.uniform(5, 12)),
      lengthScale: cm(rng.uniform(80, 200)),
    },
  };
}

/** Centre of the district's block that lies farthest from every block of another district. */
function districtAnchor(blocks: readonly Block[], districtId: number): { x: number; y: number } {
  const centres = blocks.map(rectCentre);
  let best = -1;
  let bestClearance = -1;
  for (let i = 0; i < blocks.length; i++) {
    if (blocks[i].districtId !== districtId) continue;
    let clearance = Infinity;
    for (let j = 0; j < blocks.length; j++) {
      if (blocks[j].districtId === districtId) continue;
      const d = (centres[j].x - centres[i].x) ** 2 + (centres[j].y - centres[i].y) ** 2;
      if (d < clearance) clearance = d;
    }
    if (clearance > bestClearance) {
      bestClearance = clearance;
      best = i;
    }
  }
  const centre = best >= 0 ? centres[best] : { x: 0, y: 0 };
  return { x: cm(centre.x), y: cm(centre.y) };
}

function rectCentre(rect: Rect): { x: number; y: number } {
  return { x: (rect.minX + rect.maxX) / 2, y: (rect.minY + rect.maxY) / 2 };
}

/** A point on the line through a and b, and the line's unit normal. */
function lineThrough(a: { x: number; y: number }, b: { x: number; y: number }): { x: number; y: number; nx: number; ny: number } {
  const length = Math.hypot(b.x - a.x, b.y - a.y) || 1;
  return { x: a.x, y: a.y, nx: -(b.y - a.y) / length, ny: (b.x - a.x) / length };
}

function boundingRect(points: readonly { x: number; y: number }[], margin: number): Rect {
  let minX = Infinity, minY = Infinity, maxX = -Infinity, maxY = -Infinity;
  for (const p of points) {
    minX = Math.min(minX, p.x); minY = Math.min(minY, p.y); maxX = Math.max(maxX, p.x); maxY = Math.max(maxY, p.y);
  }
  return { minX: minX - margin, minY: minY - margin, maxX: maxX + margin, maxY: maxY + margin };
}

function insetRect(rect: Rect, inset: number): Rect {
  return { minX: rect.minX + inset, minY: rect.minY + inset, maxX: rect.maxX - inset, maxY: rect.maxY - inset };
}

function opposite(facing: Facing): Facing {
  return facing === 'north' ? 'south' : facing === 'south' ? 'north' : facing === 'east' ? 'west' : 'east';
}

/** Position of a front's centre along the street it faces. */
function frontCentreOf(rect: Rect & { facing?: Facing }): number {
  const facing = rect.facing;
  return facing === 'east' || facing === 'west' ? (rect.minY + rect.maxY) / 2 : (rect.minX + rect.maxX) / 2;
}

/** The lot minus the front setback, side gaps and back gap, no deeper than `maxDepth`. */
function buildingFootprint(lot: Lot, front: number, gap: number, maxDepth: number): Rect & { facing: Facing } {
  const r = { minX: lot.minX, minY: lot.minY, maxX: lot.maxX, maxY: lot.maxY, facing: lot.facing };
  switch (lot.facing) {
    case 'south':
      r.minY += front; r.maxY = Math.min(r.maxY - gap, r.minY + maxDepth); r.minX += gap; r.maxX -= gap; break;
    case 'north':
      r.maxY -= front; r.minY = Math.max(r.minY + gap, r.maxY - maxDepth); r.minX += gap; r.maxX -= gap; break;
    case 'west':
      r.minX += front; r.maxX = Math.min(r.maxX - gap, r.minX + maxDepth); r.minY += gap; r.maxY -= gap; break;
    case 'east':
      r.maxX -= front; r.minX = Math.max(r.minX + gap, r.maxX - maxDepth); r.minY += gap; r.maxY -= gap; break;
  }
  return r;
}

/** The front door's spot on the middle of the sidewalk. */
function entranceOf(footprint: Rect, facing: Facing, info: BlockInfo): { x: number; y: number } {
  const half = info.sidewalkWidth / 2;
  const cx = (footprint.minX + footprint.maxX) / 2;
  const cy = (footprint.minY + footprint.maxY) / 2;
  switch (facing) {
    case 'south': return { x: cm(cx), y: cm(info.rect.minY + half) };
    case 'north': return { x: cm(cx), y: cm(info.rect.maxY - half) };
    case 'west': return { x: cm(info.rect.minX + half), y: cm(cy) };
    case 'east': return { x: cm(info.rect.maxX - half), y: cm(cy) };
  }
}

function compareBuildings(a: PlannedBuilding, b: PlannedBuilding): number {
  return a.blockId - b.blockId || a.minY - b.minY || a.minX - b.minX;
}
