#!/usr/bin/env node
// The `skyline` command: loads the TypeScript sources through tsx so that a fresh
// clone runs after `npm ci` with no build step.
import { register } from 'tsx/esm/api';

register();
// `skyline rollout --help | head` closes the pipe early: stop quietly, as other commands do.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (error) => {
    if (error.code === 'EPIPE') process.exit(0);
    throw error;
  });
}
const { runSkylineCli } = await import('../cli/skyline-cli.ts');
await runSkylineCli(process.argv);
