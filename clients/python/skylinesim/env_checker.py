"""A checker of Gymnasium's env contract that runs without Gymnasium.

``check_env(env)`` asserts what ``gymnasium.utils.env_checker.check_env`` asserts about spaces,
dtypes, ``reset``/``step`` signatures and return types, and seeding through ``np_random``
(same seed → same observation and the same generator state; reset without a seed keeps the
generator going). ``check_vector_env(env)`` does the same for a vector env. Where Gymnasium is
installed, run its own checker as well.
"""
from __future__ import annotations

import copy
import inspect
from typing import Any, List

import numpy as np


def _state(rng: np.random.Generator) -> Any:
    return rng.bit_generator.state


def _check_space(space: Any, name: str) -> None:
    for attribute in ('shape', 'dtype', 'sample', 'contains', 'seed'):
        assert hasattr(space, attribute), f'{name} has no {attribute}'
    if hasattr(space, 'low'):
        assert space.low.shape == space.shape and space.high.shape == space.shape, f'{name}: low/high shape differs from shape'
        assert space.low.dtype == space.dtype, f'{name}: low dtype {space.low.dtype} is not {space.dtype}'
        assert np.all(space.low <= space.high), f'{name}: low exceeds high'


def _check_obs(obs: Any, space: Any, where: str) -> None:
    if isinstance(obs, dict):
        assert isinstance(space.spaces, dict) and obs.keys() == space.spaces.keys(), f'{where}: keys {sorted(obs)} differ from the space'
        for key, value in obs.items():
            _check_obs(value, space.spaces[key], f'{where}[{key!r}]')
        return
    assert isinstance(obs, np.ndarray), f'{where}: {type(obs).__name__}, not a numpy array'
    assert obs.dtype == space.dtype, f'{where}: dtype {obs.dtype}, the space says {space.dtype}'
    assert obs.shape == space.shape, f'{where}: shape {obs.shape}, the space says {space.shape}'
    assert space.contains(obs), f'{where}: not inside the observation space'


def check_env(env: Any, action: Any = None, steps: int = 3) -> List[str]:
    """Asserts the single-env contract; returns the checks that passed, by name."""
    passed: List[str] = []
    for name in ('reset', 'step', 'close', 'observation_space', 'action_space', 'metadata', 'np_random'):
        assert hasattr(env, name), f'the env has no {name}'
    assert 'render_modes' in env.metadata, "metadata has no 'render_modes'"
    parameters = inspect.signature(env.reset).parameters
    assert 'seed' in parameters and 'options' in parameters, 'reset() must take seed= and options='
    if not hasattr(env.observation_space, 'spaces'):
        _check_space(env.observation_space, 'observation_space')
    passed.append('signatures and spaces')

    obs_1, info = env.reset(seed=123)
    assert isinstance(info, dict), 'reset() must return (obs, info) with a dict info'
    _check_obs(obs_1, env.observation_space, 'reset(seed=123) observation')
    rng_1 = copy.deepcopy(getattr(env, 'unwrapped', env).np_random)
    obs_2, _ = env.reset()
    _check_obs(obs_2, env.observation_space, 'reset() observation')
    obs_3, _ = env.reset(seed=123)
    assert _equal(obs_1, obs_3), 'reset(seed=123) twice gave different observations'
    assert _state(getattr(env, 'unwrapped', env).np_random) == _state(rng_1), 'reset(seed=123) twice left np_random in different states: reset must seed np_random (super().reset(seed=seed))'
    env.reset(seed=456)
    assert _state(getattr(env, 'unwrapped', env).np_random) != _state(rng_1), 'reset(seed=456) left np_random as seed 123 did'
    passed.append('seeding through np_random')

    for run in range(2):
        env.reset(seed=7)
        env.action_space.seed(7)
        trace = []
        for _ in range(steps):
            chosen = env.action_space.sample() if action is None else action
            result = env.step(chosen)
            assert isinstance(result, tuple) and len(result) == 5, 'step() must return (obs, reward, terminated, truncated, info)'
            obs, reward, terminated, truncated, info = result
            _check_obs(obs, env.observation_space, 'step() observation')
            assert isinstance(reward, (float, int, np.floating, np.integer)), f'reward is {type(reward).__name__}, not a number'
            assert isinstance(terminated, (bool, np.bool_)) and isinstance(truncated, (bool, np.bool_)), 'terminated and truncated must be bools'
            assert isinstance(info, dict), 'step() info must be a dict'
            trace.append((obs, reward, terminated, truncated))
            if terminated or truncated:
                break
        if run == 0:
            first = trace
    assert all(_equal(a[0], b[0]) and a[1:] == b[1:] for a, b in zip(first, trace)), 'the same seed and actions gave different steps'
    passed.append('step signature, types and determinism')
    return passed


def check_vector_env(env: Any, steps: int = 3) -> List[str]:
    """Asserts Gymnasium's vector-env contract (shapes, dtypes, autoreset metadata, seeding)."""
    passed: List[str] = []
    for name in ('num_envs', 'single_observation_space', 'single_action_space', 'observation_space', 'action_space', 'metadata'):
        assert hasattr(env, name), f'the vector env has no {name}'
    assert 'autoreset_mode' in env.metadata, "metadata has no 'autoreset_mode'"
    n = env.num_envs
    assert env.observation_space.shape == (n, *env.single_observation_space.shape), 'observation_space is not single_observation_space batched'
    assert env.action_space.shape == (n, *env.single_action_space.shape), 'action_space is not single_action_space batched'
    for space, name in ((env.single_observation_space, 'single_observation_space'), (env.single_action_space, 'single_action_space'),
                        (env.observation_space, 'observation_space'), (env.action_space, 'action_space')):
        _check_space(space, name)
    passed.append('spaces')
    obs_1, info = env.reset(seed=123)
    _check_obs(obs_1, env.observation_space, 'reset(seed=123) observation')
    rng_1 = copy.deepcopy(env.np_random)
    env.reset()
    obs_3, _ = env.reset(seed=123)
    assert np.array_equal(obs_1, obs_3), 'reset(seed=123) twice gave different observations'
    assert _state(env.np_random) == _state(rng_1), 'reset(seed=123) twice left np_random in different states'
    passed.append('seeding through np_random')
    env.action_space.seed(1)
    for _ in range(steps):
        obs, rewards, terminations, truncations, infos = env.step(env.action_space.sample())
        _check_obs(obs, env.observation_space, 'step() observations')
        assert rewards.shape == (n,) and np.issubdtype(rewards.dtype, np.floating), 'rewards must be a float array of shape (num_envs,)'
        assert terminations.dtype == np.bool_ and truncations.dtype == np.bool_, 'terminations and truncations must be bool arrays'
        assert terminations.shape == (n,) and truncations.shape == (n,), 'flags must have shape (num_envs,)'
        assert isinstance(infos, dict), 'infos must be a dict'
    passed.append('step signature and types')
    return passed


def _equal(a: Any, b: Any) -> bool:
    if isinstance(a, dict):
        return a.keys() == b.keys() and all(_equal(a[k], b[k]) for k in a)
    return bool(np.array_equal(a, b))


__all__: List[str] = ['check_env', 'check_vector_env']
