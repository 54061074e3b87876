"""Exercises skylinesim.SkylineVectorEnv against its real Node child; prints one JSON object.

argv[1]: a directory where the run's actions and outputs are written as raw float32/uint8 files,
for the TypeScript side to replay through BatchEnv and compare bit for bit.
"""
import json
import os
import signal
import sys
import time

import numpy as np

sys.path.insert(0, os.path.join(os.path.dirname(__file__), '..', '..', '..', 'clients', 'python'))
from skylinesim import AutoresetMode, SkylineActionError, SkylineBridgeError, SkylineVectorEnv  # noqa: E402

out = {}
dump = sys.argv[1]
N, STEPS = 12, 90


def error_of(call):
    try:
        call()
    except Exception as error:  # noqa: BLE001 - the test reads the class, field and message
        return {'type': type(error).__name__, 'field': getattr(error, 'field', None), 'message': str(error)}
    return None


def run(env, seed, steps, actions=None):
    """Observations, rewards, flags and final observations of `steps` steps (seeded random motors)."""
    rng = np.random.default_rng(seed)
    obs, info = env.reset(seed=seed)
    records = {'obs': [obs], 'actions': [], 'rewards': [], 'terminations': [], 'truncations': [], 'final_obs': []}
    for t in range(steps):
        action = rng.uniform(0, 1, size=(env.num_envs, 4)).astype(np.float32) if actions is None else actions[t]
        action[: env.num_envs // 3] = 0  # a third of the drones fall: terminations as well as truncations
        obs, reward, term, trunc, infos = env.step(action)
        final = np.zeros_like(obs)
        if '_final_obs' in infos:
            final[infos['_final_obs']] = infos['final_obs'][infos['_final_obs']]
        for key, value in (('obs', obs), ('actions', action), ('rewards', reward), ('terminations', term), ('truncations', trunc), ('final_obs', final)):
            records[key].append(value)
    return {key: np.stack(value) for key, value in records.items()}


# Spaces, dtypes and metadata.
env = SkylineVectorEnv(task='hover', num_envs=N, rung='motors', seed=7, workers=2, max_episode_steps=25)
obs, info = env.reset(seed=7)
action = np.full((N, 4), 0.6, dtype=np.float32)
step = env.step(action)
out['spaces'] = {
    'num_envs': env.num_envs,
    'single_observation_space': [list(env.single_observation_space.shape), str(env.single_observation_space.dtype)],
    'single_action_space': [list(env.single_action_space.shape), str(env.single_action_space.dtype),
                            env.single_action_space.low.tolist(), env.single_action_space.high.tolist()],
    'observation_space': list(env.observation_space.shape),
    'action_space': list(env.action_space.shape),
    'obs': [list(obs.shape), str(obs.dtype)],
    'step_dtypes': [str(x.dtype) for x in step[:4]],
    'step_shapes': [list(x.shape) for x in step[:4]],
    'obs_in_space': bool(env.observation_space.contains(step[0])),
    'sample_in_space': bool(env.action_space.contains(env.action_space.sample())),
    'autoreset_mode': env.metadata['autoreset_mode'].value,
    'is_same_step': env.metadata['autoreset_mode'] == AutoresetMode.SAME_STEP,
    'reset_info_seed': info['seed'],
    'np_random_seed': env.np_random_seed,
}

# Autoreset in the same step: episodes of 25 steps, so at step 25 every drone still flying is truncated.
env.reset(seed=8)
flags = []
for t in range(25):
    obs, reward, term, trunc, infos = env.step(action)
    flags.append([int(term.sum()), int(trunc.sum())])
out['autoreset'] = {
    'flags_last': flags[-1],
    'ended_last': int((term | trunc).sum()),
    'episode_step_after': infos['episode_step'].tolist(),
    'final_obs_mask': infos['_final_obs'].tolist(),
    'final_obs_shape': list(infos['final_obs'].shape),
    'final_obs_differs': bool(np.all(np.any(infos['final_obs'] != obs, axis=1)[infos['_final_obs']])),
    'final_info_keys': sorted(infos['final_info'].keys()),
    'final_error_finite': bool(np.all(np.isfinite(infos['final_info']['final_error']))),
}

# Bad actions are refused with the field named, and nothing was stepped.
bad = action.copy(); bad[3, 2] = np.nan
high = action.copy(); high[5, 1] = 1.5
out['bad'] = {
    'shape': error_of(lambda: env.step(np.zeros((N, 3), dtype=np.float32))),
    'flat': error_of(lambda: env.step(np.zeros(N * 4, dtype=np.float32))),
    'nan': error_of(lambda: env.step(bad)),
    'range': error_of(lambda: env.step(high)),
    'text': error_of(lambda: env.step('up')),
    'seed': error_of(lambda: env.reset(seed=-1)),
    'options': error_of(lambda: env.reset(options={'x': 1})),
}
env.close()
out['bad']['closed'] = error_of(lambda: env.step(action))
out['bad']['num_envs'] = error_of(lambda: SkylineVectorEnv(num_envs=0))
out['bad']['rung'] = error_of(lambda: SkylineVectorEnv(num_envs=2, rung='warp', workers=1))
out['bad']['task'] = error_of(lambda: SkylineVectorEnv(num_envs=2, task='orbit', workers=1))
out['bad']['workers'] = error_of(lambda: SkylineVectorEnv(num_envs=2, workers=0))

# Same seed, same observations, whatever the worker count; the run is dumped for the TS replay.
one = SkylineVectorEnv(num_envs=N, seed=3, workers=1, max_episode_steps=60)
two = SkylineVectorEnv(num_envs=N, seed=3, workers=2, max_episode_steps=60, transport='pipe')
a, b = run(one, 3, STEPS), run(two, 3, STEPS)
out['seeding'] = {
    'same_obs': bool(np.array_equal(a['obs'], b['obs'])),
    'same_rewards': bool(np.array_equal(a['rewards'], b['rewards'])),
    'terminations': int(a['terminations'].sum()),
    'truncations': int(a['truncations'].sum()),
    'other_seed_differs': bool(not np.array_equal(run(one, 4, 2)['obs'][0], a['obs'][0])),
}
for key, value in a.items():
    value.astype(np.uint8 if value.dtype == np.bool_ else np.float32).tofile(os.path.join(dump, f'{key}.bin'))
one.close(); two.close()

# The child killed mid-run: a clear error, no process and no shared file left behind.
env = SkylineVectorEnv(num_envs=4, seed=1, workers=2)
env.reset()
pid = env.pid
os.kill(pid, signal.SIGKILL)
time.sleep(0.2)
killed = error_of(lambda: env.step(np.zeros((4, 4), dtype=np.float32)))
gone = False
try:
    os.kill(pid, 0)
except ProcessLookupError:
    gone = True
out['killed'] = {'error': killed, 'pid': pid, 'gone': gone, 'closed_after': error_of(lambda: env.reset())}
out['shared_files_left'] = [name for name in os.listdir('/dev/shm') if name.startswith(f'skyline-vector-env-{os.getpid()}-')] if os.path.isdir('/dev/shm') else []
print(json.dumps(out))
