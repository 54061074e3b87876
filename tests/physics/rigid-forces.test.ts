/**
 * Forces, impulses and damping on both engines, in a world without gravity so nothing else acts:
 * a = F/m, Δv = J/m and Δω = I⁻¹(r × J) with the shape's exact inertia, speed decays as exp(-c·t).
 */
import { describe, expect, it } from 'vitest';
import { createRigidWorld } from '../../physics/index.ts';
import { ENGINES, stepUntil } from './rigid-scenes.ts';

const NO_GRAVITY = { x: 0, y: 0, z: 0 };

function relativeError(measured: number, expected: number): number {
  return Math.abs(measured / expected - 1);
}

describe.each(ENGINES)('forces and impulses on %s', (engine) => {
  it('a constant force accelerates a body at F/m within 0.5 %', async () => {
    const world = await createRigidWorld({ engine, gravity: NO_GRAVITY });
    const mass = 2.5;
    const force = { x: 3, y: -1.5, z: 0.75 };
    const body = world.addDynamicBody({ shape: { kind: 'box', halfExtents: { x: 0.2, y: 0.1, z: 0.1 } }, mass, position: { x: 0, y: 0, z: 1 } });
    for (let i = 0; i < 150; i++) {
      world.applyForce(body, force); // a force lasts one step, so it is applied before each
      world.step();
    }
    const { linear } = world.getVelocity(body);
    const elapsed = world.time;
    world.free();
    expect(relativeError(linear.x / elapsed, force.x / mass)).toBeLessThan(0.005);
    expect(relativeError(linear.y / elapsed, force.y / mass)).toBeLessThan(0.005);
    expect(relativeError(linear.z / elapsed, force.z / mass)).toBeLessThan(0.005);
  });

  it('a force lasts one step only', async () => {
    const world = await createRigidWorld({ engine, gravity: NO_GRAVITY });
    const body = world.addDynamicBody({ shape: { kind: 'sphere', radius: 0.1 }, mass: 1, position: { x: 0, y: 0, z: 1 } });
    world.applyForce(body, { x: 10, y: 0, z: 0 });
    stepUntil(world, 5);
    const speed = world.getVelocity(body).linear.x;
    world.free();
    expect(relativeError(speed, 10 * 0.01)).toBeLessThan(1e-5);
  });

  it('an impulse off the centre changes velocity by J/m and spin by I⁻¹(r × J), with a sphere\'s inertia 2/5·m·r²', async () => {
    const world = await createRigidWorld({ engine, gravity: NO_GRAVITY });
    const mass = 2;
    const radius = 0.2;
    const ball = world.addDynamicBody({ shape: { kind: 'sphere', radius }, mass, position: { x: 1, y: 2, z: 3 } });
    // J = (0, 0.4, 0) at r = (0.2, 0, 0) from the centre: torque impulse (0, 0, 0.08)
    world.applyImpulse(ball, { x: 0, y: 0.4, z: 0 }, { x: 1.2, y: 2, z: 3 });
    const { linear, angular } = world.getVelocity(ball);
    world.free();
    const inertia = 0.4 * mass * radius ** 2;
    expect(relativeError(linear.y, 0.4 / mass)).toBeLessThan(1e-5);
    expect(relativeError(angular.z, 0.08 / inertia)).toBeLessThan(1e-5);
    expect(Math.abs(angular.x) + Math.abs(angular.y) + Math.abs(linear.x) + Math.abs(linear.z)).toBeLessThan(1e-9);
  });

  it('a force at a point of a box turned 30° spins it with the box\'s own inertia', async () => {
    const world = await createRigidWorld({ engine, gravity: NO_GRAVITY });
    const mass = 1.5;
    const h = { x: 0.3, y: 0.1, z: 0.2 };
    const yaw = Math.PI / 6;
    const box = world.addDynamicBody({
      shape: { kind: 'box', halfExtents: h },
      mass,
      position: { x: 0, y: 0, z: 2 },
      orientation: { w: Math.cos(yaw / 2), x: 0, y: 0, z: Math.sin(yaw / 2) },
    });
    world.applyForce(box, { x: 0, y: 0, z: 5 }, { x: 0.1, y: 0, z: 2 }); // torque (0, -0.5, 0) in world axes
    world.step();
    const spin = world.getVelocity(box).angular;
    world.free();
    // Inertia about the world y axis of a box yawed by 30°: body axes x, y mix by cos², sin².
    const ix = (mass / 3) * (h.y ** 2 + h.z ** 2);
    const iy = (mass / 3) * (h.x ** 2 + h.z ** 2);
    const inverseAboutWorldY = Math.sin(yaw) ** 2 / ix + Math.cos(yaw) ** 2 / iy;
    const expectedY = -0.5 * inverseAboutWorldY * 0.01;
    expect(relativeError(spin.y, expectedY)).toBeLessThan(0.005);
  });

  it('damping rates make speed and spin decay as exp(-c·t) within 0.5 %', async () => {
    const world = await createRigidWorld({ engine, gravity: NO_GRAVITY });
    const body = world.addDynamicBody({
      shape: { kind: 'sphere', radius: 0.1 },
      mass: 1,
      position: { x: 0, y: 0, z: 1 },
      linearVelocity: { x: 2, y: 0, z: 0 },
      angularVelocity: { x: 0, y: 0, z: 3 },
      linearDamping: 0.7,
      angularDamping: 1.5,
    });
    stepUntil(world, 100);
    const { linear, angular } = world.getVelocity(body);
    const t = world.time;
    world.free();
    expect(relativeError(linear.x, 2 * Math.exp(-0.7 * t))).toBeLessThan(0.005);
    expect(relativeError(angular.z, 3 * Math.exp(-1.5 * t))).toBeLessThan(0.005);
  });

  it('setPose and setVelocity move a body where asked', async () => {
    const world = await createRigidWorld({ engine });
    const body = world.addDynamicBody({ shape: { kind: 'sphere', radius: 0.1 }, mass: 1, position: { x: 0, y: 0, z: 1 } });
    world.setPose(body, { position: { x: 5, y: -3, z: 20 }, orientation: { w: 0, x: 0, y: 0, z: 2 } });
    world.setVelocity(body, { linear: { x: 1, y: 0, z: 0 } });
    const pose = world.getPose(body);
    world.step();
    const after = world.getPose(body).position;
    world.free();
    expect(pose.position).toEqual({ x: 5, y: -3, z: 20 });
    expect(pose.orientation.z).toBeCloseTo(1, 6); // normalised
    expect(after.x).toBeCloseTo(5.01, 5);
    expect(after.z).toBeLessThan(20);
  });
});
