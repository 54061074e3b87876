/**
 * Lifetimes and refusals: free() releases a world and any later use says so; bad input is refused with an
 * error that names it, before it reaches an engine; removing a body takes its joints with it.
 */
import { describe, expect, it } from 'vitest';
import { createRigidWorld, resolveRigidWorldSettings, type RigidEngineName } from '../../physics/index.ts';
import { ENGINES } from './rigid-scenes.ts';

const BALL = { kind: 'sphere', radius: 0.1 } as const;

describe('createRigidWorld', () => {
  it('uses rapier, dt = 0.01 s, g = 9.81 m/s² down and no sleeping when told nothing', async () => {
    const world = await createRigidWorld();
    expect(world.engine).toBe('rapier');
    expect(world.settings).toEqual({ gravity: { x: 0, y: 0, z: -9.81 }, dt: 0.01, solverIterations: 4, allowSleep: false });
    world.free();
  });

  it('refuses an unknown engine and lists the accepted ones', async () => {
    await expect(createRigidWorld({ engine: 'bullet' as RigidEngineName })).rejects.toThrow(/unknown engine "bullet"; accepted: 'rapier', 'cannon'/);
  });

  it('refuses a step that is not a positive number of seconds up to 0.1', () => {
    expect(() => resolveRigidWorldSettings({ dt: 0 })).toThrow(/dt must be a finite number > 0, got 0/);
    expect(() => resolveRigidWorldSettings({ dt: 0.5 })).toThrow(/dt must be a number of seconds in \(0, 0.1\], got 0.5/);
    expect(() => resolveRigidWorldSettings({ solverIterations: 2.5 })).toThrow(/solverIterations must be a whole number >= 1, got 2.5/);
    expect(() => resolveRigidWorldSettings({ gravity: { x: 0, y: 0, z: Number.NaN } })).toThrow(/gravity.z must be a finite number, got NaN/);
  });
});

describe.each(ENGINES)('a %s world', (engine) => {
  it('throws a clear error on any use after free(), and free() twice is harmless', async () => {
    const world = await createRigidWorld({ engine });
    const ball = world.addDynamicBody({ shape: BALL, mass: 1, position: { x: 0, y: 0, z: 1 } });
    world.free();
    world.free();
    expect(world.freed).toBe(true);
    expect(() => world.step()).toThrow(`RigidWorld.step: this ${engine} world was freed; create a new one with createRigidWorld()`);
    expect(() => world.getPose(ball)).toThrow(/getPose: this .* world was freed/);
    expect(() => world.addGroundPlane()).toThrow(/addGroundPlane: this .* world was freed/);
  });

  it('refuses bad bodies, naming the input and the rule', async () => {
    const world = await createRigidWorld({ engine });
    const position = { x: 0, y: 0, z: 1 };
    expect(() => world.addDynamicBody({ shape: BALL, mass: Number.NaN, position })).toThrow('RigidWorld.addDynamicBody: mass must be a finite number, got NaN');
    expect(() => world.addDynamicBody({ shape: BALL, mass: -1, position })).toThrow('mass must be a finite number > 0, got -1');
    expect(() => world.addDynamicBody({ shape: { kind: 'cone' } as never, mass: 1, position })).toThrow(`shape.kind must be 'box' or 'sphere', got "cone"`);
    expect(() => world.addDynamicBody({ shape: BALL, mass: 1, position, orientation: { w: 0, x: 0, y: 0, z: 0 } })).toThrow(/orientation must be a non-zero quaternion/);
    expect(() => world.addDynamicBody({ shape: BALL, mass: 1, position, friction: -0.1 })).toThrow('friction must be a finite number >= 0, got -0.1');
    expect(() => world.addStaticBoxes(new Float32Array([0, 0, 1, 1, 1, 1, 5, 5, 1, 1, 0, 1]))).toThrow('RigidWorld.addStaticBoxes: box 1.hy must be a finite number > 0, got 0');
    expect(() => world.addStaticBoxes(new Float32Array(7))).toThrow(/6 numbers per box, got length 7/);
    // nothing half-built: the refused batch added no body, so the next handle is the first
    expect(world.addGroundPlane()).toBe(0);
    world.free();
  });

  it('refuses handles it does not know and calls that do not fit the body kind', async () => {
    const world = await createRigidWorld({ engine });
    const ground = world.addGroundPlane();
    const ball = world.addDynamicBody({ shape: BALL, mass: 1, position: { x: 0, y: 0, z: 1 } });
    expect([world.kindOf(ground), world.kindOf(ball)]).toEqual(['static', 'dynamic']);
    expect(() => world.getPose(99)).toThrow('RigidWorld.getPose: body handle 99 is not in this world; accepted: a handle returned by an add* method and not yet removed');
    expect(() => world.applyForce(ground, { x: 1, y: 0, z: 0 })).toThrow(`body ${ground} is static; this call accepts dynamic bodies only`);
    expect(() => world.setKinematicTarget(ball, { position: { x: 0, y: 0, z: 0 }, orientation: { w: 1, x: 0, y: 0, z: 0 } })).toThrow(`body ${ball} is dynamic; this call accepts kinematic bodies only`);
    expect(() => world.addTether({ bodyA: ball, bodyB: ball, length: 1 })).toThrow(/a joint needs two different bodies/);
    expect(() => world.setKinematicTargets([ball], new Float64Array(6))).toThrow(/7 numbers \(x, y, z, qw, qx, qy, qz\) per body: expected 7, got 6/);
    world.free();
  });

  it('removes a body with its joints: the other end then falls freely', async () => {
    const world = await createRigidWorld({ engine });
    const anchor = world.addDynamicBody({ shape: BALL, mass: 1, position: { x: 0, y: 0, z: 5 } });
    const bob = world.addDynamicBody({ shape: BALL, mass: 1, position: { x: 0, y: 0, z: 4 } });
    const rope = world.addTether({ bodyA: bob, bodyB: anchor, length: 1 });
    const hook = world.addSphericalJoint({ bodyA: anchor, anchorB: { x: 0, y: 0, z: 5 } });
    for (let i = 0; i < 20; i++) world.step();
    expect(world.getPose(bob).position.z).toBeCloseTo(4, 2); // held by rope and hook
    world.removeBody(anchor);
    expect(() => world.removeJoint(rope)).toThrow(/joint handle 0 is not in this world/);
    expect(() => world.removeJoint(hook)).toThrow(/joint handle 1 is not in this world/);
    expect(() => world.getPose(anchor)).toThrow(/is not in this world/);
    for (let i = 0; i < 20; i++) world.step();
    expect(world.getVelocity(bob).linear.z).toBeCloseTo(-9.81 * 0.2, 1);
    world.free();
  });

  it('ties a tether to a static box at the box\'s anchor point', async () => {
    const world = await createRigidWorld({ engine });
    const crane = world.addStaticBox({ cx: 0, cy: 0, cz: 10, hx: 1, hy: 1, hz: 1 });
    const bob = world.addDynamicBody({ shape: BALL, mass: 1, position: { x: 0, y: 0, z: 7 } });
    world.addTether({ bodyA: bob, bodyB: crane, anchorB: { x: 0, y: 0, z: -1 }, length: 2 });
    for (let i = 0; i < 100; i++) world.step();
    const z = world.getPose(bob).position.z;
    world.free();
    expect(z).toBeCloseTo(7, 2);
  });
});
