/**
 * Trajectories: where each vehicle was over the last `windowSeconds`, drawn as one line-segment
 * buffer for the whole fleet (one draw call), fading with age. Samples are kept per vehicle;
 * going back in time (a scrub) clears them and the caller refills the window.
 */
import { Color } from 'three';
import type { FleetFrame } from '../../../sim/index.ts';
import { CITY_COLOURS, FLEET_COLOURS } from './viewer-colours.ts';
import { WideLineSegments } from './wide-line-segments.ts';

export type TrailMode = 'all' | 'selected' | 'off';

const SAMPLE_INTERVAL = 0.2; // s between kept samples
const MAX_TRAILS = 400; // vehicles with a trail at once; the selected one always has one

export class TrailLayer {
  readonly lines = new WideLineSegments('trails', 2.5);
  windowSeconds = 30;
  mode: TrailMode;
  private readonly history = new Map<string, number[]>(); // t, x, y, z per sample
  private lastSampleT = -Infinity;
  private dirty = true;

  constructor(fleetSize = 0) {
    this.mode = fleetSize > 200 ? 'selected' : 'all';
  }

  clear(): void {
    this.history.clear();
    this.lastSampleT = -Infinity;
    this.dirty = true;
  }

  /** Adds the frame's positions if enough time passed since the last sample. */
  record(frame: FleetFrame): void {
    if (frame.t < this.lastSampleT) this.clear();
    if (frame.t - this.lastSampleT < SAMPLE_INTERVAL) return;
    const positions = new Float32Array(3 * frame.vehicles.length);
    frame.vehicles.forEach((vehicle, i) => positions.set(vehicle.position, 3 * i));
    this.recordSample(frame.t, frame.vehicles.map((vehicle) => vehicle.id), positions);
  }

  /** Adds positions (3 per id, ENU) at time t if enough time passed since the last sample. */
  recordSample(t: number, ids: readonly string[], positions: ArrayLike<number>): void {
    if (t < this.lastSampleT) this.clear();
    if (t - this.lastSampleT < SAMPLE_INTERVAL) return;
    this.lastSampleT = t;
    const oldest = t - this.windowSeconds;
    ids.forEach((id, i) => {
      let samples = this.history.get(id);
      if (!samples) this.history.set(id, (samples = []));
      samples.push(t, positions[3 * i], positions[3 * i + 1], positions[3 * i + 2]);
      let drop = 0;
      while (drop < samples.length && samples[drop] < oldest) drop += 4;
      if (drop) samples.splice(0, drop);
    });
    this.dirty = true;
  }

  /** Seconds between kept samples (callers refilling a window need no more than this). */
  get sampleInterval(): number {
    return SAMPLE_INTERVAL;
  }

  /** Rewrites the line buffer when samples, the mode or the selection changed. */
  refresh(selected: string | null, now: number, force = false): void {
    if (!this.dirty && !force) return;
    this.dirty = false;
    let ids: string[] = [];
    if (this.mode === 'all') ids = [...this.history.keys()].slice(0, MAX_TRAILS);
    if (this.mode !== 'off' && selected && this.history.has(selected) && !ids.includes(selected)) ids.push(selected);
    let segments = 0;
    for (const id of ids) segments += Math.max(0, this.history.get(id)!.length / 4 - 1);
    this.lines.reserve(segments);
    const { positions, colours } = this.lines;
    const fresh = new Color(), faded = new Color(CITY_COLOURS.sidewalk), colour = new Color();
    let segment = 0;
    for (const id of ids) {
      const samples = this.history.get(id)!;
      fresh.set(id === selected ? FLEET_COLOURS.trailSelected : FLEET_COLOURS.trail);
      for (let k = 4; k < samples.length; k += 4) {
        positions.set([samples[k - 3], samples[k - 2], samples[k - 1], samples[k + 1], samples[k + 2], samples[k + 3]], 6 * segment);
        const ageStart = Math.min(1, Math.max(0, (now - samples[k - 4]) / this.windowSeconds));
        const ageEnd = Math.min(1, Math.max(0, (now - samples[k]) / this.windowSeconds));
        colour.copy(fresh).lerp(faded, 0.8 * ageStart);
        colours.set([colour.r, colour.g, colour.b], 6 * segment);
        colour.copy(fresh).lerp(faded, 0.8 * ageEnd);
        colours.set([colour.r, colour.g, colour.b], 6 * segment + 3);
        segment++;
      }
    }
    this.lines.setCount(segment);
  }

  /** Segments drawn (one per pair of consecutive samples). */
  get segmentCount(): number {
    return this.lines.count;
  }
}
