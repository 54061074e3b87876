/**
 * What both engines share: handle bookkeeping, input checks, the freed guard, contact-event ordering and the
 * state hash. An engine subclass only translates already-checked requests into its own calls.
 */
import { hashTypedArrays } from '../math/state-hash.ts';
import {
  optionalQuaternion,
  optionalVec3,
  requireFinite,
  requireNonNegative,
  requirePositive,
  requireQuaternion,
  requireShape,
  requireVec3,
  yawQuaternion,
} from './rigid-input-validation.ts';
import {
  PACKED_POSE_STRIDE,
  type BodyHandle,
  type BodyKind,
  type BodyShape,
  type BodyVelocity,
  type ContactEvent,
  type DynamicBodyOptions,
  type JointHandle,
  type KinematicBodyOptions,
  type Pose,
  type Quaternion,
  type RigidEngineName,
  type RigidWorld,
  type RigidWorldSettings,
  type SphericalJointOptions,
  type StaticBoxBatchOptions,
  type StaticBoxRecord,
  type SurfaceMaterial,
  type TetherOptions,
  type Vec3,
} from './rigid-world.ts';

export interface ResolvedMaterial {
  friction: number;
  restitution: number;
}

export interface ResolvedStaticBox {
  centre: Vec3;
  halfExtents: Vec3;
  orientation: Quaternion;
  material: ResolvedMaterial;
}

export interface ResolvedDynamicBody {
  shape: BodyShape;
  mass: number;
  pose: Pose;
  velocity: BodyVelocity;
  linearDamping: number;
  angularDamping: number;
  material: ResolvedMaterial;
}

export interface ResolvedKinematicBody {
  shape: BodyShape;
  pose: Pose;
  material: ResolvedMaterial;
}

/** Joint ends after checks: anchorB is a world point when bodyB is null. */
export interface ResolvedJointEnds {
  bodyA: BodyHandle;
  anchorA: Vec3;
  bodyB: BodyHandle | null;
  anchorB: Vec3;
}

/** A contact change as an engine reports it, before ordering and the static flag. */
export interface RawContactChange {
  bodyA: BodyHandle;
  bodyB: BodyHandle;
  started: boolean;
}

/** Numbers per dynamic body in the state hash: position 3, orientation 4, linear 3, angular 3. */
export const DYNAMIC_STATE_STRIDE = 13;

/** Static surfaces default to 1 because both engines multiply the two surfaces' values. */
const STATIC_MATERIAL_DEFAULT: ResolvedMaterial = { friction: 1, restitution: 1 };
const MOVING_MATERIAL_DEFAULT: ResolvedMaterial = { friction: 0.5, restitution: 0 };

interface JointEnds {
  bodyA: BodyHandle;
  bodyB: BodyHandle | null;
}

export abstract class RigidWorldBase implements RigidWorld {
  abstract readonly engine: RigidEngineName;
  readonly settings: Readonly<RigidWorldSettings>;

  private readonly bodyKinds = new Map<BodyHandle, BodyKind>();
  private readonly jointsByBody = new Map<BodyHandle, Set<JointHandle>>();
  private readonly jointEnds = new Map<JointHandle, JointEnds>();
  private nextBodyHandle = 0;
  private nextJointHandle = 0;
  private stepCounter = 0;
  private lastContactEvents: ContactEvent[] = [];
  private isFreed = false;

  protected constructor(settings: RigidWorldSettings) {
    this.settings = Object.freeze({ ...settings, gravity: Object.freeze({ ...settings.gravity }) });
  }

  get time(): number {
    return this.stepCounter * this.settings.dt;
  }

  get stepCount(): number {
    return this.stepCounter;
  }

  get freed(): boolean {
    return this.isFreed;
  }

  // ---- engine hooks: inputs are checked and normalised before these run -----------------------------------

  protected abstract createGroundPlane(body: BodyHandle, material: ResolvedMaterial): void;
  protected abstract createStaticBox(body: BodyHandle, box: ResolvedStaticBox): void;
  protected abstract createDynamicBody(body: BodyHandle, spec: ResolvedDynamicBody): void;
  protected abstract createKinematicBody(body: BodyHandle, spec: ResolvedKinematicBody): void;
  protected abstract destroyBody(body: BodyHandle): void;
  protected abstract createTether(joint: JointHandle, ends: ResolvedJointEnds, length: number): void;
  protected abstract createSphericalJoint(joint: JointHandle, ends: ResolvedJointEnds): void;
  protected abstract destroyJoint(joint: JointHandle): void;
  protected abstract engineApplyForce(body: BodyHandle, force: Vec3, worldPoint: Vec3 | null): void;
  protected abstract engineApplyImpulse(body: BodyHandle, impulse: Vec3, worldPoint: Vec3 | null): void;
  protected abstract engineApplyTorque(body: BodyHandle, torque: Vec3): void;
  protected abstract readPose(body: BodyHandle): Pose;
  protected abstract writePose(body: BodyHandle, pose: Pose): void;
  protected abstract readVelocity(body: BodyHandle): BodyVelocity;
  protected abstract writeVelocity(body: BodyHandle, velocity: BodyVelocity): void;
  /** Orientation already normalised. */
  protected abstract writeKinematicTarget(body: BodyHandle, x: number, y: number, z: number, qw: number, qx: number, qy: number, qz: number): void;
  /** Steps the engine once and returns the contact changes it saw, between handles of this world only. */
  protected abstract advance(): RawContactChange[];
  /** Writes DYNAMIC_STATE_STRIDE numbers for one dynamic body at out[offset...]. */
  protected abstract readDynamicState(body: BodyHandle, out: Float64Array, offset: number): void;
  protected abstract releaseEngine(): void;

  // ---- bodies ----------------------------------------------------------------------------------------------

  addGroundPlane(material?: SurfaceMaterial): BodyHandle {
    this.assertUsable('addGroundPlane');
    const resolved = resolveMaterial('RigidWorld.addGroundPlane', material, STATIC_MATERIAL_DEFAULT);
    const body = this.registerBody('static');
    this.createGroundPlane(body, resolved);
    return body;
  }

  addStaticBox(box: StaticBoxRecord & SurfaceMaterial): BodyHandle {
    this.assertUsable('addStaticBox');
    const where = 'RigidWorld.addStaticBox';
    const resolved = resolveStaticBox(where, 'box', box, resolveMaterial(where, box, STATIC_MATERIAL_DEFAULT));
    const body = this.registerBody('static');
    this.createStaticBox(body, resolved);
    return body;
  }

  addStaticBoxes(boxes: readonly StaticBoxRecord[] | Float32Array | Float64Array, options: StaticBoxBatchOptions = {}): BodyHandle[] {
    this.assertUsable('addStaticBoxes');
    const where = 'RigidWorld.addStaticBoxes';
    const material = resolveMaterial(where, options, STATIC_MATERIAL_DEFAULT);
    // Check every box first so a bad entry leaves the world unchanged.
    const resolved: ResolvedStaticBox[] = [];
    if (boxes instanceof Float32Array || boxes instanceof Float64Array) {
      const stride = options.stride ?? 6;
      if (stride !== 6 && stride !== 7) throw new RangeError(`${where}: stride must be 6 (cx, cy, cz, hx, hy, hz) or 7 (plus yaw), got ${String(stride)}`);
      if (boxes.length % stride !== 0) {
        throw new RangeError(`${where}: a packed array must hold ${stride} numbers per box, got length ${boxes.length} (not a multiple of ${stride})`);
      }
      for (let i = 0, offset = 0; offset < boxes.length; i++, offset += stride) {
        const record: StaticBoxRecord = {
          cx: boxes[offset], cy: boxes[offset + 1], cz: boxes[offset + 2],
          hx: boxes[offset + 3], hy: boxes[offset + 4], hz: boxes[offset + 5],
          yaw: stride === 7 ? boxes[offset + 6] : 0,
        };
        resolved.push(resolveStaticBox(where, `box ${i}`, record, material));
      }
    } else if (Array.isArray(boxes)) {
      boxes.forEach((record, i) => resolved.push(resolveStaticBox(where, `boxes[${i}]`, record, material)));
    } else {
      throw new TypeError(`${where}: boxes must be an array of {cx, cy, cz, hx, hy, hz} records or a Float32Array/Float64Array, got ${typeof boxes}`);
    }
    return resolved.map((box) => {
      const body = this.registerBody('static');
      this.createStaticBox(body, box);
      return body;
    });
  }

  addDynamicBody(options: DynamicBodyOptions): BodyHandle {
    this.assertUsable('addDynamicBody');
    const where = 'RigidWorld.addDynamicBody';
    if (typeof options !== 'object' || options === null) throw new TypeError(`${where}: options must be an object {shape, mass, position, ...}`);
    const spec: ResolvedDynamicBody = {
      shape: requireShape(where, options.shape),
      mass: requirePositive(where, 'mass', options.mass),
      pose: {
        position: requireVec3(where, 'position', options.position),
        orientation: optionalQuaternion(where, 'orientation', options.orientation),
      },
      velocity: {
        linear: optionalVec3(where, 'linearVelocity', options.linearVelocity),
        angular: optionalVec3(where, 'angularVelocity', options.angularVelocity),
      },
      linearDamping: options.linearDamping === undefined ? 0 : requireNonNegative(where, 'linearDamping', options.linearDamping),
      angularDamping: options.angularDamping === undefined ? 0 : requireNonNegative(where, 'angularDamping', options.angularDamping),
      material: resolveMaterial(where, options, MOVING_MATERIAL_DEFAULT),
    };
    const body = this.registerBody('dynamic');
    this.createDynamicBody(body, spec);
    return body;
  }

  addKinematicBody(options: KinematicBodyOptions): BodyHandle {
    this.assertUsable('addKinematicBody');
    const where = 'RigidWorld.addKinematicBody';
    if (typeof options !== 'object' || options === null) throw new TypeError(`${where}: options must be an object {shape, position, ...}`);
    const spec: ResolvedKinematicBody = {
      shape: requireShape(where, options.shape),
      pose: {
        position: requireVec3(where, 'position', options.position),
        orientation: optionalQuaternion(where, 'orientation', options.orientation),
      },
      material: resolveMaterial(where, options, MOVING_MATERIAL_DEFAULT),
    };
    const body = this.registerBody('kinematic');
    this.createKinematicBody(body, spec);
    return body;
  }

  removeBody(body: BodyHandle): void {
    this.assertUsable('removeBody');
    this.requireBody('RigidWorld.removeBody', body);
    for (const joint of [...(this.jointsByBody.get(body) ?? [])]) this.removeJoint(joint);
    this.destroyBody(body);
    this.bodyKinds.delete(body);
    this.jointsByBody.delete(body);
  }

  // ---- joints ----------------------------------------------------------------------------------------------

  addTether(options: TetherOptions): JointHandle {
    this.assertUsable('addTether');
    const where = 'RigidWorld.addTether';
    const ends = this.resolveJointEnds(where, options);
    const length = requirePositive(where, 'length', options.length);
    const joint = this.registerJoint(ends);
    this.createTether(joint, ends, length);
    return joint;
  }

  addSphericalJoint(options: SphericalJointOptions): JointHandle {
    this.assertUsable('addSphericalJoint');
    const ends = this.resolveJointEnds('RigidWorld.addSphericalJoint', options);
    const joint = this.registerJoint(ends);
    this.createSphericalJoint(joint, ends);
    return joint;
  }

  removeJoint(joint: JointHandle): void {
    this.assertUsable('removeJoint');
    const ends = this.jointEnds.get(joint);
    if (ends === undefined) {
      throw new RangeError(`RigidWorld.removeJoint: joint handle ${String(joint)} is not in this world; accepted: a handle returned by addTether or addSphericalJoint and not yet removed`);
    }
    this.destroyJoint(joint);
    this.jointEnds.delete(joint);
    this.jointsByBody.get(ends.bodyA)?.delete(joint);
    if (ends.bodyB !== null) this.jointsByBody.get(ends.bodyB)?.delete(joint);
  }

  // ---- forces, poses, velocities ---------------------------------------------------------------------------

  applyForce(body: BodyHandle, force: Vec3, worldPoint?: Vec3): void {
    this.assertUsable('applyForce');
    const where = 'RigidWorld.applyForce';
    this.requireBody(where, body, 'dynamic');
    const checkedForce = requireVec3(where, 'force', force);
    this.engineApplyForce(body, checkedForce, worldPoint === undefined ? null : requireVec3(where, 'worldPoint', worldPoint));
  }

  applyImpulse(body: BodyHandle, impulse: Vec3, worldPoint?: Vec3): void {
    this.assertUsable('applyImpulse');
    const where = 'RigidWorld.applyImpulse';
    this.requireBody(where, body, 'dynamic');
    const checkedImpulse = requireVec3(where, 'impulse', impulse);
    this.engineApplyImpulse(body, checkedImpulse, worldPoint === undefined ? null : requireVec3(where, 'worldPoint', worldPoint));
  }

  applyTorque(body: BodyHandle, torque: Vec3): void {
    this.assertUsable('applyTorque');
    const where = 'RigidWorld.applyTorque';
    this.requireBody(where, body, 'dynamic');
    this.engineApplyTorque(body, requireVec3(where, 'torque', torque));
  }

  getPose(body: BodyHandle): Pose {
    this.assertUsable('getPose');
    this.requireBody('RigidWorld.getPose', body);
    return this.readPose(body);
  }

  setPose(body: BodyHandle, pose: Pose): void {
    this.assertUsable('setPose');
    const where = 'RigidWorld.setPose';
    this.requireMovingBody(where, body);
    this.writePose(body, resolvePose(where, pose));
  }

  getVelocity(body: BodyHandle): BodyVelocity {
    this.assertUsable('getVelocity');
    this.requireBody('RigidWorld.getVelocity', body);
    return this.readVelocity(body);
  }

  setVelocity(body: BodyHandle, velocity: Partial<BodyVelocity>): void {
    this.assertUsable('setVelocity');
    const where = 'RigidWorld.setVelocity';
    this.requireBody(where, body, 'dynamic');
    if (typeof velocity !== 'object' || velocity === null) throw new TypeError(`${where}: velocity must be an object {linear?, angular?}`);
    const current = this.readVelocity(body);
    this.writeVelocity(body, {
      linear: velocity.linear === undefined ? current.linear : requireVec3(where, 'velocity.linear', velocity.linear),
      angular: velocity.angular === undefined ? current.angular : requireVec3(where, 'velocity.angular', velocity.angular),
    });
  }

  setKinematicTarget(body: BodyHandle, pose: Pose): void {
    this.assertUsable('setKinematicTarget');
    const where = 'RigidWorld.setKinematicTarget';
    this.requireBody(where, body, 'kinematic');
    const { position: p, orientation: q } = resolvePose(where, pose);
    this.writeKinematicTarget(body, p.x, p.y, p.z, q.w, q.x, q.y, q.z);
  }

  setKinematicTargets(bodies: ArrayLike<BodyHandle>, poses: Float32Array | Float64Array): void {
    this.assertUsable('setKinematicTargets');
    const where = 'RigidWorld.setKinematicTargets';
    if (poses.length !== bodies.length * PACKED_POSE_STRIDE) {
      throw new RangeError(`${where}: poses must hold ${PACKED_POSE_STRIDE} numbers (x, y, z, qw, qx, qy, qz) per body: expected ${bodies.length * PACKED_POSE_STRIDE}, got ${poses.length}`);
    }
    // Check the whole batch first so a bad entry moves no body.
    for (let i = 0; i < bodies.length; i++) {
      this.requireBody(where, bodies[i], 'kinematic');
      const o = i * PACKED_POSE_STRIDE;
      for (let k = 0; k < PACKED_POSE_STRIDE; k++) {
        if (!Number.isFinite(poses[o + k])) throw new TypeError(`${where}: poses[${o + k}] (body ${bodies[i]}) must be a finite number, got ${poses[o + k]}`);
      }
      if (Math.hypot(poses[o + 3], poses[o + 4], poses[o + 5], poses[o + 6]) < 1e-9) {
        throw new RangeError(`${where}: the quaternion of body ${bodies[i]} (poses[${o + 3}..${o + 6}]) must be non-zero`);
      }
    }
    for (let i = 0; i < bodies.length; i++) {
      const o = i * PACKED_POSE_STRIDE;
      const inverseLength = 1 / Math.hypot(poses[o + 3], poses[o + 4], poses[o + 5], poses[o + 6]);
      this.writeKinematicTarget(
        bodies[i], poses[o], poses[o + 1], poses[o + 2],
        poses[o + 3] * inverseLength, poses[o + 4] * inverseLength, poses[o + 5] * inverseLength, poses[o + 6] * inverseLength,
      );
    }
  }

  // ---- stepping --------------------------------------------------------------------------------------------

  step(): void {
    this.assertUsable('step');
    const changes = this.advance();
    this.stepCounter++;
    this.lastContactEvents = changes.map((change) => this.orderContact(change)).sort(compareContacts);
  }

  contactEvents(): readonly ContactEvent[] {
    this.assertUsable('contactEvents');
    return this.lastContactEvents;
  }

  stateHash(): string {
    this.assertUsable('stateHash');
    const dynamicBodies: BodyHandle[] = [];
    for (const [body, kind] of this.bodyKinds) if (kind === 'dynamic') dynamicBodies.push(body);
    const state = new Float64Array(dynamicBodies.length * DYNAMIC_STATE_STRIDE);
    dynamicBodies.forEach((body, i) => this.readDynamicState(body, state, i * DYNAMIC_STATE_STRIDE));
    return hashTypedArrays([state]);
  }

  free(): void {
    if (this.isFreed) return;
    this.isFreed = true;
    this.releaseEngine();
    this.bodyKinds.clear();
    this.jointsByBody.clear();
    this.jointEnds.clear();
    this.lastContactEvents = [];
  }

  kindOf(body: BodyHandle): BodyKind {
    this.assertUsable('kindOf');
    return this.requireBody('RigidWorld.kindOf', body);
  }

  // ---- internals -------------------------------------------------------------------------------------------

  protected assertUsable(method: string): void {
    if (this.isFreed) {
      throw new Error(`RigidWorld.${method}: this ${this.engine} world was freed; create a new one with createRigidWorld()`);
    }
  }

  private registerBody(kind: BodyKind): BodyHandle {
    const body = this.nextBodyHandle++;
    this.bodyKinds.set(body, kind);
    return body;
  }

  private registerJoint(ends: ResolvedJointEnds): JointHandle {
    const joint = this.nextJointHandle++;
    this.jointEnds.set(joint, { bodyA: ends.bodyA, bodyB: ends.bodyB });
    for (const body of [ends.bodyA, ends.bodyB]) {
      if (body === null) continue;
      let joints = this.jointsByBody.get(body);
      if (joints === undefined) this.jointsByBody.set(body, (joints = new Set()));
      joints.add(joint);
    }
    return joint;
  }

  private requireBody(where: string, body: BodyHandle, kind?: BodyKind): BodyKind {
    const found = this.bodyKinds.get(body);
    if (found === undefined) {
      throw new RangeError(`${where}: body handle ${String(body)} is not in this world; accepted: a handle returned by an add* method and not yet removed`);
    }
    if (kind !== undefined && found !== kind) throw new TypeError(`${where}: body ${body} is ${found}; this call accepts ${kind} bodies only`);
    return found;
  }

  private requireMovingBody(where: string, body: BodyHandle): void {
    const kind = this.requireBody(where, body);
    if (kind === 'static') throw new TypeError(`${where}: body ${body} is static; this call accepts dynamic or kinematic bodies`);
  }

  private resolveJointEnds(where: string, options: TetherOptions | SphericalJointOptions): ResolvedJointEnds {
    if (typeof options !== 'object' || options === null) throw new TypeError(`${where}: options must be an object {bodyA, anchorA?, bodyB?, anchorB?}`);
    const kindA = this.requireBody(where, options.bodyA);
    if (kindA === 'static') throw new TypeError(`${where}: bodyA (${options.bodyA}) is static; attach joints to a dynamic or kinematic body and use anchorB for a fixed point`);
    const anchorA = optionalVec3(where, 'anchorA', options.anchorA);
    const anchorB = optionalVec3(where, 'anchorB', options.anchorB);
    const bodyB = options.bodyB ?? null;
    if (bodyB === null) return { bodyA: options.bodyA, anchorA, bodyB: null, anchorB };
    const kindB = this.requireBody(where, bodyB);
    if (bodyB === options.bodyA) throw new RangeError(`${where}: bodyA and bodyB are both ${bodyB}; a joint needs two different bodies`);
    // A static body never moves, so tying to it is tying to the world point its anchor occupies.
    if (kindB === 'static') return { bodyA: options.bodyA, anchorA, bodyB: null, anchorB: transformPoint(this.readPose(bodyB), anchorB) };
    return { bodyA: options.bodyA, anchorA, bodyB, anchorB };
  }

  private orderContact(change: RawContactChange): ContactEvent {
    const staticA = this.bodyKinds.get(change.bodyA) === 'static';
    const staticB = this.bodyKinds.get(change.bodyB) === 'static';
    const staticHit = staticA || staticB;
    const swap = staticA && !staticB ? true : staticB && !staticA ? false : change.bodyA > change.bodyB;
    return swap
      ? { bodyA: change.bodyB, bodyB: change.bodyA, started: change.started, staticHit }
      : { bodyA: change.bodyA, bodyB: change.bodyB, started: change.started, staticHit };
  }
}

/** pose.position + R(pose.orientation) · local */
function transformPoint(pose: Pose, local: Vec3): Vec3 {
  const { w, x, y, z } = pose.orientation;
  // v' = v + 2w (q × v) + 2 q × (q × v), q the vector part
  const cx = y * local.z - z * local.y;
  const cy = z * local.x - x * local.z;
  const cz = x * local.y - y * local.x;
  return {
    x: pose.position.x + local.x + 2 * (w * cx + y * cz - z * cy),
    y: pose.position.y + local.y + 2 * (w * cy + z * cx - x * cz),
    z: pose.position.z + local.z + 2 * (w * cz + x * cy - y * cx),
  };
}

function compareContacts(a: ContactEvent, b: ContactEvent): number {
  return a.bodyA - b.bodyA || a.bodyB - b.bodyB || Number(a.started) - Number(b.started);
}

function resolveMaterial(where: string, material: SurfaceMaterial | undefined, defaults: ResolvedMaterial): ResolvedMaterial {
  if (material === undefined) return { ...defaults };
  if (typeof material !== 'object' || material === null) throw new TypeError(`${where}: material must be an object {friction?, restitution?}`);
  return {
    friction: material.friction === undefined ? defaults.friction : requireNonNegative(where, 'friction', material.friction),
    restitution: material.restitution === undefined ? defaults.restitution : requireNonNegative(where, 'restitution', material.restitution),
  };
}

function resolvePose(where: string, pose: Pose): Pose {
  if (typeof pose !== 'object' || pose === null) throw new TypeError(`${where}: pose must be an object {position, orientation}`);
  return {
    position: requireVec3(where, 'pose.position', pose.position),
    orientation: requireQuaternion(where, 'pose.orientation', pose.orientation),
  };
}

function resolveStaticBox(where: string, name: string, box: StaticBoxRecord, material: ResolvedMaterial): ResolvedStaticBox {
  if (typeof box !== 'object' || box === null) throw new TypeError(`${where}: ${name} must be a record {cx, cy, cz, hx, hy, hz, yaw?}`);
  const centre = {
    x: requireFinite(where, `${name}.cx`, box.cx),
    y: requireFinite(where, `${name}.cy`, box.cy),
    z: requireFinite(where, `${name}.cz`, box.cz),
  };
  const halfExtents = {
    x: requirePositive(where, `${name}.hx`, box.hx),
    y: requirePositive(where, `${name}.hy`, box.hy),
    z: requirePositive(where, `${name}.hz`, box.hz),
  };
  const orientation = box.orientation !== undefined
    ? requireQuaternion(where, `${name}.orientation`, box.orientation)
    : yawQuaternion(box.yaw === undefined ? 0 : requireFinite(where, `${name}.yaw`, box.yaw));
  return { centre, halfExtents, orientation, material };
}
