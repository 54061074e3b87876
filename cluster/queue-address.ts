/** Names and addresses of the rollout queue: plain code, so commands can check them before loading BullMQ. */

/** The one queue every rollout shard and merge job goes through. */
export const ROLLOUT_QUEUE_NAME = 'skyline-rollout';

export function shardJobId(runId: string, index: number): string {
  return `${runId}-shard-${index}`;
}

export function mergeJobId(runId: string): string {
  return `${runId}-merge`;
}

/** `--queue`'s address with any password hidden, for messages and logs. */
export function redactRedisUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString().replace(/\/$/, '');
  } catch {
    return '(unparsable address)';
  }
}

export function checkRedisUrl(url: string): void {
  let parsed: URL | null = null;
  try { parsed = new URL(url); } catch { /* reported below */ }
  if (!parsed || !['redis:', 'rediss:'].includes(parsed.protocol) || !parsed.hostname) {
    throw new RangeError(`--queue "${redactRedisUrl(url)}" is not a Redis address; accepted: redis://host:port[/db] or rediss://user:password@host:port (TLS)`);
  }
}
