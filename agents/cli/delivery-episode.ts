/**
 * One delivery episode, headless: a driver decides, the world advances `decideEvery` seconds,
 * again until the duration is spent. Frames go to an optional sink (the recorder), with the
 * driver's new transcript entries as `llm_message` events.
 */
import type { FleetEvent, FleetFrame } from '../../sim/index.ts';
import type { FleetAgentDriver, FleetSession } from '../session/fleet-session-contract.ts';

export interface DeliveryEpisodeOptions {
  session: FleetSession;
  driver: FleetAgentDriver;
  /** Simulated seconds to run. */
  durationS: number;
  /** Simulated seconds between the driver's decisions. */
  decideEveryS: number;
  /** Called after each decision period with the step reached and the last step. */
  onProgress?: (step: number, lastStep: number) => void;
  /** Receives a frame after each decision period (and one at the start). */
  onFrame?: (frame: FleetFrame) => void;
  /** Ends the episode early, after the decision period under way (Ctrl-C, SIGTERM). */
  signal?: AbortSignal;
}

export interface DeliveryEpisodeResult {
  metrics: Record<string, number>;
  driverMetrics: Record<string, number>;
  steps: number;
  events: number;
  /** True when `signal` ended the episode before its duration. */
  stopped: boolean;
}

const DT = 0.01;
/** The loop gives the event loop a turn this often, so signals (Ctrl-C) are seen while it runs. */
const YIELD_EVERY_MS = 50;

export async function runDeliveryEpisode(options: DeliveryEpisodeOptions): Promise<DeliveryEpisodeResult> {
  const { session, driver, durationS, decideEveryS } = options;
  if (!(durationS > 0)) throw new RangeError(`duration: ${durationS} is not accepted; accepted: more than 0 s`);
  if (!(decideEveryS >= DT)) throw new RangeError(`decide-every: ${decideEveryS} is not accepted; accepted: at least ${DT} s`);
  const lastStep = Math.round(durationS / DT);
  const period = Math.max(1, Math.round(decideEveryS / DT));
  let step = 0, events = 0, transcriptWritten = 0;
  const emitFrame = (): void => {
    if (!options.onFrame) return;
    const frame = session.frame();
    const transcript = driver.transcript?.() ?? [];
    if (transcript.length > transcriptWritten) {
      const fresh = transcript.slice(transcriptWritten).map((entry): FleetEvent => transcriptEvent(entry, frame));
      transcriptWritten = transcript.length;
      frame.events = [...frame.events, ...fresh];
    }
    options.onFrame(frame);
  };
  emitFrame();
  let lastYield = performance.now();
  while (step < lastStep && !options.signal?.aborted) {
    if (performance.now() - lastYield > YIELD_EVERY_MS) {
      await new Promise<void>((resolve) => setImmediate(resolve));
      lastYield = performance.now();
      if (options.signal?.aborted) break;
    }
    await driver.decide();
    const steps = Math.min(period, lastStep - step);
    const result = session.step(steps);
    step += steps;
    events += result.events.length;
    emitFrame();
    options.onProgress?.(step, lastStep);
  }
  return { metrics: session.metrics(), driverMetrics: driver.metrics(), steps: step, events, stopped: step < lastStep };
}

function transcriptEvent(entry: unknown, frame: FleetFrame): FleetEvent {
  const record = (entry ?? {}) as { agent?: unknown; step?: unknown; t?: unknown; role?: unknown; content?: unknown };
  const step = typeof record.step === 'number' ? Math.min(record.step, frame.step) : frame.step;
  return {
    t: typeof record.t === 'number' ? record.t : frame.t, step, kind: 'llm_message',
    ...(typeof record.agent === 'string' ? { agent: record.agent } : {}),
    ...(typeof record.content === 'string' ? { text: record.content.slice(0, 4000) } : {}),
    data: { entry: record as Record<string, unknown> },
  };
}
