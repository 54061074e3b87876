/**
 * `skyline start` (what `npm start` runs): builds the viewer when it is missing or stale, starts
 * the WebSocket server with a shared city and a scripted delivery fleet stepping in real time,
 * serves the viewer on the same port and prints the URL. Ctrl-C (SIGINT) or SIGTERM stops it.
 * The server and the build come in as dependencies so that this file stays a thin composition.
 */
import { Command } from 'commander';
import { readPolicyFile, untilStopped, wholeNumber, type PolicyFile } from '../sim/index.ts';

export const DEFAULT_START_PORT = 8787;
export const DEFAULT_START_SEED = 7;
export const DEFAULT_START_DRONES = 4;
export const DEFAULT_START_ROBOTS = 2;

/** What `skyline start` asks of the server: one shared world its viewers watch. */
export interface StartServerRequest {
  host: string;
  port: number;
  token?: string;
  /** The built viewer, served at `/`. */
  staticDir: string;
  mode: 'realtime';
  /** driver policy (with --policy): drones hover, flown by the policy file; scripted: deliveries. */
  sharedWorld: { seed: number; drones: number; robots: number; driver: 'scripted' | 'policy'; policy?: PolicyFile };
}

export interface StartedServer {
  /** The port it listens on (the real one when 0 was asked for). */
  readonly port: number;
  close(): Promise<void>;
}

export interface StartCommandDependencies {
  /** The built viewer's folder, built first when missing or older than its sources. */
  viewerDir(): Promise<string>;
  startServer(request: StartServerRequest): Promise<StartedServer>;
}

interface StartOptions {
  port: number;
  host: string;
  seed: number;
  drones: number;
  robots: number;
  token?: string;
  policy?: string;
}

export function createStartCommand(dependencies: StartCommandDependencies): Command {
  return new Command('start')
    .description('Start a live city: the server with a scripted delivery fleet and the viewer on one port; prints the URL.')
    .option('--port <port>', 'port for the viewer and the WebSocket (0 picks a free one)', wholeNumber(0, 65535), DEFAULT_START_PORT)
    .option('--host <host>', 'address to listen on (beyond loopback a token is required)', '127.0.0.1')
    .option('--seed <seed>', 'seed of the city and of its orders', wholeNumber(0), DEFAULT_START_SEED)
    .option('--drones <n>', 'drones in the fleet', wholeNumber(0, 1000), DEFAULT_START_DRONES)
    .option('--robots <n>', 'ground robots in the fleet', wholeNumber(0, 1000), DEFAULT_START_ROBOTS)
    .option('--token <token>', 'token agents must present (default: $SKYLINE_TOKEN)')
    .option('--policy <file>', 'a hover policy file (from `skyline train --task hover`): the drones take off and hold a point 1 m up, flown by the policy once close, slow and upright there (the cascade controller brings them there); robots stand by. Without it: scripted deliveries')
    .addHelpText('after', `
Examples:
  $ npm start
  $ npm start -- --port 9000
  $ npx skyline start --port 0 --seed 3 --drones 12 --robots 4
  $ npx skyline train --task hover --action motors --seed 1 --out hover.policy.json
  $ npm start -- --policy hover.policy.json

Open the printed URL in a browser. Agents connect to the same port over WebSocket
(JSON-RPC, docs/protocol.md).`)
    .action(async (options: StartOptions) => {
      if (options.drones + options.robots === 0) throw new Error('the fleet is empty: --drones and --robots are both 0; give either at least 1');
      const token = options.token ?? process.env.SKYLINE_TOKEN;
      const policy = options.policy ? await readPolicyFile(options.policy) : undefined;
      if (policy && policy.task !== 'hover') throw new Error(`--policy ${options.policy}: trained for the ${policy.task} task; accepted: a hover policy (skyline train --task hover)`);
      if (policy && options.drones === 0) throw new Error('--policy flies drones and --drones is 0; give at least 1 drone');
      const staticDir = await dependencies.viewerDir();
      const server = await dependencies.startServer({
        host: options.host,
        port: options.port,
        ...(token ? { token } : {}),
        staticDir,
        mode: 'realtime',
        sharedWorld: { seed: options.seed, drones: options.drones, robots: options.robots, driver: policy ? 'policy' : 'scripted', ...(policy ? { policy } : {}) },
      });
      const url = `http://${urlHost(options.host)}:${server.port}/`;
      process.stdout.write(
        (policy
          ? `Skyline: city ${options.seed}, ${options.drones} drones hovering 1 m up, flown by the ${policy.rung}-rung policy ${options.policy} (${options.robots} robots stand by), in real time\n`
          : `Skyline: city ${options.seed}, ${options.drones} drones and ${options.robots} robots delivering (scripted), in real time\n`) +
          `Viewer: ${url}${token ? ' (add ?token=<your token> to the address)' : ''}\n` +
          `Agents: ws://${urlHost(options.host)}:${server.port}/ (JSON-RPC, docs/protocol.md)\n` +
          '(Ctrl-C to stop)\n',
      );
      await untilStopped();
      process.stderr.write('skyline: stopping…\n');
      await server.close();
    });
}

/** A host as it goes into a URL: the wildcard address is reachable here as loopback; IPv6 in brackets. */
function urlHost(host: string): string {
  if (host === '0.0.0.0' || host === '::') return '127.0.0.1';
  return host.includes(':') ? `[${host}]` : host;
}

