/**
 * Playing a suite's episodes in parallel: scripted and random agents in worker threads (the
 * simulation is CPU work), LLM agents concurrently in the main thread (the work is waiting for
 * the model). Results come back in the suite's order whatever finishes first, and each episode
 * depends on its seed alone, so the worker count never changes a score.
 */
import { Worker } from 'node:worker_threads';
import type { EpisodeResult } from '../episode/episode-result.ts';
import type { EpisodeSpec } from '../suites/benchmark-suite.ts';
import { playEpisodeToFiles, type EpisodeFilesOptions } from './episode-files.node.ts';

export async function playInWorkers(specs: EpisodeSpec[], options: EpisodeFilesOptions, workers: number, onDone: (result: EpisodeResult) => void): Promise<EpisodeResult[]> {
  if (workers <= 1 || specs.length <= 1) return playConcurrently(specs, options, 1, onDone);
  const results: EpisodeResult[] = new Array(specs.length);
  let next = 0;
  let failure: Error | null = null;
  const threads = Array.from({ length: Math.min(workers, specs.length) }, () => new Worker(new URL('./eval-worker-entry.mjs', import.meta.url)));
  try {
    await Promise.all(threads.map((worker) => new Promise<void>((resolve, reject) => {
      const send = (): void => {
        if (failure || next >= specs.length) {
          resolve();
          return;
        }
        const index = next++;
        worker.postMessage({ index, spec: specs[index], options });
      };
      worker.on('message', (message: { index: number; result?: EpisodeResult; error?: string }) => {
        if (message.error !== undefined) {
          failure ??= new Error(message.error);
          reject(failure);
          return;
        }
        results[message.index] = message.result!;
        onDone(message.result!);
        send();
      });
      worker.on('error', (error) => reject(error));
      send();
    })));
  } finally {
    await Promise.all(threads.map((worker) => worker.terminate()));
  }
  return results;
}

export async function playConcurrently(specs: EpisodeSpec[], options: EpisodeFilesOptions, concurrency: number, onDone: (result: EpisodeResult) => void): Promise<EpisodeResult[]> {
  const results: EpisodeResult[] = new Array(specs.length);
  let next = 0;
  let failed = false;
  const lane = async (): Promise<void> => {
    while (!failed && next < specs.length) {
      const index = next++;
      try {
        results[index] = await playEpisodeToFiles(specs[index], options);
      } catch (error) {
        failed = true;
        throw error;
      }
      onDone(results[index]);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(concurrency, specs.length)) }, lane));
  return results;
}
