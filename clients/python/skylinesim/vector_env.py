"""SkylineVectorEnv: Skyline's BatchEnv (thousands of drones) behind Gymnasium's vector API."""
from __future__ import annotations

from enum import Enum
from typing import Any, Dict, Optional, Tuple

import numpy as np

from .node_bridge import NodeBridge, SkylineBridgeError
from .spaces import GYMNASIUM_AVAILABLE, Box, seeded_generator

if GYMNASIUM_AVAILABLE:  # pragma: no cover - depends on the machine
    import gymnasium
    _VectorEnvBase: Any = gymnasium.vector.VectorEnv
    try:
        from gymnasium.vector import AutoresetMode  # Gymnasium >= 1.1
    except ImportError:  # pragma: no cover
        AutoresetMode = None  # type: ignore[assignment,misc]
else:
    _VectorEnvBase = object
    AutoresetMode = None  # type: ignore[assignment,misc]

if AutoresetMode is None:
    class AutoresetMode(Enum):  # type: ignore[no-redef]
        """Gymnasium's autoreset modes (gymnasium.vector.AutoresetMode), for machines without it."""
        NEXT_STEP = 'NextStep'
        SAME_STEP = 'SameStep'
        DISABLED = 'Disabled'


class SkylineActionError(ValueError):
    """Actions of the wrong shape, not finite, or outside the rung's bounds; ``field`` names which."""

    def __init__(self, message: str, field: str) -> None:
        super().__init__(message)
        self.field = field


class SkylineVectorEnv(_VectorEnvBase):
    """``num_envs`` drones stepped together by a Node child, with Gymnasium's vector contract.

    ``reset(seed=, options=) -> (obs, infos)`` and ``step(actions) -> (obs, rewards,
    terminations, truncations, infos)``. Observations are float32 ``(num_envs, obs_size)``,
    actions float32 ``(num_envs, 4)`` in the rung's units (``motors``: 4 normalised motor speeds
    in 0..1; ``rates``, ``velocity``, ``goto``: see ``action_fields``). Rewards are float32,
    flags bool.

    Autoreset is Gymnasium's ``SAME_STEP`` mode: when a drone's episode ends, ``step`` returns
    ``terminations``/``truncations`` for it and the first observation of its next episode; the
    observation it ended with is in ``infos['final_obs']`` (rows where ``infos['_final_obs']``),
    and ``infos['final_info']`` holds its ``final_error`` (m), ``success`` and ``status``.

    The same ``seed`` gives the same observations, bit for bit, as TypeScript's
    ``BatchEnv.create({task, worlds: num_envs, rung, ...}).reset({seed})`` and then the same
    actions, whatever ``workers`` is.
    """

    metadata: Dict[str, Any] = {'autoreset_mode': AutoresetMode.SAME_STEP, 'render_modes': []}
    render_mode = None
    spec = None

    def __init__(self, task: str = 'hover', num_envs: int = 4096, rung: str = 'motors', seed: Optional[int] = 0,
                 workers: int = 2, world: Any = None, randomize: float = 0.0, max_episode_steps: Optional[int] = None,
                 copy: bool = True, transport: str = 'shm', root: Optional[str] = None, world_size: Optional[float] = None,
                 autoreset: bool = True, params: Optional[str] = None, spawn: Optional[str] = None, spin_us: int = 0) -> None:
        if not isinstance(num_envs, (int, np.integer)) or isinstance(num_envs, bool) or num_envs < 1:
            raise ValueError(f'num_envs = {num_envs!r}; accepted: a whole number >= 1')
        if seed is not None and (not isinstance(seed, (int, np.integer)) or not 0 <= seed <= 0xFFFFFFFF):
            raise ValueError(f'seed = {seed!r}; accepted: None (0) or a whole number from 0 to 4294967295')
        request: Dict[str, Any] = {'task': task, 'num_envs': int(num_envs), 'rung': rung, 'seed': int(seed or 0),
                                   'workers': int(workers), 'world': world, 'randomize': float(randomize), 'autoreset': bool(autoreset)}
        if max_episode_steps is not None:
            request['max_episode_steps'] = int(max_episode_steps)
        if world_size is not None:
            request['world_size'] = float(world_size)
        if params is not None:
            request['params'] = params
        if spawn is not None:
            request['spawn'] = spawn
        request['spin_us'] = int(spin_us)
        self._bridge = NodeBridge(request, transport=transport, root=root)
        info = self._bridge.info
        self.info = info
        self.num_envs = int(info['num_envs'])
        self.task = info['task']
        self.rung = info['rung']
        self.workers = int(info['workers'])
        self.dt = float(info['dt'])
        self.max_episode_steps = int(info['max_episode_steps'])
        self.observation_layout = info['observation_layout']
        self.action_fields = info['action_fields']
        self.status_names = {int(code): name for code, name in info['status_names'].items()}
        self.copy = copy
        self._seed = int(seed or 0)
        obs_size, act_size = int(info['observation_size']), int(info['action_size'])
        low = np.array([f['min'] for f in self.action_fields], dtype=np.float32)
        high = np.array([f['max'] for f in self.action_fields], dtype=np.float32)
        self._action_low, self._action_high = low, high
        self._uniform_bounds = bool(np.all(low == low[0]) and np.all(high == high[0]))
        self.single_observation_space = Box(-np.inf, np.inf, shape=(obs_size,), dtype=np.float32)
        self.single_action_space = Box(low, high, shape=(act_size,), dtype=np.float32)
        self.observation_space = Box(-np.inf, np.inf, shape=(self.num_envs, obs_size), dtype=np.float32)
        self.action_space = Box(np.tile(low, (self.num_envs, 1)), np.tile(high, (self.num_envs, 1)), shape=(self.num_envs, act_size), dtype=np.float32)
        self._np_random: Optional[np.random.Generator] = None
        self._np_random_seed: Optional[int] = None
        self._has_reset = False
        self.closed = False
        self._map_views(info['layout'])

    # -- Gymnasium's random generator -------------------------------------------------------
    @property
    def np_random(self) -> np.random.Generator:
        if self._np_random is None:
            self._np_random, self._np_random_seed = seeded_generator(None)
        return self._np_random

    @np_random.setter
    def np_random(self, value: np.random.Generator) -> None:
        self._np_random = value
        self._np_random_seed = -1

    @property
    def np_random_seed(self) -> Optional[int]:
        if self._np_random is None:
            _ = self.np_random
        return self._np_random_seed

    @property
    def unwrapped(self) -> 'SkylineVectorEnv':
        return self

    # -- the arrays ----------------------------------------------------------------------------
    def _map_views(self, layout: Dict[str, Any]) -> None:
        if self._bridge.transport == 'shm':
            buffer: Any = self._bridge.map
            base = 0
        else:
            self._block = bytearray(layout['blockBytes'])
            buffer = self._block
            base = layout['blockOffset']
        self._block_view = memoryview(self._block) if self._bridge.transport == 'pipe' else None
        views: Dict[str, np.ndarray] = {}
        for entry in layout['outputs']:
            count = int(np.prod(entry['shape']))
            views[entry['name']] = np.frombuffer(buffer, dtype=entry['dtype'], count=count, offset=entry['offset'] - base).reshape(entry['shape'])
        self._views = views
        action = layout['actions']
        counter = layout['requestCounter']
        self._request_counter = np.frombuffer(buffer, dtype=np.uint32, count=1, offset=counter['offset']) if self._bridge.transport == 'shm' else None
        if self._bridge.transport == 'shm':
            self._actions = np.frombuffer(buffer, dtype=np.float32, count=int(np.prod(action['shape'])), offset=action['offset']).reshape(action['shape'])
        else:
            self._actions = np.zeros(action['shape'], dtype=np.float32)
        self._terminations_bool = views['terminations'].view(np.bool_)
        self._truncations_bool = views['truncations'].view(np.bool_)

    def _out(self, name: str) -> np.ndarray:
        view = self._views[name]
        return view.copy() if self.copy else view

    # -- the API -------------------------------------------------------------------------------
    def reset(self, *, seed: Optional[int] = None, options: Optional[Dict[str, Any]] = None) -> Tuple[np.ndarray, Dict[str, Any]]:
        """Starts episode 0 of every drone. ``seed``: the batch's seed (same seed, same episodes);
        without one, the first reset uses the constructor's seed and later ones draw a fresh seed
        from ``np_random``. ``options`` is accepted for the API and must be empty or None."""
        self._check_open()
        if options:
            raise ValueError(f'options = {options!r}; accepted: None or {{}} (the batch has no reset options)')
        if seed is not None:
            if not isinstance(seed, (int, np.integer)) or isinstance(seed, bool) or not 0 <= seed <= 0xFFFFFFFF:
                raise ValueError(f'seed = {seed!r}; accepted: a whole number from 0 to 4294967295 (one seed for the batch; drone i draws from (seed, i))')
            self._np_random, self._np_random_seed = seeded_generator(int(seed))
            batch_seed = int(seed)
        elif not self._has_reset:
            batch_seed = self._seed
            self._np_random, self._np_random_seed = seeded_generator(batch_seed)
        else:
            batch_seed = int(self.np_random.integers(0, 2 ** 32))
        self._bridge.request(b'R', {'seed': batch_seed}, into=self._block_view)
        self._has_reset = True
        return self._out('observations'), {'seed': batch_seed, 'episode_step': self._out('episode_step')}

    def step(self, actions: Any) -> Tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, Dict[str, Any]]:
        self._check_open()
        if not self._has_reset:
            raise RuntimeError('call reset() before step(): the episodes have not started')
        self._write_actions(actions)
        if self._bridge.transport == 'shm':
            self._request_counter += 1  # after the actions: the child may be polling this word
            self._bridge.request(b'S')
        else:
            self._bridge.request(b'S', data=memoryview(self._actions).cast('B'), into=self._block_view)
        terminations, truncations = self._terminations_bool, self._truncations_bool
        ended = terminations | truncations
        infos: Dict[str, Any] = {'episode_step': self._out('episode_step')}
        if ended.any():
            # The child packs the ended drones' rows in index order; Gymnasium wants them in place.
            rows = np.flatnonzero(ended)
            final = np.zeros(self._views['observations'].shape, dtype=np.float32)
            final[rows] = self._views['final_observations'][:len(rows)]
            infos['final_obs'] = final
            infos['_final_obs'] = ended
            infos['final_info'] = {
                'final_error': self._views['final_error'].copy(), '_final_error': ended,
                'success': self._views['success'].view(np.bool_).copy(), '_success': ended,
                'status': self._views['status'].copy(), '_status': ended,
            }
        return self._out('observations'), self._out('rewards'), terminations.copy(), truncations.copy(), infos

    def _write_actions(self, actions: Any) -> None:
        try:
            array = np.asarray(actions, dtype=np.float32)
        except (TypeError, ValueError) as error:
            raise SkylineActionError(f'actions: cannot be read as float32 numbers ({error}); accepted: an array of shape ({self.num_envs}, 4)', 'actions') from error
        expected = (self.num_envs, len(self.action_fields))
        if array.shape != expected:
            raise SkylineActionError(f'actions: shape {array.shape}; accepted: {expected} (one {self.rung} command [{", ".join(f["name"] for f in self.action_fields)}] per env)', 'actions')
        target = self._actions
        np.copyto(target, array)
        low, high = self._action_low, self._action_high
        # One pass for both checks in the common case; the slow path only finds what to name.
        if self._uniform_bounds:
            # Whole-array min and max (NaN propagates, so it fails the test too): ~5 us at 16k numbers.
            within = bool(target.min() >= low[0]) and bool(target.max() <= high[0])
        else:
            within = bool(np.all(target >= low)) and bool(np.all(target <= high))
        if not within:
            bad = ~np.isfinite(target) | (target < low) | (target > high)
            env, column = (int(i) for i in np.argwhere(bad)[0])
            field = self.action_fields[column]
            value = float(target[env, column])
            what = 'is not a finite number' if not np.isfinite(value) else 'is out of range'
            raise SkylineActionError(
                f'actions[{env}, {column}] ({self.rung}.{field["name"]} of env {env}) = {value} {what}; accepted: {field["min"]}..{field["max"]} {field["unit"]}',
                f'actions[{env}, {column}]')

    def render(self) -> None:
        return None

    def close(self, **kwargs: Any) -> None:
        """Stops the Node child and frees the shared memory; safe to call twice."""
        if getattr(self, 'closed', True) and not hasattr(self, '_bridge'):
            return
        self.closed = True
        bridge = getattr(self, '_bridge', None)
        if bridge is not None:
            bridge.close()

    def close_extras(self, **kwargs: Any) -> None:
        self.close()

    def _check_open(self) -> None:
        if self.closed or self._bridge.closed:
            raise SkylineBridgeError('this SkylineVectorEnv is closed (or its Node child has exited); create a new one')

    @property
    def pid(self) -> int:
        """The Node child's process id."""
        return self._bridge.pid

    def __enter__(self) -> 'SkylineVectorEnv':
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()

    def __del__(self) -> None:
        try:
            self.close()
        except Exception:
            pass

    def __repr__(self) -> str:
        return f'SkylineVectorEnv(task={self.task!r}, num_envs={self.num_envs}, rung={self.rung!r}, workers={self.workers})'
