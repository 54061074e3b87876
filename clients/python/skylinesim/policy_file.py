"""Policies trained by ``npx skyline train``, read and flown from Python.

The file is Skyline's JSON policy format (``format: "skyline-policy"``, version 1;
sim/policies/policy-file.ts): observation normalisation, dense layers with row-major weights,
and how the network's outputs become rung commands. The forward pass here is the one Node runs
(float64 maths, commands rounded to float32 and kept inside the rung's bounds).
"""
from __future__ import annotations

import json
from pathlib import Path
from typing import Any, Dict, List, Optional, Union

import numpy as np

POLICY_FILE_FORMAT = 'skyline-policy'
POLICY_FILE_VERSION = 1


class PolicyFileError(ValueError):
    """A policy file that breaks a rule of the format; the message names the field."""


def _numbers(value: Any, field: str, size: int) -> np.ndarray:
    array = np.asarray(value, dtype=np.float64)
    if array.shape != (size,) or not np.all(np.isfinite(array)):
        raise PolicyFileError(f'{field}: expected {size} finite numbers; got {array.shape[0] if array.ndim == 1 else array.shape}')
    return array


class SkylinePolicy:
    """A trained policy: ``policy(observations)`` gives the commands for a batch of drones."""

    def __init__(self, data: Dict[str, Any], source: str = 'policy file') -> None:
        if data.get('format') != POLICY_FILE_FORMAT:
            raise PolicyFileError(f'{source}: format = {data.get("format")!r}; accepted: {POLICY_FILE_FORMAT!r} (a file `npx skyline train` writes)')
        if data.get('version') != POLICY_FILE_VERSION:
            raise PolicyFileError(f'{source}: version = {data.get("version")!r}; accepted: {POLICY_FILE_VERSION}')
        self.task: str = data['task']
        self.rung: str = data['rung']
        self.params: str = data.get('param_set', 'cf2x')
        self.spawn: Optional[str] = data.get('spawn')
        self.metrics: Dict[str, Any] = data.get('metrics', {})
        obs = data['observation']
        size = int(obs['size'])
        self.observation_size = size
        self.mean = _numbers(obs['mean'], 'observation.mean', size)
        self.std = _numbers(obs['std'], 'observation.std', size)
        self.clip = float(obs['clip'])
        self.layers: List[Dict[str, Any]] = []
        width = size
        for index, layer in enumerate(data['network']['layers']):
            if int(layer['input']) != width:
                raise PolicyFileError(f'network.layers[{index}].input = {layer["input"]}; accepted: {width} (the previous output)')
            out = int(layer['output'])
            weights = _numbers(layer['weights'], f'network.layers[{index}].weights', out * width).reshape(out, width)
            if layer['activation'] not in ('tanh', 'linear'):
                raise PolicyFileError(f'network.layers[{index}].activation = {layer["activation"]!r}; accepted: tanh, linear')
            self.layers.append({'weights': weights, 'bias': _numbers(layer['bias'], f'network.layers[{index}].bias', out), 'tanh': layer['activation'] == 'tanh'})
            width = out
        action = data['action']
        self.action_size = int(action['size'])
        if width != self.action_size:
            raise PolicyFileError(f'action.size = {self.action_size}; accepted: {width} (the last layer\'s output)')
        self.squash: str = action['squash']
        self.offset = _numbers(action['offset'], 'action.offset', self.action_size)
        self.scale = _numbers(action['scale'], 'action.scale', self.action_size)
        self.low: Optional[np.ndarray] = None
        self.high: Optional[np.ndarray] = None

    def __call__(self, observations: np.ndarray) -> np.ndarray:
        x = np.clip((np.asarray(observations, dtype=np.float64) - self.mean) / self.std, -self.clip, self.clip)
        for layer in self.layers:
            x = x @ layer['weights'].T + layer['bias']
            if layer['tanh']:
                x = np.tanh(x)
        squashed = np.tanh(x) if self.squash == 'tanh' else np.clip(x, -1, 1)
        commands = (self.offset + self.scale * squashed).astype(np.float32)
        if self.low is not None:
            commands = np.clip(commands, self.low, self.high)
        return commands

    def make_env(self, num_envs: int = 1024, **kwargs: Any) -> Any:
        """A SkylineVectorEnv for what the policy flies (task, rung, parameter set, spawn); kwargs go to it."""
        from .vector_env import SkylineVectorEnv
        options = {'task': self.task, 'rung': self.rung, 'params': self.params, 'spawn': self.spawn, **kwargs}
        env = SkylineVectorEnv(num_envs=num_envs, **options)
        self.bind(env)
        return env

    def bind(self, env: Any) -> 'SkylinePolicy':
        """Keeps commands inside ``env``'s action bounds (as float32 values the env accepts)."""
        if env.rung != self.rung:
            raise PolicyFileError(f'the policy commands the {self.rung} rung; the env takes {env.rung}: make it with rung={self.rung!r}')
        self.low, self.high = env.single_action_space.low, env.single_action_space.high
        return self

    def __repr__(self) -> str:
        widths = [layer['weights'].shape[0] for layer in self.layers]
        return f'SkylinePolicy(task={self.task!r}, rung={self.rung!r}, layers={widths})'


def load_policy(path: Union[str, Path]) -> SkylinePolicy:
    """Reads a policy file (``npx skyline train --out policy.json``)."""
    try:
        data = json.loads(Path(path).read_text())
    except (OSError, json.JSONDecodeError) as error:
        raise PolicyFileError(f'{path}: cannot read a policy from it ({error}); accepted: a JSON file `npx skyline train --out {path}` writes') from error
    if not isinstance(data, dict):
        raise PolicyFileError(f'{path}: not a JSON object; accepted: a policy file')
    try:
        return SkylinePolicy(data, str(path))
    except KeyError as error:
        raise PolicyFileError(f'{path}: missing field {error}') from None
