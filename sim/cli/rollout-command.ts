import { Command } from 'commander';
import cliProgress from 'cli-progress';
import { InvalidArgumentError } from 'commander';
import { QUADROTOR_PARAM_SETS, QUADROTOR_RUNG_NAMES, quadrotorParamsByName } from '../../physics/index.ts';
import { DRONE_TASK_NAMES } from '../tasks/task-registry.ts';
import { BUILTIN_POLICY_NAMES } from '../policies/builtin-policies.ts';
import { runRollout, type RolloutOptions, type RolloutSummary } from '../rollout/rollout-runner.ts';
import { oneOf, realNumber, wholeNumber } from './cli-options.ts';
import { generateWorld, type WorldSpec } from '../../worlds/index.ts';
import { readWorldSpecFile } from './world-spec-file.ts';
import { FIDELITY_LEVELS, FULL_FIDELITY_TASKS } from '../full-fidelity/full-fidelity-rollout.ts';
import { RIGID_ENGINE_NAMES } from '../../physics/index.ts';
import { maybeRunFullFidelityRollout } from './full-fidelity-rollout-command.ts';
import { isPolicyFilePath, policyChoice, readPolicyFile } from './policy-file-reader.ts';
import { SPAWN_SPREADS, type SpawnSpread } from '../batch/batch-config.ts';
import type { PolicyFile } from '../policies/policy-file.ts';

interface RolloutFlags {
  task: string;
  worlds: number;
  dronesPerWorld: number;
  steps: number;
  workers: number;
  seed: number;
  policy: string;
  action: string;
  spawn: string;
  params: string;
  randomize: number;
  kernel: string;
  backend: string;
  world?: string;
  worldSeed?: number;
  worldSize: number;
  json: boolean;
  progress: boolean;
  fidelity: string;
  engine?: string;
  queue?: string;
  shards?: number;
  shard?: string;
  out?: string;
}

/** Runs a rollout cut into shards (on a queue, or one shard into a file); the layer above sim/ provides it. */
export interface RolloutScaleOut {
  /** The merged summary, or null when one shard was written to `out`. */
  run(request: { rollout: RolloutOptions; queue?: string; shards?: number; shard?: string; out?: string; progress: boolean }): Promise<RolloutSummary | null>;
}

export function createRolloutCommand(dependencies: { scaleOut?: RolloutScaleOut } = {}): Command {
  return new Command('rollout')
    .description('Run a built-in policy over many worlds at once, headless, and print a summary.')
    .option('--task <name>', `task: ${[...DRONE_TASK_NAMES, ...FULL_FIDELITY_TASKS].join(' | ')} (payload: --fidelity full)`, oneOf([...DRONE_TASK_NAMES, ...FULL_FIDELITY_TASKS]), 'hover')
    .option('--worlds <n>', 'number of worlds in the batch', wholeNumber(1, 1 << 24), 1024)
    .option('--drones-per-world <k>', 'drones in each world', wholeNumber(1, 4096), 1)
    .option('--steps <s>', 'steps to run (dt = 0.01 s)', wholeNumber(1, 1e9), 1000)
    .option('--workers <w>', 'threads (results do not depend on it)', wholeNumber(1, 64), 1)
    .option('--seed <x>', 'seed of every random choice', wholeNumber(0, 0xffffffff), 0)
    .option('--policy <name|file>', `policy: ${BUILTIN_POLICY_NAMES.join(' | ')} | a policy file (*.json from \`skyline train\`; sets task, rung and parameter set)`, policyChoice, 'pid')
    .option('--spawn <spread>', `how far from rest episodes start: ${SPAWN_SPREADS.join(' | ')} (hover wide: ±1 m, ±1 m/s, up to 30°, ±1 rad/s)`, oneOf(SPAWN_SPREADS), 'gentle')
    .option('--action <rung>', `action rung: ${QUADROTOR_RUNG_NAMES.join(' | ')}`, oneOf(QUADROTOR_RUNG_NAMES), 'velocity')
    .option('--params <set>', `quadrotor parameter set: ${Object.keys(QUADROTOR_PARAM_SETS).join(' | ')}, optionally +ground-effect, +downwash (docs/physics.md)`, parameterSet, 'cf2x')
    .option('--randomize <fraction>', 'domain randomisation: ± this fraction on mass, thrust, torque, inertia, motor lag', realNumber(0, 0.5), 0)
    .option('--kernel <kind>', 'physics kernel: auto | wasm-simd | scalar', oneOf(['auto', 'wasm-simd', 'scalar']), 'auto')
    .option('--backend <name>', 'where controller and physics run: cpu | webgpu (a GPU, or SwiftShader found by itself where there is none; the network of a hover or waypoints policy file runs in the GPU step loop too)', oneOf(['cpu', 'webgpu']), 'cpu')
    .option('--world <file>', 'fly in a city: a WorldSpec JSON file (from `skyline world`)')
    .option('--world-seed <n>', 'fly in a city generated from this seed', wholeNumber(0, 0xffffffff))
    .option('--world-size <m>', 'side of the generated city, metres (with --world-seed)', wholeNumber(300, 8000), 2000)
    .option('--fidelity <level>', 'fast: the batched kernel; full: one world on a rigid-body engine (parcels, tethers, contacts)', oneOf(FIDELITY_LEVELS), 'fast')
    .option('--engine <name>', `rigid-body engine of --fidelity full: ${RIGID_ENGINE_NAMES.join(' | ')} (default rapier)`, oneOf(RIGID_ENGINE_NAMES))
    .option('--queue <url>', 'run on a BullMQ queue in Redis (redis://host:6379) served by `skyline worker`s; prints the merged summary')
    .option('--shards <n>', 'shards of the rollout on --queue, cut by world index (results do not depend on it; default: one per 64 worlds, at most 64)', wholeNumber(1, 1 << 16))
    .option('--shard <i/n>', 'run only shard i of n (0-based) and write it to --out, for batch schedulers; join with `skyline merge`')
    .option('--out <file>', 'where --shard writes its part (JSON)')
    .option('--json', 'print one JSON object instead of the table', false)
    .option('--no-progress', 'hide the progress bar')
    .addHelpText('after', `
Examples:
  $ npx skyline rollout --task hover --worlds 256 --steps 500 --policy pid --json
  $ npx skyline rollout --task waypoints --worlds 4096 --steps 2000 --workers 2
  $ npx skyline rollout --task hover --worlds 1024 --policy random --action motors --randomize 0.1
  $ npx skyline rollout --task hover --worlds 256 --steps 500 --world-seed 7
  $ npx skyline rollout --task hover --worlds 64 --steps 300 --policy pid --backend webgpu --json
  $ npx skyline rollout --task payload --fidelity full --engine cannon --steps 1500 --seed 2 --json
  $ npx skyline rollout --task hover --worlds 4096 --steps 1000 --queue redis://127.0.0.1:6379 --shards 64
  $ npx skyline rollout --task hover --worlds 4096 --steps 1000 --shard 0/4 --out part-0.json`)
    .action(async (flags: RolloutFlags, command: Command) => {
      const scaledOut = [flags.queue, flags.shards, flags.shard, flags.out].some((value) => value !== undefined);
      if (scaledOut && flags.fidelity !== 'fast') {
        throw new Error(`--fidelity ${flags.fidelity} with --queue/--shard: shards run the batched kernel; accepted: --fidelity fast (the default)`);
      }
      const showProgress = flags.progress && process.stderr.isTTY !== false;
      // A sharded rollout draws its own bar, over shards.
      const bar = showProgress && !scaledOut
        ? new cliProgress.SingleBar({ format: 'rollout |{bar}| {percentage}% {value}/{total} steps {eta_formatted} left', stream: process.stderr, hideCursor: true }, cliProgress.Presets.shades_classic)
        : null;
      bar?.start(flags.steps, 0);
      const explicit = (name: string): boolean => command.getOptionValueSource(name) === 'cli';
      const fullFidelityText = await maybeRunFullFidelityRollout(
        { ...flags, worldSize: explicit('worldSize') ? flags.worldSize : undefined }, explicit,
        () => (flags.world === undefined ? Promise.resolve(null) : loadRolloutWorld(flags)), (done) => bar?.update(done),
      ).catch((error: unknown) => { bar?.stop(); throw error; });
      if (fullFidelityText !== null) {
        bar?.stop();
        process.stdout.write(fullFidelityText);
        return;
      }
      const world = await loadRolloutWorld(flags);
      const network = isPolicyFilePath(flags.policy) ? await readPolicyFile(flags.policy) : undefined;
      if (network) adoptPolicyFile(flags, network, explicit);
      if (scaledOut) {
        bar?.stop();
        if (!dependencies.scaleOut) throw new Error('--queue, --shards, --shard and --out need the scale-out layer; run the `skyline` command');
        const merged = await dependencies.scaleOut.run({ rollout: { ...rolloutOptions(flags, world), network }, queue: flags.queue, shards: flags.shards, shard: flags.shard, out: flags.out, progress: showProgress });
        if (merged !== null) process.stdout.write(flags.json ? `${JSON.stringify(merged)}\n` : formatSummary(merged));
        return;
      }
      const summary = await runRollout({ ...rolloutOptions(flags, world), network, onProgress: (done) => bar?.update(done) }).then((result) => result, async (error: unknown) => {
        bar?.stop();
        if (flags.backend !== 'webgpu') throw error;
        // No system Vulkan loader: run once more with SwiftShader's own (the child prints the summary).
        const { relaunchIfGpuNeedsIt } = await import('./gpu-relaunch.node.ts');
        process.exitCode = await relaunchIfGpuNeedsIt(error);
        return null;
      }).finally(() => bar?.stop());
      if (summary === null) return;
      process.stdout.write(flags.json ? `${JSON.stringify(summary)}\n` : formatSummary(summary));
    });
}

/** A rollout's options from the command's flags. */
function rolloutOptions(flags: RolloutFlags, world: WorldSpec | null): RolloutOptions {
  const fraction = flags.randomize;
  return {
    task: flags.task,
    worlds: flags.worlds,
    dronesPerWorld: flags.dronesPerWorld,
    steps: flags.steps,
    workers: flags.workers,
    seed: flags.seed,
    policy: flags.policy,
    rung: flags.action as RolloutSummary['rung'] & ('motors' | 'rates' | 'velocity' | 'goto'),
    paramSet: flags.params,
    kernel: flags.kernel as 'auto' | 'wasm-simd' | 'scalar',
    backend: flags.backend as 'cpu' | 'webgpu',
    randomization: fraction > 0 ? { mass: fraction, thrust: fraction, yawTorque: fraction, inertia: fraction, motorTimeConstant: fraction } : {},
    world,
    spawn: flags.spawn as SpawnSpread,
  };
}

/** A policy file flies the task, rung and parameter set it was trained for; a flag that contradicts it is an error. */
function adoptPolicyFile(flags: RolloutFlags, policy: PolicyFile, explicit: (name: string) => boolean): void {
  const pairs: [keyof RolloutFlags, string, string][] = [['task', '--task', policy.task], ['action', '--action', policy.rung], ['params', '--params', policy.paramSet]];
  for (const [key, flag, value] of pairs) {
    if (explicit(key) && flags[key] !== value) {
      throw new Error(`${flag} ${String(flags[key])} contradicts --policy ${flags.policy}, trained for ${flag.slice(2)} ${value}; accepted: ${flag} ${value}, or leave ${flag} out`);
    }
    (flags as unknown as Record<string, string>)[key] = value;
  }
}

/** The city a rollout flies in: a WorldSpec file, a generated city, or none (open space). */
async function loadRolloutWorld(flags: RolloutFlags): Promise<WorldSpec | null> {
  if (flags.world !== undefined && flags.worldSeed !== undefined) {
    throw new Error('--world and --world-seed both name a city; accepted: one of them, or neither for open space');
  }
  if (flags.world !== undefined) return readWorldSpecFile(flags.world);
  if (flags.worldSeed !== undefined) return generateWorld(flags.worldSeed, { size: flags.worldSize });
  return null;
}

export function formatSummary(s: RolloutSummary): string {
  const rows: [string, string][] = [
    ['task', `${s.task} (policy ${s.policy} through the ${s.rung} rung)`],
    ['drones', `${s.drones} (${s.worlds} worlds × ${s.drones_per_world})${s.city ? ` in ${s.city}` : ''}`],
    ['steps', `${s.steps} (${(s.steps * 0.01).toFixed(2)} s simulated)`],
    ['episodes', String(s.episodes)],
    ['success rate', `${(100 * s.success_rate).toFixed(1)} %`],
    ['mean final error', `${s.mean_final_error.toFixed(4)} m`],
    ['crashes', String(s.crashes)],
    ['drone-steps/s', s.steps_per_s.toExponential(3)],
    ['simulated s per wall s', s.sim_seconds_per_s.toExponential(3)],
    ['wall time', `${s.wall_s.toFixed(2)} s on ${s.workers} thread${s.workers > 1 ? 's' : ''} (${s.backend}, ${s.kernel} kernel)`],
    ['state hash', s.state_hash],
  ];
  const width = Math.max(...rows.map(([k]) => k.length));
  return rows.map(([k, v]) => `${k.padEnd(width)}  ${v}`).join('\n') + '\n';
}

/** A parameter set name with its optional aerodynamics (`cf2x+downwash`), checked as the physics layer reads it. */
function parameterSet(value: string): string {
  try {
    quadrotorParamsByName(value);
  } catch (error) {
    throw new InvalidArgumentError((error as Error).message);
  }
  return value;
}
