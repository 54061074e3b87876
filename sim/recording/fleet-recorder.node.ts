/**
 * The file recorder (Node): Arrow IPC rows plus JSON lines of events. While the episode runs the
 * `.arrow` file is an Arrow IPC *stream*, and each full record batch goes to disk at once in one
 * synchronous write, so a process killed mid-episode leaves a file any Arrow reader opens, with
 * every batch but at most the one being written. A clean close rewrites it in the IPC *file*
 * form (magic, the same stream, footer) under a temporary name and renames it into place.
 */
import { closeSync, fstatSync, mkdirSync, openSync, readSync, renameSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';
import { AsyncByteQueue, Table } from 'apache-arrow';
import type { FleetEvent, FleetFrame } from '../fleet/fleet-frame.ts';
import { checkFrameFits, RecordingEncoder, StreamThenFileWriter } from './recording-encoder.ts';
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
  private readonly writer = new StreamThenFileWriter();
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
    this.arrowFd = openSync(path, 'w+');
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
      const bytes = this.rewriteAsFile();
      return {
        path: this.path,
        eventsPath: this.eventsPath,
        frames: this.rows,
        events: this.eventCount,
        firstStep: this.firstStep,
        lastStep: this.lastStep,
        bytes,
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

  /** Everything the writer emitted since the last call, in one write (a kill leaves it whole or, rarely, the last batch torn). */
  private writeChunks(): void {
    const chunks = this.sink.take();
    if (chunks.length === 0) return;
    const bytes = new Uint8Array(chunks.reduce((sum, chunk) => sum + chunk.byteLength, 0));
    let offset = 0;
    for (const chunk of chunks) {
      bytes.set(chunk, offset);
      offset += chunk.byteLength;
    }
    writeAll(this.arrowFd, bytes);
  }

  /** The finished stream, behind the file magic, under a temporary name, then renamed over it; returns its size. */
  private rewriteAsFile(): number {
    const temporary = `${this.path}.closing`;
    const fd = openSync(temporary, 'w');
    try {
      writeAll(fd, StreamThenFileWriter.FILE_PREFIX);
      const buffer = new Uint8Array(COPY_CHUNK_BYTES);
      const size = fstatSync(this.arrowFd).size;
      for (let position = 0; position < size;) {
        const read = readSync(this.arrowFd, buffer, 0, buffer.byteLength, position);
        if (read === 0) break;
        writeAll(fd, buffer.subarray(0, read));
        position += read;
      }
      const total = fstatSync(fd).size;
      closeSync(fd);
      renameSync(temporary, this.path);
      return total;
    } catch (error) {
      try { closeSync(fd); } catch { /* already closed */ }
      throw error;
    }
  }

  private writeEventLines(): void {
    if (this.pendingLines.length === 0) return;
    writeAll(this.eventsFd, new TextEncoder().encode(this.pendingLines.join('\n') + '\n'));
    this.pendingLines = [];
  }
}

const COPY_CHUNK_BYTES = 4 * 1024 * 1024;

function writeAll(fd: number, bytes: Uint8Array): void {
  for (let offset = 0; offset < bytes.byteLength; ) offset += writeSync(fd, bytes, offset, bytes.byteLength - offset);
}

function checkWhole(name: string, value: number, min: number, max: number): number {
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new RangeError(`${name} = ${String(value)}; accepted: a whole number from ${min} to ${max}`);
  }
  return value;
}
