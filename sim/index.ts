/**
 * sim/ — the loop: Env, BatchEnv, tasks, the worker pool, rollouts, recorder and the CLI commands.
 * This is the layer's public face.
 */
export { BatchEnv, BATCH_BACKENDS, type BatchBackend, type BatchEnvOptions, type BatchStepResult, type BatchStepInfo, type BatchResetResult } from './batch-env.ts';
export { Env, type EnvStepResult } from './env.ts';
export { resolveBatchConfig, SPAWN_SPREADS, type BatchConfig, type BatchOptions, type SpawnSpread } from './batch/batch-config.ts';
export { BatchCore } from './batch/batch-core.ts';
export { taskByName, DRONE_TASK_NAMES } from './tasks/task-registry.ts';
export type { DroneTask, ObservationField } from './tasks/drone-task.ts';
export { builtinPolicy, BUILTIN_POLICY_NAMES, type BuiltinPolicy } from './policies/builtin-policies.ts';
export { runRollout, runRolloutParts, type RolloutOptions, type RolloutSummary, type RolloutParts } from './rollout/rollout-runner.ts';
export {
  collectDroneOutcomes, concatDroneOutcomes, summarizeDroneOutcomes, type DroneOutcomes, type OutcomeTotals,
} from './rollout/drone-outcomes.ts';
export {
  worldStateHashPart, combineWorldStateHashParts, formatWorldStateHash, EMPTY_WORLD_STATE_HASH_PART, type WorldStateHashPart,
} from './rollout/world-state-hash.ts';
export { createRolloutCommand, formatSummary as formatRolloutSummary, type RolloutScaleOut } from './cli/rollout-command.ts';
export {
  runFullFidelityRollout, checkFidelityChoice, FIDELITY_LEVELS, FULL_FIDELITY_TASKS, PAYLOAD_CITY_PARAMS,
  type FullFidelityRolloutOptions, type FullFidelityRolloutSummary, type FidelityLevel, type FidelityChoice,
} from './full-fidelity/full-fidelity-rollout.ts';
export { RigidQuadrotors, inertiaBoxHalfExtents, BUILDING_CRASH_SPEED, DRONE_CRASH_SPEED, type RigidQuadrotorOptions } from './full-fidelity/rigid-quadrotors.ts';
export { TetheredParcels, SMALL_PARCEL, DEFAULT_TETHER_LENGTH, TETHER_REACH, type ParcelSpec } from './full-fidelity/tethered-parcels.ts';
export { createCityRigidScene, ContactLedger, type CityRigidScene } from './full-fidelity/city-rigid-scene.ts';
export { PayloadEpisode, SUCCESS_RADIUS, type PayloadEpisodeOptions, type PayloadStepResult } from './full-fidelity/payload-episode.ts';
export { PayloadPilot, type PayloadPilotPhase } from './full-fidelity/payload-pilot.ts';
export { planPayloadDelivery, type PayloadPlan } from './full-fidelity/payload-plan.ts';
export { wholeNumber, realNumber, oneOf } from './cli/cli-options.ts';
export { readWorldSpecFile } from './cli/world-spec-file.ts';
export { untilStopped } from './cli/until-stopped.ts';
export { readPolicyFile } from './cli/policy-file-reader.ts';
export { createWorldCommand } from './cli/world-command.ts';
export {
  FLEET_FRAME_VERSION, type FleetFrame, type FleetEvent, type VehicleFrame, type VehicleKind, type ParcelFrame, type OrderFrame,
} from './fleet/fleet-frame.ts';
export {
  openFleetRecorder, readRecordingFile, eventsPathFor, type FleetRecorder, type FleetRecorderOptions, type RecordingSummary,
} from './recording/fleet-recorder.ts';
export { FleetRecording, RecordingFormatError } from './recording/recording-reader.ts';
export { RecordingEncoder, encodeRecording, checkFrameFits, type RecordingOptions } from './recording/recording-encoder.ts';
export {
  RECORDING_FORMAT_VERSION, RECORDING_COLUMNS, RECORDING_METADATA_KEY, type RecordedVehicle, type RecordingHeader,
} from './recording/recording-columns.ts';
export { startReplayServer, type ReplayServer, type ReplayServerOptions } from './recording/replay-server.ts';
export { createReplayCommand, type ReplayCommandDependencies } from './cli/replay-command.ts';
export {
  FleetEnv, REACH_HORIZONTAL, DRONE_REACH_ABOVE, DRONE_CONTACT_DISTANCE,
  type FleetEnvOptions, type FleetVehicleState, type PickUpResult, type DropOffResult, type InboxMessage, type VehicleAnnotation,
} from './fleet/fleet-env.ts';
export {
  DRONE_COMMAND_RUNGS, ROBOT_COMMAND_RUNGS, validateFleetCommand, type DroneCommand, type RobotCommand, type FleetCommand, type NumericCommand,
} from './fleet/fleet-commands.ts';
export { FleetInputError } from './fleet/fleet-input-error.ts';
export { DEFAULT_DELIVERY_OPTIONS, resolveDeliveryOptions, type DeliveryOptions } from './fleet/delivery-options.ts';
export {
  DRONE_BATTERY_WH, DRONE_HOVER_ENDURANCE_S, DRONE_POWER_EFFICIENCY, DEPOT_CHARGE_PER_S, droneElectricalPower, robotElectricalPower,
} from './fleet/drone-energy.ts';
export type { DeliveryMetrics } from './fleet/delivery-metrics.ts';
export {
  POLICY_FILE_FORMAT, POLICY_FILE_VERSION, POLICY_ACTIVATIONS, POLICY_SQUASHES, PolicyFileError, parsePolicyFile, checkPolicyJson, serializePolicyFile,
  type PolicyFile, type PolicyLayer, type PolicyActivation, type PolicySquash,
} from './policies/policy-file.ts';
export { NetworkPolicy, denseForwardBatch, normalizeObservation } from './policies/network-policy.ts';
