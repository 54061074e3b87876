/**
 * physics/ — vehicle dynamics, controllers, rigid bodies, math and seeded randomness.
 * This is the layer's public face; it imports nothing of ours.
 */
export { SeededRng, mix32, mixSeeds, hashToUnit, hashString } from './math/seeded-rng.ts';
export { hashTypedArrays } from './math/state-hash.ts';
export { BatchArena, layoutArena, paddedCount, rowStride, ROW_SKEW, SIMD_LANES, type ArenaField, type ArenaElementKind, type ArenaArray } from './batch/batch-arena.ts';
export {
  QUADROTOR_STATE, QUADROTOR_STATE_SIZE, QUADROTOR_STATE_NAMES, QUADROTOR_KERNEL_PARAM, QUADROTOR_KERNEL_PARAM_SIZE,
  VEHICLE_STATUS, VEHICLE_STATUS_NAMES, type VehicleStatusCode,
} from './quadrotor/quadrotor-state-layout.ts';
export {
  CF2X_PARAMS, CRAZYFLIE_L2F_PARAMS, QUADROTOR_PARAM_SETS, QUADROTOR_AERODYNAMIC_OPTIONS, quadrotorParamsByName, rotorThrust, rotorSpeedForThrust,
  hoverMotorCommand, writeKernelParams, type QuadrotorParams, type GroundEffectOption, type DownwashOption,
} from './quadrotor/quadrotor-params.ts';
export { QUADROTOR_ROTORS, rotorTorqueSigns, type QuadrotorRotor } from './quadrotor/rotor-layout.ts';
export { applyDownwash, downwashForce } from './quadrotor/downwash.ts';
export { randomizeQuadrotorParams, validateRandomization, type QuadrotorRandomization } from './quadrotor/parameter-randomization.ts';
export { quadrotorArenaFields, quadrotorArrays, type QuadrotorArrays } from './quadrotor/quadrotor-batch.ts';
export { quadrotorKernelSource, scalarQuadrotorKernel, stepQuadrotorsScalar, type QuadrotorStepFunction } from './quadrotor/quadrotor-kernel.ts';
export { quadrotorKernelProgram, quadrotorStepAssignments, QUADROTOR_DERIVATIVE } from './quadrotor/quadrotor-kernel-program.ts';
export {
  quadrotorWasmKernel, prepareQuadrotorWasmKernel, quadrotorWasmModule, quadrotorWasmModuleBytes, quadrotorWasmTraversal,
  QUADROTOR_WASM_EXPORTS, type QuadrotorWasmKernel, type QuadrotorWasmStepFunction,
} from './quadrotor/quadrotor-kernel-wasm.ts';
export { createQuadrotorStepper, type QuadrotorStepper, type QuadrotorKernelKind } from './quadrotor/quadrotor-stepper.ts';
export { parseKernelExpression, formatKernelExpression, type KernelExpression } from './wasm/kernel-expression.ts';
export {
  checkLaneKernelProgram, type LaneKernelProgram, type LaneKernelSlot, type KernelAssignment, type CheckedLaneKernel,
} from './wasm/lane-kernel-program.ts';
export { laneKernelJavaScriptSource } from './wasm/javascript-kernel-compiler.ts';
export { buildLaneKernelWasmModule, type LaneKernelTraversal } from './wasm/wasm-lane-kernel-compiler.ts';
export { rowsCrowdCacheSets, TYPICAL_L1_CACHE, type CacheGeometry } from './wasm/cache-set-crowding.ts';
export { buildWasmModule, WasmCode, type WasmValueType, type WasmFunctionDefinition, type WasmMemoryImport } from './wasm/wasm-module-builder.ts';
export { wasmSimdSupported } from './wasm/wasm-simd-support.ts';
export { buildInterleaveRowsWasmModule, type InterleaveField, type InterleaveLayout } from './wasm/interleave-rows-wasm.ts';
export {
  QUADROTOR_RUNGS, QUADROTOR_RUNG_NAMES, ROBOT_RUNGS, isQuadrotorRung, validateRungCommands,
  type QuadrotorRung, type RobotRung, type RungField,
} from './control/action-rungs.ts';
export {
  applyQuadrotorControl, DEFAULT_QUADROTOR_GAINS, QUADROTOR_CONTROLLER_STATE_SIZE, wrapAngle, type QuadrotorControllerGains,
} from './control/quadrotor-cascade-controller.ts';
export {
  quadrotorControllerAssignments, controllerUniformValues, CONTROLLER_UNIFORMS, CONTROLLER_PARAM_INPUTS, LANE_CONTROLLER_RUNGS,
  type LaneControllerRung,
} from './control/quadrotor-controller-program.ts';
export { applyRobotControl, DEFAULT_ROBOT_GAINS, type RobotControllerGains } from './control/ground-robot-controller.ts';
export {
  ROBOT_STATE, ROBOT_STATE_SIZE, ROBOT_PARAM, ROBOT_PARAM_SIZE, DELIVERY_ROBOT_PARAMS, robotArenaFields, robotArrays,
  writeRobotParams, stepGroundRobots, type GroundRobotParams, type RobotArrays,
} from './robot/ground-robot-model.ts';
export * from './rigid/index.ts';
export { GpuQuadrotorBatch, type GpuQuadrotorBatchOptions, type GpuQuadrotorReadTarget, type GpuStepLoop, type GpuLoopPipeline } from './gpu/gpu-quadrotor-batch.ts';
export { requestGpuDevice, type GpuDeviceHandle, type GpuDeviceOptions } from './gpu/gpu-device.ts';
export { quadrotorBatchShaderSource, QUADROTOR_WORKGROUP_SIZE } from './gpu/quadrotor-batch-shader.ts';
export { compileLaneKernelToWgsl, type WgslLaneKernel } from './gpu/wgsl-kernel-compiler.ts';
export { packGpuWorld, type GpuWorldSource, type GpuBuildingGridSource } from './gpu/building-collision-wgsl.ts';
export { GpuRobotBatch, type GpuRobotBatchOptions, type GpuRobotReadTarget } from './gpu/gpu-robot-batch.ts';
