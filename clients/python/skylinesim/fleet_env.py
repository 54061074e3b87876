"""The delivery fleet as a PettingZoo-style parallel env, over Skyline's agent API (WebSocket).

Every drone and robot is an agent. ``reset(seed=, options=)`` returns per-agent dicts of
observations and infos; ``step({agent: action})`` returns per-agent dicts of observations,
rewards, terminations, truncations and infos. An action is free text (``'fly to Depot 2'``), a
``{'verb': ..., 'args': {...}}`` dict, or None (keep the running skill). The reward is the
team's: the change of the fleet's ``net_income`` over the step, the same for every agent (the
fleet earns together). An agent terminates when its vehicle is no longer ok (crashed); every
agent truncates after ``max_steps`` physics steps. Ended agents leave ``agents``.

It needs a lockstep server (``npx skyline serve``) and the ``websockets`` package. With PettingZoo
installed the class subclasses ``pettingzoo.ParallelEnv``.
"""
from __future__ import annotations

from typing import Any, Dict, List, Optional, Tuple

import numpy as np

from .spaces import seeded_generator

try:  # pragma: no cover - depends on the machine
    from pettingzoo import ParallelEnv as _ParallelBase
except ImportError:  # pragma: no cover
    _ParallelBase = object


class SkylineFleetParallelEnv(_ParallelBase):  # type: ignore[misc,valid-type]
    """Drones and robots of one delivery world, stepped together (PettingZoo's parallel API)."""

    metadata: Dict[str, Any] = {'render_modes': [], 'name': 'skyline_delivery_fleet_v0', 'is_parallelizable': True}
    render_mode = None

    def __init__(self, url: str = 'ws://127.0.0.1:8787', seed: int = 0, fleet: Optional[Dict[str, int]] = None,
                 steps_per_action: int = 100, world: Optional[Dict[str, Any]] = None, max_steps: Optional[int] = None,
                 token: Optional[str] = None) -> None:
        from skyline_client import OK_INDEX, SkylineDeliveryEnv  # the websockets client; imported here so numpy-only users never need it
        self._ok_index = OK_INDEX
        self._env = SkylineDeliveryEnv(url, seed=seed, fleet=fleet, steps_per_action=steps_per_action, world=world, max_steps=max_steps, token=token)
        self.possible_agents: List[str] = list(self._env.observation_space.spaces)
        self.agents: List[str] = []
        self._np_random: Optional[np.random.Generator] = None

    def observation_space(self, agent: str) -> Any:
        return self._env.observation_space.spaces[self._known(agent)]

    def action_space(self, agent: str) -> Any:
        return self._env.action_space.spaces[self._known(agent)]

    @property
    def observation_spaces(self) -> Dict[str, Any]:
        return dict(self._env.observation_space.spaces)

    @property
    def action_spaces(self) -> Dict[str, Any]:
        return dict(self._env.action_space.spaces)

    @property
    def num_agents(self) -> int:
        return len(self.agents)

    @property
    def max_num_agents(self) -> int:
        return len(self.possible_agents)

    @property
    def np_random(self) -> np.random.Generator:
        if self._np_random is None:
            self._np_random, _ = seeded_generator(None)
        return self._np_random

    @property
    def client(self) -> Any:
        """The blocking agent-API client (``SkylineClientSync``) for anything beyond the env: places, images, streams."""
        return self._env.client

    def reset(self, seed: Optional[int] = None, options: Optional[Dict[str, Any]] = None) -> Tuple[Dict[str, np.ndarray], Dict[str, Dict[str, Any]]]:
        if seed is not None:
            self._np_random, _ = seeded_generator(seed)
        obs, info = self._env.reset(seed=seed, options=options)
        self.possible_agents = list(self._env.observation_space.spaces)
        self.agents = list(obs)
        self.world_info = info
        kinds = {agent['id']: agent for agent in info.get('agents', [])}
        return obs, {agent: {'agent': kinds.get(agent, {}), 't': info['t'], 'step': info['step']} for agent in self.agents}

    def step(self, actions: Dict[str, Any]) -> Tuple[Dict[str, np.ndarray], Dict[str, float], Dict[str, bool], Dict[str, bool], Dict[str, Dict[str, Any]]]:
        if not self.agents:
            raise RuntimeError('no agent is live: call reset() first (or again, after every agent ended)')
        unknown = [agent for agent in (actions or {}) if agent not in self.agents]
        if unknown:
            raise KeyError(f'actions for {unknown}, which are not live agents; accepted: {self.agents}')
        live = list(self.agents)
        obs, reward, all_down, truncated, info = self._env.step(actions)
        rejected = {r['agent']: r for r in info['rejected']}
        obs = {agent: obs[agent] for agent in live}
        rewards = {agent: float(reward) for agent in live}
        terminations = {agent: bool(all_down or float(obs[agent][self._ok_index]) == 0.0) for agent in live}
        truncations = {agent: bool(truncated) for agent in live}
        infos = {agent: {'t': info['t'], 'step': info['step'], 'metrics': info['metrics'], **({'rejected': rejected[agent]} if agent in rejected else {})} for agent in live}
        self.agents = [agent for agent in live if not (terminations[agent] or truncations[agent])]
        return obs, rewards, terminations, truncations, infos

    def state(self) -> np.ndarray:
        """Every possible agent's vector observation side by side (zeros for agents not live)."""
        size = self.observation_space(self.possible_agents[0]).shape[0]
        rows = [self._env.client.observe(agent, ['vector'])['vector'] if agent in self.agents else [0.0] * size for agent in self.possible_agents]
        return np.asarray(rows, dtype=np.float32).reshape(-1)

    def render(self) -> None:
        return None

    def close(self) -> None:
        self._env.close()

    def _known(self, agent: str) -> str:
        if agent not in self._env.observation_space.spaces:
            raise KeyError(f'agent {agent!r} is unknown; accepted: {self.possible_agents}')
        return agent
