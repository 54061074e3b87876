/**
 * Playback of a recording: a clock in simulated seconds that advances with real time × speed,
 * and the row it lands on. Scrubbing sets the row (and the clock to that row's time).
 */
import type { FleetRecording } from '../../../sim/index.ts';

export const PLAYBACK_SPEEDS = [0.1, 0.25, 0.5, 1, 2, 4, 8, 16, 32] as const;

export class RecordingPlayer {
  readonly recording: FleetRecording;
  row = 0;
  playing = false;
  speed = 1;
  private clock: number;

  constructor(recording: FleetRecording) {
    this.recording = recording;
    this.clock = recording.frameCount ? recording.times[0] : 0;
  }

  get lastRow(): number {
    return Math.max(0, this.recording.frameCount - 1);
  }

  get time(): number {
    return this.clock;
  }

  get step(): number {
    return this.recording.frameCount ? this.recording.steps[this.row] : 0;
  }

  /** Advances the clock by a real-time interval; true when the row changed. */
  tick(realSeconds: number): boolean {
    if (!this.playing || this.recording.frameCount === 0) return false;
    const end = this.recording.times[this.lastRow];
    this.clock = Math.min(end, this.clock + realSeconds * this.speed);
    if (this.clock >= end) this.playing = false;
    const row = this.rowAtTime(this.clock);
    if (row === this.row) return false;
    this.row = row;
    return true;
  }

  seekRow(row: number): void {
    this.row = Math.max(0, Math.min(this.lastRow, Math.round(row)));
    this.clock = this.recording.frameCount ? this.recording.times[this.row] : 0;
  }

  /** Shows the last row recorded at or before `step`. */
  seekStep(step: number): void {
    this.seekRow(this.recording.indexAtOrBefore(step));
  }

  play(): void {
    if (this.row >= this.lastRow) this.seekRow(0);
    this.playing = true;
  }

  pause(): void {
    this.playing = false;
  }

  changeSpeed(direction: 1 | -1): void {
    const index = PLAYBACK_SPEEDS.indexOf(this.speed as (typeof PLAYBACK_SPEEDS)[number]);
    const next = Math.max(0, Math.min(PLAYBACK_SPEEDS.length - 1, (index < 0 ? 3 : index) + direction));
    this.speed = PLAYBACK_SPEEDS[next];
  }

  rowAtTime(t: number): number {
    const times = this.recording.times;
    let low = 0, high = times.length - 1;
    if (high < 0 || t <= times[0]) return 0;
    while (low < high) {
      const mid = (low + high + 1) >> 1;
      if (times[mid] <= t) low = mid;
      else high = mid - 1;
    }
    return low;
  }
}
