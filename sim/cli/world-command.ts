/**
 * `skyline world`: generates a city and writes its WorldSpec JSON (and optionally a map PNG).
 * Words (--prompt) set params first; explicit flags override them. A bad flag stops with a message
 * naming the flag and what it accepts; the root CLI turns that into exit code 2.
 */
import { Command, InvalidArgumentError, Option } from 'commander';
import { writeFile } from 'node:fs/promises';
import {
  DENSITY_BY_WORD,
  encodePng,
  generateWorld,
  isLlmConfigured,
  keywordParamsFromPrompt,
  paramsFromPromptWithLlm,
  parseGeneratorParams,
  renderMap,
  serializeWorldSpec,
  worldSpecJsonSchema,
  type GeneratorParamsInput,
} from '../../worlds/index.ts';

function integerIn(name: string, min: number, max: number): (value: string) => number {
  return (value) => {
    const number = Number(value);
    if (value.trim() === '' || !Number.isInteger(number) || number < min || number > max) {
      throw new InvalidArgumentError(`${name} must be an integer in [${min}, ${max}].`);
    }
    return number;
  };
}

function numberIn(name: string, min: number, max: number, unit: string): (value: string) => number {
  return (value) => {
    const number = Number(value);
    if (value.trim() === '' || !Number.isFinite(number) || number < min || number > max) {
      throw new InvalidArgumentError(`${name} must be a number of ${unit} in [${min}, ${max}].`);
    }
    return number;
  };
}

function parseDensity(value: string): number {
  const word = DENSITY_BY_WORD[value.toLowerCase()];
  if (word !== undefined) return word;
  const number = Number(value);
  if (value.trim() !== '' && Number.isFinite(number) && number >= 0 && number <= 1) return number;
  throw new InvalidArgumentError(`--density must be one of ${Object.keys(DENSITY_BY_WORD).join(', ')} or a number in [0, 1].`);
}

interface WorldCommandOptions {
  seed: number;
  size?: number;
  density?: number;
  heightProfile?: 'downtown' | 'uniform' | 'suburban';
  maxHeight?: number;
  depots?: number;
  parks?: number;
  rooftopPads?: number;
  groundPads?: number;
  noflyZones?: number;
  river?: boolean;
  avenue?: boolean;
  wind?: number;
  prompt?: string;
  llm: boolean;
  out?: string;
  png?: string;
  mapScale?: number;
  schema?: boolean;
}

/** Side of the city a command makes when none is given, m: the agents' commands use the same. */
export const DEFAULT_CLI_WORLD_SIZE = 1000;

export function createWorldCommand(): Command {
  return new Command('world')
    .description('Generate a procedural city: writes its WorldSpec JSON and, with --png, a map.')
    .showHelpAfterError('(run skyline world --help for usage)')
    .option('--seed <n>', 'random seed, an integer in [0, 4294967295]', integerIn('--seed', 0, 0xffffffff), 7)
    .option('--size <metres>', 'side of the square city, metres in [300, 8000] (default 1000, as skyline run, serve and start)', numberIn('--size', 300, 8000, 'metres'))
    .option('--density <level>', 'sparse, low, medium, high, dense, or a number in [0, 1] (default 0.6)', parseDensity)
    .addOption(new Option('--height-profile <profile>', 'how building heights vary (default downtown)').choices(['downtown', 'uniform', 'suburban']))
    .option('--max-height <metres>', 'height of the tallest tower, metres in [20, 600] (default 220)', numberIn('--max-height', 20, 600, 'metres'))
    .option('--depots <n>', 'delivery depots, 0 to 20 (default 3)', integerIn('--depots', 0, 20))
    .option('--parks <n>', 'parks, 0 to 40 (default 4)', integerIn('--parks', 0, 40))
    .option('--rooftop-pads <n>', 'rooftop landing pads, 0 to 200 (default 12)', integerIn('--rooftop-pads', 0, 200))
    .option('--ground-pads <n>', 'ground landing pads, 0 to 200 (default 6)', integerIn('--ground-pads', 0, 200))
    .option('--nofly-zones <n>', 'no-fly zones, 0 to 20 (default 2)', integerIn('--nofly-zones', 0, 20))
    .option('--river', 'run a river with bridges through the city')
    .option('--no-river', 'no river (the default)')
    .option('--avenue', 'add a diagonal boulevard across the grid (the default)')
    .option('--no-avenue', 'keep a strict street grid')
    .option('--wind <m/s>', 'mean wind speed at 10 m, m/s in [0, 30] (default 3)', numberIn('--wind', 0, 30, 'm/s'))
    .option('--prompt <text>', 'describe the city in words, e.g. "dense downtown by a river with two depots"')
    .option('--no-llm', 'read --prompt with keyword rules even when OPENAI_API_KEY or OPENAI_BASE_URL is set')
    .option('--out <file>', 'where to write the WorldSpec JSON (default: standard output)')
    .option('--png <file>', 'also draw a top-down map to this PNG file')
    .option('--map-scale <m/px>', 'map resolution, metres per pixel in [0.25, 20] (default: 1400 px across)', numberIn('--map-scale', 0.25, 20, 'metres per pixel'))
    .option('--schema', 'print the WorldSpec JSON Schema and exit')
    .addHelpText(
      'after',
      [
        '',
        'Examples:',
        '  skyline world --seed 7 --size 2000 --out city.json --png map.png',
        '  skyline world --prompt "dense downtown by a river with two depots" --out city.json',
        '  skyline world --schema > worlds/world-spec.schema.json',
        '',
        'The same seed and options always give the same bytes. With OPENAI_API_KEY or OPENAI_BASE_URL set,',
        '--prompt asks the language model named by SKYLINE_MODEL (default "default") and falls back to keyword rules.',
      ].join('\n'),
    )
    .action(async (options: WorldCommandOptions) => {
      await runWorldCommand(options);
    });
}

async function runWorldCommand(options: WorldCommandOptions): Promise<void> {
  if (options.schema) {
    process.stdout.write(`${JSON.stringify(worldSpecJsonSchema(), null, 2)}\n`);
    return;
  }
  const started = performance.now();
  let fromPrompt: GeneratorParamsInput = {};
  let promptNote = '';
  if (options.prompt !== undefined) {
    const interpretation = options.llm && isLlmConfigured()
      ? await paramsFromPromptWithLlm(options.prompt, { warn: (message) => process.stderr.write(`${message}\n`) })
      : keywordParamsFromPrompt(options.prompt);
    fromPrompt = interpretation.overrides;
    promptNote = ` (prompt read by ${interpretation.source === 'llm' ? 'the language model' : 'keyword rules'}: ${interpretation.notes.join(', ') || 'no rule matched'})`;
    if (interpretation.ignored && interpretation.ignored.length > 0) {
      process.stderr.write(`world: words of --prompt not understood, so ignored: ${interpretation.ignored.join(', ')} ` +
        '(the keyword rules read density, height, size, river, boulevard, wind, districts and counts of depots, parks, pads and no-fly zones)\n');
    }
  }
  const flags: GeneratorParamsInput = {};
  if (options.size !== undefined) flags.size = options.size;
  // The same default side as run, serve and start, so `world --seed 7` writes the city `run --seed 7` plays.
  else if (fromPrompt.size === undefined) flags.size = DEFAULT_CLI_WORLD_SIZE;
  if (options.density !== undefined) flags.density = options.density;
  if (options.heightProfile !== undefined) flags.heightProfile = options.heightProfile;
  if (options.maxHeight !== undefined) flags.maxHeight = options.maxHeight;
  if (options.depots !== undefined) flags.depots = options.depots;
  if (options.parks !== undefined) flags.parks = options.parks;
  if (options.rooftopPads !== undefined) flags.rooftopPads = options.rooftopPads;
  if (options.groundPads !== undefined) flags.groundPads = options.groundPads;
  if (options.noflyZones !== undefined) flags.noFlyZones = options.noflyZones;
  if (options.river !== undefined) flags.river = options.river;
  if (options.avenue !== undefined) flags.avenue = options.avenue;
  if (options.wind !== undefined) flags.windSpeed = options.wind;
  const params = parseGeneratorParams({ ...fromPrompt, ...flags });

  const generationStarted = performance.now();
  const spec = generateWorld(options.seed, params);
  const generationMs = performance.now() - generationStarted;
  const json = serializeWorldSpec(spec);
  if (options.out) await writeFile(options.out, json);
  else process.stdout.write(json);
  if (options.png) {
    const map = renderMap(spec, options.mapScale !== undefined ? { metresPerPixel: options.mapScale } : {});
    await writeFile(options.png, await encodePng(map.width, map.height, map.data, 3));
  }
  const written = [options.out, options.png].filter(Boolean).join(', ') || 'standard output';
  process.stderr.write(
    `world: seed ${spec.seed}, ${(params.size / 1000).toFixed(1)} km, ${spec.buildings.length} buildings, ${spec.streets.length} streets, ` +
      `${spec.depots.length} depots, ${spec.pads.length} pads, river ${spec.river ? 'on' : 'off'}, generated in ${generationMs.toFixed(0)} ms ` +
      `(${(performance.now() - started).toFixed(0)} ms in all) → ${written}${promptNote}\n`,
  );
}
