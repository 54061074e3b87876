#!/usr/bin/env python3
"""A numpy random policy on SkylineVectorEnv: drones flying random motor commands, steps/s printed.

    python3 clients/python/examples/random_policy.py                      # 4096 drones, 2 workers, 5 s
    python3 clients/python/examples/random_policy.py --num-envs 64 --seconds 2 --task waypoints
"""
import argparse
import os
import sys
import time

import numpy as np

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), '..'))  # the package from this checkout
from skylinesim import SkylineVectorEnv  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description='Random motor commands on a batch of Skyline drones; prints drone-steps/s.')
    parser.add_argument('--task', default='hover', help='hover or waypoints (default: hover)')
    parser.add_argument('--num-envs', type=int, default=4096, help='drones stepped together (default: 4096)')
    parser.add_argument('--workers', type=int, default=2, help='threads of the Node child (default: 2)')
    parser.add_argument('--seconds', type=float, default=5.0, help='how long to run (default: 5)')
    parser.add_argument('--seed', type=int, default=0, help='seed of the episodes and of the policy (default: 0)')
    args = parser.parse_args()

    rng = np.random.default_rng(args.seed)
    with SkylineVectorEnv(task=args.task, num_envs=args.num_envs, rung='motors', seed=args.seed, workers=args.workers) as env:
        obs, info = env.reset(seed=args.seed)
        print(f'{env.num_envs} drones, task {env.task}, observations {obs.shape} {obs.dtype}, actions {env.action_space.shape} in '
              f'{env.single_action_space.low[0]}..{env.single_action_space.high[0]} (motors), autoreset {env.metadata["autoreset_mode"].name}')
        # Random commands around the hover command (about 0.67), drawn ahead so that the loop measures the env.
        actions = np.clip(0.67 + 0.1 * rng.standard_normal((16, env.num_envs, 4)), 0, 1).astype(np.float32)
        steps, episodes, successes, returns = 0, 0, 0, np.zeros(env.num_envs)
        start = last = time.perf_counter()
        while True:
            obs, rewards, terminations, truncations, infos = env.step(actions[steps % 16])
            steps += 1
            returns += rewards
            ended = terminations | truncations
            if ended.any():
                episodes += int(ended.sum())
                successes += int(infos['final_info']['success'][ended].sum())
                returns[ended] = 0
            now = time.perf_counter()
            if now - last >= 1 or now - start >= args.seconds:
                print(f't = {now - start:4.1f} s  {steps:6d} steps  {env.num_envs * steps / (now - start):.3e} drone-steps/s  '
                      f'episodes ended {episodes} (successes {successes})')
                last = now
            if now - start >= args.seconds:
                break
    print(f'done: {env.num_envs * steps} drone-steps in {now - start:.2f} s = {env.num_envs * steps / (now - start):.3e} drone-steps/s')


if __name__ == '__main__':
    main()
