/**
 * Scale-out: the same rollout in one process and through the BullMQ queue (a real redis-server on
 * a free loopback port, real `skyline worker` processes) with 1 and 2 workers. Prints drone-steps/s,
 * the queue's fixed cost per run and per shard, and the shard count up to which the queue costs
 * under 5 % of the rollout's compute. `npx tsx bench/cluster-bench.ts` runs it alone.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import { runRollout, type RolloutOptions } from '../sim/index.ts';
import { rolloutSpecOf, runRolloutOnQueue } from '../cluster/index.node.ts';
import { machineLine } from './bench-harness.ts';

const skylineBin = fileURLToPath(new URL('../bin/skyline.mjs', import.meta.url));
const ROLLOUT: RolloutOptions = { task: 'hover', worlds: 8192, steps: 1000, seed: 1, policy: 'pid' };
/** A production-size rollout the figures are extrapolated to: 65,536 worlds × 1000 steps. */
const LARGE_DRONE_STEPS = 65_536 * 1000;

export async function runClusterBench(): Promise<Record<string, unknown>> {
  console.log(`cluster (${machineLine()})`);
  const port = await freePort();
  const url = `redis://127.0.0.1:${port}`;
  const children: ChildProcess[] = [];
  try {
    children.push(await startProcess('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], /Ready to accept connections/, 'stdout'));
    const spec = rolloutSpecOf(ROLLOUT);
    const droneSteps = spec.worlds * spec.steps;
    await runRollout({ ...ROLLOUT, steps: 50 });
    const inProcess = median([(await runRollout(ROLLOUT)).wall_s, (await runRollout(ROLLOUT)).wall_s, (await runRollout(ROLLOUT)).wall_s]);
    console.log(`  in process: ${spec.worlds} worlds × ${ROLLOUT.steps} steps in ${inProcess.toFixed(3)} s = ${(droneSteps / inProcess).toExponential(3)} drone-steps/s`);
    /** Median wall time of three runs, and the median of what the queue added to the shards' own compute. */
    const queued = async (shards: number): Promise<{ wall: number; overhead: number; compute: number }> => {
      const runs = [];
      for (let r = 0; r < 3; r++) runs.push(await runRolloutOnQueue({ url, rollout: spec, shards, log: () => {} }));
      return { wall: median(runs.map((m) => m.wall_s)), overhead: median(runs.map((m) => m.wall_s - m.shard_seconds)), compute: median(runs.map((m) => m.shard_seconds)) };
    };
    const worker = (): Promise<ChildProcess> => startProcess(process.execPath, [skylineBin, 'worker', '--queue', url], /serving skyline-rollout/, 'stderr');

    children.push(await worker());
    await queued(2); // starts the worker's shard thread
    const one: Record<number, { wall: number; overhead: number; compute: number }> = {};
    for (const shards of [1, 16, 64]) {
      one[shards] = await queued(shards);
      console.log(`  queue, 1 worker, ${String(shards).padStart(2)} shards: ${one[shards].wall.toFixed(3)} s = ${(droneSteps / one[shards].wall).toExponential(3)} drone-steps/s; the queue's part ${(one[shards].overhead * 1000).toFixed(0)} ms`);
    }
    // On one worker, wall − the shards' own compute ≈ fixed + S × per-shard cost.
    const perShard = Math.max(0, (one[64].overhead - one[1].overhead) / 63);
    const fixed = Math.max(0, one[1].overhead - perShard);
    // The queue's cost (fixed + S × per shard) under 5 % of the compute: S < (0.05 c − fixed) / per shard.
    // The worker's own compute time of the whole rollout (one shard), measured beside its overhead.
    const compute = one[1].compute, rate = droneSteps / compute;
    const shardsUnder5 = (compute: number): number => Math.max(0, Math.floor((0.05 * compute - fixed) / Math.max(perShard, 1e-6)));
    const maxShards = shardsUnder5(compute), maxShardsLarge = shardsUnder5(LARGE_DRONE_STEPS / rate);
    const shardStepsFor5 = Math.ceil((perShard / 0.05) * rate);
    console.log(`  queue cost: ${(fixed * 1000).toFixed(1)} ms a run + ${(perShard * 1000).toFixed(2)} ms a shard`);
    console.log(`  under 5 %: this rollout (${compute.toFixed(2)} s of compute) up to ${maxShards} shards; 65,536 worlds × 1000 steps (${(LARGE_DRONE_STEPS / rate).toFixed(1)} s) up to ${maxShardsLarge} shards; a shard's own cost is under 5 % from ${shardStepsFor5.toExponential(2)} drone-steps a shard`);

    children.push(await worker());
    await queued(4);
    const two16 = (await queued(16)).wall;
    console.log(`  queue, 2 workers, 16 shards: ${two16.toFixed(3)} s = ${(droneSteps / two16).toExponential(3)} drone-steps/s (${(inProcess / two16).toFixed(2)}× one process; the cores are shared)`);
    return {
      cluster_in_process_steps_per_s: droneSteps / inProcess,
      cluster_queue_1_worker_16_shards_steps_per_s: droneSteps / one[16].wall,
      cluster_queue_2_workers_16_shards_steps_per_s: droneSteps / two16,
      cluster_queue_overhead_per_shard_ms: perShard * 1000,
      cluster_queue_overhead_per_run_ms: fixed * 1000,
      cluster_shards_under_5pct: maxShards,
      cluster_shards_under_5pct_65536_worlds: maxShardsLarge,
      cluster_shard_drone_steps_for_5pct: shardStepsFor5,
    };
  } finally {
    for (const child of children.reverse()) child.kill('SIGKILL');
  }
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

function freePort(): Promise<number> {
  const server = createServer();
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => {
    const { port } = server.address() as { port: number };
    server.close(() => resolve(port));
  }));
}

function startProcess(command: string, args: string[], ready: RegExp, stream: 'stdout' | 'stderr'): Promise<ChildProcess> {
  const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  return new Promise((resolve, reject) => {
    let output = '';
    const timer = setTimeout(() => reject(new Error(`${command} did not start within 30 s: ${output}`)), 30_000);
    child.once('error', (error) => { clearTimeout(timer); reject(error); });
    child[stream]!.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      if (ready.test(output)) { clearTimeout(timer); resolve(child); }
    });
  });
}

if (process.argv[1] === fileURLToPath(import.meta.url)) console.log(JSON.stringify(await runClusterBench()));
