/**
 * `skyline mcp` figures: (1) tool-call round trips per second (metrics) over streamable HTTP on
 * loopback, server in this process; (2) how fast wait_until flies a drone (simulated seconds per
 * wall second for a whole fly_to to another depot); (3) observe with the camera image, per call.
 * Prints figures and returns them for the JSON line; never fails. Run alone: `npx tsx bench/mcp-bench.ts`.
 */
import { fileURLToPath } from 'node:url';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { startMcpHttpServer } from '../agents/index.node.ts';
import { machineLine } from './bench-harness.ts';

const ROUND_TRIP_SECONDS = 3;
const OBSERVE_CALLS = 20;

export async function runMcpBench(): Promise<Record<string, unknown>> {
  console.log(`skyline mcp (streamable HTTP on loopback, one session) — ${machineLine()}`);
  const server = await startMcpHttpServer({ port: 0, settings: { seed: 7, fleet: { drones: 1, robots: 0 }, imageSize: 128 }, log: () => undefined });
  const client = new Client({ name: 'mcp-bench', version: '1.0.0' });
  await client.connect(new StreamableHTTPClientTransport(new URL(server.url)));
  try {
    let calls = 0;
    const until = performance.now() + ROUND_TRIP_SECONDS * 1000;
    while (performance.now() < until) {
      await client.callTool({ name: 'metrics', arguments: {} });
      calls++;
    }
    const callsPerS = calls / ROUND_TRIP_SECONDS;
    console.log(`  tool calls (metrics), one after another: ${callsPerS.toFixed(0)} /s (${(1000 / callsPerS).toFixed(2)} ms each)`);

    await client.callTool({ name: 'fly_to', arguments: { agent: 'drone-1', place: 'Depot 2' } });
    const flightStart = performance.now();
    const waited = (await client.callTool({ name: 'wait_until', arguments: { agent: 'drone-1', max_s: 600 } })).structuredContent as { waitedS: number; outcome: string };
    const flightWallS = (performance.now() - flightStart) / 1000;
    const realtimeFactor = waited.waitedS / flightWallS;
    console.log(`  fly_to Depot 2 + wait_until: ${waited.waitedS.toFixed(1)} simulated s in ${flightWallS.toFixed(2)} s (${realtimeFactor.toFixed(0)}× real time, ${waited.outcome})`);

    const observeStart = performance.now();
    for (let k = 0; k < OBSERVE_CALLS; k++) await client.callTool({ name: 'observe', arguments: { agent: 'drone-1' } });
    const observeMs = (performance.now() - observeStart) / OBSERVE_CALLS;
    console.log(`  observe (text, JSON and a 128×128 camera PNG): ${observeMs.toFixed(1)} ms per call`);
    return { mcp_tool_calls_per_s: callsPerS, mcp_wait_until_realtime_factor: realtimeFactor, mcp_observe_ms: observeMs };
  } finally {
    await client.close();
    await server.close();
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) console.log(JSON.stringify(await runMcpBench()));
