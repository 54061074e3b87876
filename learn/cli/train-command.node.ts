/** `skyline train`: trains a policy on the batched env and writes it, with its learning curve, to disk. Node only. */
import { access, mkdir, writeFile } from 'node:fs/promises';
import { constants as fsConstants, existsSync, statSync } from 'node:fs';
import { dirname } from 'node:path';
import { Command, InvalidArgumentError } from 'commander';
import cliProgress from 'cli-progress';
import { QUADROTOR_PARAM_SETS, QUADROTOR_RUNG_NAMES, type QuadrotorRung } from '../../physics/index.ts';
import { DRONE_TASK_NAMES, SPAWN_SPREADS, oneOf, realNumber, serializePolicyFile, wholeNumber, type SpawnSpread } from '../../sim/index.ts';
import { TRAIN_ALGORITHMS, evaluatePolicy, runTraining, type EvaluationResult, type TrainAlgorithm } from '../training-run.ts';
import { learningCurveSvg } from '../curve/learning-curve-svg.ts';
import { exportPolicyToOnnx } from '../onnx/onnx-export.ts';

interface TrainFlags {
  task: string;
  action: string;
  algo: string;
  seed: number;
  out: string;
  params: string;
  randomize: number;
  workers: number;
  steps: number;
  targetSuccess: number;
  probeStreak: number;
  spawn?: string;
  hidden: number[];
  envs?: number;
  episodeSteps?: number;
  evalWorlds: number;
  curve: boolean;
  onnx: boolean;
  json: boolean;
  progress: boolean;
}

function layerWidths(value: string): number[] {
  const widths = value.split(',').map((part) => Number(part.trim()));
  if (widths.length === 0 || widths.some((w) => !Number.isInteger(w) || w < 1 || w > 1024)) {
    throw new InvalidArgumentError(`expected comma-separated layer widths from 1 to 1024 such as 64,64; got "${value}".`);
  }
  return widths;
}

export function createTrainCommand(): Command {
  return new Command('train')
    .description('Train a policy on the batched env (PPO), save it as a policy file with its learning curve, and evaluate it on unseen episodes.')
    .option('--task <name>', `task: ${DRONE_TASK_NAMES.join(' | ')}`, oneOf(DRONE_TASK_NAMES), 'hover')
    .option('--action <rung>', `action rung the policy commands: ${QUADROTOR_RUNG_NAMES.join(' | ')}`, oneOf(QUADROTOR_RUNG_NAMES), 'motors')
    .option('--algo <name>', `algorithm: ${TRAIN_ALGORITHMS.join(' | ')}`, oneOf(TRAIN_ALGORITHMS), 'ppo')
    .option('--seed <x>', 'seed of every random choice (same seed → same policy bytes)', wholeNumber(0, 0xffffffff), 0)
    .option('--out <file>', 'where the policy file goes (the learning curve goes beside it: NAME.curve.svg)', 'policy.json')
    .option('--params <set>', `quadrotor parameter set: ${Object.keys(QUADROTOR_PARAM_SETS).join(' | ')}`, oneOf(Object.keys(QUADROTOR_PARAM_SETS)), 'cf2x')
    .option('--randomize <fraction>', 'domain randomisation while training: ± this fraction on mass, thrust, yaw torque, inertia, motor lag', realNumber(0, 0.5), 0)
    .option('--workers <w>', 'threads stepping the batched env (the policy does not depend on it)', wholeNumber(1, 64), 1)
    .option('--steps <n>', 'largest number of environment steps to train for', wholeNumber(1, 1e10), 3_000_000)
    .option('--target-success <rate>', 'stop once the policy succeeds this often on a probe of 256 unseen episodes (0: train for all --steps)', realNumber(0, 1), 0.97)
    .option('--probe-streak <n>', 'probes in a row at the target before stopping (1: the first that reaches it, as the time-to-success figures are measured)', wholeNumber(1, 100), 3)
    .option('--spawn <spread>', `initial states: ${SPAWN_SPREADS.join(' | ')} (default: wide for hover, gentle otherwise)`, oneOf(SPAWN_SPREADS))
    .option('--hidden <widths>', 'hidden layer widths (tanh)', layerWidths, [32, 32])
    .option('--envs <n>', 'parallel drones in the training batch', wholeNumber(4, 65536))
    .option('--episode-steps <n>', 'training episode length in steps (rollouts use the task default)', wholeNumber(10, 100000))
    .option('--eval-worlds <n>', 'unseen episodes the trained policy is evaluated on (0: skip)', wholeNumber(0, 1 << 20), 4096)
    .option('--no-curve', 'do not write the learning-curve SVG')
    .option('--onnx', 'also write the policy as ONNX beside it (.onnx: input observation [batch, n], output action [batch, 4])', false)
    .option('--json', 'print one JSON object instead of the summary table', false)
    .option('--no-progress', 'hide the progress bar')
    .addHelpText('after', `
Ctrl-C stops training after the current iteration and saves the latest policy.

Examples:
  $ npx skyline train --task hover --action motors --algo ppo --seed 1 --out hover.policy.json
  $ npx skyline rollout --task hover --policy hover.policy.json --worlds 1024 --json
  $ npx skyline train --task hover --action motors --randomize 0.1 --seed 2 --out robust.policy.json
  $ npx skyline train --task waypoints --action velocity --seed 1 --out waypoints.policy.json --json`)
    .action(async (flags: TrainFlags) => {
      // Make sure the policy can be written before minutes of training, not after.
      await ensureWritableFolder(dirname(flags.out));
      const showProgress = flags.progress && process.stderr.isTTY !== false;
      const total = flags.steps;
      const bar = showProgress
        ? new cliProgress.SingleBar({
          format: 'train |{bar}| {value}/{total} steps | return {ret} | success {success} | {rate} steps/s',
          stream: process.stderr, hideCursor: true,
        }, cliProgress.Presets.shades_classic)
        : null;
      bar?.start(total, 0, { ret: '—', success: '—', rate: '—' });
      let interrupted = false;
      const onInterrupt = (): void => {
        if (interrupted) process.exit(130); // a second Ctrl-C leaves at once
        interrupted = true;
        process.stderr.write('\nskyline train: stopping after this iteration and saving the latest policy (Ctrl-C again to quit at once)\n');
      };
      process.on('SIGINT', onInterrupt);
      let result;
      try {
        result = await runTraining({
          algorithm: flags.algo as TrainAlgorithm, task: flags.task, rung: flags.action as QuadrotorRung, paramSet: flags.params,
          seed: flags.seed, workers: flags.workers, randomize: flags.randomize, spawn: flags.spawn as SpawnSpread | undefined,
          hidden: flags.hidden, envs: flags.envs, maxEpisodeSteps: flags.episodeSteps, maxSteps: total, targetSuccess: flags.targetSuccess, probeStreak: flags.probeStreak,
          shouldStop: () => interrupted,
          onIteration: (s) => bar?.update(Math.min(total, s.environmentSteps), {
            ret: Number.isFinite(s.meanReturn) ? s.meanReturn.toFixed(1) : '—',
            success: s.probeSuccess !== undefined ? `${s.probeSuccess.toFixed(3)} (probe)` : Number.isFinite(s.successRate) ? s.successRate.toFixed(3) : '—',
            rate: (s.environmentSteps / Math.max(1e-9, s.wallSeconds)).toExponential(2),
          }),
        });
      } finally {
        bar?.stop();
        process.off('SIGINT', onInterrupt);
      }
      await writeFile(flags.out, serializePolicyFile(result.policy));
      const curvePath = flags.curve ? flags.out.replace(/(\.policy)?\.json$/i, '') + '.curve.svg' : null;
      if (curvePath) {
        const title = `skyline train: ${flags.task} at the ${flags.action} rung, ${flags.algo}, seed ${flags.seed}`;
        await writeFile(curvePath, learningCurveSvg(result.curve, title));
      }
      const onnxPath = flags.onnx ? flags.out.replace(/(\.policy)?\.json$/i, '') + '.onnx' : null;
      if (onnxPath) await writeFile(onnxPath, exportPolicyToOnnx(result.policy));
      let evaluation: EvaluationResult | null = null;
      if (flags.evalWorlds > 0 && !interrupted) {
        evaluation = await evaluatePolicy(result.policy, { worlds: flags.evalWorlds, randomize: flags.randomize, workers: flags.workers });
        result.policy.metrics.eval_success_rate = evaluation.successRate;
        result.policy.metrics.eval_episodes = evaluation.episodes;
        result.policy.metrics.eval_mean_final_error = Number(evaluation.meanFinalError.toFixed(5));
        await writeFile(flags.out, serializePolicyFile(result.policy));
      }
      const summary = {
        task: flags.task, rung: flags.action, algorithm: flags.algo, seed: flags.seed, params: flags.params, randomize: flags.randomize,
        policy: flags.out, curve: curvePath, onnx: onnxPath, stopped_by: result.stoppedBy,
        environment_steps: result.last.environmentSteps, gradient_steps: result.last.gradientSteps, iterations: result.last.iteration,
        wall_s: result.wallSeconds, steps_per_s: result.last.environmentSteps / result.wallSeconds,
        train_success_rate: result.last.successRate, train_mean_return: result.last.meanReturn, probe_success_rate: Number.isFinite(result.probeSuccess) ? result.probeSuccess : null,
        eval_episodes: evaluation?.episodes ?? null, eval_success_rate: evaluation?.successRate ?? null,
        eval_mean_final_error: evaluation?.meanFinalError ?? null,
      };
      process.stdout.write(flags.json ? `${JSON.stringify(summary)}\n` : formatTrainSummary(summary));
    });
}

function formatTrainSummary(s: Record<string, unknown>): string {
  const fixed = (v: unknown, digits: number): string => (typeof v === 'number' && Number.isFinite(v) ? v.toFixed(digits) : '—');
  const rows: [string, string][] = [
    ['task', `${String(s.task)} at the ${String(s.rung)} rung (${String(s.algorithm)}, seed ${String(s.seed)}, ${String(s.params)}${s.randomize ? `, randomised ±${String(s.randomize)}` : ''})`],
    ['stopped by', String(s.stopped_by)],
    ['environment steps', String(s.environment_steps)],
    ['gradient steps', String(s.gradient_steps)],
    ['wall time', `${fixed(s.wall_s, 2)} s (${fixed(s.steps_per_s, 0)} steps/s)`],
    ['training success', `${fixed(s.train_success_rate, 3)} (training episodes, with exploration noise); probe ${fixed(s.probe_success_rate, 3)}`],
    ['training return', fixed(s.train_mean_return, 1)],
    ['evaluation', s.eval_episodes === null ? 'skipped' : `success ${fixed(s.eval_success_rate, 4)} on ${String(s.eval_episodes)} unseen episodes, mean final error ${fixed(s.eval_mean_final_error, 4)} m`],
    ['policy', String(s.policy)],
    ['learning curve', s.curve === null ? 'not written' : String(s.curve)],
    ...(s.onnx ? [['onnx', String(s.onnx)] as [string, string]] : []),
  ];
  const width = Math.max(...rows.map(([k]) => k.length));
  return rows.map(([k, v]) => `${k.padEnd(width)}  ${v}`).join('\n') + '\n';
}

/** Makes the folder (each missing level in turn) and checks it is writable, naming --out when it cannot be. */
async function ensureWritableFolder(folder: string): Promise<void> {
  const missing: string[] = [];
  for (let at = folder; !existsSync(at); at = dirname(at)) missing.unshift(at);
  try {
    // One level at a time: a recursive mkdir under pseudo file systems (/proc) can loop instead of failing.
    for (const level of missing) await mkdir(level);
    if (!statSync(folder).isDirectory()) throw Object.assign(new Error('not a folder'), { code: 'ENOTDIR' });
    await access(folder, fsConstants.W_OK);
  } catch (error) {
    const reason = error instanceof Error && 'code' in error ? String((error as NodeJS.ErrnoException).code) : String(error);
    throw new Error(`--out: cannot write a policy into ${folder} (${reason}); accepted: a file path in a writable folder`);
  }
}
