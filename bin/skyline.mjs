#!/usr/bin/env node
// The `skyline` command: loads the TypeScript sources through tsx so that a fresh
// clone runs after `npm ci` with no build step.
import { register } from 'tsx/esm/api';

register();
const { runSkylineCli } = await import('../cli/skyline-cli.ts');
await runSkylineCli(process.argv);
