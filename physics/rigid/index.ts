/**
 * physics/rigid — rigid bodies (parcels, payloads, pushing) on rapier or cannon-es behind one interface.
 * Engine classes are not exported: createRigidWorld() loads the chosen engine on demand.
 */
export {
  RIGID_ENGINE_NAMES,
  PACKED_POSE_STRIDE,
  type RigidEngineName,
  type RigidWorld,
  type RigidWorldOptions,
  type RigidWorldSettings,
  type BodyHandle,
  type JointHandle,
  type BodyKind,
  type BodyShape,
  type BodyVelocity,
  type ContactEvent,
  type DynamicBodyOptions,
  type KinematicBodyOptions,
  type PackedStaticBoxStride,
  type Pose,
  type Quaternion,
  type SphericalJointOptions,
  type StaticBoxBatchOptions,
  type StaticBoxRecord,
  type SurfaceMaterial,
  type TetherOptions,
  type Vec3,
} from './rigid-world.ts';
export {
  createRigidWorld,
  resolveRigidWorldSettings,
  DEFAULT_RIGID_ENGINE,
  DEFAULT_RIGID_DT,
  DEFAULT_GRAVITY,
  DEFAULT_SOLVER_ITERATIONS,
} from './create-rigid-world.ts';
