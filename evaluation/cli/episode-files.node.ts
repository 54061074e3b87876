/**
 * Plays one episode into a report folder: its recording at recordings/ID.arrow (for `skyline
 * replay`) and the result plus transcript at episodes/ID.json. Used by the worker threads and by
 * the main thread (LLM episodes) alike.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { openFleetRecorder, type FleetRecorder } from '../../sim/index.ts';
import { generateWorld } from '../../worlds/index.ts';
import { playEpisode, type PlayOptions } from '../episode/play-episode.ts';
import type { EpisodeResult } from '../episode/episode-result.ts';
import type { EpisodeSpec } from '../suites/benchmark-suite.ts';

export interface EpisodeFilesOptions extends Omit<PlayOptions, 'onFrame' | 'onProgress'> {
  outDir: string;
  record: boolean;
}

export async function playEpisodeToFiles(spec: EpisodeSpec, options: EpisodeFilesOptions): Promise<EpisodeResult> {
  const { outDir, record, ...play } = options;
  const recordingName = `recordings/${spec.id}.arrow`;
  // The session generates the same city from the same seed and size, so the recording can open first.
  const recorder: FleetRecorder | null = record
    ? await openFleetRecorder(join(outDir, recordingName), {
      world: generateWorld(spec.seed, { size: spec.worldSize }),
      meta: { benchmark: spec.benchmark, suite: spec.suite, episode: spec.id, agents: options.agents },
    })
    : null;
  let result: EpisodeResult;
  let transcript: unknown[] = [];
  try {
    const played = await playEpisode(spec, { ...play, onFrame: recorder ? (frame) => recorder.write(frame) : undefined });
    result = played.result;
    transcript = played.transcript;
  } catch (error) {
    await recorder?.close();
    const message = error instanceof Error ? error.message : String(error);
    // An endpoint that fails stops the whole run; anything else fails this episode only.
    if (/language-model calls failed|language-model endpoint/.test(message)) throw error;
    result = failedResult(spec, options, message);
  }
  if (recorder && result.error === null) {
    await recorder.close();
    result = { ...result, recording: recordingName };
  }
  await mkdir(join(outDir, 'episodes'), { recursive: true });
  await writeFile(join(outDir, 'episodes', `${spec.id}.json`), `${JSON.stringify({ ...result, transcript }, null, 1)}\n`);
  return result;
}

function failedResult(spec: EpisodeSpec, options: EpisodeFilesOptions, message: string): EpisodeResult {
  return {
    id: spec.id, benchmark: spec.benchmark, suite: spec.suite, task: spec.task, agents: options.agents, model: options.llm?.model ?? null,
    seed: spec.seed, world: '', instruction: null, answer: null, success: false, score: 0, simTimeS: 0, metrics: {},
    llm: { calls: 0, failedCalls: 0, promptTokens: 0, completionTokens: 0, totalTokens: 0, latencyMeanMs: 0, latencyP95Ms: 0 },
    wallS: 0, recording: null, error: message,
  };
}
