/**
 * `npm run bench`: every benchmark in turn, human-readable lines first and, last, one JSON line
 * with every figure (drone-steps/s and ratios at N = 4096 under the keys the issues name).
 * Benchmarks print; they never fail the build. `npm run bench -- physics worlds` runs only those sections.
 */
import { runPhysicsBench } from './physics-bench.ts';
import { runRigidBench } from './rigid-bench.ts';
import { runRenderBench } from './render-bench.ts';
import { runWorldsBench } from './worlds-bench.ts';
import { runGpuBench } from './gpu-bench.ts';
import { runAgentsBench } from './agents-bench.ts';
import { runMcpBench } from './mcp-bench.ts';
import { runPythonVectorEnvBench } from './python-vector-env-bench.ts';
import { runClusterBench } from './cluster-bench.ts';
import { runEvalBench } from './eval-bench.ts';
import { runLearnBench } from './learn-bench.ts';
import { runGpuPolicyLoopBench } from './gpu-policy-loop-bench.ts';
import { machineLine } from './bench-harness.ts';

const figures: Record<string, unknown> = { machine: machineLine() };
const sections: [string, () => Promise<Record<string, unknown>>][] = [
  ['physics', runPhysicsBench],
  ['worlds', runWorldsBench],
  ['rigid', runRigidBench],
  ['render', runRenderBench],
  ['gpu', runGpuBench],
  ['agents', runAgentsBench],
  ['mcp', runMcpBench],
  ['cluster', runClusterBench],
  ['eval', runEvalBench],
  ['python', runPythonVectorEnvBench],
  ['learn', runLearnBench],
  ['gpu-policy', runGpuPolicyLoopBench],
];
const wanted = process.argv.slice(2);
const unknown = wanted.filter((name) => !sections.some(([section]) => section === name));
if (unknown.length) {
  console.error(`bench: unknown section ${unknown.join(', ')}; accepted: ${sections.map(([name]) => name).join(', ')}`);
  process.exit(2);
}
for (const [name, run] of sections) {
  if (wanted.length && !wanted.includes(name)) continue;
  try {
    Object.assign(figures, await run());
  } catch (error) {
    console.log(`  ${name} bench failed: ${error instanceof Error ? error.message : String(error)}`);
    figures[`${name}_error`] = String(error);
  }
  console.log('');
}
console.log(JSON.stringify(figures));
