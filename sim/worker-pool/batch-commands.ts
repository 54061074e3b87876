import type { BatchCore } from '../batch/batch-core.ts';
import { builtinPolicy, BUILTIN_POLICY_NAMES } from '../policies/builtin-policies.ts';

/** What a thread does to its slice; the same function runs on the main thread and in workers. */
export const BATCH_COMMAND = { reset: 1, step: 2, rollout: 3, physicsOnly: 4, exit: 9 } as const;

export interface BatchCommandArgs {
  command: number;
  seed: number;
  steps: number;
  policyIndex: number; // index into BUILTIN_POLICY_NAMES, −1 for the caller's actions
  stepCounter: number; // steps taken since reset before this command
}

export function runBatchCommand(core: BatchCore, args: BatchCommandArgs, start: number, end: number): void {
  switch (args.command) {
    case BATCH_COMMAND.reset:
      core.resetSlice(args.seed, start, end);
      return;
    case BATCH_COMMAND.step:
      core.stepSlice(start, end, null, args.stepCounter);
      return;
    case BATCH_COMMAND.rollout: {
      const policy = builtinPolicy(BUILTIN_POLICY_NAMES[args.policyIndex], core.config.rung);
      core.rolloutSlice(start, end, policy, args.stepCounter, args.steps);
      return;
    }
    case BATCH_COMMAND.physicsOnly:
      core.stepPhysicsSlice(start, end, args.steps);
      return;
    default:
      throw new Error(`unknown batch command ${args.command}`);
  }
}

/** Splits [0, stride) into `parts` slices whose bounds are multiples of `unit` (the SIMD width, or a multiple of it that holds whole worlds). */
export function sliceBounds(stride: number, parts: number, unit = 4): [number, number][] {
  const size = Math.ceil(stride / parts / unit) * unit;
  const bounds: [number, number][] = [];
  for (let p = 0; p < parts; p++) bounds.push([Math.min(p * size, stride), Math.min((p + 1) * size, stride)]);
  return bounds;
}
