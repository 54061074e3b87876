/**
 * The columns and schema metadata of a recording (docs/recording-format.md): one Arrow row per
 * recorded frame, per-vehicle values in the fixed vehicle order named by `skyline.vehicles`.
 * Shared by the encoder (Node and browser) and the reader (the viewer, tests, Python via pyarrow).
 */
import { Field, Float32, Float64, Int32, List, Schema, Utf8, type DataType } from 'apache-arrow';
import { FLEET_FRAME_VERSION, type VehicleKind } from '../fleet/fleet-frame.ts';

export const RECORDING_FORMAT_VERSION = 1;

export const RECORDING_METADATA_KEY = {
  version: 'skyline.version',
  frameVersion: 'skyline.frame_version',
  world: 'skyline.world',
  vehicles: 'skyline.vehicles',
  meta: 'skyline.meta',
} as const;

/** One vehicle of a recording, in column order. */
export interface RecordedVehicle {
  id: string;
  kind: VehicleKind;
}

const float32List = (): List => new List(new Field('item', new Float32(), false));
const stringList = (nullableItems: boolean): List => new List(new Field('item', new Utf8(), nullableItems));

/** Column name → Arrow type, in file order. */
export const RECORDING_COLUMNS: readonly (readonly [string, DataType])[] = [
  ['step', new Int32()],
  ['t', new Float64()],
  ['position', float32List()], // 3 × vehicles, ENU metres
  ['attitude', float32List()], // 4 × vehicles, w, x, y, z
  ['velocity', float32List()], // 3 × vehicles, m/s
  ['status', stringList(false)], // per vehicle
  ['battery', float32List()], // per vehicle, 0..1
  ['cargo', new List(new Field('item', stringList(false), false))], // per vehicle: parcel ids carried
  ['skill', stringList(true)], // per vehicle: running skill or null
  ['target', float32List()], // 3 × vehicles, NaN where a vehicle has no target
  ['parcel_id', stringList(false)],
  ['parcel_position', float32List()], // 3 × parcels
  ['parcel_state', stringList(false)],
  ['parcel_carried_by', stringList(true)],
  ['parcel_order_id', stringList(true)],
  ['orders', new Utf8()], // JSON array of OrderFrame
  ['metrics', new Utf8()], // JSON object of numbers
  ['events', new Utf8()], // JSON array of the FleetEvents since the previous recorded row
];

export interface RecordingHeader {
  vehicles: RecordedVehicle[];
  /** The WorldSpec the episode ran in (plain JSON), or null. */
  world: unknown | null;
  /** Free-form description of the episode: task, seed, agents, model... */
  meta: Record<string, unknown>;
}

export function recordingSchema(header: RecordingHeader): Schema {
  const metadata = new Map<string, string>([
    [RECORDING_METADATA_KEY.version, String(RECORDING_FORMAT_VERSION)],
    [RECORDING_METADATA_KEY.frameVersion, String(FLEET_FRAME_VERSION)],
    [RECORDING_METADATA_KEY.vehicles, JSON.stringify(header.vehicles)],
    [RECORDING_METADATA_KEY.meta, JSON.stringify(header.meta)],
  ]);
  if (header.world !== null && header.world !== undefined) metadata.set(RECORDING_METADATA_KEY.world, JSON.stringify(header.world));
  const fields = RECORDING_COLUMNS.map(([name, type]) => new Field(name, type, false));
  return new Schema(fields, metadata);
}
