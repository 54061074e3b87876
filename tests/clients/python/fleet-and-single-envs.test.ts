/**
 * skylinesim's single envs (Skyline/Hover-v0, Skyline/Waypoints-v0), SkylineDeliveryEnv and the
 * PettingZoo-style fleet env, through the package's contract checker (what Gymnasium's
 * check_env asserts), against the real Node child and the real Skyline server on 127.0.0.1.
 */
import { execFile } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSkylineServer, VECTOR_OBSERVATION_SIZE, type SkylineServer } from '../../../agents/index.node.ts';
import { PYTHON_WITH_NUMPY_AND_WEBSOCKETS, REPOSITORY_DIR, NUMPY_HINT } from './python-with-numpy.ts';

describe.runIf(PYTHON_WITH_NUMPY_AND_WEBSOCKETS !== null)('skylinesim single envs and fleet env', () => {
  let server: SkylineServer;
  let out: Record<string, any>;

  beforeAll(async () => {
    server = await startSkylineServer({ host: '127.0.0.1', port: 0, mode: 'lockstep' });
    out = await new Promise((resolve, reject) => {
      execFile(PYTHON_WITH_NUMPY_AND_WEBSOCKETS!, ['tests/clients/python/fleet_env_checks.py', `ws://127.0.0.1:${server.port}`],
        { cwd: REPOSITORY_DIR, env: { ...process.env, SKYLINE_TOKEN: '', PYTHONDONTWRITEBYTECODE: '1' }, maxBuffer: 16 << 20 },
        (error, stdout, stderr) => (error ? reject(new Error(`${error.message}\n${stderr}`)) : resolve(JSON.parse(stdout))));
    });
  }, 120_000);
  afterAll(async () => {
    await server?.close();
  });

  it('Hover-v0 and Waypoints-v0 pass the contract checker and fly the episode drone 0 of the vector env flies', () => {
    for (const [name, size] of [['SkylineHoverEnv', 17], ['SkylineWaypointsEnv', 20]] as const) {
      const env = out[name];
      expect(env.passed).toEqual(['signatures and spaces', 'seeding through np_random', 'step signature, types and determinism']);
      expect(env.vector_checks).toEqual(['spaces', 'seeding through np_random', 'step signature and types']);
      expect(env.obs).toEqual([[size], 'float32']);
      expect(env.space).toEqual([[size], 'float32']);
      expect(env.action_space).toEqual([[4], [0, 0, 0, 0], [1, 1, 1, 1]]);
      expect(env.same_as_vector_drone_0).toBe(true);
      expect(env.bad_shape.field).toBe('action');
      expect(env.bad_shape.message).toContain('accepted: (4,)');
    }
  });

  it('SkylineDeliveryEnv passes the checker: its reset seeds np_random', () => {
    expect(out.delivery.passed).toEqual(['signatures and spaces', 'seeding through np_random', 'step signature, types and determinism']);
  });

  it('the fleet env has per-agent spaces and per-agent dicts of everything, a team reward, and refuses unknown agents', () => {
    const f = out.fleet;
    expect(f.possible_agents).toEqual(['drone-1', 'drone-2', 'robot-1']);
    expect(f.agents).toEqual(['drone-1', 'drone-2', 'robot-1']);
    expect(f.observation_space).toEqual([[VECTOR_OBSERVATION_SIZE], 'float32']);
    expect(f.action_space).toBe('Text');
    expect(f.obs).toEqual(f.possible_agents);
    expect(f.infos).toEqual(f.possible_agents);
    expect(f.same_seed_same_obs).toBe(true);
    expect(f.step_keys).toEqual(new Array(5).fill(f.possible_agents));
    expect(f.rewards.length).toBe(1);
    expect(f.terminations).toEqual({ 'drone-1': false, 'drone-2': false, 'robot-1': false });
    expect(f.truncations).toEqual({ 'drone-1': false, 'drone-2': false, 'robot-1': false });
    expect(f.rejected).toEqual({ 'drone-2': -32002 });
    expect(f.drone_1_z).toBeGreaterThan(0.3);
    expect(f.state_shape).toEqual([3 * VECTOR_OBSERVATION_SIZE]);
    expect(f.unknown).toContain("accepted: ['drone-1', 'drone-2', 'robot-1']");
  });
});

if (PYTHON_WITH_NUMPY_AND_WEBSOCKETS === null) {
  describe('skylinesim single envs and fleet env', () => {
    it.skip(NUMPY_HINT, () => {});
  });
}
