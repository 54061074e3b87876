/**
 * `skyline mcp`: the city and its fleet as Model Context Protocol tools (docs/mcp.md). Stdio by
 * default, for clients that start the server themselves; --http PORT for streamable HTTP.
 * The world options are `skyline run`'s, the clock and network options `skyline serve`'s.
 */
import { Command, InvalidArgumentError } from 'commander';
import { oneOf, readWorldSpecFile, realNumber, untilStopped, wholeNumber } from '../../sim/index.ts';
import { DEFAULT_REALTIME_RATE } from '../server/server-options.ts';
import { DEFAULT_FLEET, DEFAULT_WORLD_SIZE } from '../session/fleet-session.ts';
import { DEFAULT_MCP_MAX_SESSIONS, startMcpHttpServer } from './mcp-http-server.node.ts';
import { DEFAULT_IMAGE_SIZE, DEFAULT_MAX_ALTITUDE, IMAGE_SIZE_RANGE, type McpWorldSettings } from './mcp-settings.ts';
import { serveMcpOverStdio } from './mcp-stdio.node.ts';

interface McpFlags {
  seed: number;
  world?: string;
  worldSeed?: number;
  size: number;
  drones: number;
  robots: number;
  mode: 'lockstep' | 'realtime';
  rate: number;
  http?: number;
  host: string;
  token?: string;
  maxSessions: number;
  allowLowLevel: boolean;
  maxAltitude: number;
  imageSize: number;
}

export function createMcpCommand(): Command {
  return new Command('mcp')
    .description('Serve the city and its fleet as Model Context Protocol tools, resources and prompts (stdio by default).')
    .option('--seed <n>', 'seed of the episode (orders, and the city unless --world-seed or --world)', wholeNumber(0, 0xffffffff), 0)
    .option('--world <file>', 'a WorldSpec JSON file (from `skyline world`)')
    .option('--world-seed <n>', 'generate the city from this seed', wholeNumber(0, 0xffffffff))
    .option('--size <m>', 'side of the generated city, metres', wholeNumber(300, 8000), DEFAULT_WORLD_SIZE)
    .option('--drones <n>', 'drones in the fleet', wholeNumber(0, 64), DEFAULT_FLEET.drones)
    .option('--robots <n>', 'ground robots in the fleet', wholeNumber(0, 64), DEFAULT_FLEET.robots)
    .option('--mode <mode>', 'lockstep (time passes in wait_until) or realtime (the server steps the world)', oneOf(['lockstep', 'realtime']), 'lockstep')
    .option('--rate <hz>', 'simulation steps per second in realtime mode (100 = real speed)', realNumber(1, 100_000), DEFAULT_REALTIME_RATE)
    .option('--http <port>', 'serve streamable HTTP at http://HOST:PORT/mcp instead of stdio (0 picks a free port)', wholeNumber(0, 65535))
    .option('--host <host>', 'address to listen on with --http (beyond loopback a token is required)', '127.0.0.1')
    .option('--token <token>', 'token HTTP clients must present as "Authorization: Bearer" or ?token= (default: $SKYLINE_TOKEN)')
    .option('--max-sessions <n>', 'concurrent HTTP sessions, each with its own world', wholeNumber(1, 10_000), DEFAULT_MCP_MAX_SESSIONS)
    .option('--allow-low-level', 'allow the motor-level verbs (motors, wheels, rates), which bypass the safety guards', false)
    .option('--max-altitude <m>', 'highest altitude a client may command, metres above ground', realNumber(1, 1000), DEFAULT_MAX_ALTITUDE)
    .option('--image-size <px>', 'side of the camera image observe returns, pixels', wholeNumber(IMAGE_SIZE_RANGE.min, IMAGE_SIZE_RANGE.max), DEFAULT_IMAGE_SIZE)
    .addHelpText('after', `
Examples:
  $ npx skyline mcp                                  # stdio: let the MCP client start it
  $ npx skyline mcp --seed 7 --drones 2 --robots 1
  $ npx skyline mcp --http 8788                      # streamable HTTP at http://127.0.0.1:8788/mcp
  $ SKYLINE_TOKEN=secret npx skyline mcp --http 8788 --host 0.0.0.0

A client configuration ("mcpServers"), the tools, the safety rules and a session: docs/mcp.md`)
    .action(async (flags: McpFlags) => {
      if (flags.drones + flags.robots === 0) throw new InvalidArgumentError('--drones and --robots: the fleet needs at least one vehicle');
      if (flags.world !== undefined && flags.worldSeed !== undefined) {
        throw new Error('--world and --world-seed both name a city; accepted: one of them (or neither: a city from --seed)');
      }
      const settings: Partial<McpWorldSettings> = {
        seed: flags.seed,
        world: flags.world !== undefined ? await readWorldSpecFile(flags.world) : { ...(flags.worldSeed !== undefined ? { seed: flags.worldSeed } : {}), size: flags.size },
        fleet: { drones: flags.drones, robots: flags.robots },
        mode: flags.mode,
        realtimeRate: flags.rate,
        safety: { allowLowLevel: flags.allowLowLevel, maxAltitude: flags.maxAltitude },
        imageSize: flags.imageSize,
      };
      const count = (n: number, noun: string): string => `${n} ${noun}${n === 1 ? '' : 's'}`;
      const describe = `${flags.mode}, seed ${flags.seed}, ${count(flags.drones, 'drone')}, ${count(flags.robots, 'robot')}${flags.allowLowLevel ? ', low-level verbs allowed' : ''}`;
      if (flags.http === undefined) {
        await serveMcpOverStdio({ settings, onReady: () => process.stderr.write(`skyline mcp: serving over stdio (${describe}); it stops when stdin closes\n`) });
        return;
      }
      const token = flags.token ?? process.env.SKYLINE_TOKEN;
      const server = await startMcpHttpServer({ port: flags.http, host: flags.host, maxSessions: flags.maxSessions, settings, ...(token ? { token } : {}) });
      process.stdout.write(`skyline mcp serving ${server.url} (streamable HTTP, ${describe}${token ? ', token required' : ''})\n(Ctrl-C to stop)\n`);
      await untilStopped();
      process.stderr.write('skyline mcp: stopping…\n');
      await server.close();
    });
}
