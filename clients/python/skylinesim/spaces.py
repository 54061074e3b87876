"""Spaces: Gymnasium's own when it is importable, else small stand-ins with the same attributes.

The stand-ins (``Box``, ``Discrete``, ``Dict``, ``Text``) have what vector envs and trainers read:
``shape``, ``dtype``, ``low``/``high`` (Box), ``n`` (Discrete), ``spaces`` (Dict), ``seed()``,
``sample()``, ``contains()`` / ``in`` and ``np_random``. Their sampling follows Gymnasium's rules
(uniform inside finite bounds, normal on unbounded axes), seeded the same way.
"""
from __future__ import annotations

from typing import Any, Dict as TypingDict, Optional, Sequence, Tuple

import numpy as np

try:  # pragma: no cover - depends on the machine
    import gymnasium as _gymnasium
    from gymnasium import spaces as _gym_spaces
except ImportError:  # pragma: no cover
    _gymnasium = None
    _gym_spaces = None

GYMNASIUM_AVAILABLE = _gymnasium is not None


def seeded_generator(seed: Optional[int]) -> Tuple[np.random.Generator, int]:
    """The generator Gymnasium's ``seeding.np_random(seed)`` returns, and the seed it used."""
    if seed is not None and (not isinstance(seed, (int, np.integer)) or seed < 0):
        raise ValueError(f'seed = {seed!r}; accepted: None or a whole number >= 0')
    sequence = np.random.SeedSequence(None if seed is None else int(seed))
    return np.random.Generator(np.random.PCG64(sequence)), int(sequence.entropy)


class Space:
    """What every stand-in space shares: a shape, a dtype and a seeded generator."""

    def __init__(self, shape: Optional[Sequence[int]], dtype: Any, seed: Optional[int] = None) -> None:
        self._shape = None if shape is None else tuple(int(s) for s in shape)
        self.dtype = None if dtype is None else np.dtype(dtype)
        self._np_random: Optional[np.random.Generator] = None
        if seed is not None:
            self.seed(seed)

    @property
    def shape(self) -> Optional[Tuple[int, ...]]:
        return self._shape

    @property
    def np_random(self) -> np.random.Generator:
        if self._np_random is None:
            self.seed()
        return self._np_random  # type: ignore[return-value]

    def seed(self, seed: Optional[int] = None) -> Any:
        self._np_random, used = seeded_generator(seed)
        return [used]

    def __contains__(self, x: Any) -> bool:
        return self.contains(x)

    def contains(self, x: Any) -> bool:  # pragma: no cover - overridden
        raise NotImplementedError

    def sample(self, mask: Any = None) -> Any:  # pragma: no cover - overridden
        raise NotImplementedError


class Box(Space):
    """A box in R^n: ``low <= x <= high`` elementwise, with a shape and a dtype."""

    def __init__(self, low: Any, high: Any, shape: Optional[Sequence[int]] = None, dtype: Any = np.float32, seed: Optional[int] = None) -> None:
        dtype = np.dtype(dtype)
        if shape is None:
            shape = np.shape(low) if np.ndim(low) else np.shape(high)
        shape = tuple(int(s) for s in shape)
        self.low = np.full(shape, low, dtype=dtype) if np.isscalar(low) else np.asarray(low, dtype=dtype).reshape(shape)
        self.high = np.full(shape, high, dtype=dtype) if np.isscalar(high) else np.asarray(high, dtype=dtype).reshape(shape)
        if np.any(self.low > self.high):
            raise ValueError('Box: low must not exceed high anywhere')
        self.bounded_below = -np.inf < self.low
        self.bounded_above = np.inf > self.high
        super().__init__(shape, dtype, seed)

    def is_bounded(self, manner: str = 'both') -> bool:
        below, above = bool(np.all(self.bounded_below)), bool(np.all(self.bounded_above))
        return {'both': below and above, 'below': below, 'above': above}[manner]

    def sample(self, mask: Any = None) -> np.ndarray:
        rng = self.np_random
        out = np.empty(self.shape, dtype=np.float64)
        both = self.bounded_below & self.bounded_above
        below_only = self.bounded_below & ~self.bounded_above
        above_only = ~self.bounded_below & self.bounded_above
        neither = ~self.bounded_below & ~self.bounded_above
        out[neither] = rng.normal(size=neither[neither].shape)
        out[below_only] = self.low[below_only] + rng.exponential(size=below_only[below_only].shape)
        out[above_only] = self.high[above_only] - rng.exponential(size=above_only[above_only].shape)
        out[both] = rng.uniform(self.low[both], self.high[both], size=both[both].shape)
        return out.astype(self.dtype)

    def contains(self, x: Any) -> bool:
        if not isinstance(x, np.ndarray):
            try:
                x = np.asarray(x, dtype=self.dtype)
            except (ValueError, TypeError):
                return False
        return bool(np.can_cast(x.dtype, self.dtype) and x.shape == self.shape and np.all(x >= self.low) and np.all(x <= self.high))

    def __repr__(self) -> str:
        return f'Box({self.low.min()}, {self.high.max()}, {self.shape}, {self.dtype})'

    def __eq__(self, other: Any) -> bool:
        return isinstance(other, Box) and self.shape == other.shape and self.dtype == other.dtype \
            and np.array_equal(self.low, other.low) and np.array_equal(self.high, other.high)


class Discrete(Space):
    """The whole numbers ``start .. start + n - 1``."""

    def __init__(self, n: int, seed: Optional[int] = None, start: int = 0) -> None:
        if int(n) < 1:
            raise ValueError(f'Discrete: n = {n}; accepted: a whole number >= 1')
        self.n = np.int64(n)
        self.start = np.int64(start)
        super().__init__((), np.int64, seed)

    def sample(self, mask: Any = None) -> np.int64:
        return np.int64(self.start + self.np_random.integers(self.n))

    def contains(self, x: Any) -> bool:
        if isinstance(x, (int, np.integer)) or (isinstance(x, np.ndarray) and x.shape == () and np.issubdtype(x.dtype, np.integer)):
            return bool(self.start <= int(x) < self.start + self.n)
        return False

    def __repr__(self) -> str:
        return f'Discrete({self.n})' if self.start == 0 else f'Discrete({self.n}, start={self.start})'

    def __eq__(self, other: Any) -> bool:
        return isinstance(other, Discrete) and self.n == other.n and self.start == other.start


class Text(Space):
    """Strings of ``min_length .. max_length`` characters (free-text actions)."""

    CHARSET = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 '

    def __init__(self, max_length: int, min_length: int = 1, seed: Optional[int] = None) -> None:
        self.max_length = int(max_length)
        self.min_length = int(min_length)
        super().__init__(None, None, seed)

    def sample(self, mask: Any = None) -> str:
        length = int(self.np_random.integers(self.min_length, self.max_length + 1))
        return ''.join(self.np_random.choice(list(self.CHARSET), size=length))

    def contains(self, x: Any) -> bool:
        return isinstance(x, str) and self.min_length <= len(x) <= self.max_length

    def __repr__(self) -> str:
        return f'Text({self.min_length}, {self.max_length})'


class Dict(Space):
    """A dictionary of named sub-spaces."""

    def __init__(self, spaces: TypingDict[str, Space], seed: Optional[int] = None) -> None:
        self.spaces = dict(spaces)
        super().__init__(None, None, None)
        if seed is not None:
            self.seed(seed)

    def seed(self, seed: Optional[int] = None) -> Any:
        used = super().seed(seed)
        for index, space in enumerate(self.spaces.values()):
            space.seed(int(self.np_random.integers(2 ** 31)) if seed is not None else None)
        return used

    def sample(self, mask: Any = None) -> TypingDict[str, Any]:
        return {key: space.sample() for key, space in self.spaces.items()}

    def contains(self, x: Any) -> bool:
        return isinstance(x, dict) and x.keys() == self.spaces.keys() and all(x[k] in s for k, s in self.spaces.items())

    def __getitem__(self, key: str) -> Space:
        return self.spaces[key]

    def keys(self) -> Any:
        return self.spaces.keys()

    def __repr__(self) -> str:
        return 'Dict(' + ', '.join(f'{k!r}: {s}' for k, s in self.spaces.items()) + ')'


if GYMNASIUM_AVAILABLE:  # pragma: no cover - Gymnasium's own spaces where it is installed
    Box = _gym_spaces.Box  # type: ignore[misc,assignment]  # noqa: F811
    Discrete = _gym_spaces.Discrete  # type: ignore[misc,assignment]  # noqa: F811
    Dict = _gym_spaces.Dict  # type: ignore[misc,assignment]  # noqa: F811
    Text = _gym_spaces.Text  # type: ignore[misc,assignment]  # noqa: F811
    Space = _gym_spaces.Space  # type: ignore[misc,assignment]  # noqa: F811
