/**
 * The recorder's face: a FleetRecorder writes one episode as `NAME.arrow` (one row per recorded
 * frame) plus `NAME.events.jsonl` (every event). Writing files is Node-only, so this module loads
 * the file recorder with a dynamic import and stays safe to bundle for the browser.
 */
import type { FleetFrame } from '../fleet/fleet-frame.ts';
import type { RecordingOptions } from './recording-encoder.ts';
import type { FleetRecording } from './recording-reader.ts';

export interface FleetRecorderOptions extends RecordingOptions {
  /** Record one frame in `every` (default 1); events of the frames in between are never dropped. */
  every?: number;
  /** Rows per Arrow record batch, written to disk as soon as it fills (default 64). */
  batchFrames?: number;
}

export interface RecordingSummary {
  path: string;
  eventsPath: string;
  frames: number;
  events: number;
  firstStep: number | null;
  lastStep: number | null;
  bytes: number;
}

export interface FleetRecorder {
  readonly path: string;
  readonly eventsPath: string;
  /** Rows recorded so far (written or waiting in the current batch). */
  readonly framesRecorded: number;
  /**
   * Records a frame (or only its events, when `every` skips it). A frame that does not fit the
   * recording (another fleet, a step that goes back) throws a RangeError and changes nothing.
   */
  write(frame: FleetFrame): void;
  /** Writes the rows waiting in the current batch and waits until the bytes reach the file. */
  flush(): Promise<void>;
  /** Writes the last rows and the Arrow footer; the recorder cannot be used afterwards. */
  close(): Promise<RecordingSummary>;
}

/** The events file that goes with a recording: `run.arrow` → `run.events.jsonl`. */
export function eventsPathFor(recordingPath: string): string {
  return recordingPath.replace(/\.arrow$/i, '') + '.events.jsonl';
}

/** Opens `path` (created with its folders; an existing file is replaced) for one episode. */
export async function openFleetRecorder(path: string, options: FleetRecorderOptions = {}): Promise<FleetRecorder> {
  const { FleetFileRecorder } = await import('./fleet-recorder.node.ts');
  return FleetFileRecorder.open(path, options);
}

/** Reads a `.arrow` recording from disk (Node). */
export async function readRecordingFile(path: string): Promise<FleetRecording> {
  const { readRecordingFromDisk } = await import('./recording-file.node.ts');
  return readRecordingFromDisk(path);
}
