/**
 * The full-fidelity branch of `skyline rollout`: checks the flags, builds the city, runs the payload task on
 * the chosen rigid-body engine and prints its summary.
 */
import { generateWorld, type WorldSpec } from '../../worlds/index.ts';
import {
  PAYLOAD_CITY_PARAMS, checkFidelityChoice, runFullFidelityRollout, type FullFidelityRolloutSummary,
} from '../full-fidelity/full-fidelity-rollout.ts';
import type { QuadrotorKernelKind, RigidEngineName } from '../../physics/index.ts';

/** The rollout flags this branch reads. */
export interface FullFidelityFlags {
  task: string;
  fidelity: string;
  engine?: string;
  worlds: number;
  dronesPerWorld: number;
  steps: number;
  workers: number;
  seed: number;
  policy: string;
  params: string;
  kernel: string;
  worldSeed?: number;
  worldSize?: number;
  json: boolean;
}

/**
 * Runs the rollout at full fidelity when the flags ask for it and returns the summary to print, or returns
 * null so the batched rollout goes on. Throws, naming the flag, when the flags do not fit together.
 */
export async function maybeRunFullFidelityRollout(
  flags: FullFidelityFlags,
  explicit: (flag: 'worlds') => boolean,
  loadWorldFile: () => Promise<WorldSpec | null>,
  onProgress?: (done: number, total: number) => void,
): Promise<string | null> {
  // An untouched --worlds default (many worlds for the batch) means one world here.
  const worlds = flags.fidelity === 'full' && !explicit('worlds') ? 1 : flags.worlds;
  if (!checkFidelityChoice({ ...flags, worlds })) return null;
  const world = (await loadWorldFile()) ?? generateWorld(flags.worldSeed ?? flags.seed, { ...PAYLOAD_CITY_PARAMS, size: flags.worldSize ?? PAYLOAD_CITY_PARAMS.size });
  const summary = await runFullFidelityRollout({
    task: 'payload',
    engine: (flags.engine ?? 'rapier') as RigidEngineName,
    steps: flags.steps,
    seed: flags.seed,
    world,
    paramSet: flags.params,
    kernel: flags.kernel as QuadrotorKernelKind,
    onProgress,
  });
  return flags.json ? `${JSON.stringify(summary)}\n` : formatFullFidelitySummary(summary);
}

function formatFullFidelitySummary(s: FullFidelityRolloutSummary): string {
  const [x, y, z] = s.parcel_rest_position;
  const rows: [string, string][] = [
    ['task', `${s.task} (policy ${s.policy} through the ${s.rung} rung)`],
    ['fidelity', `full, ${s.engine} engine, one drone in ${s.city}`],
    ['delivery', `${s.depot} → ${s.pad}`],
    ['steps', `${s.episode_steps} of ${s.steps} (${(s.episode_steps * 0.01).toFixed(2)} s simulated)`],
    ['success', `${s.success ? 'yes' : 'no'} (parcel at rest on the pad's roof within ${s.success_radius} m of its centre)`],
    ['parcel rests at', `[${x.toFixed(3)}, ${y.toFixed(3)}, ${z.toFixed(3)}] m`],
    ['distance to pad', `${s.mean_final_error.toFixed(3)} m`],
    ['crashes', String(s.crashes)],
    ['steps/s', s.steps_per_s.toFixed(0)],
    ['simulated s per wall s', s.sim_seconds_per_s.toFixed(2)],
    ['wall time', `${s.wall_s.toFixed(2)} s (${s.kernel} motor kernel)`],
    ['state hash', s.state_hash],
  ];
  const width = Math.max(...rows.map(([k]) => k.length));
  return rows.map(([k, v]) => `${k.padEnd(width)}  ${v}`).join('\n') + '\n';
}
