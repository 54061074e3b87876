/** Real `skyline worker` processes for the scale-out tests, with their log lines kept for assertions. */
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export const skylineBin = fileURLToPath(new URL('../../bin/skyline.mjs', import.meta.url));

export interface WorkerProcess {
  child: ChildProcess;
  lines: string[];
  /** Resolves with the first log line matching `pattern` (already seen or to come); rejects after `timeoutMs`. */
  waitForLine(pattern: RegExp, timeoutMs?: number): Promise<string>;
  stop(): Promise<void>;
}

export function startWorkerProcess(url: string, extra: string[] = []): WorkerProcess {
  // Short locks so that a killed worker's shard is handed out again within seconds.
  const child = spawn(process.execPath, [skylineBin, 'worker', '--queue', url, '--lock-duration', '2000', '--stalled-interval', '1000', ...extra], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  const lines: string[] = [];
  const waiters: { pattern: RegExp; resolve: (line: string) => void }[] = [];
  let partial = '';
  child.stderr!.on('data', (chunk: Buffer) => {
    partial += chunk.toString();
    const complete = partial.split('\n');
    partial = complete.pop()!;
    for (const line of complete) {
      lines.push(line);
      for (const waiter of waiters.filter((w) => w.pattern.test(line))) {
        waiters.splice(waiters.indexOf(waiter), 1);
        waiter.resolve(line);
      }
    }
  });
  return {
    child,
    lines,
    waitForLine(pattern, timeoutMs = 90_000) {
      const seen = lines.find((line) => pattern.test(line));
      if (seen) return Promise.resolve(seen);
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no log line ${pattern} within ${timeoutMs} ms; got:\n${lines.join('\n')}`)), timeoutMs);
        waiters.push({ pattern, resolve: (line) => { clearTimeout(timer); resolve(line); } });
      });
    },
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGKILL');
      await exited;
    },
  };
}
