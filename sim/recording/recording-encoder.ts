/**
 * Turns FleetFrames into Arrow record batches (the rows of a recording). Pure apache-arrow, so it
 * runs in Node (the file recorder) and in the browser (a viewer saving what it streamed).
 */
import { makeBuilder, makeData, Message, RecordBatch, RecordBatchFileWriter, Struct, Table, type Builder, type Schema } from 'apache-arrow';
import type { FleetEvent, FleetFrame } from '../fleet/fleet-frame.ts';
import { recordingSchema, RECORDING_COLUMNS, type RecordedVehicle, type RecordingHeader } from './recording-columns.ts';

/** What a recorder needs besides the frames; the vehicles come from the first frame. */
export interface RecordingOptions {
  /** The WorldSpec the episode runs in, stored in the file so a replay needs nothing else. */
  world?: unknown;
  meta?: Record<string, unknown>;
}

export class RecordingEncoder {
  readonly header: RecordingHeader;
  readonly schema: Schema;
  private readonly builders: Builder[];
  private rows = 0;
  private lastStep = -Infinity;

  constructor(header: RecordingHeader) {
    this.header = header;
    this.schema = recordingSchema(header);
    this.builders = RECORDING_COLUMNS.map(([, type]) => makeBuilder({ type, nullValues: [null, undefined] }));
  }

  /** A header whose vehicles are the first frame's, in its order. */
  static headerFor(first: FleetFrame, options: RecordingOptions = {}): RecordingHeader {
    return {
      vehicles: first.vehicles.map((vehicle) => ({ id: vehicle.id, kind: vehicle.kind })),
      world: options.world ?? null,
      meta: options.meta ?? {},
    };
  }

  get pendingRows(): number {
    return this.rows;
  }

  /**
   * Appends one row. `events` replaces the frame's own events when the caller folded in those of
   * frames it did not record. Throws, appending nothing, when the frame does not fit the recording.
   */
  append(frame: FleetFrame, events: FleetEvent[] = frame.events): void {
    checkFrameFits(frame, this.header.vehicles, this.lastStep);
    this.lastStep = frame.step;
    const vehicles = frame.vehicles, parcels = frame.parcels, count = vehicles.length;
    const position = new Float32Array(3 * count), attitude = new Float32Array(4 * count), velocity = new Float32Array(3 * count);
    const battery = new Float32Array(count), target = new Float32Array(3 * count);
    vehicles.forEach((vehicle, i) => {
      position.set(vehicle.position, 3 * i);
      attitude.set(vehicle.attitude, 4 * i);
      velocity.set(vehicle.velocity, 3 * i);
      battery[i] = vehicle.battery;
      target.set(vehicle.target ?? [NaN, NaN, NaN], 3 * i);
    });
    const parcelPosition = new Float32Array(3 * parcels.length);
    parcels.forEach((parcel, i) => parcelPosition.set(parcel.position, 3 * i));
    const values: unknown[] = [
      frame.step,
      frame.t,
      position,
      attitude,
      velocity,
      vehicles.map((vehicle) => vehicle.status),
      battery,
      vehicles.map((vehicle) => vehicle.cargo),
      vehicles.map((vehicle) => vehicle.skill),
      target,
      parcels.map((parcel) => parcel.id),
      parcelPosition,
      parcels.map((parcel) => parcel.state),
      parcels.map((parcel) => parcel.carriedBy),
      parcels.map((parcel) => parcel.orderId),
      JSON.stringify(frame.orders),
      JSON.stringify(frame.metrics),
      JSON.stringify(events),
    ];
    values.forEach((value, column) => this.builders[column].append(value));
    this.rows++;
  }

  /** The rows appended since the last flush as one record batch (empty when there are none). */
  flush(): RecordBatch {
    const children = this.builders.map((builder) => builder.flush());
    const length = this.rows;
    this.rows = 0;
    const data = makeData({ type: new Struct(this.schema.fields), length, nullCount: 0, children });
    return new RecordBatch(this.schema, data);
  }
}

/** Throws a RangeError naming what is wrong when `frame` cannot follow `lastStep` in a recording of `vehicles`. */
export function checkFrameFits(frame: FleetFrame, vehicles: readonly RecordedVehicle[], lastStep: number): void {
  if (!Number.isInteger(frame.step) || frame.step <= lastStep) {
    throw new RangeError(`frame step = ${String(frame.step)}; accepted: a whole number greater than the previous recorded step (${lastStep})`);
  }
  if (!Number.isFinite(frame.t)) throw new RangeError(`frame t = ${String(frame.t)} at step ${frame.step}; accepted: a finite number of seconds`);
  const ids = frame.vehicles.map((vehicle) => vehicle.id);
  const same = ids.length === vehicles.length && ids.every((id, i) => id === vehicles[i].id && frame.vehicles[i].kind === vehicles[i].kind);
  if (!same) {
    throw new RangeError(
      `frame at step ${frame.step} has vehicles [${ids.join(', ')}] but this recording's are [${vehicles.map((v) => v.id).join(', ')}]; ` +
        'a recording holds one episode with a fixed fleet: start a new recorder after a reset',
    );
  }
}

/**
 * An Arrow IPC file writer that also puts the schema message right after the leading magic, as
 * the format allows (magic, stream, footer). This writer otherwise keeps the schema only in the
 * footer, and a file whose writer died before the footer could not be read at all.
 */
export class RecoverableArrowFileWriter extends RecordBatchFileWriter {
  protected override _writeSchema(schema: Schema): this {
    return this._writeMagic()._writePadding(2)._writeMessage(Message.from(schema));
  }
}

/**
 * The writer behind a recording on disk: it emits the Arrow IPC *stream* (schema, then each
 * record batch), which standard readers open however early the process died, while counting
 * offsets as if the file's 8 leading bytes (magic and padding) came first. `finish()` then adds
 * the end-of-stream marker and the footer, so those 8 bytes followed by everything it emitted
 * are the IPC *file* form.
 */
export class StreamThenFileWriter extends RecordBatchFileWriter {
  /** The bytes that turn what this writer emitted into an IPC file when put in front of it. */
  static readonly FILE_PREFIX = new Uint8Array([0x41, 0x52, 0x52, 0x4f, 0x57, 0x31, 0, 0]); // "ARROW1" + 2 padding

  protected override _writeSchema(schema: Schema): this {
    this._position += StreamThenFileWriter.FILE_PREFIX.byteLength;
    return this._writeMessage(Message.from(schema));
  }
}

/** A whole recording in memory, Arrow IPC file format (the bytes of a `.arrow` file). */
export function encodeRecording(frames: FleetFrame[], options: RecordingOptions = {}): Uint8Array {
  if (frames.length === 0) throw new RangeError('frames is empty; accepted: at least one FleetFrame (the vehicles come from the first)');
  const encoder = new RecordingEncoder(RecordingEncoder.headerFor(frames[0], options));
  for (const frame of frames) encoder.append(frame);
  const writer = new RecoverableArrowFileWriter();
  writer.write(encoder.flush());
  writer.finish();
  return writer.toUint8Array(true);
}
