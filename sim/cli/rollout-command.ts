import { Command } from 'commander';

export function createRolloutCommand(): Command {
  return new Command('rollout').description('Headless batch rollouts (being built).');
}
