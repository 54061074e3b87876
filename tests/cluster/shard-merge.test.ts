import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parsePolicyFile, runRollout, type RolloutOptions } from '../../sim/index.ts';
import {
  SHARD_JOB_FORMAT, SHARD_PROTOCOL, decodeShardResult, mergeShardResults, parseShardJob, parseShardSpec, planShards,
  rolloutScaleOut, rolloutSpecOf, runShard, skylineVersion, type ShardJob,
} from '../../cluster/index.node.ts';
import { skylineBin } from './worker-processes.ts';

// Random motor commands with domain randomisation: drones crash, reset and fly several episodes,
// so outcomes differ drone by drone and a misplaced world would show.
const rollout: RolloutOptions = {
  task: 'hover', worlds: 43, dronesPerWorld: 2, steps: 160, seed: 11, policy: 'random', rung: 'motors',
  randomization: { mass: 0.1, thrust: 0.1 },
};

function shardJob(index: number, count: number): ShardJob {
  return { format: SHARD_JOB_FORMAT, protocol: SHARD_PROTOCOL, skyline: skylineVersion(), runId: 'test-run', shard: { index, count }, rollout: rolloutSpecOf(rollout) };
}

async function shardResults(count: number) {
  const results = [];
  for (let i = 0; i < count; i++) results.push(decodeShardResult(await runShard(shardJob(i, count), { worker: 'test:1' }), `shard ${i}`));
  return results;
}

const whole = runRollout(rollout);

describe('rollout shards cut by world index', () => {
  it.each([1, 3, 7])('merge %i shards to the summary and state hash of the run in one piece', async (count) => {
    const merged = mergeShardResults(await shardResults(count));
    const single = await whole;
    expect(single.episodes).toBeGreaterThan(single.drones); // several episodes per drone: a real test of the order of sums
    expect(merged.state_hash).toBe(single.state_hash);
    expect(merged.episodes).toBe(single.episodes);
    expect(merged.crashes).toBe(single.crashes);
    expect(merged.success_rate).toBe(single.success_rate);
    expect(merged.mean_final_error).toBe(single.mean_final_error);
    expect(merged.drones).toBe(86);
    expect(merged.shards).toBe(count);
  });

  it('merges a trained network flown from a wide spawn to the run in one piece (policy file and spawn travel with the shards)', async () => {
    const fixture = new URL('../fixtures/hover-motors.policy.json', import.meta.url);
    const network = parsePolicyFile(await readFile(fixture, 'utf8'));
    const flown: RolloutOptions = { task: 'hover', worlds: 30, steps: 200, seed: 4, policy: 'hover-motors.policy.json', rung: 'motors', spawn: 'wide', network };
    const results = [];
    for (let i = 0; i < 3; i++) {
      const job: ShardJob = { ...shardJob(i, 3), rollout: rolloutSpecOf(flown) };
      results.push(decodeShardResult(await runShard(parseShardJob(job, skylineVersion()), { worker: 'test:1' }), `shard ${i}`));
    }
    const merged = mergeShardResults(results), single = await runRollout(flown);
    expect(merged.state_hash).toBe(single.state_hash);
    expect([merged.episodes, merged.success_rate, merged.mean_final_error]).toEqual([single.episodes, single.success_rate, single.mean_final_error]);
    expect(merged.state_hash).not.toBe((await runRollout({ ...flown, spawn: 'gentle' })).state_hash);
  });

  it('cuts contiguous ranges that cover every world once, sizes within one', () => {
    const plan = planShards(43, 7);
    expect(plan.map((s) => s.worlds)).toEqual([6, 6, 6, 6, 6, 6, 7]);
    expect(plan.map((s) => s.worldStart)).toEqual([0, 6, 12, 18, 24, 30, 36]);
    expect(() => planShards(4, 5)).toThrow('5 shards of 4 worlds; accepted: 1 to 4 shards');
    expect(parseShardSpec('2/7')).toEqual({ index: 2, count: 7 });
    expect(() => parseShardSpec('7/7')).toThrow('--shard "7/7"; accepted: i/n with 0 ≤ i < n');
  });

  it('counts a shard that came back twice once, and refuses a missing or conflicting shard', async () => {
    const results = await shardResults(3);
    const twice = mergeShardResults([results[2], ...results, results[0]]);
    expect(twice.duplicates_ignored).toBe(2);
    expect(twice.state_hash).toBe((await whole).state_hash);
    expect(twice.episodes).toBe((await whole).episodes);
    expect(() => mergeShardResults([results[0], results[2]])).toThrow('misses 1 of 3 shards (1)');
    const forged = { ...results[1], hash: { ...results[1].hash, a: (results[1].hash.a + 1) >>> 0 } };
    expect(() => mergeShardResults([...results, forged])).toThrow('shard 1/3 came back twice with different state hashes');
    const otherCity = { ...results[1], worldDigest: '0123456789abcdef' };
    expect(() => mergeShardResults([results[0], otherCity, results[2]])).toThrow('shard 1/3 of run test-run ran other rollout options or another city than shard 0');
  });

  it('rejects malformed jobs and jobs of another version with a reason', () => {
    expect(() => parseShardJob({ format: SHARD_JOB_FORMAT }, skylineVersion())).toThrow(/malformed shard job: protocol: .*accepted: a job made by `skyline rollout --queue`/);
    expect(() => parseShardJob({ ...shardJob(0, 3), rollout: { ...shardJob(0, 3).rollout, steps: 'many' } }, skylineVersion())).toThrow('rollout.steps');
    expect(() => parseShardJob({ ...shardJob(0, 3), skyline: '0.0.1-old' }, skylineVersion())).toThrow(`shard job made by skyline 0.0.1-old; this worker runs skyline ${skylineVersion()}`);
    expect(() => parseShardJob({ ...shardJob(0, 3), protocol: 99 }, skylineVersion())).toThrow('shard job of protocol 99');
    expect(() => parseShardJob({ ...shardJob(0, 3), rollout: { ...shardJob(0, 3).rollout, policy: 'juggle' } }, skylineVersion())).toThrow('policy "juggle" is unknown');
    expect(() => decodeShardResult({ format: 'x' }, 'part-9.json')).toThrow('part-9.json: not a shard result');
  });

  it('refuses options that do not fit together, naming what is accepted', async () => {
    const ask = (request: Partial<Parameters<typeof rolloutScaleOut.run>[0]>) => rolloutScaleOut.run({ rollout, progress: false, ...request });
    await expect(ask({ shards: 4 })).rejects.toThrow('--shards cuts a rollout for a queue; accepted: --queue redis://host:port with it');
    await expect(ask({ shard: '1/4' })).rejects.toThrow('--shard i/n and --out <file> go together');
    await expect(ask({ shard: '1/4', out: 'x.json', queue: 'redis://127.0.0.1:1' })).rejects.toThrow('accepted: one pair or the other');
    await expect(ask({ queue: 'http://127.0.0.1:6379' })).rejects.toThrow('--queue "http://127.0.0.1:6379" is not a Redis address; accepted: redis://host:port[/db]');
    await expect(ask({ queue: 'redis://127.0.0.1:6379', shards: 44 })).rejects.toThrow('44 shards of 43 worlds; accepted: 1 to 43 shards');
    await expect(ask({ rollout: { ...rollout, backend: 'webgpu' }, queue: 'redis://127.0.0.1:6379' })).rejects.toThrow('backend "webgpu" with shards; accepted: cpu');
    expect(() => rolloutSpecOf({ ...rollout, worldIndexOffset: 5, autoreset: false })).toThrow('rollout options worldIndexOffset, autoreset cannot be sharded yet');
  });
});

describe('skyline rollout --shard i/n --out and skyline merge (the real commands)', () => {
  let dir = '';
  afterAll(async () => { if (dir) await rm(dir, { recursive: true, force: true }); });

  const run = (args: string[]) => new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
    execFile(process.execPath, [skylineBin, ...args], { timeout: 120_000 }, (error, stdout, stderr) => {
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stdout, stderr });
    });
  });

  it('writes three parts that merge to the hash of the run in one piece', async () => {
    dir = await mkdtemp(join(tmpdir(), 'skyline-shards-'));
    const args = ['rollout', '--worlds', '43', '--drones-per-world', '2', '--steps', '160', '--seed', '11', '--policy', 'random', '--action', 'motors', '--no-progress'];
    // --randomize sets five parameters; the in-process run above randomises two, so compare with the command itself.
    const parts = await Promise.all([0, 1, 2].map((i) => run([...args, '--shard', `${i}/3`, '--out', join(dir, `part-${i}.json`)])));
    for (const part of parts) expect(part.code).toBe(0);
    expect(parts[1].stderr).toContain(`shard 1/3: worlds 14..27 written to ${join(dir, 'part-1.json')}`);
    const [merged, single, incomplete] = await Promise.all([
      run(['merge', '--json', ...[2, 0, 1].map((i) => join(dir, `part-${i}.json`))]),
      run([...args, '--json']),
      run(['merge', join(dir, 'part-0.json'), join(dir, 'part-2.json')]),
    ]);
    expect(merged.code).toBe(0);
    const a = JSON.parse(merged.stdout), b = JSON.parse(single.stdout);
    expect(a.state_hash).toBe(b.state_hash);
    expect([a.episodes, a.crashes, a.mean_final_error]).toEqual([b.episodes, b.crashes, b.mean_final_error]);
    expect(a.shards).toBe(3);
    expect(incomplete.code).toBe(2);
    expect(incomplete.stderr).toMatch(/skyline: error: run f[0-9a-f]+ misses 1 of 3 shards \(1\)/);
  });

  it('says which Redis it cannot reach and why, with exit code 2', async () => {
    const result = await run(['rollout', '--worlds', '8', '--queue', 'redis://127.0.0.1:1', '--no-progress']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('skyline: error: cannot reach Redis at redis://127.0.0.1:1 (connect ECONNREFUSED 127.0.0.1:1); start one');
  });
});
