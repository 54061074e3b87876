import { mkdtempSync, readFileSync, rmSync, statSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeRecording, FleetRecording, openFleetRecorder, readRecordingFile, RecordingFormatError, type FleetFrame } from '../../sim/index.ts';
import type { WorldSpec } from '../../worlds/index.ts';
import { simulateCityFlight } from './city-flight-episode.ts';

let folder: string;
let world: WorldSpec;
let frames: FleetFrame[];

beforeAll(async () => {
  folder = mkdtempSync(join(tmpdir(), 'skyline-recording-'));
  ({ world, frames } = await simulateCityFlight({ seconds: 20, frameEvery: 5 }));
});

afterAll(() => rmSync(folder, { recursive: true, force: true }));

function expectPositionsOf(recording: FleetRecording, row: number, frame: FleetFrame): void {
  const positions = recording.positionsAt(row);
  frame.vehicles.forEach((vehicle, i) => {
    for (let axis = 0; axis < 3; axis++) expect(positions[3 * i + axis]).toBe(Math.fround(vehicle.position[axis]));
  });
}

describe('the fleet recorder', () => {
  it('writes every frame of a simulated episode and reads back the same steps, poses, cargo and events', async () => {
    const path = join(folder, 'whole.arrow');
    const recorder = await openFleetRecorder(path, { world, meta: { task: 'city-flight', seed: 11 }, batchFrames: 16 });
    for (const frame of frames) recorder.write(frame);
    const summary = await recorder.close();
    const eventCount = frames.reduce((sum, frame) => sum + frame.events.length, 0);
    expect(summary).toMatchObject({ frames: frames.length, events: eventCount, firstStep: 0, lastStep: frames[frames.length - 1].step });
    expect(summary.bytes).toBe(statSync(path).size);

    const recording = await readRecordingFile(path);
    expect(recording.complete).toBe(true);
    expect(recording.frameCount).toBe(frames.length);
    expect(Array.from(recording.steps)).toEqual(frames.map((frame) => frame.step));
    expect((recording.world as WorldSpec).name).toBe(world.name);
    expect((recording.world as WorldSpec).buildings.length).toBe(world.buildings.length);
    expect(recording.meta).toEqual({ task: 'city-flight', seed: 11 });
    expect(recording.vehicles.map((vehicle) => `${vehicle.id}:${vehicle.kind}`)).toEqual(frames[0].vehicles.map((vehicle) => `${vehicle.id}:${vehicle.kind}`));
    for (const row of [0, 7, frames.length - 1]) expectPositionsOf(recording, row, frames[row]);

    // A whole frame survives the trip, down to cargo, skills, targets, parcels and orders.
    const row = Math.floor(frames.length / 2), original = frames[row], read = recording.frameAt(row);
    expect(read.vehicles.map((vehicle) => [vehicle.status, vehicle.cargo, vehicle.skill, vehicle.target === null]))
      .toEqual(original.vehicles.map((vehicle) => [vehicle.status, vehicle.cargo, vehicle.skill, vehicle.target === null]));
    expect(read.parcels.map((parcel) => [parcel.id, parcel.state, parcel.carriedBy, parcel.orderId]))
      .toEqual(original.parcels.map((parcel) => [parcel.id, parcel.state, parcel.carriedBy, parcel.orderId]));
    expect(read.orders).toEqual(original.orders);
    expect(read.metrics).toEqual(original.metrics);

    // Events: in the rows, and one JSON line each, with the crash the episode contains.
    expect(recording.events.length).toBe(eventCount);
    const lines = readFileSync(recorder.eventsPath, 'utf8').trim().split('\n').map((line) => JSON.parse(line));
    expect(lines).toEqual(frames.flatMap((frame) => frame.events));
    expect(lines.filter((event) => event.kind === 'crash')).toHaveLength(1);
  });

  it('records one frame in N without losing the events in between, and always the last frame', async () => {
    const path = join(folder, 'sparse.arrow');
    const recorder = await openFleetRecorder(path, { world, every: 7 });
    for (const frame of frames) recorder.write(frame);
    await recorder.close();
    const recording = await readRecordingFile(path);
    const expectedRows = frames.filter((_, k) => k % 7 === 0);
    if ((frames.length - 1) % 7 !== 0) expectedRows.push(frames[frames.length - 1]);
    expect(Array.from(recording.steps)).toEqual(expectedRows.map((frame) => frame.step));
    expect(recording.events.map((event) => `${event.step}:${event.kind}:${event.agent}`))
      .toEqual(frames.flatMap((frame) => frame.events).map((event) => `${event.step}:${event.kind}:${event.agent}`));
    // An event is carried by the first recorded row at or after it.
    recording.events.forEach((event, k) => {
      const row = recording.eventRowIndex[k];
      expect(recording.steps[row]).toBeGreaterThanOrEqual(event.step);
      if (row > 0) expect(recording.steps[row - 1]).toBeLessThan(event.step);
    });
  });

  it('reads the whole batches of a file whose writer died before the footer', async () => {
    const path = join(folder, 'cut.arrow');
    const recorder = await openFleetRecorder(path, { world, batchFrames: 10 });
    for (const frame of frames.slice(0, 35)) recorder.write(frame);
    await recorder.flush(); // rows 0..34 are on disk; the footer is not
    const size = statSync(path).size;
    const copy = join(folder, 'cut-copy.arrow');
    writeFileSync(copy, readFileSync(path));
    truncateSync(copy, size - 100); // and the last batch torn as well
    await recorder.close();

    const whole = await readRecordingFile(copy.replace('cut-copy', 'cut'));
    expect(whole.frameCount).toBe(35);
    const recovered = await readRecordingFile(copy);
    expect(recovered.complete).toBe(false);
    expect(recovered.frameCount).toBe(30); // batches of 10: the torn fourth is dropped
    for (const row of [0, 29]) expectPositionsOf(recovered, row, frames[row]);
  });

  it('rejects a frame of another fleet or an earlier step, naming the problem, and keeps the file readable', async () => {
    const path = join(folder, 'misfit.arrow');
    const recorder = await openFleetRecorder(path, { world });
    recorder.write(frames[0]);
    recorder.write(frames[1]);
    const otherFleet = { ...frames[2], vehicles: frames[2].vehicles.slice(1) };
    expect(() => recorder.write(otherFleet)).toThrow(/has vehicles \[drone-2.*but this recording's are \[drone-1/);
    expect(() => recorder.write(frames[1])).toThrow(/step = 5; accepted: a whole number greater than the previous recorded step \(5\)/);
    recorder.write(frames[2]);
    const summary = await recorder.close();
    expect(summary.frames).toBe(3);
    expect(Array.from((await readRecordingFile(path)).steps)).toEqual([0, 5, 10]);
  });

  it('finds the row to show for any step, between and beyond the recorded ones', () => {
    const recording = FleetRecording.fromBytes(encodeRecording(frames.slice(0, 4), { world })); // steps 0, 5, 10, 15
    expect([-3, 0, 4, 5, 9, 14, 15, 1000].map((step) => recording.indexAtOrBefore(step))).toEqual([0, 0, 0, 1, 1, 2, 3, 3]);
  });

  it('refuses bytes that are not a Skyline recording with a message that says so', async () => {
    expect(() => FleetRecording.fromBytes(new TextEncoder().encode('{"not": "arrow"}'))).toThrow(RecordingFormatError);
    expect(() => FleetRecording.fromBytes(new TextEncoder().encode('{"not": "arrow"}'))).toThrow(/not an Arrow IPC file or stream/);
    await expect(readRecordingFile(join(folder, 'missing.arrow'))).rejects.toThrow(/cannot read recording .*missing\.arrow.*no such file/);
  });
});
