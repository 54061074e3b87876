/**
 * Kinematic bodies, as the batched flight model drives drones: each step they arrive exactly at the pose
 * they were given, push parcels they fly into, and stay put when given nothing.
 */
import { describe, expect, it } from 'vitest';
import { createRigidWorld, PACKED_POSE_STRIDE, type ContactEvent } from '../../physics/index.ts';
import { ENGINES } from './rigid-scenes.ts';

const DRONE_SHAPE = { kind: 'box', halfExtents: { x: 0.1, y: 0.1, z: 0.03 } } as const;

describe.each(ENGINES)('kinematic bodies on %s', (engine) => {
  it('arrive exactly at the targets set in one packed batch, turning as asked', async () => {
    const world = await createRigidWorld({ engine });
    const drones = [0, 1, 2].map((i) => world.addKinematicBody({ shape: DRONE_SHAPE, position: { x: 10 * i, y: 0, z: 5 } }));
    const poses = new Float64Array(drones.length * PACKED_POSE_STRIDE);
    let worstPositionError = 0;
    let worstYawError = 0;
    for (let step = 1; step <= 200; step++) {
      const t = step * world.settings.dt;
      drones.forEach((_drone, i) => {
        const angle = 0.8 * t + i; // circle of radius 3 m, facing along the path
        const yaw = angle + Math.PI / 2;
        poses.set([10 * i + 3 * Math.cos(angle), 3 * Math.sin(angle), 5 + 0.1 * t, Math.cos(yaw / 2), 0, 0, Math.sin(yaw / 2)], i * PACKED_POSE_STRIDE);
      });
      world.setKinematicTargets(drones, poses);
      world.step();
      drones.forEach((drone, i) => {
        const { position, orientation } = world.getPose(drone);
        const o = i * PACKED_POSE_STRIDE;
        worstPositionError = Math.max(worstPositionError, Math.hypot(position.x - poses[o], position.y - poses[o + 1], position.z - poses[o + 2]));
        // |<q, target>| = 1 when the rotations agree
        const dot = Math.abs(orientation.w * poses[o + 3] + orientation.z * poses[o + 6] + orientation.x * poses[o + 4] + orientation.y * poses[o + 5]);
        worstYawError = Math.max(worstYawError, 2 * Math.acos(Math.min(1, dot)));
      });
    }
    world.free();
    expect(worstPositionError).toBeLessThan(1e-5); // rapier stores f32
    expect(worstYawError).toBeLessThan(1e-3);
  });

  it('stay where they are on steps without a target, untouched by gravity', async () => {
    const world = await createRigidWorld({ engine });
    const drone = world.addKinematicBody({ shape: DRONE_SHAPE, position: { x: 0, y: 0, z: 5 } });
    world.setKinematicTarget(drone, { position: { x: 1, y: 0, z: 5 }, orientation: { w: 1, x: 0, y: 0, z: 0 } });
    world.step();
    for (let i = 0; i < 50; i++) world.step();
    const { position } = world.getPose(drone);
    world.free();
    expect(position.x).toBeCloseTo(1, 5);
    expect(position.z).toBeCloseTo(5, 5);
  });

  it('push a parcel they fly into, and the contact is reported as a moving pair', async () => {
    const world = await createRigidWorld({ engine });
    world.addGroundPlane();
    const drone = world.addKinematicBody({ shape: { kind: 'box', halfExtents: { x: 0.2, y: 0.3, z: 0.15 } }, position: { x: -1, y: 0, z: 0.2 } });
    const parcel = world.addDynamicBody({ shape: { kind: 'box', halfExtents: { x: 0.1, y: 0.1, z: 0.1 } }, mass: 0.3, position: { x: 0, y: 0, z: 0.1 } });
    const events: ContactEvent[] = [];
    for (let step = 1; step <= 150; step++) {
      const t = step * world.settings.dt;
      world.setKinematicTarget(drone, { position: { x: -1 + 1.0 * Math.min(t, 1.2), y: 0, z: 0.2 }, orientation: { w: 1, x: 0, y: 0, z: 0 } });
      world.step();
      events.push(...world.contactEvents().filter((event) => !event.staticHit));
    }
    const dronePosition = world.getPose(drone).position;
    const parcelPosition = world.getPose(parcel).position;
    world.free();
    expect(events[0]).toEqual({ bodyA: drone, bodyB: parcel, started: true, staticHit: false });
    // the drone stops at x = 0.2 with its front face at 0.4; the parcel was shoved to at least that
    expect(dronePosition.x).toBeCloseTo(0.2, 5);
    expect(parcelPosition.x).toBeGreaterThan(0.4 + 0.1 - 0.01);
    expect(Math.abs(parcelPosition.y)).toBeLessThan(0.05);
  });

  it('report a drone flying through a building as a static hit, on the way in and on the way out', async () => {
    const world = await createRigidWorld({ engine });
    const building = world.addStaticBox({ cx: 0, cy: 0, cz: 5, hx: 1, hy: 1, hz: 5 });
    const drone = world.addKinematicBody({ shape: DRONE_SHAPE, position: { x: -3, y: 0, z: 3 } });
    const events: Array<ContactEvent & { time: number }> = [];
    for (let step = 1; step <= 300; step++) {
      world.setKinematicTarget(drone, { position: { x: -3 + 2 * step * world.settings.dt, y: 0, z: 3 }, orientation: { w: 1, x: 0, y: 0, z: 0 } });
      world.step();
      for (const event of world.contactEvents()) events.push({ ...event, time: world.time });
    }
    world.free();
    expect(events.map(({ time: _time, ...event }) => event)).toEqual([
      { bodyA: drone, bodyB: building, started: true, staticHit: true },
      { bodyA: drone, bodyB: building, started: false, staticHit: true },
    ]);
    // its front face reaches the wall at x = -1 after 0.95 s; its back face leaves x = 1 after 2.05 s
    expect(events[0].time).toBeGreaterThanOrEqual(0.94);
    expect(events[0].time).toBeLessThanOrEqual(0.98);
    expect(events[1].time).toBeGreaterThanOrEqual(2.04);
    expect(events[1].time).toBeLessThanOrEqual(2.12);
  });
});
