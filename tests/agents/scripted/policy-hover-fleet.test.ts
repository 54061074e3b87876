/**
 * The live city's policy mode: a trained hover policy installed on the fleet flies the drones that
 * hold a point in the air (hover and hold skills), and `skyline start --policy` refuses a policy
 * that cannot fly them before it builds or listens on anything.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { connectSkylineClient } from '../../../agents/index.node.ts';
import type { FleetFrame } from '../../../sim/index.ts';
import { startTestServer, waitUntil } from '../server/server-harness.ts';
import { createFleetSession } from '../../../agents/session/fleet-session.ts';
import { createPolicyHoverDriver } from '../../../agents/scripted/policy-hover-driver.ts';
import { parsePolicyFile } from '../../../sim/index.ts';

const POLICY_PATH = fileURLToPath(new URL('../../fixtures/hover-motors.policy.json', import.meta.url));
const policy = parsePolicyFile(readFileSync(POLICY_PATH, 'utf8'));
const REPOSITORY_DIR = fileURLToPath(new URL('../../..', import.meta.url));

/** Ten simulated seconds of the policy driver; returns each drone's start, end, and the share of the last 5 s the policy flew it. */
async function flyTenSeconds(withPolicy: boolean) {
  const session = createFleetSession();
  await session.reset({ seed: 7, fleet: { drones: 3, robots: 1 } });
  const env = session.fleetEnv;
  if (withPolicy) env.setHoverPolicy(policy);
  const drones = session.agentIds().filter((id) => env.vehicle(id).kind === 'drone');
  const start = new Map(drones.map((id) => [id, env.vehicle(id).position]));
  const flown = new Map(drones.map((id) => [id, 0]));
  const driver = createPolicyHoverDriver(session);
  for (let second = 0; second < 10; second++) {
    await driver.decide();
    for (let step = 0; step < 100; step += 10) {
      session.step(10);
      if (second >= 5) for (const id of drones) if (env.flownByPolicy(id)) flown.set(id, flown.get(id)! + 1);
    }
  }
  return drones.map((id) => ({
    id, start: start.get(id)!, end: env.vehicle(id).position, status: env.vehicle(id).status, policyShare: flown.get(id)! / 50, skill: session.skillOf(id),
  }));
}

describe('a hover policy flying the fleet (npm start -- --policy)', () => {
  // The fixture policy ends open-air hover episodes 9.6 cm from the setpoint on average (skyline
  // rollout); it was trained without wind and has no integral action, so the city's wind pushes it
  // 10–35 cm off (the cascade controller, with its integrator, holds within 5 cm).
  it('takes every drone over once it holds its point 1 m up, and holds it within 40 cm in the city\'s wind', async () => {
    const drones = await flyTenSeconds(true);
    for (const drone of drones) {
      const error = Math.hypot(drone.end[0] - drone.start[0], drone.end[1] - drone.start[1], drone.end[2] - (drone.start[2] + 1));
      console.log(`${drone.id}: ${(100 * drone.policyShare).toFixed(0)} % of the last 5 s by the policy, ${(100 * error).toFixed(1)} cm from its point`);
      expect(drone.status).toBe('ok');
      expect(drone.policyShare).toBe(1);
      expect(drone.skill).toBe('hover (policy)'); // what the viewer's panel shows
      expect(drone.end[2] - drone.start[2]).toBeGreaterThan(0.7);
      expect(error).toBeLessThan(0.4);
    }
  });

  it('leaves the drones to the cascade controller without a policy', async () => {
    const drones = await flyTenSeconds(false);
    for (const drone of drones) {
      expect(drone.policyShare).toBe(0);
      expect(drone.skill).toBe('hover');
    }
  });

  it('the server\'s shared world in policy mode streams drones flown by the policy to a watcher, as npm start -- --policy serves them', async () => {
    const test = await startTestServer({ mode: 'realtime', realtimeRate: 400, sharedWorld: { seed: 7, drones: 2, robots: 1, driver: 'policy', policy } });
    const client = await connectSkylineClient(test.server.url);
    try {
      const frames: FleetFrame[] = [];
      await client.subscribe((frame) => frames.push(frame), { world: 'shared' });
      await waitUntil(() => frames.some((frame) => frame.step >= 600), 'six simulated seconds of shared frames', 60_000);
      const last = frames[frames.length - 1];
      const first = frames[0];
      for (const id of ['drone-1', 'drone-2']) {
        const now = last.vehicles.find((vehicle) => vehicle.id === id)!, before = first.vehicles.find((vehicle) => vehicle.id === id)!;
        expect(now.skill).toBe('hover (policy)');
        expect(now.position[2] - before.position[2]).toBeGreaterThan(0.6);
      }
      expect(last.vehicles.find((vehicle) => vehicle.id === 'robot-1')!.skill).toBeNull();
      expect(test.server.stats().sharedWorld!.failures).toBe(0);
    } finally {
      client.close();
      await test.server.close();
    }
  });

  it('refuses a policy for another task or parameter set, naming what is accepted', async () => {
    const session = createFleetSession();
    await session.reset({ seed: 7, fleet: { drones: 1, robots: 0 } });
    expect(() => session.fleetEnv.setHoverPolicy({ ...policy, task: 'waypoints' })).toThrow(/trained for the waypoints task; accepted: a hover policy/);
    expect(() => session.fleetEnv.setHoverPolicy({ ...policy, paramSet: 'crazyflie-l2f' })).toThrow(/the fleet's drones are cf2x; accepted: a policy trained with --params cf2x/);
  });

  it('skyline start --policy refuses a waypoints policy with one line and exit code 2, and --help explains the option', () => {
    const dir = mkdtempSync(join(tmpdir(), 'skyline-start-policy-'));
    const wrong = join(dir, 'waypoints.policy.json');
    writeFileSync(wrong, readFileSync(POLICY_PATH, 'utf8').replace('"task":"hover"', '"task":"waypoints"').replace('"size":17', '"size":20'));
    const run = (args: string[]) => spawnSync(process.execPath, ['bin/skyline.mjs', 'start', ...args], { cwd: REPOSITORY_DIR, encoding: 'utf8', timeout: 60_000 });
    const refused = run(['--port', '0', '--policy', wrong]);
    expect(refused.status).toBe(2);
    expect(refused.stderr).toMatch(/--policy .*waypoints/);
    expect(refused.stdout).not.toContain('Viewer:');
    const help = run(['--help']);
    expect(help.stdout).toContain('--policy <file>');
    expect(help.stdout).toContain('npm start -- --policy hover.policy.json');
  });
});
