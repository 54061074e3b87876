"""The single envs, the delivery env and the fleet parallel env through skylinesim's contract
checker, against the real Node child and a real server (argv[1]); prints one JSON object."""
import json
import os
import sys

import numpy as np

sys.path.insert(0, os.path.join(os.path.dirname(__file__), '..', '..', '..', 'clients', 'python'))
from skylinesim import SkylineDeliveryEnv, SkylineFleetParallelEnv, SkylineHoverEnv, SkylineVectorEnv, SkylineWaypointsEnv, check_env, check_vector_env  # noqa: E402

url = sys.argv[1]
out = {}
for cls in (SkylineHoverEnv, SkylineWaypointsEnv):
    env = cls()
    try:
        passed = check_env(env, steps=5)
        obs, info = env.reset(seed=5)
        batch = SkylineVectorEnv(task=cls.task, num_envs=3, seed=5, workers=1)
        vector_obs, _ = batch.reset(seed=5)
        out[cls.__name__] = {
            'passed': passed, 'obs': [list(obs.shape), str(obs.dtype)], 'space': [list(env.observation_space.shape), str(env.observation_space.dtype)],
            'action_space': [list(env.action_space.shape), env.action_space.low.tolist(), env.action_space.high.tolist()],
            'same_as_vector_drone_0': bool(np.array_equal(obs, vector_obs[0])),
            'vector_checks': check_vector_env(batch),
        }
        batch.close()
        try:
            env.step(np.zeros(3, dtype=np.float32))
        except ValueError as error:
            out[cls.__name__]['bad_shape'] = {'field': error.field, 'message': str(error)}
    finally:
        env.close()

delivery = SkylineDeliveryEnv(url, seed=7, fleet={'drones': 1, 'robots': 1}, steps_per_action=20)
try:
    out['delivery'] = {'passed': check_env(delivery, steps=2)}
finally:
    delivery.close()

fleet = SkylineFleetParallelEnv(url, seed=7, fleet={'drones': 2, 'robots': 1}, steps_per_action=50)
try:
    obs, infos = fleet.reset(seed=7)
    again, _ = fleet.reset(seed=7)
    step = fleet.step({'drone-1': 'take off to 20 m', 'robot-1': {'verb': 'wait', 'args': {'s': 5}}, 'drone-2': 'teleport to the moon'})
    try:
        fleet.step({'drone-9': 'land'})
        unknown = None
    except KeyError as error:
        unknown = str(error)
    out['fleet'] = {
        'possible_agents': fleet.possible_agents, 'agents': fleet.agents,
        'observation_space': [list(fleet.observation_space('drone-1').shape), str(fleet.observation_space('drone-1').dtype)],
        'action_space': type(fleet.action_space('robot-1')).__name__,
        'obs': sorted(obs), 'infos': sorted(infos), 'same_seed_same_obs': all(np.array_equal(obs[a], again[a]) for a in obs),
        'step_keys': [sorted(part) for part in step],
        'rewards': sorted(set(step[1].values())), 'terminations': step[2], 'truncations': step[3],
        'rejected': {agent: info['rejected']['code'] for agent, info in step[4].items() if 'rejected' in info},
        'drone_1_z': float(step[0]['drone-1'][2]), 'state_shape': list(fleet.state().shape), 'unknown': unknown,
    }
finally:
    fleet.close()
print(json.dumps(out))
