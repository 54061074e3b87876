/** A worker thread of `skyline eval`: plays the episodes it is sent, one at a time, into the report folder. */
import { parentPort } from 'node:worker_threads';
import type { EpisodeSpec } from '../suites/benchmark-suite.ts';
import { playEpisodeToFiles, type EpisodeFilesOptions } from './episode-files.node.ts';

parentPort!.on('message', async (message: { index: number; spec: EpisodeSpec; options: EpisodeFilesOptions } | 'stop') => {
  if (message === 'stop') {
    parentPort!.close();
    return;
  }
  try {
    const result = await playEpisodeToFiles(message.spec, message.options);
    parentPort!.postMessage({ index: message.index, result });
  } catch (error) {
    parentPort!.postMessage({ index: message.index, error: error instanceof Error ? error.message : String(error) });
  }
});
