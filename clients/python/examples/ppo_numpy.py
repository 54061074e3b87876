#!/usr/bin/env python3
"""A CleanRL-style PPO sketch in plain numpy on SkylineVectorEnv (hover through the velocity rung).

The policy is a diagonal Gaussian whose mean is linear in the observation (the hover task's
best velocity command is about proportional to the position error), the value function is
linear in the observation and its squares, and the gradients are written out by hand, so the loop reads top to bottom: collect
a rollout from every drone at once, GAE with same-step autoreset (a truncated episode
bootstraps from infos['final_obs'], a terminated one from 0), clipped-ratio updates with Adam.
For a real network, plug the env into CleanRL's or SB3's PPO (it is a Gymnasium vector env),
or train in Node with `npx skyline train` and fly the file from Python (fly_trained_policy.py).

    python3 clients/python/examples/ppo_numpy.py                         # 256 drones, 30 iterations
    python3 clients/python/examples/ppo_numpy.py --iterations 3 --num-envs 64
"""
import argparse
import os
import sys
import time

import numpy as np

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), '..'))
from skylinesim import SkylineVectorEnv  # noqa: E402


class Adam:
    def __init__(self, params, lr):
        self.params, self.lr, self.t = params, lr, 0
        self.m = [np.zeros_like(p) for p in params]
        self.v = [np.zeros_like(p) for p in params]

    def step(self, grads):
        self.t += 1
        for p, g, m, v in zip(self.params, grads, self.m, self.v):
            m *= 0.9; m += 0.1 * g
            v *= 0.999; v += 0.001 * g * g
            p -= self.lr * (m / (1 - 0.9 ** self.t)) / (np.sqrt(v / (1 - 0.999 ** self.t)) + 1e-8)


def main() -> None:
    parser = argparse.ArgumentParser(description='PPO in numpy on a batch of Skyline drones (hover, velocity rung).')
    parser.add_argument('--num-envs', type=int, default=256)
    parser.add_argument('--steps', type=int, default=64, help='rollout length per iteration')
    parser.add_argument('--iterations', type=int, default=30)
    parser.add_argument('--workers', type=int, default=2)
    parser.add_argument('--seed', type=int, default=1)
    parser.add_argument("--lr", type=float, default=0.03)
    args = parser.parse_args()
    gamma, lam, clip, epochs, minibatches = 0.99, 0.95, 0.2, 4, 4
    rng = np.random.default_rng(args.seed)

    env = SkylineVectorEnv(task='hover', num_envs=args.num_envs, rung='velocity', seed=args.seed, workers=args.workers, max_episode_steps=300)
    n, obs_size, act_size = env.num_envs, env.single_observation_space.shape[0], env.single_action_space.shape[0]
    low, high = env.single_action_space.low, env.single_action_space.high
    W = np.zeros((obs_size, act_size)); b = np.zeros(act_size); log_std = np.full(act_size, -0.5)   # policy
    V = np.zeros(2 * obs_size); c = np.zeros(1)                          # value: linear in (obs, obs²), a bowl around the setpoint
    features = lambda o: np.concatenate([o, o * o], axis=-1)  # noqa: E731
    pi_opt, v_opt = Adam([W, b, log_std], args.lr), Adam([V, c], 5 * args.lr)

    obs, _ = env.reset(seed=args.seed)
    T = args.steps
    buf_obs = np.zeros((T, n, obs_size)); buf_act = np.zeros((T, n, act_size)); buf_logp = np.zeros((T, n))
    buf_rew = np.zeros((T, n)); buf_val = np.zeros((T, n)); buf_done = np.zeros((T, n)); buf_boot = np.zeros((T, n))
    start = time.perf_counter()
    for iteration in range(args.iterations):
        ended_returns = []
        running = np.zeros(n)
        for t in range(T):
            o = obs.astype(np.float64)
            mean, std = o @ W + b, np.exp(log_std)
            action = mean + std * rng.standard_normal((n, act_size))
            buf_obs[t], buf_act[t], buf_val[t] = o, action, features(o) @ V + c
            buf_logp[t] = (-0.5 * ((action - mean) / std) ** 2 - log_std - 0.5 * np.log(2 * np.pi)).sum(1)
            obs, reward, terminated, truncated, infos = env.step(np.clip(action, low, high).astype(np.float32))
            buf_rew[t], buf_done[t] = reward, terminated | truncated
            # Same-step autoreset: `obs` already starts the next episode; a time limit bootstraps from the final one.
            buf_boot[t] = 0
            if truncated.any():
                buf_boot[t, truncated] = features(infos['final_obs'][truncated].astype(np.float64)) @ V + c
            running += reward
            if buf_done[t].any():
                ended_returns.extend(running[buf_done[t] > 0].tolist())
                running[buf_done[t] > 0] = 0
        if iteration == 0:  # start the value near the discounted return of the first rollout's rewards, not at 0
            c[:] = buf_rew.mean() / (1 - gamma)
            buf_val += c; buf_boot[buf_boot != 0] += c
        # GAE over the rollout.
        next_value = features(obs.astype(np.float64)) @ V + c
        advantages = np.zeros((T, n)); last = np.zeros(n)
        for t in reversed(range(T)):
            following = next_value if t == T - 1 else buf_val[t + 1]
            target_next = np.where(buf_done[t] > 0, buf_boot[t], following)
            delta = buf_rew[t] + gamma * target_next - buf_val[t]
            last = delta + gamma * lam * (1 - buf_done[t]) * last
            advantages[t] = last
        returns = advantages + buf_val
        # Clipped-ratio updates on minibatches, gradients by hand.
        flat = lambda x: x.reshape(T * n, *x.shape[2:])  # noqa: E731
        O, A, LP, ADV, RET = flat(buf_obs), flat(buf_act), flat(buf_logp), flat(advantages), flat(returns)
        for _ in range(epochs):
            order = rng.permutation(T * n)
            for chunk in np.array_split(order, minibatches):
                o, a, adv = O[chunk], A[chunk], ADV[chunk]
                adv = (adv - adv.mean()) / (adv.std() + 1e-8)
                mean, std = o @ W + b, np.exp(log_std)
                z = (a - mean) / std
                ratio = np.exp((-0.5 * z ** 2 - log_std - 0.5 * np.log(2 * np.pi)).sum(1) - LP[chunk])
                active = np.where(adv > 0, ratio < 1 + clip, ratio > 1 - clip)        # where the unclipped term is the minimum
                dlogp = -(active * ratio * adv) / len(chunk)                          # d(loss)/d(log-prob) per sample
                dmean = dlogp[:, None] * z / std                                       # d(log-prob)/d(mean) = z / std
                dlog_std = (dlogp[:, None] * (z ** 2 - 1)).sum(0)
                pi_opt.step([o.T @ dmean, dmean.sum(0), dlog_std])
                f = features(o)
                error = (f @ V + c) - RET[chunk]
                v_opt.step([f.T @ error / len(chunk), np.array([error.mean()])])
        elapsed = time.perf_counter() - start
        gain = np.diag(W[:3, :3]).mean()  # velocity command per metre of position error: what hover needs to grow
        print(f'iteration {iteration + 1:3d}  mean reward/step {buf_rew.mean():+.3f}  episodes ended {len(ended_returns):5d}  '
              f'position gain {gain:+.3f}  std {np.exp(log_std).mean():.2f}  {n * T * (iteration + 1) / elapsed:.2e} drone-steps/s (with the update)')
    env.close()


if __name__ == '__main__':
    main()
