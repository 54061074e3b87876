/**
 * delivery: the fleet's delivery day (orders over time, deadlines, hand-offs at depots) with
 * DeliveryBench-style metrics: income per hour, on-time rate, violations (collisions, no-fly
 * entries, refused actions), energy and time use (the share of vehicle time spent on a task).
 * Score: orders delivered on time over orders created; success when it is at least 0.4.
 */
import { createFleetSession, runDeliveryEpisode, type FleetAgentDriver, type FleetSession, type FleetSessionExtras } from '../../agents/index.ts';
import type { FleetFrame } from '../../sim/index.ts';
import type { EpisodeSpec } from '../suites/benchmark-suite.ts';

export const DELIVERY_SUCCESS_SCORE = 0.4;

export interface DeliveryEpisodeOutcome {
  success: boolean;
  score: number;
  simTimeS: number;
  worldName: string;
  metrics: Record<string, number>;
  driverMetrics: Record<string, number>;
  transcript: unknown[];
}

export async function runDeliveryTask(
  spec: EpisodeSpec,
  createDriver: (session: FleetSession & FleetSessionExtras) => FleetAgentDriver,
  hooks: { onFrame?: (frame: FleetFrame) => void; onProgress?: (t: number) => void; afterDecision?: (driver: FleetAgentDriver) => void } = {},
): Promise<DeliveryEpisodeOutcome> {
  const session = createFleetSession({ delivery: { orderRatePerHour: spec.orderRatePerHour } });
  await session.reset({ seed: spec.seed, world: { seed: spec.seed, size: spec.worldSize }, fleet: spec.fleet });
  const driver = createDriver(session);
  let busySamples = 0, samples = 0;
  const result = await runDeliveryEpisode({
    session, driver, durationS: spec.budgetS, decideEveryS: spec.decideEveryS, onFrame: hooks.onFrame,
    onProgress: (step) => {
      for (const agent of session.agentIds()) {
        samples++;
        if (session.skillOf(agent) !== null) busySamples++;
      }
      hooks.onProgress?.(step * 0.01);
      hooks.afterDecision?.(driver);
    },
  });
  const m = result.metrics;
  const created = m.orders_created ?? 0;
  const score = created > 0 ? (m.delivered_on_time ?? 0) / created : 0;
  return {
    success: score >= DELIVERY_SUCCESS_SCORE, score, simTimeS: m.sim_time_s ?? spec.budgetS, worldName: session.worldSpec().name,
    metrics: {
      score, income_per_hour: m.income_per_sim_hour ?? 0, net_income: m.net_income ?? 0, on_time_rate: m.on_time_rate ?? 0,
      delivered: m.delivered ?? 0, delivered_on_time: m.delivered_on_time ?? 0, orders_created: created, timed_out: m.timed_out ?? 0,
      violations: (m.collisions ?? 0) + (m.no_fly_violations ?? 0) + (m.actions_rejected ?? 0),
      collisions: m.collisions ?? 0, no_fly_violations: m.no_fly_violations ?? 0, actions_rejected: m.actions_rejected ?? 0,
      energy_wh: m.energy_wh ?? 0, time_use_busy: samples > 0 ? busySamples / samples : 0, handoffs: m.handoffs ?? 0,
      mean_delivery_time_s: m.mean_delivery_time_s ?? 0,
    },
    driverMetrics: result.driverMetrics, transcript: driver.transcript?.() ?? [],
  };
}
