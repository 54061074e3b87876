"""Gymnasium ids for the single envs: ``Skyline/Hover-v0`` and ``Skyline/Waypoints-v0``.

Installed with pip, Gymnasium finds this through the ``gymnasium.envs`` entry point; from a plain
``PYTHONPATH``, ``import skylinesim`` registers them. Without Gymnasium this does nothing.
"""
from __future__ import annotations

ENV_IDS = {
    'Skyline/Hover-v0': 'skylinesim.single_env:SkylineHoverEnv',
    'Skyline/Waypoints-v0': 'skylinesim.single_env:SkylineWaypointsEnv',
}


def register_envs() -> None:
    try:
        import gymnasium
    except ImportError:
        return
    for env_id, entry_point in ENV_IDS.items():
        if env_id not in gymnasium.registry:
            gymnasium.register(id=env_id, entry_point=entry_point, max_episode_steps=None)
