/**
 * Torques on both engines, without gravity: a world-frame torque spins a box at I⁻¹τ (its exact inertia),
 * and like a force it lasts one step; a bad torque is refused with the rule it broke.
 */
import { describe, expect, it } from 'vitest';
import { createRigidWorld } from '../../physics/index.ts';
import { ENGINES } from './rigid-scenes.ts';

const NO_GRAVITY = { x: 0, y: 0, z: 0 };

describe.each(ENGINES)('torques on %s', (engine) => {
  it('a constant torque spins a box at I⁻¹τ within 0.5 %, and stops acting when no longer applied', async () => {
    const world = await createRigidWorld({ engine, gravity: NO_GRAVITY });
    const mass = 2, half = { x: 0.3, y: 0.2, z: 0.1 };
    const inertia = { x: (mass / 3) * (half.y ** 2 + half.z ** 2), y: (mass / 3) * (half.x ** 2 + half.z ** 2), z: (mass / 3) * (half.x ** 2 + half.y ** 2) };
    const body = world.addDynamicBody({ shape: { kind: 'box', halfExtents: half }, mass, position: { x: 0, y: 0, z: 1 } });
    const torque = { x: 0, y: 0, z: 0.02 };
    for (let i = 0; i < 50; i++) {
      world.applyTorque(body, torque);
      world.step();
    }
    const spin = world.getVelocity(body).angular.z;
    for (let i = 0; i < 50; i++) world.step();
    const coasting = world.getVelocity(body).angular.z;
    const tilt = world.getVelocity(body).angular;
    world.free();
    expect(Math.abs(spin / ((torque.z / inertia.z) * 0.5) - 1)).toBeLessThan(0.005);
    expect(Math.abs(coasting / spin - 1)).toBeLessThan(1e-4); // f32 on rapier
    expect(Math.hypot(tilt.x, tilt.y)).toBeLessThan(1e-6);
  });

  it('refuses a non-finite torque and a static body, naming the call', async () => {
    const world = await createRigidWorld({ engine });
    const ground = world.addGroundPlane();
    const body = world.addDynamicBody({ shape: { kind: 'sphere', radius: 0.1 }, mass: 1, position: { x: 0, y: 0, z: 1 } });
    expect(() => world.applyTorque(body, { x: Number.NaN, y: 0, z: 0 })).toThrow(/RigidWorld\.applyTorque: torque/);
    expect(() => world.applyTorque(ground, { x: 0, y: 0, z: 1 })).toThrow(/RigidWorld\.applyTorque/);
    world.free();
  });
});
