import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PNG } from 'pngjs';
import { afterAll, describe, expect, it } from 'vitest';
import { CommanderError } from 'commander';
import { createWorldCommand } from '../../sim/cli/world-command.ts';
import { generateWorld, parseWorldSpec, renderMap, serializeWorldSpec } from '../../worlds/index.ts';

const folder = mkdtempSync(join(tmpdir(), 'skyline-world-'));
afterAll(() => rmSync(folder, { recursive: true, force: true }));

/** Runs `skyline world ...args`, capturing stderr and commander's error. */
async function run(args: string[]): Promise<{ stderr: string; error: CommanderError | Error | null }> {
  const command = createWorldCommand().exitOverride();
  let stderr = '';
  command.configureOutput({ writeErr: (text) => (stderr += text), writeOut: () => undefined });
  const originalWrite = process.stderr.write.bind(process.stderr);
  process.stderr.write = ((chunk: string | Uint8Array) => {
    stderr += String(chunk);
    return true;
  }) as typeof process.stderr.write;
  try {
    await command.parseAsync(args, { from: 'user' });
    return { stderr, error: null };
  } catch (error) {
    return { stderr, error: error as Error };
  } finally {
    process.stderr.write = originalWrite;
  }
}

describe('skyline world', () => {
  it('writes the same city the library generates, a map, and a one-line summary', async () => {
    const out = join(folder, 'city.json');
    const png = join(folder, 'map.png');
    const { stderr, error } = await run(['--seed', '7', '--size', '1200', '--river', '--depots', '4', '--out', out, '--png', png, '--map-scale', '4']);
    expect(error).toBeNull();
    const text = readFileSync(out, 'utf8');
    expect(text).toBe(serializeWorldSpec(generateWorld(7, { size: 1200, river: true, depots: 4 })));
    const spec = parseWorldSpec(text);
    expect(spec.depots).toHaveLength(4);
    const image = PNG.sync.read(readFileSync(png));
    // 1200 m at 4 m per pixel, under the map's header band.
    expect(image.width).toBe(300);
    expect(image.height).toBe(300 + renderMap(spec, { metresPerPixel: 4 }).headerHeight);
    expect(stderr).toMatch(new RegExp(`^world: seed 7, 1\\.2 km, ${spec.buildings.length} buildings, ${spec.streets.length} streets, 4 depots, .* generated in \\d+ ms`));
  });

  it('reads a prompt and lets explicit flags override it', async () => {
    const out = join(folder, 'prompt.json');
    const { stderr, error } = await run(['--seed', '3', '--size', '800', '--prompt', 'dense downtown by a river with two depots', '--depots', '1', '--no-llm', '--out', out]);
    expect(error).toBeNull();
    const spec = parseWorldSpec(readFileSync(out, 'utf8'));
    expect(spec.river).toBeDefined();
    expect(spec.depots).toHaveLength(1);
    expect(stderr).toContain('prompt read by keyword rules');
    expect(stderr).not.toContain('not understood');
    expect(readFileSync(out, 'utf8')).toBe(serializeWorldSpec(generateWorld(3, { size: 800, density: 0.9, heightProfile: 'downtown', river: true, depots: 1 })));
  });

  it('names a bad option and what it accepts', async () => {
    const cases: [string[], string][] = [
      [['--seed', 'abc'], "option '--seed <n>' argument 'abc' is invalid. --seed must be an integer in [0, 4294967295]."],
      [['--density', 'huge'], '--density must be one of sparse, low, medium, high, dense or a number in [0, 1].'],
      [['--height-profile', 'tall'], 'Allowed choices are downtown, uniform, suburban.'],
      [['--size', '50'], '--size must be a number of metres in [300, 8000].'],
      [['--depots', '-2'], '--depots must be an integer in [0, 20].'],
    ];
    for (const [args, message] of cases) {
      const { stderr, error } = await run(args);
      expect(error).toBeInstanceOf(CommanderError);
      expect((error as CommanderError).exitCode).not.toBe(0);
      expect(stderr).toContain(message);
    }
    const unknown = await run(['--sed', '4']);
    expect(unknown.stderr).toContain("unknown option '--sed'");
  });

  it('explains --help with the options and an example', async () => {
    const command = createWorldCommand();
    const help = command.helpInformation();
    for (const text of ['--seed <n>', '--prompt <text>', '--png <file>', '--density <level>']) expect(help).toContain(text);
    let extra = '';
    command.configureOutput({ writeOut: (text) => (extra += text), writeErr: (text) => (extra += text) });
    command.exitOverride();
    await command.parseAsync(['--help'], { from: 'user' }).catch(() => undefined);
    expect(extra).toContain('skyline world --seed 7 --size 2000 --out city.json --png map.png');
  });
});
