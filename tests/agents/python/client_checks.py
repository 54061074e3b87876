"""Drives a real Skyline server with the Python client and prints one JSON object of what it saw.

    python3 tests/agents/python/client_checks.py ws://127.0.0.1:PORT

Run by python-client.test.ts, which asserts on the numbers and codes.
"""

from __future__ import annotations

import asyncio
import json
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', '..', '..', 'clients', 'python'))

import websockets  # noqa: E402

from skyline_client import (  # noqa: E402
    VECTOR_OBSERVATION_SIZE,
    SkylineClient,
    SkylineClientSync,
    SkylineDeliveryEnv,
    SkylineRpcError,
)


def error_of(error: SkylineRpcError) -> dict:
    return {'code': error.code, 'name': error.name, 'data': error.data, 'text': str(error)}


async def expect_error(coroutine) -> dict:
    try:
        await coroutine
    except SkylineRpcError as error:
        return error_of(error)
    return {'code': None}


async def async_checks(url: str) -> dict:
    out: dict = {}
    async with await SkylineClient.connect(url) as client:
        out['hello'] = await client.hello()
        out['not_ready'] = await expect_error(client.observe('drone-1', ['json']))
        vocabulary = await client.vocabulary('drone')
        out['vocabulary'] = {'verbs': [v['verb'] if isinstance(v, dict) else v for v in vocabulary['verbs']],
                             'tools': len(vocabulary['tools'])}
        reset = await client.reset(seed=7, fleet={'drones': 2, 'robots': 1})
        out['reset'] = reset
        out['unknown_agent'] = await expect_error(client.act('drone-l', 'takeoff'))
        out['unknown_method'] = await expect_error(client.call('env.teleport', {}))
        out['invalid_params'] = await expect_error(client.step(0))
        out['unknown_verb'] = await expect_error(client.act('drone-1', 'fyl_to', {'place': 'Depot 2'}))
        out['unknown_place'] = await expect_error(client.act('drone-1', text='fly to Depto 9'))
        out['act'] = await client.act('drone-1', 'takeoff', {'altitude': 15})

        received = {'world': 0, 'frames': [], 'dropped': 0}

        def on_message(method: str, params: dict) -> None:
            if method == 'stream.world':
                received['world'] += 1
                received['world_buildings'] = len(params['world']['buildings'])
            elif method == 'stream.frame':
                received['frames'].append(params['frame'].get('step'))
                received['dropped'] += params['dropped']

        subscription = await client.subscribe(on_message, every=10)
        stepped = await client.step(50)
        out['unsubscribe'] = await client.unsubscribe(subscription)
        after = await client.step(50)
        out['stream'] = {**received, 'step_after_subscribed': stepped['step'], 'step_after_unsubscribed': after['step']}
        observation = await client.observe('drone-1', ['json', 'text', 'vector'])
        out['observe'] = {'step': observation['step'], 't': observation['t'], 'vector_length': len(observation['vector']),
                          'position': observation['json']['position'], 'text_chars': len(observation['text'])}
        out['world_spec_buildings'] = len((await client.world_spec())['buildings'])
        # Asked again: the server sends only the world's id, the client answers from its copy.
        out['world_spec_again_buildings'] = len((await client.world_spec())['buildings'])
        out['places'] = len((await client.describe_world())['places'])
        out['metrics_keys'] = sorted(await client.metrics())
    out['closed_error'] = None
    try:
        await client.hello()
    except Exception as error:  # the connection is closed: a client error, not a hang
        out['closed_error'] = type(error).__name__
    return out


def sync_checks(url: str) -> dict:
    with SkylineClientSync(url) as client:
        hello = client.hello()
        reset = client.reset(seed=3, fleet={'drones': 1, 'robots': 0})
        stepped = client.step(20)
        try:
            client.act('drone-9', 'land')
            unknown = None
        except SkylineRpcError as error:
            unknown = error_of(error)
    return {'protocol': hello['protocol'], 'agents': [a['id'] for a in reset['agents']], 'step': stepped['step'], 'unknown_agent': unknown}


def gym_checks(url: str) -> dict:
    env = SkylineDeliveryEnv(url, seed=7, fleet={'drones': 2, 'robots': 1}, steps_per_action=100)
    try:
        obs, info = env.reset()
        first = {'agents': sorted(obs), 'lengths': sorted({len(v) for v in obs.values()}), 't': info['t'], 'step': info['step']}
        income0 = info['metrics']['net_income']
        obs, reward, terminated, truncated, info = env.step({
            'drone-1': 'take off to 20 m',
            'robot-1': {'verb': 'wait', 'args': {'s': 5}},
            'drone-2': 'teleport to the moon',
        })
        second = {'t': info['t'], 'step': info['step'], 'reward': reward, 'net_income_change': info['metrics']['net_income'] - income0,
                  'terminated': terminated, 'truncated': truncated, 'acts': [a['actions'][0]['verb'] for a in info['acts']],
                  'rejected': [{'agent': r['agent'], 'code': r['code']} for r in info['rejected']],
                  'drone_1_z': float(obs['drone-1'][2]), 'lengths': sorted({len(v) for v in obs.values()})}
        obs, reward, terminated, truncated, info = env.step({})
        third = {'t': info['t'], 'step': info['step'], 'drone_1_z': float(obs['drone-1'][2])}
        obs, info = env.reset(seed=8)
        again = {'t': info['t'], 'world_seed': info['world']['seed']}
    finally:
        env.close()
    return {'reset': first, 'step': second, 'step2': third, 'reset2': again}


def main() -> None:
    url = sys.argv[1]
    result = {'websockets': websockets.__version__, 'vector_size': VECTOR_OBSERVATION_SIZE}
    result['async'] = asyncio.run(async_checks(url))
    result['sync'] = sync_checks(url)
    result['gym'] = gym_checks(url)
    print(json.dumps(result))


if __name__ == '__main__':
    main()
