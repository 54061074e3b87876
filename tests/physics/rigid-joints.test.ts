/**
 * Tethers and spherical joints on both engines: a tether pendulum keeps the period 2π√(L/g), a rope goes
 * slack instead of pushing, a payload hangs from a moving kinematic drone, and a ball joint holds its anchors.
 */
import { describe, expect, it } from 'vitest';
import { createRigidWorld, type Pose, type Vec3 } from '../../physics/index.ts';
import { ENGINES, stepUntil } from './rigid-scenes.ts';

const G = 9.81;

function rotate(pose: Pose, local: Vec3): Vec3 {
  const { w, x, y, z } = pose.orientation;
  const cx = y * local.z - z * local.y;
  const cy = z * local.x - x * local.z;
  const cz = x * local.y - y * local.x;
  return {
    x: pose.position.x + local.x + 2 * (w * cx + y * cz - z * cy),
    y: pose.position.y + local.y + 2 * (w * cy + z * cx - x * cz),
    z: pose.position.z + local.z + 2 * (w * cz + x * cy - y * cx),
  };
}

function distance(a: Vec3, b: Vec3): number {
  return Math.hypot(a.x - b.x, a.y - b.y, a.z - b.z);
}

describe.each(ENGINES)('a tether on %s', (engine) => {
  it.each([1, 2.5])('swings a pendulum of length %s m with the period 2π√(L/g) within 3 %', async (length) => {
    const world = await createRigidWorld({ engine });
    const pivot = { x: 0, y: 0, z: 6 };
    const amplitude = 0.1; // rad: small enough that the small-angle period holds to 0.1 %
    const bob = world.addDynamicBody({
      shape: { kind: 'sphere', radius: 0.05 },
      mass: 1,
      position: { x: length * Math.sin(amplitude), y: 0, z: pivot.z - length * Math.cos(amplitude) },
    });
    world.addTether({ bodyA: bob, anchorB: pivot, length });
    const crossings: number[] = [];
    let previousX = world.getPose(bob).position.x;
    let longest = 0;
    stepUntil(world, 800, () => {
      const { x, y, z } = world.getPose(bob).position;
      longest = Math.max(longest, Math.hypot(x - pivot.x, y - pivot.y, z - pivot.z));
      // linear interpolation of the time x changes sign
      if (Math.sign(x) !== Math.sign(previousX)) crossings.push(world.time - (world.settings.dt * x) / (x - previousX));
      previousX = x;
      return false;
    });
    world.free();
    const halfPeriods = crossings.length - 1;
    const period = (2 * (crossings[halfPeriods] - crossings[0])) / halfPeriods;
    expect(halfPeriods).toBeGreaterThanOrEqual(4);
    expect(Math.abs(period / (2 * Math.PI * Math.sqrt(length / G)) - 1)).toBeLessThan(0.03);
    expect(longest - length).toBeLessThan(0.005); // the rope barely stretches
  });

  it('goes slack instead of pushing: a bob inside the rope length falls freely, then is caught at the length', async () => {
    const world = await createRigidWorld({ engine });
    const pivot = { x: 0, y: 0, z: 5 };
    const bob = world.addDynamicBody({ shape: { kind: 'sphere', radius: 0.05 }, mass: 2, position: { x: 0, y: 0, z: 4.8 } });
    world.addTether({ bodyA: bob, anchorB: pivot, length: 1 });
    stepUntil(world, 15);
    const slackTime = world.time;
    const slackFall = 4.8 - world.getPose(bob).position.z;
    stepUntil(world, 200);
    const hanging = world.getPose(bob).position;
    world.free();
    // semi-implicit Euler falls a little more than ½gt²; a pushing rope would hold the bob at 4.8
    expect(slackFall).toBeGreaterThan(0.5 * G * slackTime ** 2 * 0.97);
    expect(slackFall).toBeLessThan(0.5 * G * slackTime ** 2 * 1.12);
    expect(distance(hanging, pivot)).toBeGreaterThan(0.99);
    expect(distance(hanging, pivot)).toBeLessThan(1.01);
  });

  it('carries a payload under a kinematic drone by anchor offsets on both bodies', async () => {
    const world = await createRigidWorld({ engine });
    world.addGroundPlane();
    const drone = world.addKinematicBody({ shape: { kind: 'box', halfExtents: { x: 0.1, y: 0.1, z: 0.03 } }, position: { x: 0, y: 0, z: 3 } });
    const payload = world.addDynamicBody({
      shape: { kind: 'box', halfExtents: { x: 0.08, y: 0.08, z: 0.08 } },
      mass: 0.2,
      position: { x: 0, y: 0, z: 1.8 },
      linearDamping: 2, // heavy drag so the swing dies within the test
      angularDamping: 2,
    });
    const droneAnchor = { x: 0, y: 0, z: -0.03 };
    const payloadAnchor = { x: 0, y: 0, z: 0.08 };
    world.addTether({ bodyA: drone, anchorA: droneAnchor, bodyB: payload, anchorB: payloadAnchor, length: 1 });
    // The drone climbs 1 m and flies 2 m east over 4 s, then holds for 4 s.
    stepUntil(world, 800, () => {
      const s = Math.min(world.time / 4, 1);
      world.setKinematicTarget(drone, { position: { x: 2 * s, y: 0, z: 3 + s }, orientation: { w: 1, x: 0, y: 0, z: 0 } });
      return false;
    });
    const dronePose = world.getPose(drone);
    const payloadPose = world.getPose(payload);
    world.free();
    expect(dronePose.position.x).toBeCloseTo(2, 5);
    expect(distance(rotate(dronePose, droneAnchor), rotate(payloadPose, payloadAnchor))).toBeCloseTo(1, 2);
    // hanging straight below the drone once the swing has died down
    expect(Math.abs(payloadPose.position.x - 2)).toBeLessThan(0.01);
    expect(payloadPose.position.z).toBeCloseTo(4 - 0.03 - 1 - 0.08, 2);
  });
});

describe.each(ENGINES)('a spherical joint on %s', (engine) => {
  it('keeps its two anchors together while a two-link chain swings', async () => {
    const world = await createRigidWorld({ engine });
    const link = { kind: 'box', halfExtents: { x: 0.25, y: 0.03, z: 0.03 } } as const;
    const upper = world.addDynamicBody({ shape: link, mass: 1, position: { x: 0.25, y: 0, z: 5 } });
    const lower = world.addDynamicBody({ shape: link, mass: 1, position: { x: 0.75, y: 0, z: 5 } });
    world.addSphericalJoint({ bodyA: upper, anchorA: { x: -0.25, y: 0, z: 0 }, anchorB: { x: 0, y: 0, z: 5 } });
    world.addSphericalJoint({ bodyA: upper, anchorA: { x: 0.25, y: 0, z: 0 }, bodyB: lower, anchorB: { x: -0.25, y: 0, z: 0 } });
    let worstGap = 0;
    stepUntil(world, 300, () => {
      const a = rotate(world.getPose(upper), { x: 0.25, y: 0, z: 0 });
      const b = rotate(world.getPose(lower), { x: -0.25, y: 0, z: 0 });
      worstGap = Math.max(worstGap, distance(a, b), distance(rotate(world.getPose(upper), { x: -0.25, y: 0, z: 0 }), { x: 0, y: 0, z: 5 }));
      return false;
    });
    const lowest = world.getPose(lower).position.z;
    world.free();
    expect(worstGap).toBeLessThan(0.01);
    expect(lowest).toBeLessThan(5); // it really swung down
  });
});
