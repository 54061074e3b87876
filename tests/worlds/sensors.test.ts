import { describe, expect, it } from 'vitest';
import {
  CameraSensor,
  DepthCamera,
  LidarSensor,
  PinholeRays,
  SURFACE_BUILDING,
  SURFACE_ROAD,
  SURFACE_SKY,
  SegmentationCamera,
  WorldIndex,
  poseRotation,
  quaternionFromYawPitchRoll,
  type SensorPose,
} from '../../worlds/index.ts';
import { city, specWithBuildings } from './world-fixtures.ts';

/** A red box 40 m east of the origin line, 30 m tall, in an otherwise empty town (a road along y = 5). */
const redBox = { minX: 100, minY: 80, maxX: 140, maxY: 120, height: 30, color: '#c8302c' };
const town = new WorldIndex(specWithBuildings([redBox]));
const facingEast: SensorPose = { position: { x: 60, y: 100, z: 10 }, yaw: 0 };

function worldDirection(rays: PinholeRays, pose: SensorPose, pixel: number): [number, number, number] {
  const r = new Float64Array(9);
  poseRotation(pose, r);
  const [bx, by, bz] = [rays.directions[pixel * 3], rays.directions[pixel * 3 + 1], rays.directions[pixel * 3 + 2]];
  return [r[0] * bx + r[1] * by + r[2] * bz, r[3] * bx + r[4] * by + r[5] * bz, r[6] * bx + r[7] * by + r[8] * bz];
}

describe('depth camera', () => {
  it('reads, at the centre pixel, the raycast distance to the wall ahead', () => {
    const camera = new DepthCamera(town, { width: 65, height: 65, fovDeg: 90 });
    const depth = camera.render(facingEast);
    expect(depth.data[32 * 65 + 32]).toBeCloseTo(40, 5);
  });

  it('equals the raycast distance at every pixel in range mode, and its axial part in planar mode', () => {
    const index = new WorldIndex(city(7));
    const pose: SensorPose = { position: { x: 1000, y: 1000, z: 25 }, yaw: 0.7, pitch: -0.3 };
    const range = new DepthCamera(index, { width: 32, height: 24, fovDeg: 75, mode: 'range', maxDistance: 300 }).render(pose);
    const planarCamera = new DepthCamera(index, { width: 32, height: 24, fovDeg: 75, maxDistance: 300 });
    const planar = planarCamera.render(pose);
    let hits = 0;
    for (let p = 0; p < 32 * 24; p++) {
      const [dx, dy, dz] = worldDirection(planarCamera.rays, pose, p);
      const hit = index.raycast(1000, 1000, 25, dx, dy, dz, 300);
      expect(range.data[p]).toBeCloseTo(hit ? hit.distance : 300, 3);
      if (hit) {
        hits++;
        expect(planar.data[p]).toBeCloseTo(hit.distance * planarCamera.rays.directions[p * 3], 3);
      }
    }
    expect(hits).toBeGreaterThan(300);
  });
});

describe('RGB camera', () => {
  it('paints the known building in its own colour when unlit, and the sky above', () => {
    const camera = new CameraSensor(town, { width: 65, height: 65, fovDeg: 90, lighting: 'flat', hazeDistance: 0 });
    const image = camera.render(facingEast);
    const centre = (32 * 65 + 32) * 3;
    expect([...image.data.subarray(centre, centre + 3)]).toEqual([0xc8, 0x30, 0x2c]);
    const top = (0 * 65 + 32) * 3;
    expect(image.data[top + 2]).toBeGreaterThan(image.data[top]);
  });

  it('shades a wall by the sun and keeps its hue', () => {
    const camera = new CameraSensor(town, { width: 65, height: 65, fovDeg: 90, hazeDistance: 0, sunAzimuthDeg: 270, sunElevationDeg: 30 });
    const image = camera.render({ position: { x: 60, y: 100, z: 11 }, yaw: 0 });
    const light = camera.shading(-1, 0, 0);
    expect(light).toBeCloseTo(0.5 + 0.5 * Math.cos(Math.PI / 6), 9);
    const centre = (32 * 65 + 32) * 3;
    expect([...image.data.subarray(centre, centre + 3)]).toEqual([0xc8, 0x30, 0x2c].map((c) => Math.round(c * light)));
  });

  it('paints the road under a camera looking straight down, lit by the sun', () => {
    const camera = new CameraSensor(town, { width: 9, height: 9, fovDeg: 20, hazeDistance: 0 });
    const image = camera.render({ position: { x: 50, y: 5, z: 30 }, yaw: 0, pitch: -Math.PI / 2 });
    const light = camera.shading(0, 0, 1);
    const centre = (4 * 9 + 4) * 3;
    expect([...image.data.subarray(centre, centre + 3)]).toEqual([84, 87, 94].map((c) => Math.round(c * light)));
  });

  it('gives the same frame for a yaw/pitch pose and its quaternion', () => {
    const index = new WorldIndex(city(7));
    const camera = new CameraSensor(index, { width: 48, height: 32, fovDeg: 80 });
    const position = { x: 900, y: 1100, z: 40 };
    const a = Uint8Array.from(camera.render({ position, yaw: 2.1, pitch: -0.4, roll: 0.1 }).data);
    const b = camera.render({ position, quaternion: quaternionFromYawPitchRoll(2.1, -0.4, 0.1) }).data;
    let largest = 0;
    for (let i = 0; i < a.length; i++) largest = Math.max(largest, Math.abs(a[i] - b[i]));
    expect(largest).toBeLessThanOrEqual(1);
    const colours = new Set<number>();
    for (let i = 0; i < a.length; i += 3) colours.add((a[i] << 16) | (a[i + 1] << 8) | a[i + 2]);
    expect(colours.size).toBeGreaterThan(20);
  });

  it('rejects impossible camera options with what is accepted', () => {
    expect(() => new CameraSensor(town, { width: 0, height: 10, fovDeg: 60 })).toThrow('width: must be an integer in [1, 8192] pixels (got 0)');
    expect(() => new CameraSensor(town, { width: 10, height: 10, fovDeg: 180 })).toThrow('fovDeg: must be a horizontal field of view in (0, 180) degrees (got 180)');
    expect(() => new CameraSensor(town, { width: 10, height: 10, fovDeg: 60 }).render({ position: { x: 0, y: 0, z: 1 }, quaternion: { w: 0, x: 0, y: 0, z: 0 } })).toThrow('pose.quaternion');
  });
});

describe('segmentation camera', () => {
  it('labels the building with its id, the sky and the road', () => {
    const camera = new SegmentationCamera(town, { width: 65, height: 65, fovDeg: 90 });
    const image = camera.render(facingEast);
    expect(image.classes[32 * 65 + 32]).toBe(SURFACE_BUILDING);
    expect(image.instances[32 * 65 + 32]).toBe(0);
    expect(image.classes[32]).toBe(SURFACE_SKY);
    expect(image.instances[32]).toBe(-1);
    const down = camera.render({ position: { x: 50, y: 5, z: 30 }, yaw: 0, pitch: -Math.PI / 2 });
    expect(down.classes[32 * 65 + 32]).toBe(SURFACE_ROAD);
  });
});

describe('lidar', () => {
  it('measures each beam as the raycast along it, with the building ids', () => {
    const lidar = new LidarSensor(town, { beams: 360, channels: 3, minElevationDeg: -10, maxElevationDeg: 10, maxDistance: 150 });
    const scan = lidar.measure(facingEast);
    expect(scan.ranges).toHaveLength(1080);
    // Channel 1 is level; beam 0 looks east at the wall 40 m away, beam 180 looks west at nothing.
    expect(scan.ranges[360 + 0]).toBeCloseTo(40, 6);
    expect(scan.buildingIds[360 + 0]).toBe(0);
    expect(scan.ranges[360 + 180]).toBe(150);
    expect(scan.buildingIds[360 + 180]).toBe(-1);
    for (let i = 0; i < 1080; i += 17) {
      const [bx, by, bz] = [lidar.directions[i * 3], lidar.directions[i * 3 + 1], lidar.directions[i * 3 + 2]];
      const hit = town.raycast(60, 100, 10, bx, by, bz, 150);
      expect(scan.ranges[i]).toBeCloseTo(hit ? hit.distance : 150, 4);
    }
  });
});
