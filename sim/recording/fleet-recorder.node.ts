/**
 * The file recorder (Node): Arrow IPC rows plus JSON lines of events. Each full record batch goes
 * to disk at once with a synchronous write, so a process that dies mid-episode leaves every whole
 * batch readable (the reader recovers a file without its footer).
 */
import { closeSync, fstatSync, mkdirSync, openSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';
import { AsyncByteQueue, Table } from 'apache-arrow';
import type { FleetEvent, FleetFrame } from '../fleet/fleet-frame.ts';
import { checkFrameFits, RecordingEncoder, RecoverableArrowFileWriter } from './recording-encoder.ts';
import { eventsPathFor, type FleetRecorder, type FleetRecorderOptions, type RecordingSummary } from './fleet-recorder.ts';

/** Collects what the Arrow writer emits until the recorder writes it to the file in one call. */
class ChunkSink extends AsyncByteQueue {
  chunks: Uint8Array[] = [];
  override write(value: Uint8Array): void {
    if (value.byteLength > 0) this.chunks.push(value.slice());
  }
  take(): Uint8Array[] {
    const chunks = this.chunks;
    this.chunks = [];
    return chunks;
  }
}

export class FleetFileRecorder implements FleetRecorder {
  readonly path: string;
  readonly eventsPath: string;
  private readonly options: FleetRecorderOptions;
  private readonly every: number;
  private readonly batchFrames: number;
  private readonly arrowFd: number;
  private readonly eventsFd: number;
  private readonly sink = new ChunkSink();
  private readonly writer = new RecoverableArrowFileWriter();
  private encoder: RecordingEncoder | null = null;
  private framesSeen = 0;
  private rows = 0;
  private eventCount = 0;
  private pendingEvents: FleetEvent[] = []; // events of skipped frames, for the next recorded row
  private pendingLines: string[] = [];
  private skippedLast: FleetFrame | null = null;
  private firstStep: number | null = null;
  private lastStep: number | null = null;
  private lastSeenStep = -Infinity;
  private closed = false;

  private constructor(path: string, options: FleetRecorderOptions) {
    this.path = path;
    this.eventsPath = eventsPathFor(path);
    this.options = options;
    this.every = checkWhole('every', options.every ?? 1, 1, 1_000_000);
    this.batchFrames = checkWhole('batchFrames', options.batchFrames ?? 64, 1, 1_000_000);
    mkdirSync(dirname(path), { recursive: true });
    this.arrowFd = openSync(path, 'w');
    try {
      this.eventsFd = openSync(this.eventsPath, 'w');
    } catch (error) {
      closeSync(this.arrowFd);
      throw error;
    }
    this.writer.reset(this.sink);
  }

  static async open(path: string, options: FleetRecorderOptions = {}): Promise<FleetFileRecorder> {
    if (typeof path !== 'string' || path.length === 0) throw new TypeError('recording path is empty; accepted: a file path such as runs/episode.arrow');
    return new FleetFileRecorder(path, options);
  }

  get framesRecorded(): number {
    return this.rows;
  }

  write(frame: FleetFrame): void {
    if (this.closed) throw new Error(`the recorder of ${this.path} is closed; open a new one`);
    this.encoder ??= new RecordingEncoder(RecordingEncoder.headerFor(frame, this.options));
    const recordThis = this.framesSeen % this.every === 0;
    if (recordThis) {
      // Throws before anything changes when the frame does not fit.
      this.encoder.append(frame, this.pendingEvents.length ? [...this.pendingEvents, ...frame.events] : frame.events);
      this.pendingEvents = [];
      this.skippedLast = null;
      this.rows++;
      this.firstStep ??= frame.step;
      this.lastStep = frame.step;
    } else {
      checkFrameFits(frame, this.encoder.header.vehicles, this.lastSeenStep);
      this.pendingEvents.push(...frame.events);
      this.skippedLast = frame;
    }
    this.framesSeen++;
    this.lastSeenStep = frame.step;
    for (const event of frame.events) this.pendingLines.push(JSON.stringify(event));
    this.eventCount += frame.events.length;
    if (this.encoder.pendingRows >= this.batchFrames) this.writeBatch();
  }

  async flush(): Promise<void> {
    if (this.closed) return;
    if (this.encoder && this.encoder.pendingRows > 0) this.writeBatch();
    else this.writeEventLines();
  }

  async close(): Promise<RecordingSummary> {
    if (this.closed) throw new Error(`the recorder of ${this.path} is already closed`);
    // The episode's last frame always makes it into the file, whatever `every` skipped.
    if (this.skippedLast && this.encoder) {
      this.encoder.append(this.skippedLast, this.pendingEvents);
      this.rows++;
      this.lastStep = this.skippedLast.step;
    }
    this.closed = true;
    try {
      if (this.encoder) {
        if (this.encoder.pendingRows > 0 || this.rows === 0) this.writeBatch();
      } else {
        // No frame at all: a valid file with the schema and no rows.
        const empty = new RecordingEncoder({ vehicles: [], world: this.options.world ?? null, meta: this.options.meta ?? {} });
        this.writer.write(new Table(empty.schema));
      }
      this.writer.finish();
      this.writeChunks();
      this.writeEventLines();
      return {
        path: this.path,
        eventsPath: this.eventsPath,
        frames: this.rows,
        events: this.eventCount,
        firstStep: this.firstStep,
        lastStep: this.lastStep,
        bytes: fstatSync(this.arrowFd).size,
      };
    } finally {
      closeSync(this.arrowFd);
      closeSync(this.eventsFd);
    }
  }

  private writeBatch(): void {
    this.writer.write(this.encoder!.flush());
    this.writeChunks();
    this.writeEventLines();
  }

  private writeChunks(): void {
    for (const chunk of this.sink.take()) writeAll(this.arrowFd, chunk);
  }

  private writeEventLines(): void {
    if (this.pendingLines.length === 0) return;
    writeAll(this.eventsFd, new TextEncoder().encode(this.pendingLines.join('\n') + '\n'));
    this.pendingLines = [];
  }
}

function writeAll(fd: number, bytes: Uint8Array): void {
  for (let offset = 0; offset < bytes.byteLength; ) offset += writeSync(fd, bytes, offset, bytes.byteLength - offset);
}

function checkWhole(name: string, value: number, min: number, max: number): number {
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new RangeError(`${name} = ${String(value)}; accepted: a whole number from ${min} to ${max}`);
  }
  return value;
}
