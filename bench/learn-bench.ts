/**
 * Training figures: the MLP's forward and forward+backward (samples/s, 17→64→64→4 tanh, batch
 * 4,096; doubles in JavaScript and f32 WebAssembly SIMD) beside tfjs-core's wasm backend doing the same maths in the same run, the policy's
 * inference, and PPO's environment steps/s and network samples/s on hover at the motors rung.
 * `npm run bench -- learn`.
 */
import { createRequire } from 'node:module';
import path from 'node:path';
import { TrainableMlp, PpoTrainer, FastNetworkPolicy } from '../learn/index.ts';
import { NetworkPolicy } from '../sim/index.ts';
import { machineLine, medianSeconds } from './bench-harness.ts';

const SIZES = [17, 64, 64, 4];
const BATCH = 4096;

export async function runLearnBench(): Promise<Record<string, unknown>> {
  console.log(`learn bench on ${machineLine()}`);
  const figures: Record<string, unknown> = {};
  const input = Float64Array.from({ length: BATCH * SIZES[0] }, (_, k) => Math.sin(k));
  const dOut = Float64Array.from({ length: BATCH * SIZES[3] }, (_, k) => Math.cos(k));
  const js = new TrainableMlp(SIZES, 1, 1, 'js'), simd = new TrainableMlp(SIZES, 1, 1, 'wasm-simd');
  const net = simd;
  const tfjs = await tfjsBodies();
  // The three run in turns, several rounds, and each figure is its median: load from other jobs
  // then falls on all of them alike.
  const bodies: [string, () => void, () => void][] = [
    ['mlp_js', () => { js.forward(input, BATCH); }, () => { js.forward(input, BATCH); js.backward(dOut, BATCH); }],
    ['mlp_wasm_simd', () => { simd.forward(input, BATCH); }, () => { simd.forward(input, BATCH); simd.backward(dOut, BATCH); }],
    ...(tfjs ? [['tfjs_wasm', tfjs.forward, tfjs.both] as [string, () => void, () => void]] : []),
  ];
  const timings = new Map<string, number[][]>(bodies.map(([name]) => [name, [[], []]]));
  for (let round = 0; round < 7; round++) {
    for (const [name, forward, both] of bodies) {
      timings.get(name)![0].push(medianSeconds(1, forward));
      timings.get(name)![1].push(medianSeconds(1, both));
    }
  }
  const median = (values: number[]): number => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
  for (const [name] of bodies) {
    const [forward, both] = timings.get(name)!.map(median);
    figures[`${name}_forward_samples_per_s`] = BATCH / forward;
    figures[`${name}_forward_backward_samples_per_s`] = BATCH / both;
    console.log(`  ${name.padEnd(13)} ${SIZES.join('→')}, batch ${BATCH}: forward ${(BATCH / forward).toExponential(3)} samples/s, forward+backward ${(BATCH / both).toExponential(3)} samples/s`);
  }
  if (!tfjs) figures.tfjs_wasm_error = 'tfjs-core wasm backend not available';

  const policy = new NetworkPolicy({
    format: 'skyline-policy', version: 1, task: 'hover', rung: 'motors', paramSet: 'cf2x', spawn: 'wide', randomize: 0, algorithm: 'bench', seed: 0,
    observation: { size: 17, mean: new Float32Array(17), std: new Float32Array(17).fill(1), clip: 5 },
    layers: net.layers, action: { size: 4, squash: 'clip', offset: new Float32Array(4).fill(0.5), scale: new Float32Array(4).fill(0.5) }, metrics: {},
  });
  const observations = Float32Array.from(input);
  const actions = new Float32Array(BATCH * 4);
  const inference = medianSeconds(5, () => policy.act(observations, BATCH, actions));
  const fast = new FastNetworkPolicy(policy.file);
  const fastInference = medianSeconds(5, () => fast.act(observations, BATCH, actions));
  figures.policy_inference_samples_per_s = BATCH / inference;
  figures.policy_inference_wasm_simd_samples_per_s = BATCH / fastInference;
  console.log(`  policy inference (normalise, network, commands): ${(BATCH / inference).toExponential(3)} samples/s in sim/ (doubles), ${(BATCH / fastInference).toExponential(3)} on the SIMD kernels`);


  const trainer = await PpoTrainer.create({ seed: 1, hidden: [32, 32] });
  try {
    await trainer.iterate();
    const started = performance.now(), before = trainer.environmentSteps;
    let iterations = 0;
    while (performance.now() - started < 8000) {
      await trainer.iterate();
      iterations++;
    }
    const seconds = (performance.now() - started) / 1000, steps = trainer.environmentSteps - before;
    const { epochs } = trainer.settings;
    // Network samples: each step is acted on once (actor and critic) and trained on `epochs` times.
    figures.ppo_env_steps_per_s = steps / seconds;
    figures.ppo_network_samples_per_s = (steps * (1 + epochs)) / seconds;
    console.log(`  PPO hover/motors 2×32, ${trainer.settings.envs} drones: ${(steps / seconds).toExponential(3)} env steps/s, ${((steps * (1 + epochs)) / seconds).toExponential(3)} network samples/s (${iterations} iterations)`);
  } finally {
    await trainer.close();
  }
  return figures;
}

/** The same forward and forward+backward in tfjs-core on its wasm backend (SIMD where the CPU has it), or null. */
async function tfjsBodies(): Promise<{ version: string; forward: () => void; both: () => void } | null> {
  try {
    const tf = await import('@tensorflow/tfjs-core');
    const wasm = await import('@tensorflow/tfjs-backend-wasm');
    const require = createRequire(import.meta.url);
    const dist = path.dirname(require.resolve('@tensorflow/tfjs-backend-wasm/package.json'));
    wasm.setWasmPaths(`${path.join(dist, 'dist')}${path.sep}`);
    await tf.setBackend('wasm');
    await tf.ready();
    const weights = SIZES.slice(1).map((out, l) => tf.randomNormal([SIZES[l], out], 0, 1 / Math.sqrt(SIZES[l])));
    const biases = SIZES.slice(1).map((out) => tf.zeros([out]));
    const x = tf.randomNormal([BATCH, SIZES[0]]);
    const dy = tf.randomNormal([BATCH, SIZES[3]]);
    type T = typeof x;
    const model = (inputs: T): T[] => {
      const activations = [inputs];
      weights.forEach((w, l) => {
        const z = tf.add(tf.matMul(activations[l], w), biases[l]);
        activations.push(l < weights.length - 1 ? tf.tanh(z) : z);
      });
      return activations;
    };
    console.log(`  tfjs-core ${tf.version_core} on its wasm backend runs the same network (forward, and a backward written in its ops)`);
    return {
      version: tf.version_core,
      forward: () => tf.tidy(() => {
        model(x)[SIZES.length - 1].dataSync();
      }),
      // tfjs-core registers no gradients by itself (they come with the full tfjs package), so the
      // backward pass is written in its ops: dW = xᵀ·dz, db = Σ dz, dx = dz·Wᵀ, tanh' = 1 − h².
      both: () => tf.tidy(() => {
        const activations = model(x);
        let delta: T = dy;
        const outputs: T[] = [];
        for (let l = weights.length - 1; l >= 0; l--) {
          if (l < weights.length - 1) delta = tf.mul(delta, tf.sub(1, tf.square(activations[l + 1])));
          outputs.push(tf.matMul(activations[l], delta, true, false), tf.sum(delta, 0));
          if (l > 0) delta = tf.matMul(delta, weights[l], false, true);
        }
        for (const g of outputs) g.dataSync();
      }),
    };
  } catch (error) {
    console.log(`  tfjs-core wasm backend: not measured (${error instanceof Error ? error.message : String(error)})`);
    return null;
  }
}
