"""Python client for the Skyline agent protocol (skyline/1, see docs/protocol.md).

JSON-RPC 2.0 over one WebSocket. Depends only on the ``websockets`` package (10.x and newer).

- ``SkylineClient``: asyncio client (``await SkylineClient.connect(url)``, ``async with``).
- ``SkylineClientSync``: the same methods, blocking; it runs its own event loop in a thread.
- ``SkylineDeliveryEnv``: a Gymnasium-style wrapper around a delivery world
  (``reset() -> (obs, info)``, ``step(actions) -> (obs, reward, terminated, truncated, info)``).
  It subclasses ``gymnasium.Env`` and has spaces only when gymnasium is importable.

The token comes from the ``token`` argument or the ``SKYLINE_TOKEN`` environment variable and is
sent in an ``Authorization: Bearer`` header; it is never printed or put into error messages.
"""

from __future__ import annotations

import asyncio
import inspect
import itertools
import json
import os
import sys
import threading
from typing import Any, Awaitable, Callable, Dict, List, Optional, Sequence, Union

import websockets

__all__ = [
    'PROTOCOL',
    'DT',
    'VECTOR_OBSERVATION_SIZE',
    'ERROR_NAMES',
    'SkylineError',
    'SkylineRpcError',
    'SkylineConnectionError',
    'SkylineClient',
    'SkylineClientSync',
    'SkylineDeliveryEnv',
]

PROTOCOL = 'skyline/1'
#: Seconds of simulated time per physics step.
DT = 0.01
#: Length of the ``vector`` observation (agents/observations/vector-observation.ts).
VECTOR_OBSERVATION_SIZE = 34
#: Index of the ``ok`` field in the vector observation (0 once a vehicle has crashed).
OK_INDEX = 14
#: Largest message accepted from the server (world specs and images can be large).
MAX_MESSAGE_BYTES = 64 * 1024 * 1024

#: JSON-RPC error codes of the protocol and their names.
ERROR_NAMES: Dict[int, str] = {
    -32700: 'parse_error',
    -32600: 'invalid_request',
    -32601: 'method_not_found',
    -32602: 'invalid_params',
    -32603: 'internal_error',
    -32001: 'unknown_agent',
    -32002: 'unknown_verb',
    -32003: 'unknown_place',
    -32004: 'not_applicable',
    -32005: 'not_ready',
    -32006: 'wrong_mode',
    -32010: 'rate_limited',
    -32011: 'too_large',
    -32012: 'too_many_sessions',
    -32013: 'work_budget',
    -32014: 'output_backlog',
    -32015: 'too_many_subscriptions',
    -32016: 'world_memory_full',
}

Callback = Callable[[str, Dict[str, Any]], Union[None, Awaitable[None]]]


class SkylineError(Exception):
    """Base class of the client's errors."""


class SkylineRpcError(SkylineError):
    """A JSON-RPC error answered by the server: ``code``, ``message`` and ``data`` (may be None).

    ``data`` carries details such as ``field``, ``known`` and ``closest``.
    """

    def __init__(self, code: int, message: str, data: Any = None) -> None:
        name = ERROR_NAMES.get(code, 'error')
        # The server's message already starts with the error's name ("unknown_place: ..."): say it once.
        text = message if message.startswith(f'{name}:') else f'{name}: {message}'
        super().__init__(f'{code} {text}')
        self.code = code
        self.message = message
        self.data = data

    @property
    def name(self) -> str:
        """The error's name (``'unknown_agent'`` for -32001), or ``'error'`` for an unlisted code."""
        return ERROR_NAMES.get(self.code, 'error')

    @property
    def closest(self) -> List[str]:
        return list((self.data or {}).get('closest') or []) if isinstance(self.data, dict) else []

    @property
    def known(self) -> List[str]:
        return list((self.data or {}).get('known') or []) if isinstance(self.data, dict) else []


class SkylineConnectionError(SkylineError):
    """The connection closed (or failed) before the server answered."""


def _redact(url: str) -> str:
    """The URL without its query string (which may hold a token), for messages."""
    return url.split('?', 1)[0]


def _connect_websocket(url: str, headers: Dict[str, str]) -> Any:
    """Opens a connection with whichever asyncio client this ``websockets`` version has."""
    try:
        from websockets.asyncio.client import connect as new_connect  # websockets >= 13
    except ImportError:
        new_connect = None
    options: Dict[str, Any] = {'max_size': MAX_MESSAGE_BYTES, 'ping_interval': None, 'open_timeout': 30}
    if new_connect is not None:
        return new_connect(url, additional_headers=headers or None, **options)
    return websockets.connect(url, extra_headers=headers or None, **options)


class SkylineClient:
    """Asyncio client of a Skyline server.

    >>> client = await SkylineClient.connect('ws://127.0.0.1:8787')
    >>> reset = await client.reset(seed=7, fleet={'drones': 1, 'robots': 0})
    >>> await client.act('drone-1', text='fly to Depot 2')
    >>> await client.step(100)
    >>> await client.close()
    """

    def __init__(self, websocket: Any, url: str) -> None:
        self._ws = websocket
        self.url = _redact(url)
        self._ids = itertools.count(1)
        self._pending: Dict[int, asyncio.Future] = {}
        self._subscribers: Dict[str, Callback] = {}
        # Notifications for a subscription whose stream.subscribe answer has not arrived yet.
        self._early: Dict[str, List[tuple]] = {}
        self._closed_error: Optional[BaseException] = None
        self._callback_tasks: set = set()  # coroutine callbacks still running (kept referenced)
        # The server sends a world's spec once per connection, then only its id: the copy kept here.
        self._spec: Optional[Dict[str, Any]] = None
        self._reader = asyncio.get_running_loop().create_task(self._read_loop())

    @classmethod
    async def connect(cls, url: str = 'ws://127.0.0.1:8787', token: Optional[str] = None) -> 'SkylineClient':
        """Connects to ``url``; the token (argument, else ``SKYLINE_TOKEN``) goes in a Bearer header."""
        token = token if token is not None else os.environ.get('SKYLINE_TOKEN') or None
        headers = {'Authorization': f'Bearer {token}'} if token else {}
        try:
            websocket = await _connect_websocket(url, headers)
        except Exception as error:  # the library's own errors differ between versions
            status = getattr(error, 'status_code', None) or getattr(getattr(error, 'response', None), 'status_code', None)
            detail = f'HTTP {status}' if status else type(error).__name__
            raise SkylineConnectionError(f'could not connect to {_redact(url)}: {detail}') from None
        return cls(websocket, url)

    async def __aenter__(self) -> 'SkylineClient':
        return self

    async def __aexit__(self, *exc: Any) -> None:
        await self.close()

    # ---- transport -------------------------------------------------------------------------

    async def _read_loop(self) -> None:
        try:
            async for raw in self._ws:
                try:
                    message = json.loads(raw)
                except ValueError:
                    continue
                if isinstance(message, list):  # a batch answer
                    for item in message:
                        self._dispatch(item)
                else:
                    self._dispatch(message)
            self._closed_error = SkylineConnectionError(f'connection to {self.url} closed')
        except Exception as error:
            self._closed_error = SkylineConnectionError(f'connection to {self.url} lost: {type(error).__name__}')
        finally:
            if self._closed_error is None:
                self._closed_error = SkylineConnectionError(f'connection to {self.url} closed')
            for future in self._pending.values():
                if not future.done():
                    future.set_exception(self._closed_error)
            self._pending.clear()

    def _dispatch(self, message: Any) -> None:
        if not isinstance(message, dict):
            return
        if 'method' in message and message.get('id') is None:
            self._notify(message['method'], message.get('params') or {})
            return
        future = self._pending.pop(message.get('id'), None) if isinstance(message.get('id'), int) else None
        if future is None or future.done():
            return
        error = message.get('error')
        if error is not None:
            future.set_exception(SkylineRpcError(int(error.get('code', -32603)), str(error.get('message', '')), error.get('data')))
        else:
            future.set_result(message.get('result'))

    def _notify(self, method: str, params: Dict[str, Any]) -> None:
        subscription = params.get('subscription')
        callback = self._subscribers.get(subscription)
        if callback is None:
            if isinstance(subscription, str):
                early = self._early.setdefault(subscription, [])
                if len(early) < 64:
                    early.append((method, params))
            return
        self._run_callback(callback, method, params)

    def _run_callback(self, callback: Callback, method: str, params: Dict[str, Any]) -> None:
        try:
            result = callback(method, params)
            if inspect.isawaitable(result):
                task = asyncio.ensure_future(result)
                self._callback_tasks.add(task)
                task.add_done_callback(self._callback_done)
        except Exception as error:  # a subscriber's bug must not stop the connection
            print(f'skyline_client: subscriber raised {type(error).__name__}: {error}', file=sys.stderr)

    def _callback_done(self, task: 'asyncio.Future') -> None:
        self._callback_tasks.discard(task)
        if not task.cancelled() and task.exception() is not None:
            error = task.exception()
            print(f'skyline_client: subscriber raised {type(error).__name__}: {error}', file=sys.stderr)

    async def call(self, method: str, params: Optional[Dict[str, Any]] = None) -> Any:
        """Sends one request and returns its result; raises ``SkylineRpcError`` for an error answer."""
        if self._closed_error is not None:
            raise self._closed_error
        request_id = next(self._ids)
        future = asyncio.get_running_loop().create_future()
        self._pending[request_id] = future
        request = {'jsonrpc': '2.0', 'id': request_id, 'method': method, 'params': params or {}}
        try:
            await self._ws.send(json.dumps(request, allow_nan=False))
        except ValueError:
            self._pending.pop(request_id, None)
            raise
        except Exception as error:
            self._pending.pop(request_id, None)
            raise SkylineConnectionError(f'connection to {self.url} lost: {type(error).__name__}') from None
        return await future

    async def close(self) -> None:
        await self._ws.close()
        try:
            await asyncio.wait_for(self._reader, 10)
        except (asyncio.TimeoutError, asyncio.CancelledError):
            self._reader.cancel()

    @property
    def closed(self) -> bool:
        return self._closed_error is not None

    # ---- methods ---------------------------------------------------------------------------

    async def hello(self, client: str = 'skyline-python') -> Dict[str, Any]:
        return await self.call('session.hello', {'client': client})

    async def vocabulary(self, kind: Optional[str] = None) -> Dict[str, Any]:
        return await self.call('vocabulary.list', {'kind': kind} if kind else {})

    async def reset(self, seed: int, world: Optional[Dict[str, Any]] = None, task: str = 'delivery', fleet: Optional[Dict[str, int]] = None) -> Dict[str, Any]:
        params: Dict[str, Any] = {'seed': seed, 'task': task}
        if world is not None:
            params['world'] = world
        if fleet is not None:
            params['fleet'] = fleet
        return await self.call('env.reset', params)

    async def describe_world(self) -> Dict[str, Any]:
        return await self.call('world.describe')

    async def world_spec(self) -> Dict[str, Any]:
        answer = await self.call('world.spec')
        if 'world' not in answer and (self._spec is None or self._spec['worldId'] != answer['worldId']):
            answer = await self.call('world.spec', {'resend': True})
        if 'world' in answer:
            self._spec = answer
        return self._spec['world']

    async def act(self, agent: str, verb: Optional[str] = None, args: Optional[Dict[str, Any]] = None, text: Optional[str] = None) -> Dict[str, Any]:
        """``act(agent, 'fly_to', {'place': 'Depot 2'})`` or ``act(agent, text='fly to Depot 2')``."""
        if (verb is None) == (text is None):
            raise ValueError('act needs exactly one of verb and text')
        if text is not None:
            return await self.call('agent.act', {'agent': agent, 'text': text})
        params: Dict[str, Any] = {'agent': agent, 'verb': verb}
        if args is not None:
            params['args'] = args
        return await self.call('agent.act', params)

    async def step(self, steps: int = 1) -> Dict[str, Any]:
        """Advances a lockstep world ``steps`` physics steps (0.01 s each); returns step, t, events."""
        return await self.call('env.step', {'steps': steps})

    async def observe(self, agent: str, modalities: Sequence[str] = ('json',)) -> Dict[str, Any]:
        return await self.call('agent.observe', {'agent': agent, 'modalities': list(modalities)})

    async def metrics(self) -> Dict[str, float]:
        return (await self.call('metrics.get'))['metrics']

    async def subscribe(self, callback: Callback, every: int = 1, world: str = 'own') -> str:
        """Subscribes to ``stream.world`` and ``stream.frame``; ``callback(method, params)`` runs for
        each (it may be a coroutine function). Returns the subscription id."""
        result = await self.call('stream.subscribe', {'every': every, 'world': world})
        subscription = result['subscription']
        self._subscribers[subscription] = callback
        for method, params in self._early.pop(subscription, []):
            self._run_callback(callback, method, params)
        return subscription

    async def unsubscribe(self, subscription: str) -> Dict[str, Any]:
        result = await self.call('stream.unsubscribe', {'subscription': subscription})
        self._subscribers.pop(subscription, None)
        return result


class SkylineClientSync:
    """Blocking facade of ``SkylineClient``: the same methods, run on an event loop in a thread.

    Subscription callbacks run on that thread.
    """

    def __init__(self, url: str = 'ws://127.0.0.1:8787', token: Optional[str] = None) -> None:
        self._loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self._loop.run_forever, name='skyline-client', daemon=True)
        self._thread.start()
        try:
            self._client: SkylineClient = self._run(SkylineClient.connect(url, token))
        except BaseException:
            self._stop()
            raise

    @classmethod
    def connect(cls, url: str = 'ws://127.0.0.1:8787', token: Optional[str] = None) -> 'SkylineClientSync':
        return cls(url, token)

    def _run(self, coroutine: Awaitable[Any]) -> Any:
        return asyncio.run_coroutine_threadsafe(coroutine, self._loop).result()  # type: ignore[arg-type]

    def _stop(self) -> None:
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join()
        self._loop.close()

    def __enter__(self) -> 'SkylineClientSync':
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()

    def close(self) -> None:
        if self._loop.is_closed():
            return
        try:
            self._run(self._client.close())
        finally:
            self._stop()

    def call(self, method: str, params: Optional[Dict[str, Any]] = None) -> Any:
        return self._run(self._client.call(method, params))

    def hello(self, client: str = 'skyline-python') -> Dict[str, Any]:
        return self._run(self._client.hello(client))

    def vocabulary(self, kind: Optional[str] = None) -> Dict[str, Any]:
        return self._run(self._client.vocabulary(kind))

    def reset(self, seed: int, world: Optional[Dict[str, Any]] = None, task: str = 'delivery', fleet: Optional[Dict[str, int]] = None) -> Dict[str, Any]:
        return self._run(self._client.reset(seed, world, task, fleet))

    def describe_world(self) -> Dict[str, Any]:
        return self._run(self._client.describe_world())

    def world_spec(self) -> Dict[str, Any]:
        return self._run(self._client.world_spec())

    def act(self, agent: str, verb: Optional[str] = None, args: Optional[Dict[str, Any]] = None, text: Optional[str] = None) -> Dict[str, Any]:
        return self._run(self._client.act(agent, verb, args, text))

    def step(self, steps: int = 1) -> Dict[str, Any]:
        return self._run(self._client.step(steps))

    def observe(self, agent: str, modalities: Sequence[str] = ('json',)) -> Dict[str, Any]:
        return self._run(self._client.observe(agent, modalities))

    def metrics(self) -> Dict[str, float]:
        return self._run(self._client.metrics())

    def subscribe(self, callback: Callback, every: int = 1, world: str = 'own') -> str:
        return self._run(self._client.subscribe(callback, every, world))

    def unsubscribe(self, subscription: str) -> Dict[str, Any]:
        return self._run(self._client.unsubscribe(subscription))


try:  # Gymnasium is optional: with it the wrapper is a gymnasium.Env.
    import gymnasium as _gym  # type: ignore
except ImportError:  # pragma: no cover - depends on the machine
    _gym = None
try:  # numpy is optional too: with it observations are float32 arrays and there are spaces.
    import numpy as _np  # type: ignore
except ImportError:  # pragma: no cover - depends on the machine
    _np = None
try:  # Gymnasium's spaces, or skylinesim's stand-ins with the same attributes when it is missing.
    import skylinesim.spaces as _spaces  # type: ignore
except ImportError:  # pragma: no cover - this file used on its own
    _spaces = _gym.spaces if _gym is not None else None

_EnvBase: Any = _gym.Env if _gym is not None else object


class SkylineDeliveryEnv(_EnvBase):  # type: ignore[misc, valid-type]
    """A delivery world on a Skyline server, with Gymnasium's ``reset``/``step`` contract.

    - observation: ``{agent id: vector observation}`` (``VECTOR_OBSERVATION_SIZE`` numbers each;
      float32 arrays when numpy is installed, else lists);
    - action: ``{agent id: action}`` where an action is free text (``'fly to Depot 2'``),
      ``{'text': ...}``, ``{'verb': ..., 'args': {...}}``, or None (keep doing what it does);
      agents left out keep their running skill;
    - each ``step`` sends the actions, then advances ``steps_per_action`` physics steps;
    - reward: the change in the ``net_income`` metric over the step;
    - terminated: no vehicle is ok any more (the vector's ``ok`` field is 0 for every agent);
      truncated: ``max_steps`` physics steps reached (when set);
    - info: ``metrics``, ``events``, ``step``, ``t``, ``acts`` (the server's answers) and
      ``rejected`` (actions refused: agent, code, name, message, data).
    """

    metadata = {'render_modes': []}

    def __init__(self, url: str = 'ws://127.0.0.1:8787', seed: int = 0, fleet: Optional[Dict[str, int]] = None,
                 steps_per_action: int = 100, world: Optional[Dict[str, Any]] = None, max_steps: Optional[int] = None,
                 token: Optional[str] = None) -> None:
        if int(steps_per_action) < 1:
            raise ValueError('steps_per_action must be at least 1')
        self.episode_seed = int(seed)
        self.fleet = fleet
        self.world = world
        self.steps_per_action = int(steps_per_action)
        self.max_steps = max_steps
        self.client = SkylineClientSync(url, token)
        self.agents: List[str] = []
        self.reset_result: Optional[Dict[str, Any]] = None
        self._net_income = 0.0
        self._steps = 0
        self._np_random = None
        if _spaces is not None and _np is not None:
            self._make_spaces(self._agent_ids_for(fleet))

    # The ids the server gives a fleet ("drone-1".., then "robot-1"..); the default fleet is 4 + 2.
    @staticmethod
    def _agent_ids_for(fleet: Optional[Dict[str, int]]) -> List[str]:
        drones, robots = (fleet['drones'], fleet['robots']) if fleet else (4, 2)
        return [f'drone-{i + 1}' for i in range(drones)] + [f'robot-{i + 1}' for i in range(robots)]

    def _make_spaces(self, agents: Sequence[str]) -> None:
        spaces = _spaces
        box = spaces.Box(low=-_np.inf, high=_np.inf, shape=(VECTOR_OBSERVATION_SIZE,), dtype=_np.float32)
        self.observation_space = spaces.Dict({agent: box for agent in agents})
        self.action_space = spaces.Dict({agent: spaces.Text(max_length=500) for agent in agents})

    def _vector(self, values: List[float]) -> Any:
        return _np.asarray(values, dtype=_np.float32) if _np is not None else list(values)

    def _observe(self) -> Dict[str, Any]:
        return {agent: self._vector(self.client.observe(agent, ['vector'])['vector']) for agent in self.agents}

    def reset(self, seed: Optional[int] = None, options: Optional[Dict[str, Any]] = None) -> tuple:
        if _gym is not None:
            super().reset(seed=seed)  # seeds self.np_random, as Gymnasium's contract asks
        elif seed is not None and _np is not None:
            self._np_random = _np.random.Generator(_np.random.PCG64(_np.random.SeedSequence(int(seed))))
        if seed is not None:
            self.episode_seed = int(seed)
        options = options or {}
        fleet = options.get('fleet', self.fleet)
        world = options.get('world', self.world)
        self.reset_result = self.client.reset(self.episode_seed, world=world, fleet=fleet)
        self.agents = [agent['id'] for agent in self.reset_result['agents']]
        if hasattr(self, 'observation_space') and set(self.observation_space.spaces) != set(self.agents):
            self._make_spaces(self.agents)
        metrics = self.client.metrics()
        self._net_income = float(metrics.get('net_income', 0.0))
        self._steps = 0
        info = {'metrics': metrics, 'events': [], 'step': self.reset_result['step'], 't': self.reset_result['t'],
                'agents': self.reset_result['agents'], 'world': self.reset_result['world']}
        return self._observe(), info

    def step(self, actions: Optional[Dict[str, Any]] = None) -> tuple:
        if self.reset_result is None:
            raise RuntimeError('call reset() before step()')
        acts: List[Dict[str, Any]] = []
        rejected: List[Dict[str, Any]] = []
        for agent, action in (actions or {}).items():
            if action is None:
                continue
            try:
                if isinstance(action, str):
                    acts.append(self.client.act(agent, text=action))
                elif isinstance(action, dict) and 'text' in action:
                    acts.append(self.client.act(agent, text=action['text']))
                elif isinstance(action, dict) and 'verb' in action:
                    acts.append(self.client.act(agent, action['verb'], action.get('args')))
                else:
                    raise TypeError(f'the action for {agent} is neither text nor {{verb, args}}: {action!r}')
            except SkylineRpcError as error:
                rejected.append({'agent': agent, 'code': error.code, 'name': error.name, 'message': error.message, 'data': error.data})
        result = self.client.step(self.steps_per_action)
        self._steps += self.steps_per_action
        metrics = self.client.metrics()
        net_income = float(metrics.get('net_income', 0.0))
        reward = net_income - self._net_income
        self._net_income = net_income
        observation = self._observe()
        terminated = bool(self.agents) and all(float(vector[OK_INDEX]) == 0.0 for vector in observation.values())
        truncated = self.max_steps is not None and self._steps >= self.max_steps
        info = {'metrics': metrics, 'events': result['events'], 'step': result['step'], 't': result['t'],
                'acts': acts, 'rejected': rejected}
        return observation, reward, terminated, truncated, info

    if _gym is None:
        @property
        def np_random(self) -> Any:
            """The generator ``reset(seed=)`` seeds (Gymnasium's ``np_random``; unseeded until then)."""
            if self._np_random is None and _np is not None:
                self._np_random = _np.random.Generator(_np.random.PCG64(_np.random.SeedSequence()))
            return self._np_random

    def close(self) -> None:
        self.client.close()
