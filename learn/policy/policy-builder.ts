import { POLICY_FILE_FORMAT, POLICY_FILE_VERSION, type PolicyFile, type PolicySquash } from '../../sim/index.ts';
import { rotorThrust, quadrotorParamsByName, type QuadrotorRung } from '../../physics/index.ts';
import type { TrainableMlp } from '../network/trainable-mlp.ts';
import type { ResolvedTrainOptions } from '../trainer.ts';

/** How network outputs in [−1, 1] become a rung's commands, and the output that means "keep still". */
export interface ActionMapping {
  offset: Float32Array;
  scale: Float32Array;
  /** Network output of the neutral command (hover thrust, zero rates or speeds). */
  neutral: Float32Array;
}

/**
 * Outputs span the full motor range at the motors rung (neutral = hover speed), and a range
 * around still air at the others, so an untrained network already commands a hover.
 */
export function actionMapping(rung: QuadrotorRung, paramSet: string): ActionMapping {
  const params = quadrotorParamsByName(paramSet);
  const hoverFraction = (params.mass * params.gravity) / (4 * rotorThrust(params, 1));
  let offset: number[], scale: number[], neutralCommand: number[];
  switch (rung) {
    case 'motors': {
      offset = [0.5, 0.5, 0.5, 0.5]; scale = [0.5, 0.5, 0.5, 0.5];
      const { c0, c1, c2 } = params.thrustCurve, f = (params.mass * params.gravity) / 4;
      const hover = (-c1 + Math.sqrt(c1 * c1 + 4 * c2 * (f - c0))) / (2 * c2);
      neutralCommand = [hover, hover, hover, hover];
      break;
    }
    case 'rates':
      offset = [0.5, 0, 0, 0]; scale = [0.5, 5, 5, 3]; neutralCommand = [hoverFraction, 0, 0, 0];
      break;
    case 'velocity':
      offset = [0, 0, 0, 0]; scale = [3, 3, 1.5, 1]; neutralCommand = [0, 0, 0, 0];
      break;
    default:
      offset = [0, 0, 5, 0]; scale = [20, 20, 5, 3]; neutralCommand = [0, 0, 5, 0];
  }
  return {
    offset: Float32Array.from(offset), scale: Float32Array.from(scale),
    neutral: Float32Array.from(neutralCommand, (c, j) => (c - offset[j]) / scale[j]),
  };
}

/** A policy file whose layers are views of `actor`'s parameters (it follows the training). */
export function policyFileFrom(
  options: ResolvedTrainOptions, algorithm: string, actor: TrainableMlp, mean: Float32Array, std: Float32Array, clip: number,
  mapping: ActionMapping, squash: PolicySquash = 'clip',
): PolicyFile {
  return {
    format: POLICY_FILE_FORMAT, version: POLICY_FILE_VERSION,
    task: options.task, rung: options.rung, paramSet: options.paramSet, spawn: options.spawn, randomize: options.randomize,
    algorithm, seed: options.seed,
    observation: { size: actor.inputSize, mean, std, clip },
    layers: actor.layers,
    action: { size: 4, squash, offset: mapping.offset, scale: mapping.scale },
    metrics: {},
  };
}
