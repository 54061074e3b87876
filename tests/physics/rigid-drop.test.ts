/**
 * A 0.2 m parcel dropped from 10 m onto the ground, and parcels dropped onto a city's roofs, on both engines:
 * landing time against free fall, where it rests, how far it drifts, and whether the engines agree.
 */
import { describe, expect, it } from 'vitest';
import { createRigidWorld, type BodyShape, type ContactEvent, type RigidEngineName } from '../../physics/index.ts';
import { ENGINES, stepUntil } from './rigid-scenes.ts';

const G = 9.81;
const DROP_HEIGHT = 10; // centre of the parcel at release, metres
const HALF = 0.1; // half edge of the 0.2 m cube, and the sphere's radius

interface DropResult {
  firstContactTime: number;
  rest: { x: number; y: number; z: number };
  restSpeed: number;
  tilt: number;
  events: ContactEvent[];
}

async function dropOntoGround(engine: RigidEngineName, shape: BodyShape): Promise<DropResult> {
  const world = await createRigidWorld({ engine });
  const ground = world.addGroundPlane();
  const parcel = world.addDynamicBody({ shape, mass: 1, position: { x: 0, y: 0, z: DROP_HEIGHT } });
  let firstContactTime = Number.NaN;
  const events: ContactEvent[] = [];
  stepUntil(world, 400, () => {
    for (const event of world.contactEvents()) {
      events.push(event);
      if (event.started && Number.isNaN(firstContactTime)) firstContactTime = world.time;
    }
    return false;
  });
  const { position, orientation } = world.getPose(parcel);
  const { linear } = world.getVelocity(parcel);
  world.free();
  expect(events[0]).toEqual({ bodyA: parcel, bodyB: ground, started: true, staticHit: true });
  return {
    firstContactTime,
    rest: position,
    restSpeed: Math.hypot(linear.x, linear.y, linear.z),
    tilt: 2 * Math.asin(Math.min(1, Math.hypot(orientation.x, orientation.y))),
    events,
  };
}

const CUBE: BodyShape = { kind: 'box', halfExtents: { x: HALF, y: HALF, z: HALF } };
const BALL: BodyShape = { kind: 'sphere', radius: HALF };
// The bottom falls DROP_HEIGHT - HALF before it touches.
const FREE_FALL_TIME = Math.sqrt((2 * (DROP_HEIGHT - HALF)) / G);

describe.each(ENGINES)('a parcel dropped from 10 m on %s', (engine) => {
  it.each([['0.2 m cube', CUBE], ['0.1 m radius ball', BALL]] as const)(
    'a %s first touches the ground at the free-fall time √(2h/g) within 2 %, once, and rests with its centre at z = 0.1',
    async (_name, shape) => {
      const result = await dropOntoGround(engine, shape);
      expect(Math.abs(result.firstContactTime / FREE_FALL_TIME - 1)).toBeLessThan(0.02);
      // restitution 0: it stays down, no contact ends and starts again
      expect(result.events.filter((event) => !event.started)).toEqual([]);
      expect(result.rest.z).toBeCloseTo(0.1, 3); // within 0.5 mm
      expect(Math.abs(result.rest.x)).toBeLessThan(0.01);
      expect(Math.abs(result.rest.y)).toBeLessThan(0.01);
      expect(result.restSpeed).toBeLessThan(1e-3);
      if (shape.kind === 'box') expect(result.tilt).toBeLessThan(0.01);
    },
  );
});

describe('the two engines on the same drop', () => {
  it('agree on the landing step and on the rest position of a cube within 1 cm across and 0.5 mm in height', async () => {
    const [rapier, cannon] = await Promise.all([dropOntoGround('rapier', CUBE), dropOntoGround('cannon', CUBE)]);
    expect(Math.abs(rapier.firstContactTime - cannon.firstContactTime)).toBeLessThanOrEqual(0.01 + 1e-9);
    expect(Math.hypot(rapier.rest.x - cannon.rest.x, rapier.rest.y - cannon.rest.y)).toBeLessThan(0.01);
    expect(Math.abs(rapier.rest.z - cannon.rest.z)).toBeLessThan(5e-4);
  });
});

describe.each(ENGINES)('static city boxes on %s', (engine) => {
  it('a parcel dropped onto a roof rests at the roof height, and the hit names that building', async () => {
    const world = await createRigidWorld({ engine });
    world.addGroundPlane();
    // A 3 × 3 block of buildings, 10 m footprints on a 14 m grid, heights 6..22 m, packed as the batch takes them.
    const packed = new Float32Array(9 * 6);
    const roofs: number[] = [];
    for (let i = 0; i < 9; i++) {
      const height = 6 + 2 * i;
      roofs.push(height);
      packed.set([14 * (i % 3), 14 * Math.floor(i / 3), height / 2, 5, 5, height / 2], 6 * i);
    }
    const buildings = world.addStaticBoxes(packed);
    const target = 7; // 20 m tall, at (14, 28)
    const parcel = world.addDynamicBody({
      shape: { kind: 'box', halfExtents: { x: 0.15, y: 0.1, z: 0.1 } },
      mass: 0.5,
      position: { x: 13, y: 29, z: roofs[target] + 3 },
    });
    const hits: ContactEvent[] = [];
    stepUntil(world, 300, () => {
      hits.push(...world.contactEvents());
      return false;
    });
    const rest = world.getPose(parcel).position;
    world.free();
    expect(buildings).toHaveLength(9);
    expect(rest.z).toBeCloseTo(roofs[target] + 0.1, 2);
    expect(Math.hypot(rest.x - 13, rest.y - 29)).toBeLessThan(0.01);
    expect(hits).toEqual([{ bodyA: parcel, bodyB: buildings[target], started: true, staticHit: true }]);
  });

  it('takes buildings as records with yaw too: a parcel lands on a roof turned 45°', async () => {
    const world = await createRigidWorld({ engine });
    const [tower] = world.addStaticBoxes([{ cx: 0, cy: 0, cz: 6, hx: 4, hy: 1, hz: 6, yaw: Math.PI / 4 }]);
    // (2, 2) lies on the long diagonal of the turned roof; unturned it would be off the 1 m-wide roof.
    const parcel = world.addDynamicBody({ shape: BALL, mass: 0.3, position: { x: 2, y: 2, z: 14 } });
    stepUntil(world, 250);
    const rest = world.getPose(parcel).position;
    expect(world.getPose(tower).orientation.z).toBeCloseTo(Math.sin(Math.PI / 8), 6);
    world.free();
    expect(rest.z).toBeCloseTo(12.1, 2);
  });
});

describe.each(ENGINES)('contact events on %s', (engine) => {
  it('report two moving bodies meeting, without the static flag, and parting again', async () => {
    const world = await createRigidWorld({ engine, gravity: { x: 0, y: 0, z: 0 } });
    const left = world.addDynamicBody({ shape: BALL, mass: 1, position: { x: -1, y: 0, z: 1 }, linearVelocity: { x: 2, y: 0, z: 0 }, restitution: 1 });
    const right = world.addDynamicBody({ shape: BALL, mass: 1, position: { x: 1, y: 0, z: 1 }, linearVelocity: { x: -2, y: 0, z: 0 }, restitution: 1 });
    const seen: Array<ContactEvent & { time: number }> = [];
    stepUntil(world, 100, () => {
      for (const event of world.contactEvents()) seen.push({ ...event, time: world.time });
      return false;
    });
    const leftVelocity = world.getVelocity(left).linear.x;
    world.free();
    expect(seen.map(({ time: _time, ...event }) => event)).toEqual([
      { bodyA: left, bodyB: right, started: true, staticHit: false },
      { bodyA: left, bodyB: right, started: false, staticHit: false },
    ]);
    // Centres 2 m apart closing at 4 m/s touch when 0.2 m apart: after 0.45 s.
    expect(seen[0].time).toBeGreaterThanOrEqual(0.44);
    expect(seen[0].time).toBeLessThanOrEqual(0.47);
    expect(leftVelocity).toBeLessThan(-1.5); // restitution 1 × 1 sends it back
  });
});
