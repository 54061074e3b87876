"""skylinesim: Skyline's drones for Python RL (a Gymnasium-style vector env over a binary bridge
to a Node child, single envs, and the delivery fleet over the agent API).

The distribution name ``skylinesim`` was chosen to be distinctive (many unrelated
``skyline-...`` projects are on PyPI). Gymnasium and PettingZoo are optional: with them installed the
classes subclass theirs; without them the same duck-typed classes and spaces are used.
"""
from .node_bridge import SkylineBridgeError, find_skyline_root
from .spaces import GYMNASIUM_AVAILABLE, Box, Dict, Discrete, Text
from .vector_env import AutoresetMode, SkylineActionError, SkylineVectorEnv
from .single_env import SkylineDroneEnv, SkylineHoverEnv, SkylineWaypointsEnv
from .env_checker import check_env, check_vector_env
from .registration import ENV_IDS, register_envs
from .fleet_env import SkylineFleetParallelEnv
from .policy_file import PolicyFileError, SkylinePolicy, load_policy

__version__ = '0.1.0'

__all__ = [
    'SkylineVectorEnv', 'SkylineHoverEnv', 'SkylineWaypointsEnv', 'SkylineDroneEnv', 'check_env', 'check_vector_env', 'SkylineFleetParallelEnv', 'SkylineDeliveryEnv',
    'ENV_IDS', 'register_envs', 'load_policy', 'SkylinePolicy', 'PolicyFileError', 'SkylineActionError', 'SkylineBridgeError', 'AutoresetMode', 'find_skyline_root',
    'Box', 'Dict', 'Discrete', 'Text', 'GYMNASIUM_AVAILABLE', '__version__',
]

register_envs()  # Skyline/Hover-v0 and Skyline/Waypoints-v0 in Gymnasium's registry, when it is installed


def __getattr__(name: str):  # SkylineDeliveryEnv lives in skyline_client (it needs websockets): loaded when asked for
    if name == 'SkylineDeliveryEnv':
        from skyline_client import SkylineDeliveryEnv
        return SkylineDeliveryEnv
    raise AttributeError(f'module skylinesim has no attribute {name!r}')
