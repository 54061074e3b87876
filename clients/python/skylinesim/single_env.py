"""One drone with Gymnasium's single-env contract: ``Skyline/Hover-v0`` and ``Skyline/Waypoints-v0``.

Each is one drone of a BatchEnv in its own Node child, without autoreset: after ``terminated``
or ``truncated``, call ``reset()``. ``reset(seed=s)`` flies the episode drone 0 of
``SkylineVectorEnv(seed=s)`` flies; ``reset()`` without a seed draws the next episode's seed from
``np_random`` (seeded by the last ``reset(seed=)``, as Gymnasium does).
"""
from __future__ import annotations

from typing import Any, Dict, Optional, Tuple

import numpy as np

from .spaces import GYMNASIUM_AVAILABLE, seeded_generator
from .vector_env import SkylineActionError, SkylineVectorEnv

if GYMNASIUM_AVAILABLE:  # pragma: no cover - depends on the machine
    import gymnasium
    _EnvBase: Any = gymnasium.Env
else:
    _EnvBase = object


class SkylineDroneEnv(_EnvBase):
    """A single Skyline drone (task and action rung chosen at construction)."""

    metadata: Dict[str, Any] = {'render_modes': []}
    render_mode = None
    task = 'hover'

    def __init__(self, rung: str = 'motors', world: Any = None, randomize: float = 0.0, max_episode_steps: Optional[int] = None,
                 transport: str = 'shm', root: Optional[str] = None, render_mode: Optional[str] = None) -> None:
        if render_mode is not None:
            raise ValueError(f'render_mode = {render_mode!r}; accepted: None (watch recordings in the Skyline viewer)')
        self._batch = SkylineVectorEnv(task=self.task, num_envs=1, rung=rung, seed=0, workers=1, world=world, randomize=randomize,
                                       max_episode_steps=max_episode_steps, transport=transport, root=root, autoreset=False)
        self.observation_space = self._batch.single_observation_space
        self.action_space = self._batch.single_action_space
        self.observation_layout = self._batch.observation_layout
        self.action_fields = self._batch.action_fields
        self.max_episode_steps = self._batch.max_episode_steps
        self._np_random: Optional[np.random.Generator] = None
        self._ended = True

    if not GYMNASIUM_AVAILABLE:
        @property
        def np_random(self) -> np.random.Generator:
            if self._np_random is None:
                self._np_random, _ = seeded_generator(None)
            return self._np_random

        @property
        def unwrapped(self) -> 'SkylineDroneEnv':
            return self

    def reset(self, *, seed: Optional[int] = None, options: Optional[Dict[str, Any]] = None) -> Tuple[np.ndarray, Dict[str, Any]]:
        if GYMNASIUM_AVAILABLE:
            super().reset(seed=seed)
        elif seed is not None:
            self._np_random, _ = seeded_generator(seed)
        if options:
            raise ValueError(f'options = {options!r}; accepted: None or {{}}')
        episode_seed = int(seed) if seed is not None else int(self.np_random.integers(0, 2 ** 32))
        obs, info = self._batch.reset(seed=episode_seed)
        self._ended = False
        return obs[0], {'seed': episode_seed, 'episode_step': 0}

    def step(self, action: Any) -> Tuple[np.ndarray, float, bool, bool, Dict[str, Any]]:
        if self._ended:
            raise RuntimeError('call reset() first: no episode is running (it has not started, or it ended)')
        array = np.asarray(action, dtype=np.float32) if not isinstance(action, str) else action
        if not isinstance(array, np.ndarray) or array.shape != self.action_space.shape:
            shape = getattr(array, 'shape', type(action).__name__)
            raise SkylineActionError(f'action: shape {shape}; accepted: {self.action_space.shape} (one {self._batch.rung} command [{", ".join(f["name"] for f in self.action_fields)}])', 'action')
        try:
            obs, rewards, terminations, truncations, infos = self._batch.step(array[None, :])
        except SkylineActionError as error:
            raise SkylineActionError(str(error).replace('actions[0, ', 'action[').replace(' of env 0', ''), error.field.replace('actions[0, ', 'action[')) from None
        terminated, truncated = bool(terminations[0]), bool(truncations[0])
        info: Dict[str, Any] = {'episode_step': int(infos['episode_step'][0])}
        if terminated or truncated:
            self._ended = True
            views = self._batch._views
            status = self._batch.status_names[int(views['status'][0])]
            info.update({'final_error': float(views['final_error'][0]), 'success': bool(views['success'][0]),
                         'reason': ('task_ended' if status == 'ok' else status) if terminated else 'time_limit'})
        return obs[0], float(rewards[0]), terminated, truncated, info

    def render(self) -> None:
        return None

    def close(self) -> None:
        self._batch.close()

    def __enter__(self) -> 'SkylineDroneEnv':
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()


class SkylineHoverEnv(SkylineDroneEnv):
    """``Skyline/Hover-v0``: reach a setpoint up to 1 m away and hold it (17 observations, 1000 steps of 0.01 s)."""

    task = 'hover'


class SkylineWaypointsEnv(SkylineDroneEnv):
    """``Skyline/Waypoints-v0``: fly through a sequence of waypoints (20 observations, 2000 steps of 0.01 s)."""

    task = 'waypoints'
