/**
 * cluster/ — scale-out: a rollout cut into shards by world index, run anywhere, merged to the
 * same summary and state hash as the run in one piece. This face is plain TypeScript; the queue
 * (BullMQ on Redis), the worker and the commands are Node-only, behind `index.node.ts`.
 */
export { shardRange, planShards, parseShardSpec, defaultShardCount, type ShardRange } from './shard-plan.ts';
export {
  SHARD_JOB_FORMAT, MERGE_JOB_FORMAT, SHARD_PROTOCOL, rolloutSpecSchema, shardJobSchema, mergeJobSchema, ShardJobRejected,
  rolloutSpecOf, parseShardJob, parseMergeJob, type RolloutSpec, type ShardJob, type MergeJob,
} from './shard-job.ts';
export {
  SHARD_RESULT_FORMAT, shardResultSchema, encodeDroneOutcomes, decodeShardResult, type ShardResult, type DecodedShardResult,
} from './shard-result.ts';
export { runShard, type RunShardOptions } from './shard-runner.ts';
export { mergeShardResults, type MergedRolloutSummary } from './shard-merge.ts';
