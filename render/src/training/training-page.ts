/**
 * The training page: PPO on hover at the motors rung in the browser tab, with no server — the
 * batched env, the networks (WebAssembly SIMD) and the trainer are the same modules `skyline
 * train` runs. Shows the learning curve and 64 training drones as they learn; `window.skylineTraining`
 * exposes the figures for tests. Query: ?seed=1&hidden=32,32&probe=5.
 */
import { QUADROTOR_STATE as S } from '../../../physics/index.ts';
import { serializePolicyFile } from '../../../sim/index.ts';
import { PpoTrainer, evaluatePolicy, learningCurveSvg, type LearningCurvePoint } from '../../../learn/index.ts';

interface TrainingPageState {
  ready: boolean;
  error: string | null;
  iterations: number;
  environmentSteps: number;
  meanReturns: number[];
  successRates: number[];
  probes: { iteration: number; success: number }[];
}

declare global {
  interface Window {
    skylineTraining: TrainingPageState;
  }
}

const state: TrainingPageState = { ready: false, error: null, iterations: 0, environmentSteps: 0, meanReturns: [], successRates: [], probes: [] };
window.skylineTraining = state;

const text = (id: string, value: string): void => {
  const element = document.querySelector(`[data-testid="${id}"]`);
  if (element) element.textContent = value;
};

function drawDrones(canvas: HTMLCanvasElement, trainer: PpoTrainer): void {
  const context = canvas.getContext('2d');
  if (!context) return;
  const { width, height } = canvas, scale = width / 4;
  context.clearRect(0, 0, width, height);
  context.strokeStyle = '#adb5bd';
  context.beginPath();
  context.moveTo(width / 2 - 10, height / 2); context.lineTo(width / 2 + 10, height / 2);
  context.moveTo(width / 2, height / 2 - 10); context.lineTo(width / 2, height / 2 + 10);
  context.stroke();
  const core = trainer.env.core, n = core.stride, st = core.quad.state, goal = core.goal;
  context.fillStyle = '#1c7ed6';
  for (let i = 0; i < Math.min(64, core.count); i++) {
    const dx = st[S.px * n + i] - goal[i], dz = st[S.pz * n + i] - goal[2 * n + i];
    context.beginPath();
    context.arc(width / 2 + dx * scale, height / 2 - dz * scale, 3, 0, 2 * Math.PI);
    context.fill();
  }
}

async function main(): Promise<void> {
  const query = new URLSearchParams(location.search);
  const seed = Number(query.get('seed') ?? '1');
  const hidden = (query.get('hidden') ?? '32,32').split(',').map(Number);
  const probeEvery = Number(query.get('probe') ?? '5');
  const trainer = await PpoTrainer.create({ seed, rung: 'motors', spawn: 'wide', hidden });
  const canvas = document.querySelector<HTMLCanvasElement>('#drones')!;
  const curveSection = document.querySelector('#curve')!;
  const download = document.querySelector<HTMLAnchorElement>('[data-testid="download"]')!;
  let paused = false, probing = false;
  document.querySelector('[data-testid="pause"]')!.addEventListener('click', (event) => {
    paused = !paused;
    (event.target as HTMLButtonElement).textContent = paused ? 'Resume' : 'Pause';
  });
  download.addEventListener('click', () => {
    download.href = URL.createObjectURL(new Blob([serializePolicyFile(trainer.policyFile())], { type: 'application/json' }));
  });
  const curve: LearningCurvePoint[] = [];
  const started = performance.now();
  state.ready = true;
  text('status', 'training …');
  for (;;) {
    if (paused) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      continue;
    }
    const stats = await trainer.iterate();
    if (Number.isFinite(stats.successRate) && stats.successRate >= 0.1) probing = true;
    if (probing && stats.iteration % probeEvery === 0) {
      stats.probeSuccess = (await evaluatePolicy(trainer.policyFile(), { worlds: 256, seed: 1000 + stats.iteration })).successRate;
      state.probes.push({ iteration: stats.iteration, success: stats.probeSuccess });
      text('probe', stats.probeSuccess.toFixed(3));
    }
    const wall = (performance.now() - started) / 1000;
    curve.push({ environmentSteps: stats.environmentSteps, wallSeconds: wall, meanReturn: stats.meanReturn, successRate: stats.successRate, probeSuccess: stats.probeSuccess });
    state.iterations = stats.iteration;
    state.environmentSteps = stats.environmentSteps;
    state.meanReturns.push(stats.meanReturn);
    state.successRates.push(stats.successRate);
    text('iteration', String(stats.iteration));
    text('steps', stats.environmentSteps.toLocaleString('en'));
    text('rate', (stats.environmentSteps / wall).toFixed(0));
    if (Number.isFinite(stats.meanReturn)) text('return', stats.meanReturn.toFixed(1));
    if (Number.isFinite(stats.successRate)) text('success', stats.successRate.toFixed(3));
    curveSection.innerHTML = learningCurveSvg(curve, `hover at the motors rung, PPO, seed ${seed}, in this tab`);
    drawDrones(canvas, trainer);
    await new Promise((resolve) => requestAnimationFrame(() => resolve(null)));
  }
}

main().catch((error: unknown) => {
  state.error = error instanceof Error ? error.stack ?? error.message : String(error);
  text('status', `error: ${state.error}`);
  console.error(error);
});
