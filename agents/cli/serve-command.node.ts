/**
 * `skyline serve`: the agent server (docs/protocol.md) until Ctrl-C. Lockstep by default (worlds
 * advance on env.step); --mode realtime steps them at --rate. Beyond loopback a token is needed.
 */
import { networkInterfaces } from 'node:os';
import { Command } from 'commander';
import { oneOf, realNumber, untilStopped, wholeNumber } from '../../sim/index.ts';
import { PROTOCOL_VERSION } from '../server/json-rpc.ts';
import { DEFAULT_MAX_SESSIONS, DEFAULT_MAX_VEHICLE_STEPS_PER_SECOND, DEFAULT_MAX_WORLD_MEMORY_BYTES, DEFAULT_PORT, DEFAULT_REALTIME_RATE } from '../server/server-options.ts';
import { startSkylineServer } from '../server/skyline-server.node.ts';

interface ServeFlags {
  port: number;
  host: string;
  token?: string;
  mode: 'lockstep' | 'realtime';
  rate: number;
  maxSessions: number;
  maxWorldMemory: number;
  maxVehicleSteps: number;
}

const MIB = 1024 * 1024;

export function createServeCommand(): Command {
  return new Command('serve')
    .description('Serve the agent API: JSON-RPC 2.0 over WebSocket (protocol skyline/1); each connection gets its own world.')
    .option('--port <port>', 'port to listen on (0 picks a free one)', wholeNumber(0, 65535), DEFAULT_PORT)
    .option('--host <host>', 'address to listen on (beyond loopback a token is required)', '127.0.0.1')
    .option('--token <token>', 'token clients must present as ?token= or "Authorization: Bearer" (default: $SKYLINE_TOKEN)')
    .option('--mode <mode>', 'lockstep (worlds advance on env.step) or realtime (the server steps them)', oneOf(['lockstep', 'realtime']), 'lockstep')
    .option('--rate <hz>', 'simulation steps per second in realtime mode (100 = real speed)', realNumber(1, 100_000), DEFAULT_REALTIME_RATE)
    .option('--max-sessions <n>', 'concurrent connections', wholeNumber(1, 1_000_000), DEFAULT_MAX_SESSIONS)
    .option('--max-world-memory <MB>', 'estimated memory of all sessions\' worlds together; env.reset beyond it is refused', wholeNumber(1, 1_000_000_000), DEFAULT_MAX_WORLD_MEMORY_BYTES / MIB)
    .option('--max-vehicle-steps <n>', 'work budget of each session: simulated vehicle-steps (vehicles × steps) per second', wholeNumber(1, 1e12), DEFAULT_MAX_VEHICLE_STEPS_PER_SECOND)
    .addHelpText('after', `
Examples:
  $ npx skyline serve
  $ npx skyline serve --port 9000 --mode realtime --rate 100
  $ SKYLINE_TOKEN=secret npx skyline serve --host 0.0.0.0

Protocol, methods and error codes: docs/protocol.md`)
    .action(async (flags: ServeFlags) => {
      const token = flags.token ?? process.env.SKYLINE_TOKEN;
      const server = await startSkylineServer({
        port: flags.port, host: flags.host, mode: flags.mode, realtimeRate: flags.rate, maxSessions: flags.maxSessions,
        maxWorldMemoryBytes: flags.maxWorldMemory * MIB, maxVehicleStepsPerSecond: flags.maxVehicleSteps, ...(token ? { token } : {}),
      });
      process.stdout.write(`skyline serving ${listeningOn(flags.host, server.url)} (protocol ${PROTOCOL_VERSION}, ${flags.mode}${token ? ', token required' : ''})\n(Ctrl-C to stop)\n`);
      await untilStopped();
      process.stderr.write('skyline: stopping…\n');
      await server.close();
    });
}


/**
 * Where clients connect. A wildcard host (0.0.0.0, ::) listens on every interface, so the line
 * names the machine's own addresses rather than only loopback, which would read as loopback-only.
 */
export function listeningOn(host: string, url: string): string {
  const local = url.replace(/\/$/, '');
  if (host !== '0.0.0.0' && host !== '::') return local;
  const port = new URL(local).port;
  const addresses = Object.values(networkInterfaces()).flat()
    .filter((entry) => entry !== undefined && !entry.internal && (host === '::' || entry.family === 'IPv4'))
    .map((entry) => (entry!.family === 'IPv6' ? `ws://[${entry!.address}]:${port}` : `ws://${entry!.address}:${port}`));
  const all = host === '::' ? `[::]:${port}` : `0.0.0.0:${port}`;
  return `on all interfaces (${all}): ${[...addresses, local].join(', ')}`;
}
