/**
 * `skyline run`: one delivery episode headless with scripted or LLM agents, a progress bar on
 * stderr and the metrics table (or one JSON object) on stdout; optionally recorded.
 */
import { Command, InvalidArgumentError } from 'commander';
import cliProgress from 'cli-progress';
import { oneOf, openFleetRecorder, readWorldSpecFile, realNumber, wholeNumber, type FleetRecorder } from '../../sim/index.ts';
import type { WorldSpec } from '../../worlds/index.ts';
import { createFleetSession, DEFAULT_FLEET, DEFAULT_WORLD_SIZE } from '../session/fleet-session.ts';
import { createScriptedDriver } from '../scripted/scripted-driver.ts';
import { createLlmAgentDriver } from '../llm/llm-agent-driver.ts';
import { isLlmAvailable } from '../llm/llm-options.ts';
import type { FleetAgentDriver } from '../session/fleet-session-contract.ts';
import { runDeliveryEpisode } from './delivery-episode.ts';
import { checkFailedCallShare, preflightLlmEndpoint } from './llm-run-guards.ts';

export const RUN_AGENT_KINDS = ['scripted', 'llm'] as const;

interface RunFlags {
  task: string;
  agents: (typeof RUN_AGENT_KINDS)[number];
  model?: string;
  seed: number;
  worldSeed?: number;
  world?: string;
  size: number;
  drones: number;
  robots: number;
  duration: number;
  decideEvery: number;
  orderRate?: number;
  record?: string;
  json: boolean;
  progress: boolean;
}

export function createRunCommand(): Command {
  return new Command('run')
    .description('Run one delivery episode headless with scripted or LLM agents and print its metrics.')
    .option('--task <name>', 'task: delivery', oneOf(['delivery']), 'delivery')
    .option('--agents <kind>', `who decides: ${RUN_AGENT_KINDS.join(' | ')}`, oneOf(RUN_AGENT_KINDS), 'scripted')
    .option('--model <name>', 'model for --agents llm (default: SKYLINE_MODEL)')
    .option('--seed <n>', 'seed of the episode (orders, and the city unless --world-seed or --world)', wholeNumber(0, 0xffffffff), 0)
    .option('--world-seed <n>', 'generate the city from this seed', wholeNumber(0, 0xffffffff))
    .option('--world <file>', 'a WorldSpec JSON file (from `skyline world`)')
    .option('--size <m>', 'side of the generated city, metres', wholeNumber(300, 8000), DEFAULT_WORLD_SIZE)
    .option('--drones <n>', 'drones in the fleet', wholeNumber(0, 64), DEFAULT_FLEET.drones)
    .option('--robots <n>', 'ground robots in the fleet', wholeNumber(0, 64), DEFAULT_FLEET.robots)
    .option('--duration <s>', 'simulated seconds', realNumber(1, 86_400), 600)
    .option('--decide-every <s>', 'simulated seconds between the agents\' decisions', realNumber(0.01, 600), 1)
    .option('--order-rate <n>', 'mean new orders per simulated hour (default: the task\'s 30)', realNumber(0, 100_000))
    .option('--record <file.arrow>', 'record the episode (Arrow IPC plus a .events.jsonl) for `skyline replay`')
    .option('--json', 'print one JSON object instead of the table', false)
    .option('--no-progress', 'hide the progress bar')
    .addHelpText('after', `
Examples:
  $ npx skyline run --task delivery --agents scripted --seed 7
  $ npx skyline run --agents scripted --seed 7 --duration 1800 --order-rate 120 --json
  $ npx skyline run --agents scripted --world city.json --drones 8 --robots 4 --record runs/day.arrow
  $ OPENAI_BASE_URL=http://localhost:8000/v1 npx skyline run --agents llm --model my-model --decide-every 10`)
    .action(async (flags: RunFlags) => {
      if (flags.drones + flags.robots === 0) throw new InvalidArgumentError('--drones and --robots: the fleet needs at least one vehicle');
      if (flags.agents === 'llm' && !isLlmAvailable()) {
        throw new Error('--agents llm needs a chat-completions endpoint: set OPENAI_BASE_URL (a local or hosted OpenAI-compatible server) and/or OPENAI_API_KEY, and the model with --model or SKYLINE_MODEL');
      }
      if (flags.agents === 'llm') await preflightLlmEndpoint(flags.model);
      const world = await loadWorld(flags);
      const session = createFleetSession({ delivery: flags.orderRate === undefined ? undefined : { orderRatePerHour: flags.orderRate } });
      await session.reset({ seed: flags.seed, world, fleet: { drones: flags.drones, robots: flags.robots } });
      const driver: FleetAgentDriver = flags.agents === 'scripted'
        ? createScriptedDriver(session)
        : createLlmAgentDriver({ session, ...(flags.model ? { model: flags.model } : {}) });
      let recorder: FleetRecorder | null = null;
      if (flags.record) {
        recorder = await openFleetRecorder(flags.record, { world: session.worldSpec(), meta: { task: flags.task, agents: flags.agents, seed: flags.seed } });
      }
      const lastStep = Math.round(flags.duration / 0.01);
      const bar = flags.progress && process.stderr.isTTY !== false
        ? new cliProgress.SingleBar({ format: 'run |{bar}| {percentage}% {value}/{total} steps {eta_formatted} left', stream: process.stderr, hideCursor: true }, cliProgress.Presets.shades_classic)
        : null;
      bar?.start(lastStep, 0);
      const started = Date.now();
      const stop = stopOnSignals();
      let result;
      try {
        result = await runDeliveryEpisode({
          session, driver, durationS: flags.duration, decideEveryS: flags.decideEvery, signal: stop.signal,
          onProgress: (step) => {
            bar?.update(step);
            if (flags.agents === 'llm') checkFailedCallShare(driver.metrics());
          },
          onFrame: recorder ? (frame) => recorder!.write(frame) : undefined,
        });
      } finally {
        bar?.stop();
      }
      const recording = recorder ? await recorder.close() : null;
      const wallS = (Date.now() - started) / 1000;
      const summary = {
        task: flags.task, agents: flags.agents, seed: flags.seed, world: describeWorld(session.worldSpec(), flags.world), drones: flags.drones, robots: flags.robots,
        ...result.metrics, ...prefixed('driver_', result.driverMetrics), wall_s: wallS,
        ...(recording ? { recording: recording.path, recorded_frames: recording.frames } : {}),
        ...(stop.stoppedBy ? { stopped_by: stop.stoppedBy } : {}),
      };
      process.stdout.write(flags.json ? `${JSON.stringify(summary)}\n` : formatTable(summary, flags.agents === 'llm'));
      stop.dispose();
      // Stopped by a signal: the summary and the closed recording are whole, and the status says so (128 + signal).
      if (stop.stoppedBy) process.exitCode = stop.stoppedBy === 'SIGINT' ? 130 : 143;
    });
}

/**
 * The first Ctrl-C or SIGTERM ends the episode after the period under way, so the recording is
 * closed (its file form written) and the summary printed; a second one exits at once, leaving the
 * recording in its stream form (readable, without the rows not yet written).
 */
function stopOnSignals(): { signal: AbortSignal; stoppedBy: NodeJS.Signals | null; dispose(): void } {
  const controller = new AbortController();
  const state = {
    signal: controller.signal,
    stoppedBy: null as NodeJS.Signals | null,
    dispose: () => {
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
    },
  };
  function onSignal(signal: NodeJS.Signals): void {
    if (state.stoppedBy) process.exit(signal === 'SIGINT' ? 130 : 143);
    state.stoppedBy = signal;
    process.stderr.write(`\nskyline run: ${signal}: finishing the period under way, closing the recording and printing the summary (again to quit at once)\n`);
    controller.abort();
  }
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  return state;
}

async function loadWorld(flags: RunFlags): Promise<WorldSpec | { seed: number; size: number }> {
  if (flags.world !== undefined && flags.worldSeed !== undefined) {
    throw new Error('--world and --world-seed both name a city; accepted: one of them (or neither: a city from --seed)');
  }
  if (flags.world !== undefined) return readWorldSpecFile(flags.world);
  return { seed: flags.worldSeed ?? flags.seed, size: flags.size };
}

/** "Robin City (seed 7, 1.0 km, from city.json)": two cities of one seed differ in size, so the name alone does not tell them apart. */
function describeWorld(spec: WorldSpec, file: string | undefined): string {
  const km = ((spec.bounds.maxX - spec.bounds.minX) / 1000).toFixed(1);
  return `${spec.name} (seed ${spec.seed}, ${km} km${file === undefined ? '' : `, from ${file}`})`;
}

function prefixed(prefix: string, values: Record<string, number>): Record<string, number> {
  return Object.fromEntries(Object.entries(values).map(([key, value]) => [key.startsWith('llm') || key.includes('tokens') ? key : `${prefix}${key}`, value]));
}

function formatTable(s: Record<string, unknown>, llm: boolean): string {
  const n = (key: string, digits = 0): string => (typeof s[key] === 'number' ? (s[key] as number).toFixed(digits) : '-');
  const rows: [string, string][] = [
    ['task', `${String(s.task)} with ${String(s.agents)} agents, seed ${String(s.seed)}, in ${String(s.world)}`],
    ['fleet', `${String(s.drones)} drones, ${String(s.robots)} robots`],
    ['simulated', `${n('sim_time_s')} s`],
    ['orders created', n('orders_created')],
    ['delivered', `${n('delivered')} (${n('delivered_on_time')} on time, ${n('delivered_late')} late)`],
    ['timed out', n('timed_out')],
    ['open at the end', n('open')],
    ['on-time rate', `${(100 * Number(s.on_time_rate ?? 0)).toFixed(1)} %`],
    ['mean delivery time', `${n('mean_delivery_time_s', 1)} s`],
    ['net income', n('net_income', 1)],
    ['net income per sim hour', n('income_per_sim_hour', 1)],
    ['energy', `${n('energy_wh', 2)} Wh (drones ${n('drone_energy_wh', 2)}, robots ${n('robot_energy_wh', 2)})`],
    ['collisions', n('collisions')],
    ['hand-offs', n('handoffs')],
    ['actions sent', n('actions_sent')],
    ['actions rejected', n('actions_rejected')],
  ];
  if (llm) {
    rows.push(['LLM calls', n('llm_calls')], ['tokens', `${n('total_tokens')} (prompt ${n('prompt_tokens')}, completion ${n('completion_tokens')})`]);
    rows.push(['LLM timeouts / errors', `${n('llm_timeouts')} / ${n('llm_errors')}`]);
  }
  rows.push(['wall time', `${n('wall_s', 2)} s`]);
  if (s.recording) rows.push(['recording', `${String(s.recording)} (${String(s.recorded_frames)} frames)`]);
  if (s.stopped_by) rows.push(['stopped by', `${String(s.stopped_by)} at ${n('sim_time_s')} s simulated`]);
  const width = Math.max(...rows.map(([key]) => key.length));
  return rows.map(([key, value]) => `${key.padEnd(width)}  ${value}`).join('\n') + '\n';
}
