/**
 * RigidWorld on cannon-es (pure JavaScript, f64). Deterministic within one JavaScript engine; handy where
 * WebAssembly is unwelcome. Tuned so simple scenes (drops, tethers, pushes) match the rapier world.
 */
import {
  Body,
  Box,
  GSSolver,
  Material,
  ObjectCollisionMatrix,
  Plane,
  PointToPointConstraint,
  Quaternion as CannonQuaternion,
  Sphere,
  Vec3 as CannonVec3,
  World,
  type ArrayCollisionMatrix,
  type Constraint,
} from 'cannon-es';
import { CannonRopeConstraint } from './cannon-rope-constraint.ts';
import { CannonStaticGridBroadphase } from './cannon-static-grid-broadphase.ts';
import {
  RigidWorldBase,
  type RawContactChange,
  type ResolvedDynamicBody,
  type ResolvedJointEnds,
  type ResolvedKinematicBody,
  type ResolvedMaterial,
  type ResolvedStaticBox,
} from './rigid-world-base.ts';
import type { BodyHandle, BodyShape, BodyVelocity, JointHandle, Pose, Quaternion, RigidWorldSettings, Vec3 } from './rigid-world.ts';

/** cannon's own stiffness and relaxation, applied to joints too (cannon leaves joints tuned for 60 Hz). */
const CONSTRAINT_STIFFNESS = 1e7;
const CONSTRAINT_RELAXATION = 3;
/**
 * Softer than cannon's 3: at dt = 0.01 s a parcel landing at 14 m/s sinks up to 12 cm in one step, and with
 * relaxation 3 the push-out throws it up to 40 cm high (restitution 0). From 10 on it rests within 0.5 s.
 */
const CONTACT_RELAXATION = 10;

interface CannonJoint {
  constraint: Constraint;
  /** A shapeless static body made for a joint tied to a world point; removed with the joint. */
  anchorBody: Body | null;
}

interface KinematicTarget {
  position: CannonVec3;
  orientation: CannonQuaternion;
}

interface ContactEventFromCannon {
  bodyA?: Body | null;
  bodyB?: Body | null;
}

export class CannonRigidWorld extends RigidWorldBase {
  readonly engine = 'cannon' as const;

  private readonly world: World;
  private readonly broadphase: CannonStaticGridBroadphase;
  private readonly bodies = new Map<BodyHandle, Body>();
  private readonly handleByBody = new Map<Body, BodyHandle>();
  private readonly kinematicBodies = new Map<BodyHandle, Body>();
  private readonly kinematicTargets = new Map<BodyHandle, KinematicTarget>();
  private readonly joints = new Map<JointHandle, CannonJoint>();
  /** cannon compares materials by object; one per (friction, restitution) keeps a city's boxes on one. */
  private readonly materials = new Map<string, Material>();
  private pendingContacts: RawContactChange[] = [];
  private readonly onBeginContact = (event: ContactEventFromCannon): void => this.recordContact(event, true);
  private readonly onEndContact = (event: ContactEventFromCannon): void => this.recordContact(event, false);

  /** Async only to match the rapier factory; cannon needs no initialisation. */
  static async create(settings: RigidWorldSettings): Promise<CannonRigidWorld> {
    return new CannonRigidWorld(settings);
  }

  private constructor(settings: RigidWorldSettings) {
    super(settings);
    const { gravity } = settings;
    this.world = new World({ gravity: new CannonVec3(gravity.x, gravity.y, gravity.z), allowSleep: settings.allowSleep });
    // cannon's own broadphases test static boxes against each other every step; a city has thousands.
    this.broadphase = new CannonStaticGridBroadphase(this.world);
    this.world.broadphase = this.broadphase;
    // The default dense matrix holds every pair of bodies and is cleared each step: with a city's thousand
    // boxes that clearing took most of the step. A sparse one costs only the pairs in contact.
    this.world.collisionMatrix = new ObjectCollisionMatrix() as unknown as ArrayCollisionMatrix;
    this.world.collisionMatrixPrevious = new ObjectCollisionMatrix() as unknown as ArrayCollisionMatrix;
    const solver = new GSSolver();
    solver.iterations = settings.solverIterations;
    this.world.solver = solver;
    this.world.defaultContactMaterial.contactEquationStiffness = CONSTRAINT_STIFFNESS;
    this.world.defaultContactMaterial.contactEquationRelaxation = CONTACT_RELAXATION;
    this.world.addEventListener('beginContact', this.onBeginContact);
    this.world.addEventListener('endContact', this.onEndContact);
  }

  protected createGroundPlane(body: BodyHandle, material: ResolvedMaterial): void {
    const ground = new Body({ mass: 0, type: Body.STATIC, material: this.material(material) });
    ground.addShape(new Plane()); // cannon's plane faces local +z, which is world up here
    this.addBody(body, ground);
  }

  protected createStaticBox(body: BodyHandle, box: ResolvedStaticBox): void {
    const { centre: c, halfExtents: h } = box;
    const staticBox = new Body({
      mass: 0,
      type: Body.STATIC,
      position: new CannonVec3(c.x, c.y, c.z),
      quaternion: toCannonQuaternion(box.orientation),
      material: this.material(box.material),
    });
    staticBox.addShape(new Box(new CannonVec3(h.x, h.y, h.z)));
    this.addBody(body, staticBox);
  }

  protected createDynamicBody(body: BodyHandle, spec: ResolvedDynamicBody): void {
    const { position: p, orientation: q } = spec.pose;
    const { linear: v, angular: w } = spec.velocity;
    const dynamicBody = new Body({
      mass: spec.mass,
      type: Body.DYNAMIC,
      position: new CannonVec3(p.x, p.y, p.z),
      quaternion: toCannonQuaternion(q),
      velocity: new CannonVec3(v.x, v.y, v.z),
      angularVelocity: new CannonVec3(w.x, w.y, w.z),
      linearDamping: cannonDampingForRate(spec.linearDamping),
      angularDamping: cannonDampingForRate(spec.angularDamping),
      material: this.material(spec.material),
    });
    const shape = shapeFor(spec.shape);
    dynamicBody.addShape(shape);
    useExactInertia(dynamicBody, shape);
    this.addBody(body, dynamicBody);
  }

  protected createKinematicBody(body: BodyHandle, spec: ResolvedKinematicBody): void {
    const { position: p, orientation: q } = spec.pose;
    const kinematicBody = new Body({
      mass: 0,
      type: Body.KINEMATIC,
      position: new CannonVec3(p.x, p.y, p.z),
      quaternion: toCannonQuaternion(q),
      material: this.material(spec.material),
    });
    kinematicBody.addShape(shapeFor(spec.shape));
    this.addBody(body, kinematicBody);
    this.kinematicBodies.set(body, kinematicBody);
  }

  protected destroyBody(body: BodyHandle): void {
    const cannonBody = this.bodies.get(body);
    if (cannonBody !== undefined) {
      this.world.removeBody(cannonBody);
      this.handleByBody.delete(cannonBody);
    }
    this.bodies.delete(body);
    this.kinematicBodies.delete(body);
    this.kinematicTargets.delete(body);
  }

  protected createTether(joint: JointHandle, ends: ResolvedJointEnds, length: number): void {
    this.attachJoint(joint, ends, (bodyA, anchorA, bodyB, anchorB) => new CannonRopeConstraint(bodyA, anchorA, bodyB, anchorB, length));
  }

  protected createSphericalJoint(joint: JointHandle, ends: ResolvedJointEnds): void {
    this.attachJoint(joint, ends, (bodyA, anchorA, bodyB, anchorB) => new PointToPointConstraint(bodyA, anchorA, bodyB, anchorB));
  }

  protected destroyJoint(joint: JointHandle): void {
    const entry = this.joints.get(joint);
    if (entry === undefined) return;
    this.world.removeConstraint(entry.constraint);
    if (entry.anchorBody !== null) this.world.removeBody(entry.anchorBody);
    this.joints.delete(joint);
  }

  protected engineApplyForce(body: BodyHandle, force: Vec3, worldPoint: Vec3 | null): void {
    const cannonBody = this.body(body);
    // cannon wants the point relative to the centre of mass, in world axes; forces clear after each step.
    cannonBody.applyForce(new CannonVec3(force.x, force.y, force.z), relativePoint(cannonBody, worldPoint));
  }

  protected engineApplyTorque(body: BodyHandle, torque: Vec3): void {
    // cannon's torque accumulator is world-frame and clears after each step, like its forces.
    this.body(body).torque.vadd(new CannonVec3(torque.x, torque.y, torque.z), this.body(body).torque);
  }

  protected engineApplyImpulse(body: BodyHandle, impulse: Vec3, worldPoint: Vec3 | null): void {
    const cannonBody = this.body(body);
    cannonBody.applyImpulse(new CannonVec3(impulse.x, impulse.y, impulse.z), relativePoint(cannonBody, worldPoint));
  }

  protected readPose(body: BodyHandle): Pose {
    const { position: p, quaternion: q } = this.body(body);
    return { position: { x: p.x, y: p.y, z: p.z }, orientation: { w: q.w, x: q.x, y: q.y, z: q.z } };
  }

  protected writePose(body: BodyHandle, pose: Pose): void {
    const cannonBody = this.body(body);
    const { position: p, orientation: q } = pose;
    cannonBody.position.set(p.x, p.y, p.z);
    cannonBody.previousPosition.set(p.x, p.y, p.z);
    cannonBody.quaternion.set(q.x, q.y, q.z, q.w);
    cannonBody.previousQuaternion.set(q.x, q.y, q.z, q.w);
    cannonBody.aabbNeedsUpdate = true;
    cannonBody.updateInertiaWorld(true);
    this.kinematicTargets.delete(body); // a teleport replaces any pending move
    cannonBody.wakeUp();
  }

  protected readVelocity(body: BodyHandle): BodyVelocity {
    const { velocity: v, angularVelocity: w } = this.body(body);
    return { linear: { x: v.x, y: v.y, z: v.z }, angular: { x: w.x, y: w.y, z: w.z } };
  }

  protected writeVelocity(body: BodyHandle, velocity: BodyVelocity): void {
    const cannonBody = this.body(body);
    const { linear: v, angular: w } = velocity;
    cannonBody.velocity.set(v.x, v.y, v.z);
    cannonBody.angularVelocity.set(w.x, w.y, w.z);
    cannonBody.wakeUp();
  }

  protected writeKinematicTarget(body: BodyHandle, x: number, y: number, z: number, qw: number, qx: number, qy: number, qz: number): void {
    const target = this.kinematicTargets.get(body);
    if (target === undefined) {
      this.kinematicTargets.set(body, { position: new CannonVec3(x, y, z), orientation: new CannonQuaternion(qx, qy, qz, qw) });
    } else {
      target.position.set(x, y, z);
      target.orientation.set(qx, qy, qz, qw);
    }
  }

  protected advance(): RawContactChange[] {
    const dt = this.settings.dt;
    // Kinematic bodies move at the velocity that reaches their target in one step (zero without one), so
    // contacts see their motion; after the step they are placed exactly, as rapier does.
    for (const [body, kinematicBody] of this.kinematicBodies) {
      const target = this.kinematicTargets.get(body);
      if (target === undefined) {
        kinematicBody.velocity.setZero();
        kinematicBody.angularVelocity.setZero();
        continue;
      }
      target.position.vsub(kinematicBody.position, kinematicBody.velocity);
      kinematicBody.velocity.scale(1 / dt, kinematicBody.velocity);
      angularVelocityBetween(kinematicBody.quaternion, target.orientation, dt, kinematicBody.angularVelocity);
    }
    this.pendingContacts = [];
    this.world.step(dt);
    for (const [body, target] of this.kinematicTargets) {
      const kinematicBody = this.kinematicBodies.get(body);
      if (kinematicBody === undefined) continue;
      kinematicBody.position.copy(target.position);
      kinematicBody.quaternion.copy(target.orientation);
      kinematicBody.aabbNeedsUpdate = true;
    }
    this.kinematicTargets.clear();
    return this.pendingContacts;
  }

  protected readDynamicState(body: BodyHandle, out: Float64Array, offset: number): void {
    const { position: p, quaternion: q, velocity: v, angularVelocity: w } = this.body(body);
    out[offset] = p.x; out[offset + 1] = p.y; out[offset + 2] = p.z;
    out[offset + 3] = q.w; out[offset + 4] = q.x; out[offset + 5] = q.y; out[offset + 6] = q.z;
    out[offset + 7] = v.x; out[offset + 8] = v.y; out[offset + 9] = v.z;
    out[offset + 10] = w.x; out[offset + 11] = w.y; out[offset + 12] = w.z;
  }

  protected releaseEngine(): void {
    this.world.removeEventListener('beginContact', this.onBeginContact);
    this.world.removeEventListener('endContact', this.onEndContact);
    this.broadphase.detach(this.world);
    for (const { constraint } of this.joints.values()) this.world.removeConstraint(constraint);
    for (const cannonBody of [...this.world.bodies]) this.world.removeBody(cannonBody);
    this.bodies.clear();
    this.handleByBody.clear();
    this.kinematicBodies.clear();
    this.kinematicTargets.clear();
    this.joints.clear();
    this.materials.clear();
    this.pendingContacts = [];
  }

  // ---- helpers ---------------------------------------------------------------------------------------------

  private addBody(body: BodyHandle, cannonBody: Body): void {
    this.world.addBody(cannonBody);
    this.bodies.set(body, cannonBody);
    this.handleByBody.set(cannonBody, body);
  }

  private attachJoint(
    joint: JointHandle,
    ends: ResolvedJointEnds,
    makeConstraint: (bodyA: Body, anchorA: CannonVec3, bodyB: Body, anchorB: CannonVec3) => Constraint,
  ): void {
    const bodyA = this.body(ends.bodyA);
    const anchorA = new CannonVec3(ends.anchorA.x, ends.anchorA.y, ends.anchorA.z);
    let anchorBody: Body | null = null;
    let bodyB: Body;
    let anchorB: CannonVec3;
    if (ends.bodyB === null) {
      const p = ends.anchorB;
      anchorBody = new Body({ mass: 0, type: Body.STATIC, position: new CannonVec3(p.x, p.y, p.z) });
      this.world.addBody(anchorBody);
      bodyB = anchorBody;
      anchorB = new CannonVec3(0, 0, 0);
    } else {
      bodyB = this.body(ends.bodyB);
      anchorB = new CannonVec3(ends.anchorB.x, ends.anchorB.y, ends.anchorB.z);
    }
    const constraint = makeConstraint(bodyA, anchorA, bodyB, anchorB);
    for (const equation of constraint.equations) equation.setSpookParams(CONSTRAINT_STIFFNESS, CONSTRAINT_RELAXATION, this.settings.dt);
    this.world.addConstraint(constraint);
    this.joints.set(joint, { constraint, anchorBody });
  }

  private recordContact(event: ContactEventFromCannon, started: boolean): void {
    const bodyA = event.bodyA ? this.handleByBody.get(event.bodyA) : undefined;
    const bodyB = event.bodyB ? this.handleByBody.get(event.bodyB) : undefined;
    if (bodyA !== undefined && bodyB !== undefined) this.pendingContacts.push({ bodyA, bodyB, started });
  }

  private material(material: ResolvedMaterial): Material {
    const key = `${material.friction}/${material.restitution}`;
    let found = this.materials.get(key);
    if (found === undefined) {
      found = new Material({ friction: material.friction, restitution: material.restitution });
      this.materials.set(key, found);
    }
    return found;
  }

  private body(body: BodyHandle): Body {
    const cannonBody = this.bodies.get(body);
    if (cannonBody === undefined) throw new Error(`cannon world: body ${body} has no cannon body`);
    return cannonBody;
  }
}

function shapeFor(shape: BodyShape): Box | Sphere {
  return shape.kind === 'box'
    ? new Box(new CannonVec3(shape.halfExtents.x, shape.halfExtents.y, shape.halfExtents.z))
    : new Sphere(shape.radius);
}

/**
 * cannon approximates every body's inertia by its world AABB as a box: 2/3·m·r² for a sphere instead of
 * 2/5·m·r², and too large for a box created rotated. The shape's own formula is exact for one shape at the centre.
 */
function useExactInertia(body: Body, shape: Box | Sphere): void {
  shape.calculateLocalInertia(body.mass, body.inertia);
  body.invInertia.set(1 / body.inertia.x, 1 / body.inertia.y, 1 / body.inertia.z);
  body.updateInertiaWorld(true);
}

function toCannonQuaternion(q: Quaternion): CannonQuaternion {
  return new CannonQuaternion(q.x, q.y, q.z, q.w);
}

function relativePoint(body: Body, worldPoint: Vec3 | null): CannonVec3 {
  if (worldPoint === null) return new CannonVec3(0, 0, 0);
  return new CannonVec3(worldPoint.x - body.position.x, worldPoint.y - body.position.y, worldPoint.z - body.position.z);
}

/** cannon scales velocity by (1 - d)^dt per step; this d makes that exp(-rate·dt), our contract. */
export function cannonDampingForRate(rate: number): number {
  return -Math.expm1(-rate);
}

const deltaRotation = new CannonQuaternion();
const inverseFrom = new CannonQuaternion();

/** The world-frame angular velocity that turns `from` into `to` in dt (shortest way round). */
function angularVelocityBetween(from: CannonQuaternion, to: CannonQuaternion, dt: number, out: CannonVec3): void {
  from.conjugate(inverseFrom);
  to.mult(inverseFrom, deltaRotation);
  if (deltaRotation.w < 0) deltaRotation.set(-deltaRotation.x, -deltaRotation.y, -deltaRotation.z, -deltaRotation.w);
  const sinHalf = Math.hypot(deltaRotation.x, deltaRotation.y, deltaRotation.z);
  if (sinHalf < 1e-12) {
    out.setZero();
    return;
  }
  const angle = 2 * Math.atan2(sinHalf, deltaRotation.w);
  const scale = angle / (sinHalf * dt);
  out.set(deltaRotation.x * scale, deltaRotation.y * scale, deltaRotation.z * scale);
}
