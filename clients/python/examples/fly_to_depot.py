#!/usr/bin/env python3
"""Fly a drone to a depot by free text and watch it arrive.

    /usr/bin/python3 clients/python/examples/fly_to_depot.py [URL] [SEED]

URL defaults to ws://127.0.0.1:8787 (start the server with `npx skyline serve`), SEED to 7.
A token, when the server wants one, comes from SKYLINE_TOKEN.

It resets a delivery world with one drone, sends {"agent": "drone-1", "text": "fly to <depot>"}
for a depot other than the drone's home, steps the world 100 steps (1 s) at a time until the
skill has ended, and checks that the drone landed inside the depot's yard within 2 m of the
landing spot the skill chose (in a depot's yard each visiting drone has its own parking spot).
Exit code 0 when it arrived, 1 when it did not within the bound, 2 when it could not connect.
"""

from __future__ import annotations

import asyncio
import math
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), '..'))

from skyline_client import DT, SkylineClient, SkylineError  # noqa: E402

CHUNK = 100  # physics steps per env.step call (1 s of simulated time)
MAX_SECONDS = 900  # give up after this much simulated time
ARRIVAL_RADIUS = 2.0  # metres, horizontally, from the landing spot


def horizontal(a, b) -> float:
    return math.hypot(a[0] - b[0], a[1] - b[1])


async def main(url: str, seed: int) -> int:
    try:
        client = await SkylineClient.connect(url)
    except SkylineError as error:
        print(f'error: {error} (is `npx skyline serve` running?)', file=sys.stderr)
        return 2
    async with client:
        hello = await client.hello()
        print(f"connected: {hello['server']} {hello['version']}, protocol {hello['protocol']}, mode {hello['mode']}")
        reset = await client.reset(seed=seed, task='delivery', fleet={'drones': 1, 'robots': 0})
        drone = next(agent for agent in reset['agents'] if agent['kind'] == 'drone')
        depots = reset['world']['depots']
        depot = next((name for name in depots if name != drone['home']), depots[0])
        places = (await client.describe_world())['places']
        depot_position = next(place['position'] for place in places if place['name'] == depot)
        yard = next(d for d in (await client.world_spec())['depots'] if d['name'] == depot)
        print(f"city {reset['world']['seed']}: {len(depots)} depots; {drone['id']} starts at {drone['home']}")

        act = await client.act(drone['id'], text=f'fly to {depot}')
        print(f"sent \"fly to {depot}\": {act['skill']} ({', '.join(a['verb'] for a in act['actions'])}, grounded by {act.get('groundedBy')})")
        state = (await client.observe(drone['id'], ['json']))['json']
        spot = state.get('target') or depot_position
        print(f'landing spot ({spot[0]:.1f}, {spot[1]:.1f}), {horizontal(spot, depot_position):.1f} m from the depot centre')

        t = float(reset['t'])
        while t < MAX_SECONDS:
            result = await client.step(CHUNK)
            t = float(result['t'])
            for event in result['events']:
                if event.get('agent') == drone['id'] and event['kind'] in ('skill_done', 'skill_failed', 'crash'):
                    print(f"t={event['t']:.1f} s {event['kind']} {event.get('text') or ''}".rstrip())
            state = (await client.observe(drone['id'], ['json']))['json']
            position = state['position']
            if round(t / DT) % (10 * CHUNK) == 0:
                print(f"t={t:6.1f} s  position ({position[0]:7.1f}, {position[1]:7.1f}, {position[2]:6.1f})  "
                      f"{horizontal(position, depot_position):6.1f} m to {depot}  battery {state['battery']:.2f}")
            if state['skill'] is None:
                break

        distance = horizontal(position, spot)
        in_yard = yard['minX'] <= position[0] <= yard['maxX'] and yard['minY'] <= position[1] <= yard['maxY']
        if state['skill'] is None and state['status'] == 'ok' and distance < ARRIVAL_RADIUS and in_yard:
            print(f'arrived at {depot} after {t:.1f} s (distance {distance:.2f} m)')
            print(f'landed {horizontal(position, depot_position):.1f} m from the depot centre, inside its yard')
            return 0
        why = 'its skill is still running' if state['skill'] is not None else f"status {state['status']}, {distance:.1f} m from the landing spot, {'inside' if in_yard else 'outside'} the yard"
        print(f'error: {drone["id"]} did not arrive at {depot} after {t:.1f} s: {why}', file=sys.stderr)
        return 1


if __name__ == '__main__':
    url = sys.argv[1] if len(sys.argv) > 1 else 'ws://127.0.0.1:8787'
    seed = int(sys.argv[2]) if len(sys.argv) > 2 else 7
    sys.exit(asyncio.run(main(url, seed)))
