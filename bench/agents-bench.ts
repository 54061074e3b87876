/**
 * The agent API under load, over loopback with the server in its own process:
 * (1) act→reply round trips per second on one connection, pipelined with a window of outstanding
 *     requests (`wait {s: 1}` on one drone, so the figure is the protocol's, not a skill's);
 * (2) many concurrent sessions, each sending 10 acts per second, with p50/p99 latency;
 * (3) fairness and memory under legal abuse (agents-abuse-bench.ts).
 * Prints figures and returns them for the JSON line; never fails.
 */
import { readFileSync } from 'node:fs';
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import { connectSkylineClient, type SkylineClient } from '../agents/index.node.ts';
import { runAgentsAbuseBench, startBenchServer, stopBenchServer } from './agents-abuse-bench.ts';
import { machineLine } from './bench-harness.ts';

const PIPELINE_WINDOW = 256;
const PIPELINE_SECONDS = 4;
const SESSIONS = 1000;
const MESSAGES_PER_SESSION_PER_S = 10;
const LOAD_SECONDS = 10;
const WARM_UP_SECONDS = 2;
const WAIT_ACTION = { agent: 'drone-1', verb: 'wait', args: { s: 1 } } as const;
const SMALL_WORLD = { seed: 1, world: { size: 300 }, fleet: { drones: 1, robots: 0 } };

/** Round trips per second with `window` requests always outstanding on one connection. */
async function pipelinedRoundTrips(client: SkylineClient, seconds: number, window: number): Promise<number> {
  let completed = 0;
  const deadline = performance.now() + seconds * 1000;
  const lane = async (): Promise<void> => {
    while (performance.now() < deadline) {
      await client.act(WAIT_ACTION);
      completed++;
    }
  };
  const start = performance.now();
  await Promise.all(Array.from({ length: window }, lane));
  return completed / ((performance.now() - start) / 1000);
}

/** CPU seconds a process has used (user + system), from /proc; NaN where there is none. */
function cpuSeconds(pid: number): number {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return Number.NaN;
  }
}

function percentile(sorted: number[], p: number): number {
  return sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] : Number.NaN;
}

/** `sessions` connections, each acting `rate` times a second for `seconds`, sends spread evenly. */
async function concurrentSessions(url: string, sessions: number, rate: number, seconds: number): Promise<{ p50: number; p99: number; max: number; sent: number; answered: number; errors: number }> {
  const clients: SkylineClient[] = [];
  for (let start = 0; start < sessions; start += 50) {
    const batch = await Promise.all(Array.from({ length: Math.min(50, sessions - start) }, () => connectSkylineClient(url)));
    await Promise.all(batch.map((client) => client.reset(SMALL_WORLD)));
    clients.push(...batch);
  }
  await sendLoad(clients, rate, WARM_UP_SECONDS, [], { sent: 0, errors: 0 }); // untimed: compiles the hot paths on both sides
  const latencies: number[] = [];
  const counts = { sent: 0, errors: 0 };
  await sendLoad(clients, rate, seconds, latencies, counts);
  for (const client of clients) client.close();
  latencies.sort((a, b) => a - b);
  return { p50: percentile(latencies, 50), p99: percentile(latencies, 99), max: latencies[latencies.length - 1] ?? Number.NaN, sent: counts.sent, answered: latencies.length, errors: counts.errors };
}

/** Every client acts `rate` times a second for `seconds`, sends spread evenly; latencies in ms. */
async function sendLoad(clients: SkylineClient[], rate: number, seconds: number, latencies: number[], counts: { sent: number; errors: number }): Promise<void> {
  const sessions = clients.length;
  const tickMs = 2;
  const inFlight: Promise<void>[] = [];
  let next = 0;
  const start = performance.now();
  // Sends go out by elapsed time, round-robin over the sessions, so a late tick catches up.
  await new Promise<void>((resolve) => {
    const timer = setInterval(() => {
      const elapsed = Math.min(performance.now() - start, seconds * 1000);
      const due = Math.floor((elapsed / 1000) * rate * sessions) - counts.sent;
      for (let k = 0; k < due; k++) {
        const client = clients[next];
        next = (next + 1) % clients.length;
        const sentAt = performance.now();
        counts.sent++;
        inFlight.push(client.act(WAIT_ACTION).then(() => { latencies.push(performance.now() - sentAt); }, () => { counts.errors++; }));
      }
      if (elapsed >= seconds * 1000) {
        clearInterval(timer);
        resolve();
      }
    }, tickMs);
  });
  await Promise.all(inFlight);
}

export async function runAgentsBench(): Promise<Record<string, unknown>> {
  console.log(`agents: the WebSocket agent API over loopback (${machineLine()}; load average ${os.loadavg()[0].toFixed(2)} before it)`);
  const { url, child } = await startBenchServer();
  try {
    const client = await connectSkylineClient(url);
    await client.reset(SMALL_WORLD);
    await pipelinedRoundTrips(client, 0.5, PIPELINE_WINDOW); // warm-up
    const cpuBefore = cpuSeconds(child.pid!);
    const roundTrips = await pipelinedRoundTrips(client, PIPELINE_SECONDS, PIPELINE_WINDOW);
    // Server CPU per round trip: what a busy machine's wall-clock figure hides.
    const cpuPerRoundTripUs = ((cpuSeconds(child.pid!) - cpuBefore) * 1e6) / (roundTrips * PIPELINE_SECONDS);
    client.close();
    console.log(`  act→reply round trips, one connection, window ${PIPELINE_WINDOW}: ${Math.round(roundTrips).toLocaleString('en-US')}/s (target ≥ 20,000/s); server CPU ${cpuPerRoundTripUs.toFixed(1)} µs per round trip`);
    const load = await concurrentSessions(url, SESSIONS, MESSAGES_PER_SESSION_PER_S, LOAD_SECONDS);
    console.log(`  ${SESSIONS} sessions × ${MESSAGES_PER_SESSION_PER_S} acts/s for ${LOAD_SECONDS} s: ${load.answered.toLocaleString('en-US')} of ${load.sent.toLocaleString('en-US')} answered, ${load.errors} errors; latency p50 ${load.p50.toFixed(2)} ms, p99 ${load.p99.toFixed(2)} ms, max ${load.max.toFixed(1)} ms (target p99 < 20 ms)`);
    const abuse = await runAgentsAbuseBench();
    return {
      ...abuse,
      agents_act_round_trips_per_s: Math.round(roundTrips),
      agents_server_cpu_us_per_round_trip: Number(cpuPerRoundTripUs.toFixed(2)),
      agents_pipeline_window: PIPELINE_WINDOW,
      agents_sessions: SESSIONS,
      agents_session_messages_per_s: MESSAGES_PER_SESSION_PER_S,
      agents_latency_p50_ms: Number(load.p50.toFixed(3)),
      agents_latency_p99_ms: Number(load.p99.toFixed(3)),
      agents_latency_max_ms: Number(load.max.toFixed(3)),
      agents_load_errors: load.errors,
      agents_load_average_before: Number(os.loadavg()[0].toFixed(2)),
    };
  } finally {
    await stopBenchServer(child);
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const figures = await runAgentsBench();
  console.log(JSON.stringify(figures));
}
