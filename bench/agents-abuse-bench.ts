/**
 * The agent server under legal abuse, over loopback with the server in its own process:
 * (1) fairness: one session sends 10,000-step env.step calls in a full world (64 drones, 64
 *     robots) as fast as its work budget allows, while a second session asks world.describe
 *     50 times a second; the second one's latency p50/p99 (target p99 ≤ 100 ms);
 * (2) memory: 10 readers that stop reading, each sending 100 world.spec {resend: true} (the
 *     largest answer there is); the server's peak RSS and the answers it refused (-32014).
 * Prints figures and returns them for the JSON line; never fails.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import WebSocket from 'ws';
import { connectSkylineClient, SkylineRpcError } from '../agents/index.node.ts';

const REPOSITORY_DIR = fileURLToPath(new URL('..', import.meta.url));
const FAIRNESS_SECONDS = 10;
const ALONE_SECONDS = 3;
const DESCRIBE_EVERY_MS = 20;
const READERS = 10;
const REQUESTS_PER_READER = 100;
const READER_WORLD_SIZE = Number(process.env.AGENTS_BENCH_READER_WORLD ?? 2000);
const RSS_TARGET_MB = 300;

export async function startBenchServer(): Promise<{ url: string; child: ChildProcess }> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'bench/agents-bench-server.ts'], { cwd: REPOSITORY_DIR, stdio: ['pipe', 'pipe', 'inherit'] });
  const port = await new Promise<number>((resolve, reject) => {
    let output = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const match = /port (\d+)/.exec(output);
      if (match) resolve(Number(match[1]));
    });
    child.once('exit', (code) => reject(new Error(`the bench server exited with ${code}`)));
  });
  return { url: `ws://127.0.0.1:${port}/`, child };
}

export async function stopBenchServer(child: ChildProcess): Promise<void> {
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.stdin!.end();
  await exited;
}

function percentile(sorted: number[], p: number): number {
  return sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] : Number.NaN;
}

function rssMb(pid: number): number {
  const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return match ? Number(match[1]) / 1024 : Number.NaN;
}

interface Latencies { p50: number; p99: number; max: number; describes: number }

async function fairness(url: string): Promise<Latencies & { alone: Latencies; longCalls: number; budgetRefusals: number }> {
  const busy = await connectSkylineClient(url, { timeoutMs: 120_000 });
  const quick = await connectSkylineClient(url);
  await busy.reset({ seed: 1, fleet: { drones: 64, robots: 64 } });
  await quick.reset({ seed: 2, fleet: { drones: 1, robots: 0 } });
  let deadline = performance.now() + ALONE_SECONDS * 1000;
  let longCalls = 0, budgetRefusals = 0;
  const stepLane = async (): Promise<void> => {
    while (performance.now() < deadline) {
      try {
        await busy.step(10_000);
        longCalls++;
      } catch (error) {
        if (!(error instanceof SkylineRpcError) || error.code !== -32013) throw error;
        budgetRefusals++;
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    }
  };
  const latencies: number[] = [];
  const describeLane = async (): Promise<void> => {
    while (performance.now() < deadline) {
      const sent = performance.now();
      await quick.describeWorld();
      latencies.push(performance.now() - sent);
      await new Promise((resolve) => setTimeout(resolve, DESCRIBE_EVERY_MS));
    }
  };
  // The same calls with the server otherwise idle: what this machine's load alone costs.
  await describeLane();
  const alone = summarize(latencies.splice(0));
  deadline = performance.now() + FAIRNESS_SECONDS * 1000;
  await Promise.all([stepLane(), stepLane(), describeLane()]);
  busy.close();
  quick.close();
  return { ...summarize(latencies), alone, longCalls, budgetRefusals };
}

function summarize(latencies: number[]): Latencies {
  latencies.sort((a, b) => a - b);
  return { p50: percentile(latencies, 50), p99: percentile(latencies, 99), max: latencies[latencies.length - 1] ?? Number.NaN, describes: latencies.length };
}

/** Readers that never read: each resets, pauses its socket and sends its requests. */
async function pausedReaders(url: string, pid: number): Promise<{ baseRssMb: number; peakRssMb: number; refused: number; served: number }> {
  const baseRssMb = rssMb(pid);
  let peakRssMb = baseRssMb;
  const sampler = setInterval(() => { peakRssMb = Math.max(peakRssMb, rssMb(pid)); }, 50);
  const sockets: WebSocket[] = [];
  const counts = { refused: 0, served: 0 };
  await Promise.all(Array.from({ length: READERS }, async (_, reader) => {
    const socket = new WebSocket(url, { maxPayload: 256 * 1024 * 1024 });
    sockets.push(socket);
    await new Promise((resolve, reject) => { socket.once('open', resolve); socket.once('error', reject); });
    const reset = new Promise((resolve) => socket.once('message', resolve));
    socket.send(JSON.stringify({ jsonrpc: '2.0', id: 0, method: 'env.reset', params: { seed: reader, world: { size: READER_WORLD_SIZE }, fleet: { drones: 4, robots: 2 } } }));
    await reset;
    socket.pause();
    for (let id = 1; id <= REQUESTS_PER_READER; id++) socket.send(JSON.stringify({ jsonrpc: '2.0', id, method: 'world.spec', params: { resend: true } }));
  }));
  // Let the server work through what it read, then read everything back.
  await new Promise((resolve) => setTimeout(resolve, 3000));
  await Promise.all(sockets.map((socket) => new Promise<void>((resolve) => {
    let answers = 0;
    socket.on('message', (data) => {
      const message = JSON.parse(String(data)) as { error?: { code: number } };
      if (message.error?.code === -32014) counts.refused++;
      else counts.served++;
      if (++answers === REQUESTS_PER_READER) resolve();
    });
    socket.resume();
  })));
  clearInterval(sampler);
  for (const socket of sockets) socket.close();
  return { baseRssMb, peakRssMb, ...counts };
}

export async function runAgentsAbuseBench(): Promise<Record<string, unknown>> {
  const { url, child } = await startBenchServer();
  try {
    const fair = await fairness(url);
    console.log(`  fairness: one session sending 10,000-step calls in a 128-vehicle world (${fair.longCalls} done, ${fair.budgetRefusals} refused by the work budget in ${FAIRNESS_SECONDS} s); another's world.describe: ${fair.describes} answered, p50 ${fair.p50.toFixed(1)} ms, p99 ${fair.p99.toFixed(1)} ms, max ${fair.max.toFixed(1)} ms (target p99 ≤ 100 ms; with no long calls: p50 ${fair.alone.p50.toFixed(1)} ms, p99 ${fair.alone.p99.toFixed(1)} ms)`);
    const memory = await pausedReaders(url, child.pid!);
    console.log(`  paused readers: ${READERS} × ${REQUESTS_PER_READER} world.spec {resend} in ${READER_WORLD_SIZE} m worlds: server RSS ${memory.baseRssMb.toFixed(0)} → peak ${memory.peakRssMb.toFixed(0)} MB (bound ${RSS_TARGET_MB} MB); ${memory.served} answered, ${memory.refused} refused with -32014`);
    return {
      agents_fair_describe_p50_ms: Number(fair.p50.toFixed(3)),
      agents_fair_describe_p99_ms: Number(fair.p99.toFixed(3)),
      agents_fair_describe_max_ms: Number(fair.max.toFixed(3)),
      agents_alone_describe_p50_ms: Number(fair.alone.p50.toFixed(3)),
      agents_alone_describe_p99_ms: Number(fair.alone.p99.toFixed(3)),
      agents_fair_long_calls: fair.longCalls,
      agents_fair_budget_refusals: fair.budgetRefusals,
      agents_paused_readers_world_m: READER_WORLD_SIZE,
      agents_paused_readers_base_rss_mb: Math.round(memory.baseRssMb),
      agents_paused_readers_peak_rss_mb: Math.round(memory.peakRssMb),
      agents_paused_readers_refused: memory.refused,
      agents_paused_readers_served: memory.served,
    };
  } finally {
    await stopBenchServer(child);
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  console.log(JSON.stringify(await runAgentsAbuseBench()));
}
