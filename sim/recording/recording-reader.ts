/**
 * Reads a recording's bytes back into FleetFrames (the viewer, tests, tools). Runs in Node and in
 * the browser. A file whose writer died before closing (no Arrow footer) is still read: every
 * whole record batch it holds is recovered, and `complete` says the file was cut short.
 */
import { RecordBatchReader, Table, tableFromIPC, type RecordBatch, type Schema, type Vector } from 'apache-arrow';
import type { FleetEvent, FleetFrame, OrderFrame, ParcelFrame, VehicleFrame } from '../fleet/fleet-frame.ts';
import { FLEET_FRAME_VERSION } from '../fleet/fleet-frame.ts';
import { RECORDING_FORMAT_VERSION, RECORDING_METADATA_KEY, type RecordedVehicle } from './recording-columns.ts';

const ARROW_MAGIC = 'ARROW1';

export class RecordingFormatError extends Error {
  override name = 'RecordingFormatError';
}

export class FleetRecording {
  readonly vehicles: readonly RecordedVehicle[];
  /** The WorldSpec stored with the episode (plain JSON, not validated here), or null. */
  readonly world: unknown | null;
  readonly meta: Record<string, unknown>;
  readonly frameCount: number;
  /** Simulation step and simulated seconds of each recorded row. */
  readonly steps: Int32Array;
  readonly times: Float64Array;
  /** Every event of the episode in order; `eventRowIndex[k]` is the row that carries event k. */
  readonly events: readonly FleetEvent[];
  readonly eventRowIndex: Int32Array;
  /** False when the file had no footer (its writer stopped early) and rows were recovered. */
  readonly complete: boolean;
  private readonly table: Table;
  private readonly columns: Map<string, Vector>;

  private constructor(table: Table, complete: boolean) {
    this.table = table;
    this.complete = complete;
    const metadata = table.schema.metadata;
    const version = metadata.get(RECORDING_METADATA_KEY.version);
    if (version === undefined) {
      throw new RecordingFormatError(`not a Skyline recording: the Arrow schema has no "${RECORDING_METADATA_KEY.version}" metadata`);
    }
    if (Number(version) > RECORDING_FORMAT_VERSION || Number(metadata.get(RECORDING_METADATA_KEY.frameVersion)) > FLEET_FRAME_VERSION) {
      throw new RecordingFormatError(
        `recording format ${version} (frame version ${metadata.get(RECORDING_METADATA_KEY.frameVersion)}) is newer than this reader ` +
          `(format ${RECORDING_FORMAT_VERSION}, frame version ${FLEET_FRAME_VERSION}); update Skyline to read it`,
      );
    }
    this.vehicles = parseJsonMetadata(metadata, RECORDING_METADATA_KEY.vehicles, []) as RecordedVehicle[];
    this.world = parseJsonMetadata(metadata, RECORDING_METADATA_KEY.world, null);
    this.meta = parseJsonMetadata(metadata, RECORDING_METADATA_KEY.meta, {}) as Record<string, unknown>;
    this.columns = new Map(table.schema.fields.map((field) => [field.name, table.getChild(field.name)!]));
    for (const name of ['step', 't', 'position', 'attitude', 'events']) {
      if (!this.columns.has(name)) throw new RecordingFormatError(`recording has no "${name}" column; columns: ${[...this.columns.keys()].join(', ')}`);
    }
    this.frameCount = table.numRows;
    this.steps = Int32Array.from(this.column('step').toArray() as ArrayLike<number>);
    this.times = Float64Array.from(this.column('t').toArray() as ArrayLike<number>);
    const events: FleetEvent[] = [], rows: number[] = [];
    for (let row = 0; row < this.frameCount; row++) {
      for (const event of this.eventsOfRow(row)) {
        events.push(event);
        rows.push(row);
      }
    }
    this.events = events;
    this.eventRowIndex = Int32Array.from(rows);
  }

  /**
   * Reads the bytes of a `.arrow` recording: the IPC file form (a closed recording), or the IPC
   * stream a recorder writes while it runs (what a killed run leaves), whole or cut short.
   */
  static fromBytes(bytes: Uint8Array): FleetRecording {
    if (bytes.byteLength < 8) throw new RecordingFormatError(`recording is ${bytes.byteLength} bytes long; an Arrow IPC file is at least 8`);
    const opensAsFile = new TextDecoder().decode(bytes.subarray(0, 6)) === ARROW_MAGIC;
    try {
      return new FleetRecording(tableFromIPC(bytes), opensAsFile || endsWithEndOfStream(bytes));
    } catch (error) {
      if (error instanceof RecordingFormatError) throw error;
      const opensAsStream = new DataView(bytes.buffer, bytes.byteOffset, 4).getInt32(0, true) === -1;
      if (!opensAsFile && !opensAsStream) throw new RecordingFormatError(`not an Arrow IPC file or stream: ${describe(error)}`);
      return new FleetRecording(recoverBatches(opensAsFile ? bytes.subarray(8) : bytes), false);
    }
  }

  /** The row to show at `step`: the last row recorded at or before it (0 before the first). */
  indexAtOrBefore(step: number): number {
    let low = 0, high = this.frameCount - 1;
    if (high < 0 || step <= this.steps[0]) return 0;
    while (low < high) {
      const mid = (low + high + 1) >> 1;
      if (this.steps[mid] <= step) low = mid;
      else high = mid - 1;
    }
    return low;
  }

  /** Positions of every vehicle at a row: 3 × vehicles, ENU metres (a copy). */
  positionsAt(row: number): Float32Array {
    this.checkRow(row);
    return Float32Array.from(this.column('position').get(row)!.toArray() as Float32Array);
  }

  eventsOfRow(row: number): FleetEvent[] {
    return JSON.parse(this.column('events').get(row) as string) as FleetEvent[];
  }

  /** The whole FleetFrame recorded at a row; its `events` are those recorded with that row. */
  frameAt(row: number): FleetFrame {
    this.checkRow(row);
    const get = (name: string): unknown => this.columns.get(name)?.get(row) ?? null;
    const floats = (name: string): Float32Array => ((get(name) as Vector | null)?.toArray() as Float32Array) ?? new Float32Array(0);
    const strings = (name: string): (string | null)[] => {
      const vector = get(name) as Vector | null;
      return vector ? Array.from({ length: vector.length }, (_, i) => vector.get(i) as string | null) : [];
    };
    const position = floats('position'), attitude = floats('attitude'), velocity = floats('velocity');
    const battery = floats('battery'), target = floats('target');
    const status = strings('status'), skill = strings('skill');
    const cargo = get('cargo') as Vector | null;
    const vehicles: VehicleFrame[] = this.vehicles.map((vehicle, i) => {
      const hasTarget = target.length > 3 * i && Number.isFinite(target[3 * i]);
      const carried = cargo?.get(i) as Vector | null | undefined;
      return {
        id: vehicle.id,
        kind: vehicle.kind,
        position: [position[3 * i], position[3 * i + 1], position[3 * i + 2]],
        attitude: [attitude[4 * i], attitude[4 * i + 1], attitude[4 * i + 2], attitude[4 * i + 3]],
        velocity: velocity.length ? [velocity[3 * i], velocity[3 * i + 1], velocity[3 * i + 2]] : [0, 0, 0],
        status: status[i] ?? 'ok',
        battery: battery.length ? battery[i] : 1,
        cargo: carried ? Array.from({ length: carried.length }, (_, k) => carried.get(k) as string) : [],
        skill: skill[i] ?? null,
        target: hasTarget ? [target[3 * i], target[3 * i + 1], target[3 * i + 2]] : null,
      };
    });
    const parcelIds = strings('parcel_id'), parcelPosition = floats('parcel_position');
    const parcelState = strings('parcel_state'), carriedBy = strings('parcel_carried_by'), orderId = strings('parcel_order_id');
    const parcels: ParcelFrame[] = parcelIds.map((id, i) => ({
      id: id ?? `parcel-${i}`,
      position: [parcelPosition[3 * i], parcelPosition[3 * i + 1], parcelPosition[3 * i + 2]],
      state: (parcelState[i] ?? 'waiting') as ParcelFrame['state'],
      carriedBy: carriedBy[i] ?? null,
      orderId: orderId[i] ?? null,
    }));
    return {
      version: FLEET_FRAME_VERSION,
      step: this.steps[row],
      t: this.times[row],
      vehicles,
      parcels,
      orders: JSON.parse((get('orders') as string | null) ?? '[]') as OrderFrame[],
      metrics: JSON.parse((get('metrics') as string | null) ?? '{}') as Record<string, number>,
      events: this.eventsOfRow(row),
    };
  }

  /** The Arrow table itself, for callers who want columns. */
  get arrowTable(): Table {
    return this.table;
  }

  private column(name: string): Vector {
    return this.columns.get(name)!;
  }

  private checkRow(row: number): void {
    if (!Number.isInteger(row) || row < 0 || row >= this.frameCount) {
      throw new RangeError(`row = ${String(row)}; accepted: a whole number from 0 to ${this.frameCount - 1}`);
    }
  }
}

/** Whether an IPC stream ends with its end-of-stream marker (0xFFFFFFFF then a zero length). */
function endsWithEndOfStream(bytes: Uint8Array): boolean {
  if (bytes.byteLength < 8) return false;
  const tail = new DataView(bytes.buffer, bytes.byteOffset + bytes.byteLength - 8, 8);
  return tail.getInt32(0, true) === -1 && tail.getInt32(4, true) === 0;
}

/** The whole record batches of an IPC stream cut short (a file without its footer). */
function recoverBatches(stream: Uint8Array): Table {
  const batches: RecordBatch[] = [];
  let reader: RecordBatchReader;
  let schema: Schema | null = null;
  try {
    reader = RecordBatchReader.from(stream);
    reader.open();
    schema = reader.schema;
  } catch (error) {
    throw new RecordingFormatError(`the recording was cut short before its schema was written: ${describe(error)}`);
  }
  if (!schema) throw new RecordingFormatError('the recording was cut short before its schema was written');
  try {
    // Bytes in memory give a synchronous reader.
    const iterator = reader as unknown as Iterator<RecordBatch>;
    for (let result = iterator.next(); !result.done; result = iterator.next()) batches.push(result.value);
  } catch {
    // A torn last batch: keep the whole ones before it.
  }
  return batches.length ? new Table(batches) : new Table(schema);
}

function parseJsonMetadata(metadata: Map<string, string>, key: string, fallback: unknown): unknown {
  const text = metadata.get(key);
  if (text === undefined) return fallback;
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new RecordingFormatError(`recording metadata "${key}" is not valid JSON: ${describe(error)}`);
  }
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
