#!/usr/bin/env python3
"""Flies a policy trained by `npx skyline train` on SkylineVectorEnv, from Python, and scores it.

    npx skyline train --task hover --out policy.json                 # Node: PPO on the batched env
    python3 clients/python/examples/fly_trained_policy.py policy.json  # Python: one episode per drone

The policy's forward pass runs in numpy (skylinesim.load_policy); the env is made for what the
file flies (task, rung, parameter set, spawn). Prints the success rate and mean final error of
the episodes that ended, and the drone-steps/s with the policy in the loop.
"""
import argparse
import os
import sys
import time

import numpy as np

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), '..'))
from skylinesim import load_policy  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description='Fly a `skyline train` policy file from Python.')
    parser.add_argument('policy', help='the policy JSON file (npx skyline train --out policy.json)')
    parser.add_argument('--num-envs', type=int, default=1024, help='drones, one episode each (default: 1024)')
    parser.add_argument('--workers', type=int, default=2, help='threads of the Node child (default: 2)')
    parser.add_argument('--seed', type=int, default=12345, help='episode seed, unseen in training by default (default: 12345)')
    parser.add_argument('--steps', type=int, default=None, help='steps to fly (default: one episode of the task)')
    args = parser.parse_args()

    policy = load_policy(args.policy)
    print(f'{policy} trained for {policy.metrics.get("environment_steps", "?")} steps')
    with policy.make_env(num_envs=args.num_envs, workers=args.workers, seed=args.seed) as env:
        obs, _ = env.reset(seed=args.seed)
        steps = args.steps or env.max_episode_steps
        ended = np.zeros(env.num_envs, dtype=bool)
        successes, errors = [], []
        start = time.perf_counter()
        for _ in range(steps):
            obs, rewards, terminations, truncations, infos = env.step(policy(obs))
            first = (terminations | truncations) & ~ended  # each drone's first episode only
            if first.any():
                successes.extend(infos['final_info']['success'][first].tolist())
                errors.extend(infos['final_info']['final_error'][first].tolist())
                ended |= first
        elapsed = time.perf_counter() - start
    print(f'{len(successes)} episodes ended in {steps} steps: success rate {100 * np.mean(successes) if successes else 0:.1f} %, '
          f'mean final error {np.mean(errors) if errors else float("nan"):.4f} m')
    print(f'{env.num_envs * steps / elapsed:.3e} drone-steps/s with the policy in the loop')


if __name__ == '__main__':
    main()
