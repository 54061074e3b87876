#!/usr/bin/env python3
"""Drone-steps/s of skylinesim.SkylineVectorEnv seen from Python, and of one single env.

The policy costs nothing: one preallocated float32 action array (every motor at the hover
command) passed to every step, so the figure is the env's own rate: the Node child's BatchEnv
step, the crossing of actions and results, and the Python side's checks and copies.

    python3 bench/python-vector-env-bench.py                      # N = 64, 4096, 65536; 2 workers
    python3 bench/python-vector-env-bench.py --sizes 4096 --transport pipe --seconds 3

Prints one line per figure, then one JSON line. `npm run bench -- python` runs it beside the
in-process BatchEnv and prints the ratio.
"""
import argparse
import json
import os
import platform
import sys
import time

import numpy as np

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', 'clients', 'python'))
from skylinesim import SkylineHoverEnv, SkylineVectorEnv  # noqa: E402

HOVER_COMMAND = 0.6667  # normalised motor speed that holds a cf2x up (about its hover command)


def vector_rate(num_envs: int, workers: int, seconds: float, transport: str, copy: bool, spin_us: int) -> dict:
    with SkylineVectorEnv(task='hover', num_envs=num_envs, rung='motors', seed=1, workers=workers, transport=transport, copy=copy, spin_us=spin_us) as env:
        env.reset(seed=1)
        actions = np.full((num_envs, 4), HOVER_COMMAND, dtype=np.float32)
        for _ in range(10):
            env.step(actions)
        child_start, cpu_start = child_cpu_seconds(env.pid), time.process_time()
        steps, start = 0, time.perf_counter()
        while True:
            for _ in range(10):
                env.step(actions)
            steps += 10
            elapsed = time.perf_counter() - start
            if elapsed >= seconds:
                break
        python_cpu = time.process_time() - cpu_start
        child_end = child_cpu_seconds(env.pid)
    # CPU per step moves less with the machine's load than wall time does.
    child_cpu = None if child_start is None or child_end is None else 1e6 * (child_end - child_start) / steps
    return {'num_envs': num_envs, 'workers': workers, 'transport': transport, 'copy': copy, 'spin_us': spin_us, 'steps': steps,
            'seconds': elapsed, 'drone_steps_per_s': num_envs * steps / elapsed, 'us_per_step': 1e6 * elapsed / steps,
            'python_cpu_us_per_step': 1e6 * python_cpu / steps, 'child_cpu_us_per_step': child_cpu}


def child_cpu_seconds(pid: int):
    """User + system CPU of the Node child and its threads (Linux /proc), or None elsewhere."""
    try:
        with open(f'/proc/{pid}/stat') as handle:
            fields = handle.read().rsplit(')', 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf('SC_CLK_TCK')
    except (OSError, ValueError, IndexError):
        return None


def single_rate(seconds: float) -> dict:
    with SkylineHoverEnv() as env:
        env.reset(seed=1)
        action = np.full(4, HOVER_COMMAND, dtype=np.float32)
        steps, start = 0, time.perf_counter()
        while time.perf_counter() - start < seconds:
            _, _, terminated, truncated, _ = env.step(action)
            steps += 1
            if terminated or truncated:
                env.reset()
        elapsed = time.perf_counter() - start
    return {'steps': steps, 'seconds': elapsed, 'steps_per_s': steps / elapsed}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split('\n\n')[0])
    parser.add_argument('--sizes', default='64,4096,65536', help='comma-separated num_envs values (default: 64,4096,65536)')
    parser.add_argument('--workers', type=int, default=2, help='threads of the Node child (default: 2)')
    parser.add_argument('--seconds', type=float, default=1.5, help='timed seconds per figure (default: 1.5)')
    parser.add_argument('--transport', default='shm', choices=['shm', 'pipe'], help='shm: a shared /dev/shm file (default); pipe: arrays inline on the pipes')
    parser.add_argument('--spin-us', type=int, default=0, help='how long the child polls for the next step before it sleeps (default: 0, never)')
    parser.add_argument('--no-copy', action='store_true', help='return views of the shared arrays instead of copies')
    parser.add_argument('--single', action=argparse.BooleanOptionalAction, default=True, help='also measure one SkylineHoverEnv (default: yes)')
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(',') if s]
    figures = {'machine': f'{platform.processor() or platform.machine()} x {os.cpu_count()}, Python {platform.python_version()}, numpy {np.__version__}', 'vector': []}
    print(f'python vector env ({figures["machine"]}; hover, motors rung, constant-action policy)')
    for n in sizes:
        r = vector_rate(n, args.workers, args.seconds, args.transport, not args.no_copy, args.spin_us)
        figures['vector'].append(r)
        cpu = f', CPU {r["python_cpu_us_per_step"]:.0f} us Python + {r["child_cpu_us_per_step"]:.0f} us Node' if r['child_cpu_us_per_step'] is not None else ''
        print(f'  N = {n:>6}, {args.workers} workers, {args.transport:<4}  {r["drone_steps_per_s"]:.3e} drone-steps/s  ({r["us_per_step"]:.0f} us per step{cpu})')
    if args.single:
        s = single_rate(args.seconds)
        figures['single'] = s
        print(f'  single env (Skyline/Hover-v0)      {s["steps_per_s"]:.3e} steps/s')
    print(json.dumps(figures))


if __name__ == '__main__':
    main()
