import { readFile } from 'node:fs/promises';
import { Command } from 'commander';
import { formatRolloutSummary } from '../../sim/index.ts';
import { decodeShardResult } from '../shard-result.ts';
import { mergeShardResults } from '../shard-merge.ts';

export function createMergeCommand(): Command {
  return new Command('merge')
    .description('Join the parts written by `skyline rollout --shard i/n --out` into one summary (the same as the rollout in one piece).')
    .argument('<parts...>', 'part files (JSON), every shard of one run, in any order')
    .option('--json', 'print one JSON object instead of the table', false)
    .addHelpText('after', `
Wall time and drone-steps/s add up the shards' own times (they may have run side by side).

Examples:
  $ for i in 0 1 2 3; do npx skyline rollout --worlds 4096 --steps 1000 --shard $i/4 --out part-$i.json; done
  $ npx skyline merge part-*.json`)
    .action(async (parts: string[], flags: { json: boolean }) => {
      const results = await Promise.all(parts.map(async (path) => {
        const text = await readFile(path, 'utf8').catch((error: NodeJS.ErrnoException) => {
          throw new Error(`${path}: cannot read the file (${error.code ?? error.message}); accepted: a part written by skyline rollout --shard i/n --out`);
        });
        let data: unknown;
        try { data = JSON.parse(text); } catch { throw new Error(`${path}: not JSON; accepted: a part written by skyline rollout --shard i/n --out`); }
        return decodeShardResult(data, path);
      }));
      const summary = mergeShardResults(results);
      process.stdout.write(flags.json ? `${JSON.stringify(summary)}\n` : formatRolloutSummary(summary));
    });
}
