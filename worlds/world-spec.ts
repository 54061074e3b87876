/**
 * WorldSpec: the plain-JSON description of one world, version 1. The zod schema below is the
 * single source of truth: TypeScript types, validation and the published JSON Schema all come from it.
 * World frame ENU (x east, y north, z up), SI units, the city's south-west corner at (0, 0).
 */
import { z } from 'zod';

export const WORLD_SPEC_VERSION = 1;

// zod 4 numbers reject NaN and Infinity already.
const metres = z.number();
const positiveMetres = z.number().gt(0);
const nonNegativeMetres = z.number().min(0);
const entityId = z.int().min(0);
const hexColour = z.string().regex(/^#[0-9a-f]{6}$/, { message: 'must be a lowercase hex colour like "#a1b2c3"' });
const placeName = z.string().min(1).max(120);

export const Point2Schema = z.strictObject({ x: metres, y: metres });
export const Vector3Schema = z.strictObject({ x: metres, y: metres, z: metres });

export const BoundsSchema = z.strictObject({
  minX: metres,
  minY: metres,
  maxX: metres,
  maxY: metres,
  ceiling: positiveMetres.describe('Highest altitude the world simulates, metres above ground.'),
});

export const DistrictKindSchema = z.enum(['downtown', 'midtown', 'residential', 'industrial', 'outskirts']);

export const DistrictSchema = z.strictObject({
  id: entityId,
  name: placeName,
  kind: DistrictKindSchema,
  anchor: Point2Schema.describe('Where the district\'s name belongs: the centre of its block farthest from other districts.'),
});

export const StreetSchema = z.strictObject({
  id: entityId,
  name: placeName,
  kind: z.enum(['street', 'avenue', 'boulevard']),
  width: positiveMetres,
});

export const IntersectionSchema = z.strictObject({
  id: entityId,
  x: metres,
  y: metres,
});

export const RoadSegmentSchema = z.strictObject({
  id: entityId,
  streetId: entityId,
  from: entityId,
  to: entityId,
  width: positiveMetres,
  bridge: z.boolean(),
});

export const BlockUseSchema = z.enum(['buildings', 'park', 'water']);

export const BlockSchema = z.strictObject({
  id: entityId,
  minX: metres,
  minY: metres,
  maxX: metres,
  maxY: metres,
  districtId: entityId,
  use: BlockUseSchema,
});

export const SidewalkSchema = z.strictObject({
  id: entityId,
  blockId: entityId,
  minX: metres,
  minY: metres,
  maxX: metres,
  maxY: metres,
  width: positiveMetres,
}).describe('A sidewalk: the ring of `width` inside the box minX..maxY, whose outer edge is the kerb.');

export const AddressSchema = z.strictObject({
  number: z.int().min(1),
  street: placeName,
});

export const BuildingSchema = z.strictObject({
  id: entityId,
  minX: metres,
  minY: metres,
  maxX: metres,
  maxY: metres,
  height: positiveMetres,
  color: hexColour,
  name: placeName.optional().describe('Landmark name ("Red Tower"); absent for ordinary buildings.'),
  address: AddressSchema,
  districtId: entityId,
  blockId: entityId,
  entrance: Point2Schema.describe('Front door on the sidewalk, where a ground robot hands over a parcel.'),
});

export const ParkSchema = z.strictObject({
  id: entityId,
  name: placeName,
  blockId: entityId,
  minX: metres,
  minY: metres,
  maxX: metres,
  maxY: metres,
});

export const RiverSchema = z.strictObject({
  name: placeName,
  width: positiveMetres,
  centerline: z.array(Point2Schema).min(2).describe('Polyline of the river\'s centre; the water is the band of `width` around it.'),
});

export const BridgeSchema = z.strictObject({
  id: entityId,
  name: placeName,
  roadSegmentIds: z.array(entityId).min(1),
});

export const DepotSchema = z.strictObject({
  id: entityId,
  name: placeName,
  x: metres,
  y: metres,
  minX: metres,
  minY: metres,
  maxX: metres,
  maxY: metres,
  blockId: entityId,
  address: AddressSchema,
});

export const PadSchema = z.strictObject({
  id: entityId,
  name: placeName,
  kind: z.enum(['rooftop', 'ground']),
  x: metres,
  y: metres,
  z: nonNegativeMetres,
  radius: positiveMetres,
  buildingId: z.int().min(-1).describe('The building whose roof holds the pad; -1 for a pad on the ground.'),
});

export const NoFlyBoxSchema = z.strictObject({
  id: entityId,
  name: placeName,
  shape: z.literal('box'),
  minX: metres,
  minY: metres,
  minZ: metres,
  maxX: metres,
  maxY: metres,
  maxZ: metres,
});

export const NoFlyCylinderSchema = z.strictObject({
  id: entityId,
  name: placeName,
  shape: z.literal('cylinder'),
  x: metres,
  y: metres,
  radius: positiveMetres,
  minZ: metres,
  maxZ: metres,
});

export const NoFlyZoneSchema = z.discriminatedUnion('shape', [NoFlyBoxSchema, NoFlyCylinderSchema]);

export const WindGustSchema = z.strictObject({
  seed: z.int().min(0).max(0xffffffff),
  amplitude: nonNegativeMetres.describe('Standard deviation of the gust speed, m/s.'),
  periodSeconds: positiveMetres.describe('Typical time between gust peaks, seconds.'),
  lengthScale: positiveMetres.describe('Typical size of a gust in space, metres.'),
});

export const WindFieldSchema = z.strictObject({
  mean: Vector3Schema.describe('Mean wind at the reference height (10 m), m/s, ENU.'),
  shearExponent: z.number().min(0).max(1).describe('Power-law exponent of the wind profile: speed(z) = speed(10 m) * (z / 10)^shearExponent.'),
  gust: WindGustSchema,
});

export const WorldSpecSchema = z
  .strictObject({
    version: z.literal(WORLD_SPEC_VERSION).describe('Format version; readers reject other versions.'),
    name: placeName,
    seed: z.int().min(0).max(0xffffffff),
    bounds: BoundsSchema,
    districts: z.array(DistrictSchema),
    streets: z.array(StreetSchema),
    intersections: z.array(IntersectionSchema),
    roadSegments: z.array(RoadSegmentSchema).describe('Two-way street segments between intersections (the road graph).'),
    blocks: z.array(BlockSchema),
    sidewalks: z.array(SidewalkSchema),
    buildings: z.array(BuildingSchema).describe('Boxes standing on the ground (z from 0 to height); every id equals its position in the list.'),
    parks: z.array(ParkSchema),
    river: RiverSchema.optional(),
    bridges: z.array(BridgeSchema),
    depots: z.array(DepotSchema),
    pads: z.array(PadSchema),
    noFlyZones: z.array(NoFlyZoneSchema),
    wind: WindFieldSchema,
  })
  .superRefine(checkWorldSpecConsistency);

export type Point2 = z.infer<typeof Point2Schema>;
export type Vector3 = z.infer<typeof Vector3Schema>;
export type WorldBounds = z.infer<typeof BoundsSchema>;
export type DistrictKind = z.infer<typeof DistrictKindSchema>;
export type District = z.infer<typeof DistrictSchema>;
export type Street = z.infer<typeof StreetSchema>;
export type Intersection = z.infer<typeof IntersectionSchema>;
export type RoadSegment = z.infer<typeof RoadSegmentSchema>;
export type BlockUse = z.infer<typeof BlockUseSchema>;
export type Block = z.infer<typeof BlockSchema>;
export type Sidewalk = z.infer<typeof SidewalkSchema>;
export type Address = z.infer<typeof AddressSchema>;
export type Building = z.infer<typeof BuildingSchema>;
export type Park = z.infer<typeof ParkSchema>;
export type River = z.infer<typeof RiverSchema>;
export type Bridge = z.infer<typeof BridgeSchema>;
export type Depot = z.infer<typeof DepotSchema>;
export type Pad = z.infer<typeof PadSchema>;
export type NoFlyZone = z.infer<typeof NoFlyZoneSchema>;
export type WindField = z.infer<typeof WindFieldSchema>;
export type WorldSpec = z.infer<typeof WorldSpecSchema>;

type RefinementContext = z.RefinementCtx<unknown>;

/** Rules one field alone cannot express: ids equal to array positions, min < max, references that exist. */
function checkWorldSpecConsistency(spec: WorldSpec, ctx: RefinementContext): void {
  const issue = (path: (string | number)[], message: string): void => {
    ctx.addIssue({ code: 'custom', path, message });
  };
  const { bounds } = spec;
  if (!(bounds.maxX > bounds.minX)) issue(['bounds', 'maxX'], `must be > bounds.minX (${bounds.minX}) (got ${bounds.maxX})`);
  if (!(bounds.maxY > bounds.minY)) issue(['bounds', 'maxY'], `must be > bounds.minY (${bounds.minY}) (got ${bounds.maxY})`);

  const lists: [string, { id: number }[]][] = [
    ['districts', spec.districts],
    ['streets', spec.streets],
    ['intersections', spec.intersections],
    ['roadSegments', spec.roadSegments],
    ['blocks', spec.blocks],
    ['sidewalks', spec.sidewalks],
    ['buildings', spec.buildings],
    ['parks', spec.parks],
    ['bridges', spec.bridges],
    ['depots', spec.depots],
    ['pads', spec.pads],
    ['noFlyZones', spec.noFlyZones],
  ];
  for (const [key, items] of lists) {
    items.forEach((item, index) => {
      if (item.id !== index) issue([key, index, 'id'], `must equal its position in ${key} (${index}) (got ${item.id})`);
    });
  }

  const checkBox = (path: (string | number)[], box: { minX: number; minY: number; maxX: number; maxY: number }): void => {
    if (!(box.maxX > box.minX)) issue([...path, 'maxX'], `must be > minX (${box.minX}) (got ${box.maxX})`);
    if (!(box.maxY > box.minY)) issue([...path, 'maxY'], `must be > minY (${box.minY}) (got ${box.maxY})`);
  };
  const checkRef = (path: (string | number)[], value: number, key: string, count: number): void => {
    if (value >= count) issue(path, `must reference an existing ${key} id in [0, ${count - 1}] (got ${value})`);
  };

  const streetNames = new Set(spec.streets.map((street) => street.name));
  spec.roadSegments.forEach((segment, index) => {
    checkRef(['roadSegments', index, 'streetId'], segment.streetId, 'streets', spec.streets.length);
    checkRef(['roadSegments', index, 'from'], segment.from, 'intersections', spec.intersections.length);
    checkRef(['roadSegments', index, 'to'], segment.to, 'intersections', spec.intersections.length);
    if (segment.from === segment.to) issue(['roadSegments', index, 'to'], `must differ from "from" (got ${segment.to})`);
  });
  spec.blocks.forEach((block, index) => {
    checkBox(['blocks', index], block);
    checkRef(['blocks', index, 'districtId'], block.districtId, 'districts', spec.districts.length);
  });
  spec.sidewalks.forEach((sidewalk, index) => {
    checkBox(['sidewalks', index], sidewalk);
    checkRef(['sidewalks', index, 'blockId'], sidewalk.blockId, 'blocks', spec.blocks.length);
  });
  spec.buildings.forEach((building, index) => {
    checkBox(['buildings', index], building);
    checkRef(['buildings', index, 'districtId'], building.districtId, 'districts', spec.districts.length);
    checkRef(['buildings', index, 'blockId'], building.blockId, 'blocks', spec.blocks.length);
    if (!streetNames.has(building.address.street)) {
      issue(['buildings', index, 'address', 'street'], `must name a street in streets (got "${building.address.street}")`);
    }
  });
  spec.parks.forEach((park, index) => {
    checkBox(['parks', index], park);
    checkRef(['parks', index, 'blockId'], park.blockId, 'blocks', spec.blocks.length);
  });
  spec.bridges.forEach((bridge, index) => {
    bridge.roadSegmentIds.forEach((segmentId, k) =>
      checkRef(['bridges', index, 'roadSegmentIds', k], segmentId, 'roadSegments', spec.roadSegments.length),
    );
  });
  spec.depots.forEach((depot, index) => {
    checkBox(['depots', index], depot);
    checkRef(['depots', index, 'blockId'], depot.blockId, 'blocks', spec.blocks.length);
  });
  spec.pads.forEach((pad, index) => {
    checkRef(['pads', index, 'buildingId'], pad.buildingId, 'buildings', spec.buildings.length);
    if (pad.kind === 'rooftop' && pad.buildingId < 0) issue(['pads', index, 'buildingId'], 'must name the building of a rooftop pad (got -1)');
  });
  spec.noFlyZones.forEach((zone, index) => {
    if (zone.shape === 'box') checkBox(['noFlyZones', index], zone);
    if (!(zone.maxZ > zone.minZ)) issue(['noFlyZones', index, 'maxZ'], `must be > minZ (${zone.minZ}) (got ${zone.maxZ})`);
  });
}
