/**
 * sim/ — the loop: Env, BatchEnv, tasks, the worker pool, rollouts, recorder and the CLI commands.
 * This is the layer's public face.
 */
export { createRolloutCommand } from './cli/rollout-command.ts';
