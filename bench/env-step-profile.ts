/**
 * Where a BatchEnv step's time goes, phase by phase, on one thread. Two profiles:
 *   passes  the separate JavaScript passes (policy, controller cascade, physics kernel, task
 *           evaluation, bookkeeping with autoreset, observations): the path of the goto rung,
 *           and of every rung before the lane step;
 *   lanes   the step as BatchCore.stepSlice takes it now: one lane kernel (policy, controller,
 *           physics, the task's lane evaluation), then the crash check, bookkeeping, observations;
 *           and runPolicy's rollout kernel, many steps per call with the episode's books inside.
 * Each phase is timed around the very calls the step makes, in its order. Prints figures; asserts nothing.
 *
 *   npx tsx bench/env-step-profile.ts [N] [steps] [task] [rung] [policy]
 */
import { applyQuadrotorControl } from '../physics/index.ts';
import { BatchEnv, builtinPolicy } from '../sim/index.ts';
import { machineLine } from './bench-harness.ts';

const N = Number(process.argv[2] ?? 4096);
const STEPS = Number(process.argv[3] ?? 1000);
const TASK = process.argv[4] ?? 'hover';
const RUNG = (process.argv[5] ?? 'velocity') as 'velocity';
const POLICY = process.argv[6] ?? 'pid';

const env = await BatchEnv.create({ task: TASK, worlds: N, workers: 1, rung: RUNG });
env.reset({ seed: 1 });
const core = env.core, policy = builtinPolicy(POLICY, RUNG), { config } = core;
const phases = ['policy', 'controller', 'physics', 'evaluate', 'bookkeeping + observe', 'observe alone'] as const;
const seconds = new Map<string, number>(phases.map((p) => [p, 0]));
let whole = 0;

const measurePasses = (timed: boolean): void => {
  for (let s = 0; s < STEPS; s++) {
    const t0 = performance.now();
    policy.act(core, 0, N, s);
    const t1 = performance.now();
    applyQuadrotorControl(config.rung, core.actions, core.quad, core.integral, config.gains, 0, N, config.dt);
    const t2 = performance.now();
    core.stepper.step(0, N, config.dt);
    const t3 = performance.now();
    core.finishStepSlice(0, N); // evaluate + bookkeeping + observe
    const t4 = performance.now();
    // Evaluate and observe once more, alone, to split finishStepSlice (they only rewrite the same values).
    core.task.evaluateSlice(core, 0, N);
    const t5 = performance.now();
    core.task.observeSlice(core, 0, N);
    const t6 = performance.now();
    if (!timed) continue;
    seconds.set('policy', seconds.get('policy')! + t1 - t0);
    seconds.set('controller', seconds.get('controller')! + t2 - t1);
    seconds.set('physics', seconds.get('physics')! + t3 - t2);
    seconds.set('evaluate', seconds.get('evaluate')! + t5 - t4);
    seconds.set('bookkeeping + observe', seconds.get('bookkeeping + observe')! + (t4 - t3) - (t5 - t4));
    seconds.set('observe alone', seconds.get('observe alone')! + t6 - t5);
    whole += t4 - t0;
  }
};
measurePasses(false);
measurePasses(true);

console.log(`env step profile on ${machineLine()}`);
console.log(`  separate passes: ${TASK}, ${POLICY} policy, ${RUNG} rung, N = ${N}, ${STEPS} steps, one thread (${core.stepper.kernel} kernel)`);
for (const phase of phases) {
  const ms = seconds.get(phase)!;
  const share = phase === 'observe alone' ? '' : `  ${((100 * ms) / whole).toFixed(1).padStart(5)} %`;
  console.log(`  ${phase.padEnd(24)} ${((1e6 * ms) / (STEPS * N)).toFixed(2).padStart(7)} ns/drone-step${share}`);
}
console.log(`  ${'whole step'.padEnd(24)} ${((1e6 * whole) / (STEPS * N)).toFixed(2).padStart(7)} ns/drone-step  → ${((STEPS * N) / (whole / 1000)).toExponential(3)} drone-steps/s`);

// The lane step: the kernel, then finishStepSlice's tail (timed as the whole step minus the kernel).
const lane = core.laneStep(POLICY === 'pid' ? 'pid' : 'rows');
const laneFigures: Record<string, number> = {};
if (lane) {
  let kernel = 0, rest = 0, observe = 0;
  const measureLanes = (timed: boolean): void => {
    for (let s = 0; s < STEPS; s++) {
      const t0 = performance.now();
      if (lane.variant.commands === 'rows') policy.act(core, 0, N, s);
      lane.run(0, N);
      const t1 = performance.now();
      core.stepSlice(0, N, policy, s); // a whole step, to time the tail as (whole − kernel)
      const t2 = performance.now();
      core.task.observeSlice(core, 0, N);
      const t3 = performance.now();
      if (timed) {
        kernel += t1 - t0;
        rest += t2 - t1;
        observe += t3 - t2;
      }
    }
  };
  measureLanes(false);
  measureLanes(true);
  const ns = (ms: number): number => (1e6 * ms) / (STEPS * N);
  laneFigures.kernel = ns(kernel);
  laneFigures.tail = ns(rest - kernel);
  laneFigures.observe = ns(observe);
  laneFigures.whole = ns(rest);
  console.log(`  lane step (${lane.kernel}): kernel (policy + controller + physics${lane.variant.evaluation ? ' + evaluation' : ''}) ${ns(kernel).toFixed(2)} ns/drone-step, ` +
    `crash check + bookkeeping + observe ${ns(rest - kernel).toFixed(2)} (observe alone ${ns(observe).toFixed(2)}), whole ${ns(rest).toFixed(2)} → ${((STEPS * N) / (rest / 1000)).toExponential(3)} drone-steps/s`);
}
// The rollout kernel: runPolicy's K steps per kernel call (pid in open space or a city, with autoreset).
if (core.laneStep('pid', true) && POLICY === 'pid') {
  const perCall = 50;
  const run = (): number => {
    const t0 = performance.now();
    for (let done = 0; done < STEPS; done += perCall) core.rolloutSlice(0, N, policy, done, perCall);
    return performance.now() - t0;
  };
  run();
  const ms = [run(), run(), run()].sort((a, b) => a - b)[1];
  laneFigures.rollout = (1e6 * ms) / (STEPS * N);
  console.log(`  rollout kernel, ${perCall} steps per call (what runPolicy takes): ${laneFigures.rollout.toFixed(2)} ns/drone-step → ${((STEPS * N) / (ms / 1000)).toExponential(3)} drone-steps/s`);
}
await env.close();
console.log(JSON.stringify({ passes: Object.fromEntries([...seconds].map(([p, ms]) => [p, (1e6 * ms) / (STEPS * N)])), passes_whole_ns: (1e6 * whole) / (STEPS * N), lanes: laneFigures }));
