import type { BatchCore } from '../batch/batch-core.ts';

/**
 * What each drone of a rollout came to, drone by drone in global order. A summary is always
 * computed from these arrays by `summarizeDroneOutcomes`, so a run cut into shards and merged
 * adds the same numbers in the same order as the run in one piece (floating-point sums included).
 */
export interface DroneOutcomes {
  episodes: Uint32Array;
  successes: Uint32Array;
  crashes: Uint32Array;
  /** Sum of the final errors of the drone's episodes, metres. */
  errorSum: Float64Array;
}

export interface OutcomeTotals {
  episodes: number;
  success_rate: number;
  mean_final_error: number;
  crashes: number;
}

/** Copies the first `count` drones' statistics out of a batch. */
export function collectDroneOutcomes(core: BatchCore, count: number): DroneOutcomes {
  return {
    episodes: core.statsEpisodes.slice(0, count),
    successes: core.statsSuccesses.slice(0, count),
    crashes: core.statsCrashes.slice(0, count),
    errorSum: core.statsErrorSum.slice(0, count),
  };
}

/** Outcomes of consecutive ranges of drones, joined in the order given. */
export function concatDroneOutcomes(parts: readonly DroneOutcomes[]): DroneOutcomes {
  const join = <T extends Uint32Array | Float64Array>(pick: (p: DroneOutcomes) => T, make: (n: number) => T): T => {
    const out = make(parts.reduce((sum, p) => sum + pick(p).length, 0));
    let at = 0;
    for (const p of parts) { out.set(pick(p), at); at += pick(p).length; }
    return out;
  };
  return {
    episodes: join((p) => p.episodes, (n) => new Uint32Array(n)),
    successes: join((p) => p.successes, (n) => new Uint32Array(n)),
    crashes: join((p) => p.crashes, (n) => new Uint32Array(n)),
    errorSum: join((p) => p.errorSum, (n) => new Float64Array(n)),
  };
}

/** Totals over every drone, summed in drone order. */
export function summarizeDroneOutcomes(outcomes: DroneOutcomes): OutcomeTotals {
  let episodes = 0, successes = 0, crashes = 0, errorSum = 0;
  for (let i = 0; i < outcomes.episodes.length; i++) {
    episodes += outcomes.episodes[i];
    successes += outcomes.successes[i];
    crashes += outcomes.crashes[i];
    errorSum += outcomes.errorSum[i];
  }
  return {
    episodes,
    success_rate: episodes ? successes / episodes : 0,
    mean_final_error: episodes ? errorSum / episodes : 0,
    crashes,
  };
}
