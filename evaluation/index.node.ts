/** evaluation/'s Node face: everything in index.ts plus `skyline eval`, the worker pool and report files. */
export * from './index.ts';
export { createEvalCommand } from './cli/eval-command.node.ts';
export { playEpisodeToFiles, type EpisodeFilesOptions } from './cli/episode-files.node.ts';
export { playInWorkers, playConcurrently } from './cli/episode-pool.node.ts';
export { writeReportFiles, readReport } from './report/report-files.node.ts';
