/**
 * The one interface every rigid-body engine sits behind.
 * Units SI, world frame ENU with z up, quaternions (w, x, y, z); handles are plain numbers owned by the world.
 */

export type RigidEngineName = 'rapier' | 'cannon';
export const RIGID_ENGINE_NAMES: readonly RigidEngineName[] = ['rapier', 'cannon'];

/** A body in one world: a static box, the ground plane, a dynamic or a kinematic body. */
export type BodyHandle = number;
/** A tether or spherical joint in one world. */
export type JointHandle = number;

export type BodyKind = 'static' | 'dynamic' | 'kinematic';

export interface Vec3 {
  x: number;
  y: number;
  z: number;
}

/** Unit quaternion, scalar first. Inputs are normalised; a zero or non-finite quaternion is rejected. */
export interface Quaternion {
  w: number;
  x: number;
  y: number;
  z: number;
}

export interface Pose {
  position: Vec3;
  orientation: Quaternion;
}

/** Linear velocity of the centre of mass and angular velocity, both in the world frame. */
export interface BodyVelocity {
  linear: Vec3;
  angular: Vec3;
}

export interface RigidWorldSettings {
  /** m/s², world frame. */
  gravity: Vec3;
  /** Fixed step in seconds; every step() advances exactly this much. */
  dt: number;
  /** Constraint-solver iterations per step (rapier: TGS substeps, cannon: Gauss-Seidel sweeps). */
  solverIterations: number;
  /** Off by default: sleeping makes the two engines disagree about when bodies stop. */
  allowSleep: boolean;
}

export interface RigidWorldOptions extends Partial<RigidWorldSettings> {
  /** Which engine runs the world; 'rapier' when left out. */
  engine?: RigidEngineName;
}

/**
 * Friction and restitution of one surface. Both engines combine two surfaces by multiplying their values,
 * so static surfaces default to 1 (neutral) and a body's own values then apply against them.
 */
export interface SurfaceMaterial {
  friction?: number;
  restitution?: number;
}

/** One building-like box, as plain data: centre and half extents in metres, optional rotation. */
export interface StaticBoxRecord {
  cx: number;
  cy: number;
  cz: number;
  hx: number;
  hy: number;
  hz: number;
  /** Rotation about +z in radians; ignored when orientation is given. */
  yaw?: number;
  orientation?: Quaternion;
}

/** Packed static boxes: 6 numbers per box (cx, cy, cz, hx, hy, hz), or 7 with a trailing yaw. */
export type PackedStaticBoxStride = 6 | 7;

export interface StaticBoxBatchOptions extends SurfaceMaterial {
  /** Numbers per box in a packed array; 6 when left out. Ignored for record arrays. */
  stride?: PackedStaticBoxStride;
}

export type BodyShape = { kind: 'box'; halfExtents: Vec3 } | { kind: 'sphere'; radius: number };

export interface DynamicBodyOptions extends SurfaceMaterial {
  shape: BodyShape;
  /** kg; the inertia follows from the shape with uniform density. */
  mass: number;
  position: Vec3;
  orientation?: Quaternion;
  linearVelocity?: Vec3;
  angularVelocity?: Vec3;
  /** Rate in 1/s: without other forces the speed decays as exp(-linearDamping · t). */
  linearDamping?: number;
  /** Rate in 1/s: without torques the spin decays as exp(-angularDamping · t). */
  angularDamping?: number;
}

export interface KinematicBodyOptions extends SurfaceMaterial {
  shape: BodyShape;
  position: Vec3;
  orientation?: Quaternion;
}

/** A rope: it keeps the anchors at most `length` apart and goes slack when they come closer. */
export interface TetherOptions {
  bodyA: BodyHandle;
  /** Anchor on body A, in A's frame; its centre when left out. */
  anchorA?: Vec3;
  /** The other body; when left out the tether is tied to the fixed world point anchorB. */
  bodyB?: BodyHandle;
  /** Anchor on body B in B's frame, or a world point when bodyB is left out. */
  anchorB?: Vec3;
  /** Metres, > 0. */
  length: number;
}

/** A ball-and-socket joint: the two anchors coincide, rotation is free. */
export interface SphericalJointOptions {
  bodyA: BodyHandle;
  anchorA?: Vec3;
  bodyB?: BodyHandle;
  anchorB?: Vec3;
}

/**
 * A contact that started or ended during the last step. When one side is static (ground or a box)
 * it is bodyB and staticHit is true; otherwise bodyA < bodyB.
 */
export interface ContactEvent {
  bodyA: BodyHandle;
  bodyB: BodyHandle;
  started: boolean;
  staticHit: boolean;
}

/** Numbers per pose in a packed pose array: x, y, z, qw, qx, qy, qz. */
export const PACKED_POSE_STRIDE = 7;

export interface RigidWorld {
  readonly engine: RigidEngineName;
  readonly settings: Readonly<RigidWorldSettings>;
  /** Simulated seconds: stepCount · dt. */
  readonly time: number;
  readonly stepCount: number;
  readonly freed: boolean;

  /** An infinite plane at z = 0 whose solid side is z < 0. */
  addGroundPlane(material?: SurfaceMaterial): BodyHandle;
  addStaticBox(box: StaticBoxRecord & SurfaceMaterial): BodyHandle;
  /** A whole city's buildings in one call; handles come back in input order. */
  addStaticBoxes(boxes: readonly StaticBoxRecord[] | Float32Array | Float64Array, options?: StaticBoxBatchOptions): BodyHandle[];
  addDynamicBody(options: DynamicBodyOptions): BodyHandle;
  addKinematicBody(options: KinematicBodyOptions): BodyHandle;
  /** Removes the body and every joint attached to it. */
  removeBody(body: BodyHandle): void;
  /** 'static', 'dynamic' or 'kinematic': handy when reading contact events. */
  kindOf(body: BodyHandle): BodyKind;

  addTether(options: TetherOptions): JointHandle;
  addSphericalJoint(options: SphericalJointOptions): JointHandle;
  removeJoint(joint: JointHandle): void;

  /** World-frame force for the next step only, at a world point (the centre of mass when left out). */
  applyForce(body: BodyHandle, force: Vec3, worldPoint?: Vec3): void;
  /** World-frame impulse (N·s) applied at once, at a world point (the centre of mass when left out). */
  applyImpulse(body: BodyHandle, impulse: Vec3, worldPoint?: Vec3): void;
  /** World-frame torque (N·m) about the centre of mass, for the next step only (rotor torques of a drone). */
  applyTorque(body: BodyHandle, torque: Vec3): void;

  getPose(body: BodyHandle): Pose;
  /** Teleports a dynamic or kinematic body; its velocity is kept. */
  setPose(body: BodyHandle, pose: Pose): void;
  getVelocity(body: BodyHandle): BodyVelocity;
  setVelocity(body: BodyHandle, velocity: Partial<BodyVelocity>): void;

  /** Where a kinematic body will be at the end of the next step; it moves there with the implied velocity. */
  setKinematicTarget(body: BodyHandle, pose: Pose): void;
  /** Batched setKinematicTarget: poses packed PACKED_POSE_STRIDE numbers per handle. */
  setKinematicTargets(bodies: ArrayLike<BodyHandle>, poses: Float32Array | Float64Array): void;

  /** Advances the world by settings.dt. */
  step(): void;
  /** Contacts that started or ended during the last step, sorted by (bodyA, bodyB). */
  contactEvents(): readonly ContactEvent[];
  /** Fingerprint of every dynamic body's pose and velocity, in handle order. */
  stateHash(): string;

  /** Releases every engine resource; any later call throws. Calling free() twice is allowed. */
  free(): void;
}
