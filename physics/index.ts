/**
 * physics/ — vehicle dynamics, controllers, rigid bodies, math and seeded randomness.
 * This is the layer's public face; it imports nothing of ours.
 */
export { SeededRng, mix32, mixSeeds, hashToUnit, hashString } from './math/seeded-rng.ts';
export { hashTypedArrays } from './math/state-hash.ts';
export { BatchArena, layoutArena, paddedCount, SIMD_LANES, type ArenaField, type ArenaElementKind, type ArenaArray } from './batch/batch-arena.ts';
export {
  QUADROTOR_STATE, QUADROTOR_STATE_SIZE, QUADROTOR_STATE_NAMES, QUADROTOR_KERNEL_PARAM, QUADROTOR_KERNEL_PARAM_SIZE,
  VEHICLE_STATUS, VEHICLE_STATUS_NAMES, type VehicleStatusCode,
} from './quadrotor/quadrotor-state-layout.ts';
export {
  CF2X_PARAMS, CRAZYFLIE_L2F_PARAMS, QUADROTOR_PARAM_SETS, quadrotorParamsByName, rotorThrust, rotorSpeedForThrust,
  hoverMotorCommand, writeKernelParams, type QuadrotorParams,
} from './quadrotor/quadrotor-params.ts';
export { randomizeQuadrotorParams, validateRandomization, type QuadrotorRandomization } from './quadrotor/parameter-randomization.ts';
export { quadrotorArenaFields, quadrotorArrays, type QuadrotorArrays } from './quadrotor/quadrotor-batch.ts';
export { quadrotorKernelSource, stepQuadrotorsScalar } from './quadrotor/quadrotor-kernel.ts';
export { createQuadrotorStepper, type QuadrotorStepper, type QuadrotorKernelKind } from './quadrotor/quadrotor-stepper.ts';
export {
  QUADROTOR_RUNGS, QUADROTOR_RUNG_NAMES, ROBOT_RUNGS, isQuadrotorRung, validateRungCommands,
  type QuadrotorRung, type RobotRung, type RungField,
} from './control/action-rungs.ts';
export {
  applyQuadrotorControl, DEFAULT_QUADROTOR_GAINS, QUADROTOR_CONTROLLER_STATE_SIZE, wrapAngle, type QuadrotorControllerGains,
} from './control/quadrotor-cascade-controller.ts';
export { applyRobotControl, DEFAULT_ROBOT_GAINS, type RobotControllerGains } from './control/ground-robot-controller.ts';
export {
  ROBOT_STATE, ROBOT_STATE_SIZE, ROBOT_PARAM, ROBOT_PARAM_SIZE, DELIVERY_ROBOT_PARAMS, robotArenaFields, robotArrays,
  writeRobotParams, stepGroundRobots, type GroundRobotParams, type RobotArrays,
} from './robot/ground-robot-model.ts';
export * from './rigid/index.ts';
