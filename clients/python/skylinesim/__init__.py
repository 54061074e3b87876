"""skylinesim: Skyline's drones for Python RL (a Gymnasium-style vector env over a binary bridge
to a Node child, single envs, and the delivery fleet over the agent API).

The distribution name ``skylinesim`` was chosen to be distinctive (Skyline alone is taken on
PyPI by unrelated projects). Gymnasium and PettingZoo are optional: with them installed the
classes subclass theirs; without them the same duck-typed classes and spaces are used.
"""
from .node_bridge import SkylineBridgeError, find_skyline_root
from .spaces import GYMNASIUM_AVAILABLE, Box, Dict, Discrete, Text
from .vector_env import AutoresetMode, SkylineActionError, SkylineVectorEnv

__version__ = '0.1.0'

__all__ = [
    'SkylineVectorEnv', 'SkylineActionError', 'SkylineBridgeError', 'AutoresetMode', 'find_skyline_root',
    'Box', 'Dict', 'Discrete', 'Text', 'GYMNASIUM_AVAILABLE', '__version__',
]
