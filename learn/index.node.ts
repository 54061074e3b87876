/** learn/'s face for Node programs: everything in index.ts plus `skyline train`. */
export * from './index.ts';
export { createTrainCommand } from './cli/train-command.node.ts';
