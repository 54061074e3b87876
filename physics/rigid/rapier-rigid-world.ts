/**
 * RigidWorld on rapier (WebAssembly, f32). Deterministic: the same calls give the same bits, in one process
 * and across processes. Create it with RapierRigidWorld.create() or createRigidWorld({engine: 'rapier'}).
 */
import RAPIER from '@dimforge/rapier3d-compat';
import type { Collider, ColliderDesc, EventQueue, ImpulseJoint, JointData, RigidBody, World } from '@dimforge/rapier3d-compat';
import { initializeRapier } from './rapier-initialization.ts';
import {
  RigidWorldBase,
  type RawContactChange,
  type ResolvedDynamicBody,
  type ResolvedJointEnds,
  type ResolvedKinematicBody,
  type ResolvedMaterial,
  type ResolvedStaticBox,
} from './rigid-world-base.ts';
import type { BodyHandle, BodyShape, BodyVelocity, JointHandle, Pose, RigidWorldSettings, Vec3 } from './rigid-world.ts';

interface RapierJoint {
  joint: ImpulseJoint;
  /** A fixed body made for a joint tied to a world point; removed with the joint. */
  anchorBody: RigidBody | null;
}

export class RapierRigidWorld extends RigidWorldBase {
  readonly engine = 'rapier' as const;

  private readonly world: World;
  private readonly eventQueue: EventQueue;
  /** Dynamic and kinematic bodies; static ones are parentless colliders. */
  private readonly rigidBodies = new Map<BodyHandle, RigidBody>();
  private readonly colliders = new Map<BodyHandle, Collider>();
  private readonly bodyByCollider = new Map<number, BodyHandle>();
  private readonly joints = new Map<JointHandle, RapierJoint>();
  /** rapier keeps user forces until reset; our contract is one step, so these are reset after each step. */
  private readonly bodiesWithForces = new Set<RigidBody>();

  /** Initialises rapier if needed, then builds an empty world. */
  static async create(settings: RigidWorldSettings): Promise<RapierRigidWorld> {
    await initializeRapier();
    return new RapierRigidWorld(settings);
  }

  private constructor(settings: RigidWorldSettings) {
    super(settings);
    this.world = new RAPIER.World({ ...settings.gravity });
    this.world.timestep = settings.dt;
    this.world.numSolverIterations = settings.solverIterations;
    // One inner sweep leaves a flat-landing box 5 mm to 3 cm off where it fell; two keep it within 2 cm at 25 m
    // drops and 2 mm at 10 m, nearer cannon (under 1 µm), for about 5 % more time per step.
    this.world.numInternalPgsIterations = 2;
    this.eventQueue = new RAPIER.EventQueue(true);
  }

  protected createGroundPlane(body: BodyHandle, material: ResolvedMaterial): void {
    const desc = new RAPIER.ColliderDesc(new RAPIER.HalfSpace({ x: 0, y: 0, z: 1 }));
    this.attachCollider(body, withMaterial(desc, material), null, false);
  }

  protected createStaticBox(body: BodyHandle, box: ResolvedStaticBox): void {
    const { centre: c, halfExtents: h, orientation: q } = box;
    const desc = RAPIER.ColliderDesc.cuboid(h.x, h.y, h.z).setTranslation(c.x, c.y, c.z).setRotation(toRapierRotation(q));
    this.attachCollider(body, withMaterial(desc, box.material), null, false);
  }

  protected createDynamicBody(body: BodyHandle, spec: ResolvedDynamicBody): void {
    const { position: p, orientation: q } = spec.pose;
    const { linear: v, angular: w } = spec.velocity;
    const dt = this.settings.dt;
    const bodyDesc = RAPIER.RigidBodyDesc.dynamic()
      .setTranslation(p.x, p.y, p.z)
      .setRotation(toRapierRotation(q))
      .setLinvel(v.x, v.y, v.z)
      .setAngvel({ ...w })
      .setLinearDamping(rapierDampingForRate(spec.linearDamping, dt))
      .setAngularDamping(rapierDampingForRate(spec.angularDamping, dt))
      .setCanSleep(this.settings.allowSleep);
    const rigidBody = this.world.createRigidBody(bodyDesc);
    this.rigidBodies.set(body, rigidBody);
    const colliderDesc = withMaterial(shapeCollider(spec.shape), spec.material).setMass(spec.mass);
    this.attachCollider(body, colliderDesc, rigidBody, true);
  }

  protected createKinematicBody(body: BodyHandle, spec: ResolvedKinematicBody): void {
    const { position: p, orientation: q } = spec.pose;
    const bodyDesc = RAPIER.RigidBodyDesc.kinematicPositionBased().setTranslation(p.x, p.y, p.z).setRotation(toRapierRotation(q));
    const rigidBody = this.world.createRigidBody(bodyDesc);
    this.rigidBodies.set(body, rigidBody);
    // rapier skips kinematic-vs-static and kinematic-vs-kinematic pairs by default; cannon reports them, and a
    // drone flying into a building or another drone is worth an event.
    const colliderDesc = withMaterial(shapeCollider(spec.shape), spec.material).setActiveCollisionTypes(
      RAPIER.ActiveCollisionTypes.DEFAULT | RAPIER.ActiveCollisionTypes.KINEMATIC_FIXED | RAPIER.ActiveCollisionTypes.KINEMATIC_KINEMATIC,
    );
    this.attachCollider(body, colliderDesc, rigidBody, true);
  }

  protected destroyBody(body: BodyHandle): void {
    const collider = this.colliders.get(body);
    if (collider !== undefined) this.bodyByCollider.delete(collider.handle);
    const rigidBody = this.rigidBodies.get(body);
    if (rigidBody !== undefined) {
      this.bodiesWithForces.delete(rigidBody);
      this.world.removeRigidBody(rigidBody); // also removes its collider
    } else if (collider !== undefined) {
      this.world.removeCollider(collider, true);
    }
    this.rigidBodies.delete(body);
    this.colliders.delete(body);
  }

  protected createTether(joint: JointHandle, ends: ResolvedJointEnds, length: number): void {
    this.attachJoint(joint, ends, (anchorA, anchorB) => RAPIER.JointData.rope(length, anchorA, anchorB));
  }

  protected createSphericalJoint(joint: JointHandle, ends: ResolvedJointEnds): void {
    this.attachJoint(joint, ends, (anchorA, anchorB) => RAPIER.JointData.spherical(anchorA, anchorB));
  }

  protected destroyJoint(joint: JointHandle): void {
    const entry = this.joints.get(joint);
    if (entry === undefined) return;
    this.world.removeImpulseJoint(entry.joint, true);
    if (entry.anchorBody !== null) this.world.removeRigidBody(entry.anchorBody);
    this.joints.delete(joint);
  }

  protected engineApplyForce(body: BodyHandle, force: Vec3, worldPoint: Vec3 | null): void {
    const rigidBody = this.rigidBody(body);
    if (worldPoint === null) rigidBody.addForce(force, true);
    else rigidBody.addForceAtPoint(force, worldPoint, true);
    this.bodiesWithForces.add(rigidBody);
  }

  protected engineApplyTorque(body: BodyHandle, torque: Vec3): void {
    const rigidBody = this.rigidBody(body);
    rigidBody.addTorque(torque, true);
    this.bodiesWithForces.add(rigidBody);
  }

  protected engineApplyImpulse(body: BodyHandle, impulse: Vec3, worldPoint: Vec3 | null): void {
    const rigidBody = this.rigidBody(body);
    if (worldPoint === null) rigidBody.applyImpulse(impulse, true);
    else rigidBody.applyImpulseAtPoint(impulse, worldPoint, true);
  }

  protected readPose(body: BodyHandle): Pose {
    const source = this.rigidBodies.get(body) ?? this.collider(body);
    const t = source.translation();
    const r = source.rotation();
    return { position: { x: t.x, y: t.y, z: t.z }, orientation: { w: r.w, x: r.x, y: r.y, z: r.z } };
  }

  protected writePose(body: BodyHandle, pose: Pose): void {
    const rigidBody = this.rigidBody(body);
    rigidBody.setTranslation(pose.position, true);
    rigidBody.setRotation(toRapierRotation(pose.orientation), true);
  }

  protected readVelocity(body: BodyHandle): BodyVelocity {
    const rigidBody = this.rigidBodies.get(body);
    if (rigidBody === undefined) return { linear: { x: 0, y: 0, z: 0 }, angular: { x: 0, y: 0, z: 0 } };
    const v = rigidBody.linvel();
    const w = rigidBody.angvel();
    return { linear: { x: v.x, y: v.y, z: v.z }, angular: { x: w.x, y: w.y, z: w.z } };
  }

  protected writeVelocity(body: BodyHandle, velocity: BodyVelocity): void {
    const rigidBody = this.rigidBody(body);
    rigidBody.setLinvel(velocity.linear, true);
    rigidBody.setAngvel(velocity.angular, true);
  }

  protected writeKinematicTarget(body: BodyHandle, x: number, y: number, z: number, qw: number, qx: number, qy: number, qz: number): void {
    const rigidBody = this.rigidBody(body);
    rigidBody.setNextKinematicTranslation({ x, y, z });
    rigidBody.setNextKinematicRotation({ x: qx, y: qy, z: qz, w: qw });
  }

  protected advance(): RawContactChange[] {
    this.world.step(this.eventQueue);
    for (const rigidBody of this.bodiesWithForces) {
      rigidBody.resetForces(false);
      rigidBody.resetTorques(false);
    }
    this.bodiesWithForces.clear();
    const changes: RawContactChange[] = [];
    this.eventQueue.drainCollisionEvents((colliderA, colliderB, started) => {
      const bodyA = this.bodyByCollider.get(colliderA);
      const bodyB = this.bodyByCollider.get(colliderB);
      if (bodyA !== undefined && bodyB !== undefined) changes.push({ bodyA, bodyB, started });
    });
    return changes;
  }

  protected readDynamicState(body: BodyHandle, out: Float64Array, offset: number): void {
    const rigidBody = this.rigidBody(body);
    const t = rigidBody.translation();
    const r = rigidBody.rotation();
    const v = rigidBody.linvel();
    const w = rigidBody.angvel();
    out[offset] = t.x; out[offset + 1] = t.y; out[offset + 2] = t.z;
    out[offset + 3] = r.w; out[offset + 4] = r.x; out[offset + 5] = r.y; out[offset + 6] = r.z;
    out[offset + 7] = v.x; out[offset + 8] = v.y; out[offset + 9] = v.z;
    out[offset + 10] = w.x; out[offset + 11] = w.y; out[offset + 12] = w.z;
  }

  protected releaseEngine(): void {
    this.eventQueue.free();
    this.world.free(); // owns every body, collider and joint made through it
    this.rigidBodies.clear();
    this.colliders.clear();
    this.bodyByCollider.clear();
    this.joints.clear();
    this.bodiesWithForces.clear();
  }

  // ---- helpers ---------------------------------------------------------------------------------------------

  private attachCollider(body: BodyHandle, desc: ColliderDesc, parent: RigidBody | null, reportsContacts: boolean): void {
    // Only moving bodies ask for events: rapier reports a pair when either collider asks.
    if (reportsContacts) desc.setActiveEvents(RAPIER.ActiveEvents.COLLISION_EVENTS);
    const collider = parent === null ? this.world.createCollider(desc) : this.world.createCollider(desc, parent);
    this.colliders.set(body, collider);
    this.bodyByCollider.set(collider.handle, body);
  }

  private attachJoint(joint: JointHandle, ends: ResolvedJointEnds, makeData: (anchorA: Vec3, anchorB: Vec3) => JointData): void {
    const bodyA = this.rigidBody(ends.bodyA);
    let anchorBody: RigidBody | null = null;
    let bodyB: RigidBody;
    let anchorB: Vec3;
    if (ends.bodyB === null) {
      const p = ends.anchorB;
      anchorBody = this.world.createRigidBody(RAPIER.RigidBodyDesc.fixed().setTranslation(p.x, p.y, p.z));
      bodyB = anchorBody;
      anchorB = { x: 0, y: 0, z: 0 };
    } else {
      bodyB = this.rigidBody(ends.bodyB);
      anchorB = ends.anchorB;
    }
    const created = this.world.createImpulseJoint(makeData(ends.anchorA, anchorB), bodyA, bodyB, true);
    this.joints.set(joint, { joint: created, anchorBody });
  }

  private rigidBody(body: BodyHandle): RigidBody {
    const rigidBody = this.rigidBodies.get(body);
    if (rigidBody === undefined) throw new Error(`rapier world: body ${body} has no rigid body (static bodies cannot be moved or jointed here)`);
    return rigidBody;
  }

  private collider(body: BodyHandle): Collider {
    const collider = this.colliders.get(body);
    if (collider === undefined) throw new Error(`rapier world: body ${body} has no collider`);
    return collider;
  }
}

function shapeCollider(shape: BodyShape): ColliderDesc {
  return shape.kind === 'box'
    ? RAPIER.ColliderDesc.cuboid(shape.halfExtents.x, shape.halfExtents.y, shape.halfExtents.z)
    : RAPIER.ColliderDesc.ball(shape.radius);
}

/** Both engines multiply the two surfaces' coefficients; rapier averages unless told otherwise. */
function withMaterial(desc: ColliderDesc, material: ResolvedMaterial): ColliderDesc {
  return desc
    .setFriction(material.friction)
    .setRestitution(material.restitution)
    .setFrictionCombineRule(RAPIER.CoefficientCombineRule.Multiply)
    .setRestitutionCombineRule(RAPIER.CoefficientCombineRule.Multiply);
}

function toRapierRotation(q: { w: number; x: number; y: number; z: number }): { x: number; y: number; z: number; w: number } {
  return { x: q.x, y: q.y, z: q.z, w: q.w };
}

/** rapier scales velocity by 1 / (1 + dt·d) per step; this d makes that exp(-rate·dt), our contract. */
export function rapierDampingForRate(rate: number, dt: number): number {
  return rate === 0 ? 0 : Math.expm1(rate * dt) / dt;
}
